"""The audit trail: who changed what in an organisation's set-up, when, shown to those who
set it up and to nobody else; never a survey answer, never a participant's name or address.

Every change is made through the app's own pages, as HR would make it.
"""

import json
import re
from html import unescape

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import User
from campaigns import imports
from campaigns.models import Invitation, ParticipantImport, release_sealed
from campaigns.tasks import queue_mail
from organisations.models import Membership, Organisation, Role
from tests.builders import CONFIRMED, invite
from tests.test_invitation_mail import run_worker
from tests.test_short_survey import page_data


def activity(client, organisation) -> list[list[str]]:
    """The activity page's rows, each as its cells' text: when, who, what, changes."""
    page = client.get(f"/organisations/{organisation.pk}/activity/").text
    (body,) = re.findall(
        r'<table class="table table-sm align-top" id="activity">(.*?)</table>', page, re.S
    )
    return [
        [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
        for cells in (
            re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            for row in re.findall(r"<tr>(.*?)</tr>", body.split("</thead>")[1], re.S)
        )
    ]


def entries_of(organisation) -> list[tuple]:
    """What the log holds of the organisation, the latest first: object, action, changes."""
    found = LogEntry.objects.filter(additional_data__organisation=organisation.pk)
    return [
        (entry.content_type.model, entry.object_repr, entry.action, entry.changes)
        for entry in found.select_related("content_type").order_by("-timestamp", "-pk")
    ]


def everything_logged() -> str:
    """Every column of every entry, as text: what a database reader would find."""
    return json.dumps(
        list(
            LogEntry.objects.values(
                "object_repr", "changes", "changes_text", "serialized_data", "additional_data"
            )
        ),
        ensure_ascii=False,
    )


@pytest.fixture
def globex_hr(db):
    globex = Organisation.objects.create(name="Globex", slug="globex")
    user = User.objects.create_user(
        "hr@globex.example", "a-long-passphrase", email_verified_at=CONFIRMED
    )
    Membership.objects.create(organisation=globex, user=user, role=Role.ADMIN)
    return user


def test_a_change_hr_makes_appears_with_who_made_it_and_what_changed(
    hr_client, hr_admin, acme, teams, leader
):
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    LogEntry.objects.all().delete()  # the world as the fixtures made it

    hr_client.post(
        f"/organisations/{acme.pk}/teams/{teams['north'].pk}/edit/",
        {"name": "North East", "parent": teams["sales"].pk, "leaders": [leader.pk]},
    )
    hr_client.post(
        f"/organisations/{acme.pk}/branding/",
        {
            "colour": "#aa0000",
            "report_title": "Acme people",
            "mail_sender": "",
            "report_footer": "",
        },
    )

    assert entries_of(acme) == [
        (
            "organisation",
            "Acme",
            1,
            {"colour": ["#1f5fa8", "#aa0000"], "report_title": ["", "Acme people"]},
        ),
        (
            "team",
            "North East",
            1,
            {"leaders": {"type": "m2m", "operation": "add", "objects": ["Lea"]}},
        ),
        ("team", "North East", 1, {"name": ["North", "North East"]}),
    ]
    assert set(LogEntry.objects.values_list("actor", flat=True)) == {hr_admin.pk}
    rows = activity(hr_client, acme)
    assert [row[1:] for row in rows] == [
        [
            "hr@acme.example",
            "Organisation · Acme changed",
            "primary colour: #1f5fa8 → #aa0000 report title: — → Acme people",
        ],
        ["hr@acme.example", "Team · North East changed", "leaders: + Lea"],
        ["hr@acme.example", "Team · North East changed", "name: North → North East"],
    ]


def test_the_organisations_page_links_its_activity(hr_client, acme):
    page = hr_client.get(f"/organisations/{acme.pk}/").text
    assert f'href="/organisations/{acme.pk}/activity/"' in page


def test_an_admin_of_another_organisation_sees_none_of_it(
    hr_client, acme, teams, globex_hr, client
):
    hr_client.post(
        f"/organisations/{acme.pk}/teams/{teams['north'].pk}/edit/",
        {"name": "North East", "parent": teams["sales"].pk},
    )
    client.force_login(globex_hr)
    globex = Organisation.objects.get(slug="globex")

    assert client.get(f"/organisations/{acme.pk}/activity/").status_code == 404
    rows = activity(client, globex)
    assert [row[2] for row in rows] == [
        "Membership · hr@globex.example · Globex · Organisation admin / HR added",
        "Organisation · Globex added",
    ]
    assert "North" not in client.get(f"/organisations/{globex.pk}/activity/").text


def test_a_member_who_does_not_set_the_organisation_up_gets_a_404(client, acme, leader):
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    client.force_login(leader)
    assert client.get(f"/organisations/{acme.pk}/activity/").status_code == 404


def test_an_organisation_with_no_change_yet_says_so(hr_client, acme):
    LogEntry.objects.all().delete()
    page = hr_client.get(f"/organisations/{acme.pk}/activity/").text
    assert '<p class="text-body-secondary" id="no-activity">Nothing has changed yet.</p>' in page


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_answering_the_survey_and_the_mail_it_takes_are_never_logged(campaign, teams, six_pillars):
    """The survey's own pages, from the link to the submission, then the worker releasing
    the answers and mailing invitations: not one entry."""
    campaign.target_each_statement = False
    campaign.save()
    invitations = [invite(campaign, teams["north"], f"p{n}@acme.example") for n in range(5)]
    before = LogEntry.objects.count()

    for _invitation, token in invitations:
        respondent = Client()
        respondent.get(f"/s/{token}/")
        respondent.post("/survey/", {"autosave": "1", **page_data(six_pillars, "2", "4")})
        respondent.post("/survey/", page_data(six_pillars, "2", "4", submit_answers=""))
    assert Invitation.objects.filter(responded=True).count() == 5
    assert release_sealed(campaign, everything=True) == 5
    queue_mail(campaign.invitations.all())
    run_worker()

    assert LogEntry.objects.count() == before


def test_participants_are_logged_by_team_never_by_name_or_address(hr_client, acme, draft, teams):
    LogEntry.objects.all().delete()
    add = {"email": "ann.rossi@acme.example", "name": "Anna Rossi", "team": teams["north"].pk}
    hr_client.post(f"/campaigns/{draft.pk}/participants/add/", add | {"rater_role": "team"})
    hr_client.post(
        f"/campaigns/{draft.pk}/participants/upload/",
        {
            "file": SimpleUploadedFile(
                "people.csv",
                b"email,name,team,role\nmarco.b@acme.example,Marco Bianchi,South,member\n"
                b"sara.v@acme.example,Sara Verdi,South,member\n",
                "text/csv",
            )
        },
    )
    ann = Invitation.objects.get(email="ann.rossi@acme.example")
    edited = {"email": "anna.rossi@acme.example", "name": "Anna Rossi", "team": teams["south"].pk}
    hr_client.post(
        f"/campaigns/{draft.pk}/participants/{ann.pk}/edit/", edited | {"rater_role": "team"}
    )
    marco = Invitation.objects.get(email="marco.b@acme.example")
    hr_client.post(f"/campaigns/{draft.pk}/participants/{marco.pk}/remove/")

    assert entries_of(acme) == [
        (
            "invitation",
            f"#{marco.pk}",
            2,
            {
                "team": ["South", "None"],
                "rater_role": ["team", "None"],
                "email": ["•••", ""],
                "name": ["•••", ""],
            },
        ),
        ("invitation", f"#{ann.pk}", 1, {"team": ["North", "South"], "email": ["•••", "•••"]}),
        ("campaign", "Spring pulse", 1, {"participants added": ["", "South: 2"]}),
        ("campaign", "Spring pulse", 1, {"participants added": ["", "North: 1"]}),
    ]
    logged = everything_logged()
    for person in ("ann", "anna", "Rossi", "marco", "Bianchi", "sara", "Verdi"):
        assert person.lower() not in logged.lower()
    rows = activity(hr_client, acme)
    assert [row[2:] for row in rows] == [
        [
            f"Invitation · #{marco.pk} deleted",
            "e-mail: not kept name: not kept role in the survey: Team member team: South",
        ],
        [f"Invitation · #{ann.pk} changed", "e-mail: not kept team: North → South"],
        ["Campaign · Spring pulse changed", "participants added: South: 2"],
        ["Campaign · Spring pulse changed", "participants added: North: 1"],
    ]


def test_a_file_the_worker_imports_is_one_entry_by_whoever_asked(hr_admin, acme, draft, teams):
    found = ParticipantImport.objects.create(
        campaign=draft,
        requested_by=hr_admin,
        file_name="people.csv",
        rows=[["email", "name", "team", "role"]]
        + [[f"p{n}@acme.example", f"P{n}", "North", "member"] for n in range(30)],
        lines=30,
    )
    LogEntry.objects.all().delete()

    assert imports.import_participants.call(found.pk) == "done"

    (entry,) = LogEntry.objects.all()
    assert (entry.actor, entry.changes) == (hr_admin, {"participants added": ["", "North: 30"]})
    assert entry.additional_data == {"organisation": acme.pk}


def test_a_team_taken_out_of_a_draft_is_one_entry_for_its_people(hr_client, acme, draft, teams):
    for email in ("a@acme.example", "b@acme.example"):
        invite(draft, teams["support"], email)
    invite(draft, teams["north"], "c@acme.example")
    LogEntry.objects.all().delete()
    kept = [team.pk for name, team in teams.items() if name != "support"]
    hr_client.post(
        f"/campaigns/{draft.pk}/edit/",
        {
            "name": draft.name,
            "framework": draft.framework_id,
            "teams": kept,
            "opens_on": draft.opens_on.isoformat(),
            "closes_on": draft.closes_on.isoformat(),
            "language": "it",
            "minimum_group_size": "5",
            "comment_minimum": "10",
            "team_rates_target": "on",
            "target_each_statement": "on",
        },
    )
    assert list(Invitation.objects.values_list("email", flat=True)) == ["c@acme.example"]
    assert entries_of(acme) == [
        (
            "campaign",
            "Spring pulse",
            1,
            {"participants withdrawn with their teams": ["", "Support: 2"]},
        ),
        (
            "campaign",
            "Spring pulse",
            1,
            {"teams": {"type": "m2m", "operation": "delete", "objects": ["Support"]}},
        ),
    ]


def test_framework_changes_belong_to_no_organisation_and_staff_read_them_in_the_admin(
    client, hr_client, acme, six_pillars
):
    staff = User.objects.create_superuser("staff@cxlab.example", "a-long-passphrase")
    LogEntry.objects.all().delete()
    six_pillars.name_en = "Six pillars (revised)"
    six_pillars.save()

    (entry,) = LogEntry.objects.all()
    assert entry.additional_data is None
    assert entries_of(acme) == []
    assert "Six pillars (revised)" not in hr_client.get(f"/organisations/{acme.pk}/activity/").text
    client.force_login(staff)
    page = client.get("/admin/auditlog/logentry/")
    assert page.status_code == 200
    assert (
        "Six pillars (revised)" in client.get(f"/admin/auditlog/logentry/{entry.pk}/change/").text
    )


@pytest.mark.parametrize("changes", [3, 80])
def test_the_activity_page_costs_the_same_few_queries_however_long_the_trail(
    hr_client, acme, teams, changes, django_assert_num_queries
):
    for number in range(changes):
        team = teams["north"]
        team.name = f"North {number}"
        team.save()
    with django_assert_num_queries(6):
        response = hr_client.get(f"/organisations/{acme.pk}/activity/")
    assert response.status_code == 200
    assert len(response.context["lines"]) == min(LogEntry.objects.count(), 50)


def test_a_deleted_account_leaves_what_it_did_without_its_address(acme, teams, hr_admin):
    second = User.objects.create_user("ines@acme.example", "a-long-passphrase")
    Membership.objects.create(organisation=acme, user=second, role=Role.ADMIN)
    ines = Client()
    ines.force_login(second)
    LogEntry.objects.all().delete()
    ines.post(
        f"/organisations/{acme.pk}/teams/{teams['north'].pk}/edit/",
        {"name": "North East", "parent": teams["sales"].pk},
    )
    assert LogEntry.objects.get().actor_email == "ines@acme.example"

    assert ines.post("/accounts/me/delete/", {"password": "a-long-passphrase"}).url == "/"
    # Her membership's own entries name her, as the record of who had access (privacy.md);
    # as the actor of any entry she is "deleted".
    assert set(LogEntry.objects.values_list("actor", "actor_email")) == {(None, "deleted")}
    hr = Client()
    hr.force_login(hr_admin)
    rows = activity(hr, acme)
    assert rows[-1][1:3] == ["a deleted account", "Team · North East changed"]
