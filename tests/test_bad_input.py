"""Hostile or careless input gets a clear form error (or a 404 for an address), never a
server error, and changes nothing. Each case here once ended in a server error, on SQLite or
on PostgreSQL, or let in what later did."""

import datetime
import json

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve
from django.utils import timezone

from accounts.models import User
from assessments.models import ComponentNote, SelfAssessment
from campaigns.models import Campaign, CampaignState, Invitation, ParticipantImport
from frameworks.files import export_framework
from frameworks.models import Framework
from organisations.forms import MAX_TEAM_DEPTH
from organisations.models import Team
from tests.builders import EVERY_COMPONENT, invite, rate_all

LONG_NAME = "N" * 201
# 64 + 1 + 4 * 61 + 3 = 312 characters: a valid address, longer than the 254 stored.
LONG_EMAIL = "a" * 64 + "@" + "b" * 60 + "." + "c" * 60 + "." + "d" * 60 + "." + "e" * 60 + ".com"


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def upload(client, campaign, content: bytes, name="people.csv"):
    return client.post(
        f"/campaigns/{campaign.pk}/participants/upload/",
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


# 1. Opening a draft whose closing date has passed.


def test_a_draft_past_its_closing_date_is_not_opened(hr_client, draft):
    draft.opens_on = timezone.localdate() - datetime.timedelta(days=9)
    draft.closes_on = timezone.localdate() - datetime.timedelta(days=2)
    draft.save()
    for method in (hr_client.get, hr_client.post):
        response = method(f"/campaigns/{draft.pk}/open/")
        assert response.status_code == 302
        assert response.url == f"/campaigns/{draft.pk}/"
        assert said(response) == [
            "Its closing date has passed: move it in Settings before opening the campaign."
        ]
        hr_client.get(response.url)  # where the message is read
    draft.refresh_from_db()
    assert (draft.state, draft.tree_frozen_at) == (CampaignState.DRAFT, None)


# 2 to 4. Participants files.


def test_a_file_with_old_mac_line_endings_is_read(hr_client, draft):
    text = "email,name,team,role\rann@acme.example,Ann,North,member\rbob@acme.example,Bob,South,"
    text += "member\r"
    response = upload(hr_client, draft, text.encode())
    assert response.status_code == 302
    assert sorted(draft.invitations.values_list("email", "team__name")) == [
        ("ann@acme.example", "North"),
        ("bob@acme.example", "South"),
    ]


def test_a_field_longer_than_csv_reads_is_refused(hr_client, draft):
    text = f"email,name,team,role\nann@acme.example,{'x' * 140_000},North,member\n"
    response = upload(hr_client, draft, text.encode())
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"] == [
        "Line 2 has a cell longer than 131,072 characters: is this a participants file?"
    ]
    assert (Invitation.objects.count(), ParticipantImport.objects.count()) == (0, 0)


def test_a_quote_left_open_is_refused(hr_client, draft):
    text = 'email,name,team,role\nann@acme.example,"Ann,North,member\n'
    response = upload(hr_client, draft, (text + "x" * 140_000).encode())
    assert response.status_code == 200
    assert response.context["file_form"].errors["file"] == [
        "Line 2 has a cell longer than 131,072 characters: is this a participants file?"
    ]


def test_a_name_or_address_too_long_to_keep_is_a_line_error(hr_client, draft):
    text = (
        "email,name,team,role\n"
        f"ann@acme.example,{LONG_NAME},North,member\n"
        f"{LONG_EMAIL},Bob,North,member\n"
        f"cy@acme.example,Cy,North > {'T' * 201},member\n"
    )
    response = upload(hr_client, draft, text.encode())
    assert response.status_code == 200
    assert [(e.line, e.message) for e in response.context["line_errors"]] == [
        (2, "The name is longer than 200 characters."),
        (3, f"“{LONG_EMAIL}” is longer than 254 characters."),
        (4, "A team's name is longer than 200 characters."),
    ]
    assert Invitation.objects.count() == 0
    assert ParticipantImport.objects.get().state == "failed"


def test_a_name_or_address_too_long_is_refused_one_at_a_time(hr_client, draft, teams):
    url = f"/campaigns/{draft.pk}/participants/add/"
    base = {"email": "ann@acme.example", "name": "Ann", "team": teams["north"].pk}
    response = hr_client.post(url, base | {"email": LONG_EMAIL, "rater_role": "team"})
    assert response.context["form"].errors == {
        "email": ["Ensure this value has at most 254 characters (it has 312)."]
    }
    response = hr_client.post(url, base | {"name": LONG_NAME, "rater_role": "team"})
    assert response.context["form"].errors == {
        "name": ["Ensure this value has at most 200 characters (it has 201)."]
    }
    invitation, _token = invite(draft, teams["north"], "bob@acme.example")
    response = hr_client.post(
        f"/campaigns/{draft.pk}/participants/{invitation.pk}/edit/",
        base | {"email": LONG_EMAIL, "rater_role": "team"},
    )
    assert list(response.context["form"].errors) == ["email"]
    assert list(draft.invitations.values_list("email", flat=True)) == ["bob@acme.example"]


# 5. NUL and lone surrogates, wherever text comes in.


def test_a_survey_comment_with_a_nul_is_not_kept(client, campaign, teams):
    invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    client.get(f"/s/{token}/")
    response = client.post("/survey/personalisation/", {"note": "fi\0ne", "autosave": "1"})
    assert response.json() == {"saved": True}  # the step's answers, if any: not the comment
    response = client.post("/survey/personalisation/", {"note": "fi\0ne"})
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Null characters are not allowed."]
    campaign.target_each_statement = False  # the short survey, on one page
    campaign.save()
    component = campaign.framework.components.first()
    response = client.post("/survey/", {f"c{component.pk}-note": "fi\0ne"})
    assert response.status_code == 200
    assert invitation.draft(token).note_map() == {}


def test_an_assessment_note_with_a_nul_is_not_kept(leader_client, leader, six_pillars):
    assessment = SelfAssessment.objects.create(leader=leader, framework=six_pillars)
    response = leader_client.post(
        f"/assessments/{assessment.pk}/step/personalisation/", {"note": "fi\0ne", "autosave": "1"}
    )
    assert response.status_code == 200
    response = leader_client.post(
        f"/assessments/{assessment.pk}/step/personalisation/", {"note": "fi\0ne"}
    )
    assert response.context["form"].errors["note"] == ["Null characters are not allowed."]
    assert ComponentNote.objects.count() == 0


def test_a_reflection_with_a_nul_is_not_kept(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    url = f"/assessments/{assessment.pk}/report/reflections/personalisation/"
    response = leader_client.post(url, {"personalisation-strengths": "a\0b", "autosave": "1"})
    assert response.status_code == 200
    assert assessment.reflection_texts() == ({}, {})


def test_a_search_with_a_nul_searches_without_it(hr_client, draft, teams):
    invite(draft, teams["north"], "ann@acme.example")
    response = hr_client.get(f"/campaigns/{draft.pk}/participants/", {"q": "an\0n"})
    assert response.status_code == 200
    assert response.context["search"] == "ann"
    assert [i.email for i in response.context["invitations"]] == ["ann@acme.example"]


def test_a_log_in_with_an_address_too_long_is_a_form_error(client):
    response = client.post("/accounts/login/", {"username": "a" * 300, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"] == [
        "Ensure this value has at most 254 characters (it has 300)."
    ]


# 6. The next wave of a long name, or of a campaign that closes at the end of the calendar.


def test_the_next_wave_of_a_long_name_fits_its_column(hr_client, campaign):
    campaign.name = "P" * 198
    campaign.save()
    response = hr_client.post(f"/campaigns/{campaign.pk}/next-wave/")
    wave = Campaign.objects.get(previous_wave=campaign)
    assert response.url == f"/campaigns/{wave.pk}/edit/"
    assert wave.name == "P" * 190 + "… · wave 2"
    assert len(wave.name) == 200


def test_no_next_wave_after_the_end_of_the_calendar(hr_client, campaign):
    campaign.closes_on = datetime.date(9999, 12, 31)
    campaign.save()
    response = hr_client.post(f"/campaigns/{campaign.pk}/next-wave/")
    assert response.url == f"/campaigns/{campaign.pk}/"
    assert said(response) == [
        "The next wave would close after 31 December 2099: change this campaign's dates first."
    ]
    assert Campaign.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("opens_on", "0001-01-01"),
        ("closes_on", "9999-12-31"),
    ],
)
def test_campaign_dates_stay_within_the_calendar_it_counts_in(
    hr_client, acme, six_pillars, teams, field, value
):
    data = {
        "name": "Autumn pulse",
        "framework": six_pillars.pk,
        "teams": [teams["north"].pk],
        "opens_on": "2026-12-01",
        "closes_on": "2026-12-20",
        "language": "en",
        "minimum_group_size": "5",
        "comment_minimum": "10",
        field: value,
    }
    response = hr_client.post(f"/organisations/{acme.pk}/campaigns/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [
        "Choose a day between 1 January 2000 and 31 December 2099."
    ]
    assert Campaign.objects.count() == 0


# 7. A reminder for a team that is no number.


@pytest.mark.parametrize("team", ["abc", "9223372036854775808", "-1"])
def test_a_reminder_for_no_team_of_the_campaign_is_refused(hr_client, campaign, teams, team):
    invite(campaign, teams["north"], "ann@acme.example")
    response = hr_client.post(f"/campaigns/{campaign.pk}/remind/", {"team": team})
    assert response.url == f"/campaigns/{campaign.pk}/"
    assert said(response) == ["Choose a team of this campaign to remind."]
    assert campaign.invitations.get().reminded_at is None


# 7 and 10. Several choices, one of them an id no database keeps.


def test_a_choice_of_teams_or_leaders_with_an_id_too_large_is_a_form_error(
    hr_client, acme, draft, teams
):
    too_large = str(2**63)
    response = hr_client.post(
        f"/organisations/{acme.pk}/teams/new/", {"name": "Ops", "leaders": [too_large]}
    )
    assert response.context["form"].errors["leaders"] == [f"“{too_large}” is not a valid value."]
    response = hr_client.post(
        f"/campaigns/{draft.pk}/edit/", {"name": "Spring", "teams": [teams["north"].pk, too_large]}
    )
    assert response.context["form"].errors["teams"] == [f"“{too_large}” is not a valid value."]
    assert (Team.objects.filter(name="Ops").count(), draft.teams.count()) == (0, 5)


# 8. Teams nested without end.


def chain(acme, depth: int) -> Team:
    """A team ``depth`` levels down from the top."""
    team = None
    for level in range(1, depth + 1):
        team = Team.objects.create(organisation=acme, name=f"Level {level}", parent=team)
    return team


def test_a_team_goes_no_deeper_than_the_hierarchy_allows(hr_client, acme):
    deepest = chain(acme, MAX_TEAM_DEPTH)
    response = hr_client.post(
        f"/organisations/{acme.pk}/teams/new/", {"name": "Too deep", "parent": deepest.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        f"Teams go at most {MAX_TEAM_DEPTH} levels deep: choose a team higher up."
    ]
    assert not Team.objects.filter(name="Too deep").exists()


def test_a_team_with_teams_below_it_moves_only_where_they_fit(hr_client, acme):
    deepest = chain(acme, MAX_TEAM_DEPTH - 1)
    top = Team.objects.create(organisation=acme, name="Top")
    Team.objects.create(organisation=acme, name="Below", parent=top)
    response = hr_client.post(
        f"/organisations/{acme.pk}/teams/{top.pk}/edit/", {"name": "Top", "parent": deepest.pk}
    )
    assert response.context["form"].errors["parent"] == [
        f"Teams go at most {MAX_TEAM_DEPTH} levels deep: choose a team higher up."
    ]
    assert Team.objects.get(pk=top.pk).parent is None


def test_a_file_creates_no_team_deeper_than_the_hierarchy_allows(hr_client, draft):
    path = " > ".join(f"Level {level}" for level in range(1, MAX_TEAM_DEPTH + 2))
    text = f"email,name,team,role\nann@acme.example,Ann,{path},member\n"
    response = upload(hr_client, draft, text.encode())
    assert response.status_code == 200
    assert [(e.line, e.message) for e in response.context["line_errors"]] == [
        (2, f"Teams go at most {MAX_TEAM_DEPTH} levels deep: “{path}” has {MAX_TEAM_DEPTH + 1}.")
    ]
    assert not Team.objects.filter(name="Level 1").exists()


# 9. Framework files that are JSON, but no framework.


@pytest.fixture
def staff_client(client, six_pillars):
    staff = User.objects.create_user("staff@cxlab.example", "a-long-passphrase", is_staff=True)
    client.force_login(staff)
    return client


def import_file(client, content: bytes):
    response = client.post("/frameworks/import/", {"file": SimpleUploadedFile("f.json", content)})
    assert response.status_code == 200
    return response


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "The file nests lists or objects too deeply."),
        (b'{"version": ' + b"9" * 5000 + b"}", "The file holds a number too large to read."),
    ],
)
def test_a_framework_file_too_deep_or_too_large_is_refused(staff_client, content, error):
    response = import_file(staff_client, content)
    assert response.context["form"].errors["file"] == [error]
    assert Framework.objects.count() == 4


@pytest.mark.parametrize("text", ["Bad\\u0000name", "Bad\\ud800name"])
def test_a_framework_text_no_database_keeps_is_named_with_its_place(
    staff_client, six_pillars, text
):
    document = export_framework(six_pillars)
    document["slug"] = "six-pillars-copy"
    document["components"][1]["name"]["it"] = "@@"
    content = json.dumps(document).replace('"@@"', f'"{text}"').encode()
    response = import_file(staff_client, content)
    assert response.context["problems"] == [
        "components[1].name.it: holds a NUL character or a lone surrogate, which no text may"
    ]
    assert Framework.objects.count() == 4


# 10. An id too large for the database is no page.


def test_an_id_too_large_for_the_database_is_no_address():
    assert resolve(f"/campaigns/{2**63 - 1}/").kwargs == {"pk": 2**63 - 1}
    with pytest.raises(Resolver404):
        resolve(f"/campaigns/{2**63}/")


def test_an_id_too_large_for_the_database_is_a_404(hr_client, acme):
    # The logo's key is its organisation's: SQLite's driver once overflowed on it.
    assert hr_client.get(f"/organisations/{2**63}/logo/").status_code == 404
