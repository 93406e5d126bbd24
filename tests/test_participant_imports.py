"""A participants file naming teams the campaign lacks, and a long one read by the worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaigns import imports
from campaigns.models import ParticipantChange, ParticipantImport
from campaigns.participants import parse_participants
from organisations.models import Team
from tests.test_invitation_mail import run_worker


def upload(hr_client, campaign, text, name="people.csv"):
    return hr_client.post(
        f"/campaigns/{campaign.pk}/participants/upload/",
        {"file": SimpleUploadedFile(name, text.encode(), content_type="text/csv")},
    )


NEW_TEAMS = """email,name,team,role
ann@acme.example,Ann,North,member
bob@acme.example,Bob,Acme > Sales > West,member
cy@acme.example,Cy,Sales > West,member
dee@acme.example,Dee,Marketing > Events,member
eve@acme.example,Eve,Outside,member
"""


@pytest.fixture
def outside(acme):
    """A team of the organisation that the campaign does not take in."""
    return Team.objects.create(organisation=acme, name="Outside")


def test_teams_a_file_names_are_listed_then_created_on_confirmation(
    hr_client, draft, teams, outside
):
    response = upload(hr_client, draft, NEW_TEAMS)
    found = ParticipantImport.objects.get()
    assert response.url == f"/campaigns/{draft.pk}/participants/imports/{found.pk}/"
    assert found.state == "new_teams"
    page = hr_client.get(response.url)
    assert page.context["teams"] == [
        ("Acme > Sales > West", False),
        ("Marketing > Events", False),
        ("Outside", True),  # the organisation has it: only taken into the campaign
        ("Sales > West", False),  # the same team as the first, written shorter
    ]
    assert not draft.invitations.exists()  # nothing until HR confirms

    response = hr_client.post(f"/campaigns/{draft.pk}/participants/imports/{found.pk}/")
    assert response.url == f"/campaigns/{draft.pk}/participants/"
    west = Team.objects.get(name="West")
    assert west.parent == teams["sales"]  # "Sales > West" is the same team: Sales is unique
    events = Team.objects.get(name="Events")
    assert events.parent.name == "Marketing" and events.parent.parent is None
    assert {west, events, events.parent, outside} <= set(draft.teams.all())
    assert dict(draft.invitations.values_list("email", "team__name")) == {
        "ann@acme.example": "North",
        "bob@acme.example": "West",
        "cy@acme.example": "West",
        "dee@acme.example": "Events",
        "eve@acme.example": "Outside",
    }
    kinds = ParticipantChange.objects.values_list("kind", "people", "detail")
    assert set(kinds) == {("teams", 0, "West, Marketing, Events"), ("imported", 5, "people.csv")}
    found.refresh_from_db()
    assert (found.state, found.rows) == ("done", [])  # nobody's address kept past the import


def test_an_open_campaign_takes_no_new_team(hr_client, campaign):
    response = upload(hr_client, campaign, NEW_TEAMS)
    assert response.status_code == 200
    assert "No team “Acme &gt; Sales &gt; West” in this campaign" in response.text
    assert not Team.objects.filter(name="West").exists()
    assert ParticipantImport.objects.get().state == "failed"


def test_a_new_team_and_another_problem_import_nothing(hr_client, draft):
    text = "email,name,team,role\nnot-an-address,Ann,West,member\n"
    response = upload(hr_client, draft, text)
    assert [e.message for e in response.context["line_errors"]] == [
        "“not-an-address” is not an e-mail address.",
        "No team “West” in this campaign (write the full path if names repeat).",
    ]
    assert not Team.objects.filter(name="West").exists()


@pytest.mark.django_db(transaction=True)  # the worker runs
def test_a_long_file_is_read_by_the_worker_with_its_progress(
    hr_client, campaign, monkeypatch, django_assert_max_num_queries
):
    monkeypatch.setattr(imports, "INLINE_LINES", 3)
    lines = [f"p{number}@acme.example,P{number},North,member" for number in range(5)]
    response = upload(hr_client, campaign, "\n".join(["email,name,team,role", *lines]))
    found = ParticipantImport.objects.get()
    assert response.url == f"/campaigns/{campaign.pk}/participants/imports/{found.pk}/"
    page = hr_client.get(response.url).text
    assert '<meta http-equiv="refresh" content="2">' in page
    assert "0 of 5 lines read" in page
    assert not campaign.invitations.exists()
    run_worker()
    found.refresh_from_db()
    assert (found.state, found.lines_read, found.imported) == ("done", 5, 5)
    page = hr_client.get(response.url).text
    assert "5 participants imported." in page and "refresh" not in page
    # The campaign is open: they are mailed, as anyone added to it is.
    assert set(campaign.invitations.values_list("mail_state", flat=True)) == {"sent"}


def test_the_parser_says_how_far_it_has_read(campaign):
    told = []
    rows = [["email", "name", "team", "role"]]
    rows += [[f"p{n}@acme.example", "", "North", "member"] for n in range(2500)]
    names = dict(campaign.organisation.teams.values_list("pk", "name"))
    teams = campaign.teams.all()
    parse_participants(rows, teams, names, set(), set(), lambda email: True, told.append)
    assert told == [999, 1999]
