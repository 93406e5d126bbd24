"""Privacy duties: a person downloads their own data and deletes their account; HR erases a
participant or deletes a campaign; the worker erases the names and addresses of campaigns
closed for longer than their organisation keeps them. Every figure stays as it was, and
nothing tells who answered."""

import datetime
import io
import json
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from actions.models import Action
from assessments.models import ComponentNote, SelfAssessment
from campaigns import publishing
from campaigns.erasure import erase_expired_participants
from campaigns.models import (
    Campaign,
    CampaignState,
    Comment,
    Draft,
    GroupCount,
    Invitation,
    ParticipantChange,
    ParticipantImport,
    Publication,
    PublishedCell,
    ReportingGroup,
    Response,
    ResponseRating,
    StatementSum,
    draft_key,
)
from campaigns.tasks import queue_reminders, send_invitation
from organisations.models import ColleagueInvitation, Membership, Organisation, Role, Team
from reports.models import BuildState, OrganisationPdf, ResultsExport
from tests.builders import EVERY_COMPONENT, export, invite, mailed, rate_all, respond
from tests.test_pdf import read, text_of


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


def without_tokens(page: str) -> str:
    """A page without its CSRF tokens, which change with every response."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


# --- Downloading one's own data ---------------------------------------------------------


@pytest.fixture
def lea(leader, acme, teams, six_pillars, campaign, hr_admin, other_leader):
    """Lea leads Sales at Acme: a submitted self-assessment with a note and a reflection, an
    action of her own and one in Sales's plan. Otto, another leader, has his own of each, and
    team members have answered a survey."""
    leader.last_name = "Rossi"
    leader.save()
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    personalisation = six_pillars.components.get(key="personalisation")
    ComponentNote.objects.filter(assessment=assessment, component=personalisation).update(
        text="I rush customers."
    )
    question = personalisation.reflection_questions.get(kind="strengths")
    assessment.save_reflection({question: "I listen."})
    due = datetime.date(2027, 3, 1)
    Action.objects.create(
        assessment=assessment,
        component=personalisation,
        title="Ask, then listen",
        owner=leader,
        due_on=due,
    )
    Action.objects.create(
        campaign=campaign,
        team=teams["sales"],
        component=personalisation,
        title="Call back in a day",
        motivation="Customers wait.",
        owner=leader,
        due_on=due,
        created_by=hr_admin,
    )
    Membership.objects.create(organisation=acme, user=other_leader, role=Role.LEADER)
    theirs = rate_all(other_leader, six_pillars, {"empathy": (1, 2)}, submit=False)
    Action.objects.create(
        assessment=theirs,
        component=personalisation,
        title="Otto's own plan",
        owner=other_leader,
        due_on=due,
    )
    respond(campaign, teams["north"], 5, 3, 4)
    Comment.objects.create(
        campaign=campaign,
        team=teams["north"],
        rater_role="team",
        component=personalisation,
        text="Nobody calls back.",
    )
    return leader


def test_the_download_holds_the_persons_own_data_and_nothing_of_anyone_else(
    client, lea, six_pillars
):
    client.force_login(lea)
    response = client.get("/accounts/me/data/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="cxlab-my-data-{day}.json"'
    data = json.loads(response.content)
    assert set(data) == {"account", "memberships", "self_assessments", "actions"}
    lea.refresh_from_db()
    assert data["account"] == {
        "email": "leader@example.com",
        "first_name": "Lea",
        "last_name": "Rossi",
        "joined": lea.date_joined.isoformat(),
        "last_login": lea.last_login.isoformat(),
        "address_confirmed": lea.email_verified_at and lea.email_verified_at.isoformat(),
    }
    assert data["memberships"] == [
        {"organisation": "Acme", "role": "leader", "leads": ["Acme > Sales"]}
    ]

    [assessment] = data["self_assessments"]
    stored = SelfAssessment.objects.get(leader=lea)
    assert {key: value for key, value in assessment.items() if key != "components"} == {
        "framework": "six-pillars",
        "framework_version": 1,
        "framework_name": "Six pillars of customer experience",
        "started_at": stored.started_at.isoformat(),
        "submitted_at": stored.submitted_at.isoformat(),
        "target_each_statement": False,
    }
    assert [c["key"] for c in assessment["components"]] == list(EVERY_COMPONENT)
    assert [(c["current"], c["target"], c["gap"]) for c in assessment["components"]] == [
        (2.0, 4.0, 2.0),
        (4.0, 4.0, 0.0),
        (3.0, 5.0, 2.0),
        (3.0, 4.0, 1.0),
        (2.0, 5.0, 3.0),
        (5.0, 5.0, 0.0),
    ]
    personalisation = six_pillars.components.get(key="personalisation")
    question = personalisation.reflection_questions.get(kind="strengths")
    assert assessment["components"][0] == {
        "key": "personalisation",
        "name": "Personalisation",
        "current": 2.0,
        "target": 4.0,
        "gap": 2.0,
        "statements": [
            {"key": s.key, "text": s.text_en, "current": 2, "target": 4}
            for s in personalisation.statements.all()
        ],
        "note": "I rush customers.",
        "reflections": [{"question": question.text_en, "answer": "I listen."}],
    }
    assert len(assessment["components"][0]["statements"]) == 9

    assert data["actions"] == [
        {
            "title": "Ask, then listen",
            "component": "personalisation",
            "motivation": "",
            "benefits": "",
            "obstacles": "",
            "success_measure": "",
            "due_on": "2027-03-01",
            "status": "planned",
            "kind": "quick_win",
            "created_at": Action.objects.get(title="Ask, then listen").created_at.isoformat(),
            "plan": {"self_assessment_started_at": stored.started_at.isoformat()},
        },
        {
            "title": "Call back in a day",
            "component": "personalisation",
            "motivation": "Customers wait.",
            "benefits": "",
            "obstacles": "",
            "success_measure": "",
            "due_on": "2027-03-01",
            "status": "planned",
            "kind": "quick_win",
            "created_at": Action.objects.get(title="Call back in a day").created_at.isoformat(),
            "plan": {"organisation": "Acme", "campaign": "Spring pulse", "team": "Sales"},
        },
    ]
    # Nothing of Otto's, of HR's, or of the survey's answers and comments.
    text = response.content.decode()
    for other in ("other@example.com", "Otto", "hr@acme.example", "Nobody calls back", "North"):
        assert other not in text


def test_the_download_holds_answers_not_yet_saved_as_a_rating(client, leader, six_pillars):
    """The quick self-assessment asks for a component's target after its statements: until
    then, a statement's answer for now waits, and is the person's all the same."""
    assessment = SelfAssessment.objects.create(leader=leader, framework=six_pillars)
    empathy = six_pillars.components.get(key="empathy")
    first, second = empathy.statements.all()[:2]
    assessment.save_answers(empathy, {f"{first.pk}-current": "3", f"{second.pk}-current": "na"})
    client.force_login(leader)

    [taken] = client.get("/accounts/me/data/").json()["self_assessments"]
    [row] = [c for c in taken["components"] if c["key"] == "empathy"]
    assert row["statements"] == [
        {"key": first.key, "text": first.text_en, "unsaved": {"current": 3}},
        {"key": second.key, "text": second.text_en, "unsaved": {"current": None}},
    ]
    assert (row["current"], row["target"], row["gap"]) == (None, None, None)


def test_the_download_is_a_get_for_a_logged_in_person(client, leader):
    assert client.get("/accounts/me/data/").url == "/accounts/login/?next=/accounts/me/data/"
    client.force_login(leader)
    assert client.post("/accounts/me/data/").status_code == 405


# --- Deleting one's account --------------------------------------------------------------


def test_deleting_the_account_takes_what_is_theirs_and_leaves_what_they_did(
    client, lea, acme, teams, campaign, hr_admin, other_leader
):
    publication = publishing.publish(campaign, lea)
    hr_action = Action.objects.create(
        campaign=campaign,
        team=teams["sales"],
        component=campaign.framework.components.first(),
        title="HR's own",
        owner=hr_admin,
        due_on=datetime.date(2027, 3, 1),
        created_by=lea,
    )
    ResultsExport.objects.create(
        campaign=campaign, requested_by=lea, file_format="csv", language="en"
    )
    ColleagueInvitation(organisation=acme, email="LEADER@example.com", role=Role.ADMIN).save()
    ParticipantChange.record(campaign, lea, ParticipantChange.Kind.ADDED, 1, "x@acme.example")
    client.force_login(lea)

    page = client.get("/accounts/me/delete/").text
    assert "your 1 self-assessment, with its ratings" in page
    assert "Call back in a day · Acme · Spring pulse" in page

    wrong = client.post("/accounts/me/delete/", {"password": "not-it"})
    assert wrong.status_code == 200
    assert "That is not your password." in wrong.text
    assert User.objects.filter(email="leader@example.com").exists()

    done = client.post("/accounts/me/delete/", {"password": "a-long-passphrase"})
    assert done.url == "/"
    assert not User.objects.filter(email="leader@example.com").exists()
    assert client.get("/dashboard/").status_code == 302  # logged out
    assert not SelfAssessment.objects.filter(leader__email="leader@example.com").exists()
    assert sorted(Action.objects.values_list("title", "owner__email", "created_by")) == [
        ("HR's own", "hr@acme.example", None),
        ("Otto's own plan", "other@example.com", None),
    ]
    assert list(Membership.objects.values_list("user__email", flat=True).order_by("pk")) == [
        "hr@acme.example",
        "other@example.com",
    ]
    assert list(teams["sales"].leaders.all()) == []
    assert not ResultsExport.objects.exists()
    assert not ColleagueInvitation.objects.exists()
    publication.refresh_from_db()
    assert publication.published_by is None
    assert list(ParticipantChange.objects.values_list("changed_by", "detail")) == [
        (None, "x@acme.example")
    ]
    hr_action.refresh_from_db()
    assert hr_action.created_by is None
    # The survey's answers are nobody's: they are all still there.
    assert Response.objects.filter(campaign=campaign).count() == 5


def test_the_last_admin_cannot_delete_their_account_until_another_admin_exists(
    client, acme, hr_admin, leader
):
    Membership.objects.create(organisation=acme, user=leader, role=Role.CONSULTANT)
    client.force_login(hr_admin)

    page = client.get("/accounts/me/delete/").text
    assert "You are the last admin of this organisation" in page
    assert 'name="password"' not in page
    refused = client.post("/accounts/me/delete/", {"password": "a-long-passphrase"})
    assert refused.status_code == 200
    assert User.objects.filter(pk=hr_admin.pk).exists()

    # A consultant is not an admin; a second admin is.
    Membership.objects.filter(user=leader).update(role=Role.ADMIN)
    done = client.post("/accounts/me/delete/", {"password": "a-long-passphrase"})
    assert done.url == "/"
    assert not User.objects.filter(pk=hr_admin.pk).exists()
    assert list(acme.memberships.values_list("user__email", "role")) == [
        ("leader@example.com", "admin")
    ]


def test_an_organisation_with_no_admin_keeps_its_only_consultant(client, leader, other_leader):
    globex = Organisation.objects.create(name="Globex", slug="globex")
    Membership.objects.create(organisation=globex, user=leader, role=Role.CONSULTANT)
    client.force_login(leader)
    assert "You are the last admin of this organisation" in client.get("/accounts/me/delete/").text

    Membership.objects.create(organisation=globex, user=other_leader, role=Role.CONSULTANT)
    done = client.post("/accounts/me/delete/", {"password": "a-long-passphrase"})
    assert done.url == "/"
    assert not User.objects.filter(pk=leader.pk).exists()


# --- Erasing one participant -------------------------------------------------------------


def report_pages(client, campaign, teams) -> list[str]:
    """What HR and leaders read of the campaign: its page, the organisation report, every
    team's report, the CSV export and a team's PDF, as text."""
    pages = [client.get(f"/campaigns/{campaign.pk}/").text]
    pages.append(client.get(f"/campaigns/{campaign.pk}/organisation/").text)
    for team in teams.values():
        pages.append(client.get(f"/campaigns/{campaign.pk}/teams/{team.pk}/").text)
    pages.append(export(client, campaign).content.decode("utf-8-sig"))
    pdf = client.get(f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/report.pdf")
    pages.append(text_of(read(pdf.content)))
    return [without_tokens(page) for page in pages]


def participation(campaign) -> list[tuple]:
    """Invited and answered per team and role."""
    rows = {}
    for team, role, responded in campaign.invitations.values_list(
        "team__name", "rater_role", "responded"
    ):
        invited, answered = rows.get((team, role), (0, 0))
        rows[team, role] = (invited + 1, answered + responded)
    return sorted((*key, *counts) for key, counts in rows.items())


def reminder_count(campaign) -> int:
    """How many a reminder sent now would claim: asked, then undone."""
    with transaction.atomic():
        count = queue_reminders(campaign)
        transaction.set_rollback(True)
    return count


def test_erasing_a_participant_blanks_them_and_tells_nothing_of_whether_they_answered(
    hr_client, hr_admin, answered, teams
):
    campaign = answered
    mailed(campaign)
    assert queue_reminders(campaign) == 1  # Late has not answered: reminded now
    answering = Invitation.objects.get(email="Supportteam0@acme.example")
    late = Invitation.objects.get(email="late@acme.example")
    token = late.token
    Draft.objects.create(key=draft_key(token), ratings={"1": [3, 4]})
    ParticipantChange.record(campaign, None, ParticipantChange.Kind.ADDED, 1, "late@acme.example")
    ParticipantImport.objects.create(
        campaign=campaign,
        file_name="people.csv",
        rows=[["email", "team"], ["late@acme.example", "Support"], ["new@acme.example", "Mars"]],
        errors=[[2, "late@acme.example is already invited."], [3, "No team “Mars”."]],
        state=ParticipantImport.State.FAILED,
    )
    before, counts = report_pages(hr_client, campaign, teams), participation(campaign)
    reminders = reminder_count(campaign)

    # The page asking first reads the same for someone who answered and someone who did not.
    pages = [
        hr_client.get(f"/campaigns/{campaign.pk}/participants/{invitation.pk}/erase/").text
        for invitation in (answering, late)
    ]
    assert without_tokens(pages[0]).replace(answering.email, "ADDRESS").replace(
        f"/{answering.pk}/", "/PK/"
    ) == without_tokens(pages[1]).replace(late.email, "ADDRESS").replace(f"/{late.pk}/", "/PK/")
    said = []
    for invitation in (answering, late):
        erased = hr_client.post(
            f"/campaigns/{campaign.pk}/participants/{invitation.pk}/erase/", follow=True
        )
        said.append([str(m) for m in erased.context["messages"]])
    assert said == [["The participant’s name and address are erased."]] * 2

    for invitation, responded in ((answering, True), (late, False)):
        invitation.refresh_from_db()
        assert (invitation.email, invitation.name, invitation.secret, invitation.mail_error) == (
            "",
            "",
            "",
            "",
        )
        assert invitation.token_hash == f"erased-{invitation.pk}"
        assert (invitation.erased_on, invitation.responded) == (timezone.localdate(), responded)
        assert invitation.team == teams["support"]
    assert hr_client.get(f"/s/{token}/").status_code == 404  # the link leads nowhere
    assert not Draft.objects.exists()
    assert participation(campaign) == counts
    assert report_pages(hr_client, campaign, teams) == before
    assert reminder_count(campaign) == reminders == 0  # not a reminder more, nor fewer
    found = ParticipantImport.objects.get()
    assert found.rows == [["email", "team"], ["new@acme.example", "Mars"]]
    assert found.errors == [[3, "No team “Mars”."]]
    changes = campaign.participant_changes.values_list("kind", "people", "detail", "changed_by")
    assert list(changes) == [
        ("erased", 1, "", hr_admin.pk),
        ("erased", 1, "", hr_admin.pk),
        ("added", 1, "", None),
    ]
    page = hr_client.get(f"/campaigns/{campaign.pk}/participants/").text
    assert "late@acme.example" not in page
    assert page.count(f"Erased on {date_format(timezone.localdate(), 'SHORT_DATE_FORMAT')}") == 2
    # An erased person gets no mail, reminder or not.
    mail.outbox.clear()
    assert send_invitation.call(late.pk, True) == "skipped"
    assert mail.outbox == []
    # Already erased: nothing more to erase.
    assert (
        hr_client.get(f"/campaigns/{campaign.pk}/participants/{late.pk}/erase/").status_code == 404
    )


def test_in_a_draft_an_erased_participant_goes(hr_client, draft, teams):
    invitation, _token = invite(draft, teams["north"], "ann@acme.example", name="Ann")
    hr_client.post(f"/campaigns/{draft.pk}/participants/{invitation.pk}/erase/")
    assert not draft.invitations.exists()
    assert list(draft.participant_changes.values_list("kind", "detail")) == [("erased", "")]


def test_a_next_wave_copies_no_erased_participant(hr_client, answered):
    late = answered.invitations.get(email="late@acme.example")
    hr_client.post(f"/campaigns/{answered.pk}/participants/{late.pk}/erase/")
    wave = answered.next_wave("Autumn pulse", days_ago(-60), days_ago(-80))
    assert wave.invitations.count() == answered.invitations.count() - 1
    assert not wave.invitations.filter(email="").exists()


# --- Deleting a campaign -----------------------------------------------------------------


def rows_of(campaign) -> dict[str, int]:
    return {
        "invitations": Invitation.objects.filter(campaign=campaign).count(),
        "responses": Response.objects.filter(campaign=campaign).count(),
        "ratings": ResponseRating.objects.filter(response__campaign=campaign).count(),
        "group counts": GroupCount.objects.filter(campaign=campaign).count(),
        "statement sums": StatementSum.objects.filter(campaign=campaign).count(),
        "publications": Publication.objects.filter(campaign=campaign).count(),
        "cells": PublishedCell.objects.filter(publication__campaign=campaign).count(),
        "reporting groups": ReportingGroup.objects.filter(campaign=campaign).count(),
        "actions": Action.objects.filter(campaign=campaign).count(),
        "pdfs": OrganisationPdf.objects.filter(campaign=campaign).count(),
        "exports": ResultsExport.objects.filter(campaign=campaign).count(),
        "changes": ParticipantChange.objects.filter(campaign=campaign).count(),
    }


def test_deleting_a_campaign_takes_everything_of_it_and_nothing_of_another(
    hr_client, hr_admin, acme, answered, teams, leader
):
    campaign = answered
    group = ReportingGroup.objects.create(campaign=campaign, name="North + South")
    campaign.scope.filter(team__in=[teams["north"], teams["south"]]).update(reporting_group=group)
    publishing.publish(campaign)  # its cells hold the reporting group
    Action.objects.create(
        campaign=campaign,
        component=campaign.framework.components.first(),
        title="Call back",
        owner=leader,
        due_on=datetime.date(2027, 3, 1),
    )
    OrganisationPdf.objects.create(campaign=campaign, language="en", state=BuildState.READY)
    ResultsExport.objects.create(
        campaign=campaign, requested_by=hr_admin, file_format="csv", language="en"
    )
    ParticipantChange.record(campaign, hr_admin, ParticipantChange.Kind.ADDED, 1, "a@acme.example")
    wave = campaign.next_wave("Autumn pulse", days_ago(-60), days_ago(-80))
    respond(wave, teams["support"], 5, 4, 5, start=10)
    publishing.publish(wave)
    kept = rows_of(wave)

    page = hr_client.get(f"/campaigns/{campaign.pk}/delete/").text
    listed = re.sub(r"\s+", " ", page.split('id="deleted-with-it">')[1].split("</ul>")[0])
    assert "17 participants, with their names" in listed
    assert "16 responses, with their comments" in listed
    assert "2 publications of results" in listed
    assert "1 action of its plans" in listed
    assert "2 PDFs and exports built from it" in listed
    assert "Its next wave stays" in page

    deleted = hr_client.post(f"/campaigns/{campaign.pk}/delete/")
    assert deleted.url == f"/organisations/{acme.pk}/"
    assert not Campaign.objects.filter(pk=campaign.pk).exists()
    assert set(rows_of(campaign).values()) == {0}
    assert rows_of(wave) == kept
    wave.refresh_from_db()
    assert wave.previous_wave is None
    assert Team.objects.filter(organisation=acme).count() == 5


def test_only_hr_deletes_a_campaign_and_only_by_post(client, answered, leader):
    client.force_login(leader)  # leads Sales, which is in it
    assert client.get(f"/campaigns/{answered.pk}/delete/").status_code == 404
    assert client.post(f"/campaigns/{answered.pk}/delete/").status_code == 404
    assert Campaign.objects.filter(pk=answered.pk).exists()


# --- The worker's retention ---------------------------------------------------------------


def closed_by_date(organisation, framework, team, closed_days_ago: int) -> Campaign:
    """A campaign that closed by its date ``closed_days_ago``, with one person invited."""
    campaign = Campaign.objects.create(
        organisation=organisation,
        framework=framework,
        name=f"Closed {closed_days_ago} days ago",
        opens_on=days_ago(closed_days_ago + 20),
        closes_on=days_ago(closed_days_ago),
        language="en",
        state=CampaignState.OPEN,
    )
    campaign.teams.set([team])
    invite(campaign, team, f"p{closed_days_ago}@{organisation.slug}.example", name="Pat")
    return campaign


def named(campaign) -> list[tuple]:
    return list(campaign.invitations.values_list("email", "name", "erased_on").order_by("pk"))


def test_the_worker_erases_only_campaigns_closed_longer_than_their_organisation_keeps_them(
    hr_client, answered, teams, six_pillars, acme
):
    campaign = answered
    publishing.close(campaign)  # HR closed it early, 181 days ago
    Campaign.objects.filter(pk=campaign.pk).update(opens_on=days_ago(200), closes_on=days_ago(170))
    Publication.objects.filter(campaign=campaign, final=True).update(
        published_at=timezone.now() - datetime.timedelta(days=181)
    )
    by_date = closed_by_date(acme, six_pillars, teams["north"], 181)
    kept = closed_by_date(acme, six_pillars, teams["north"], 180)
    globex = Organisation.objects.create(name="Globex", slug="globex")
    globex.participant_retention_days = 365
    globex.save()
    ops = Team.objects.create(organisation=globex, name="Ops")
    elsewhere = closed_by_date(globex, six_pillars, ops, 200)
    open_one = closed_by_date(acme, six_pillars, teams["north"], -5)  # closes in five days
    untouched = {c.pk: named(c) for c in (kept, elsewhere, open_one)}
    ParticipantChange.record(campaign, None, ParticipantChange.Kind.ADDED, 1, "late@acme.example")
    ParticipantChange.record(campaign, None, ParticipantChange.Kind.IMPORTED, 16, "people.csv")
    ParticipantImport.objects.create(
        campaign=campaign,
        file_name="people.csv",
        rows=[["email", "team"], ["late@acme.example", "Mars"]],
        state=ParticipantImport.State.NEW_TEAMS,
    )
    before, counts = report_pages(hr_client, campaign, teams), participation(campaign)

    assert erase_expired_participants.call() == 2

    today = timezone.localdate()
    assert named(campaign) == [("", "", today)] * 17
    assert set(campaign.invitations.values_list("secret", flat=True)) == {""}
    assert named(by_date) == [("", "", today)]
    assert {c.pk: named(c) for c in (kept, elsewhere, open_one)} == untouched
    assert Campaign.objects.get(pk=campaign.pk).participants_erased_on == today
    assert list(campaign.participant_changes.values_list("kind", "detail")) == [
        ("imported", "people.csv"),
        ("added", ""),
    ]
    assert list(campaign.participant_imports.values_list("rows", "errors")) == [([], [])]
    assert participation(campaign) == counts
    assert report_pages(hr_client, campaign, teams) == before
    page = hr_client.get(f"/campaigns/{campaign.pk}/participants/").text
    assert (
        f"were erased on {date_format(today, 'DATE_FORMAT')}: the organisation keeps them "
        "for 180 days after a campaign closes." in page
    )

    # Again: nothing more is due, nothing changes.
    rows = list(Invitation.objects.values_list().order_by("pk"))
    assert erase_expired_participants.call() == 0
    assert list(Invitation.objects.values_list().order_by("pk")) == rows


def test_hr_sets_how_long_participants_are_kept_within_bounds(hr_client, acme):
    url = f"/organisations/{acme.pk}/participant-retention/"
    assert Organisation.objects.get(pk=acme.pk).participant_retention_days == 180
    saved = hr_client.post(url, {"participant_retention_days": "30"}, follow=True)
    assert [str(m) for m in saved.context["messages"]] == [
        "Participants' names and addresses are now kept for 30 days after a campaign closes."
    ]
    refused = hr_client.post(url, {"participant_retention_days": "3"}, follow=True)
    assert [str(m) for m in refused.context["messages"]] == [
        "Ensure this value is greater than or equal to 7."
    ]
    hr_client.post(url, {"participant_retention_days": "5000"})
    assert Organisation.objects.get(pk=acme.pk).participant_retention_days == 30


def test_the_daily_command_queues_the_erasure_for_the_worker(db):
    call_command("erase_participants", stdout=io.StringIO())
    [queued] = DBTaskResult.objects.all()
    assert queued.task_path == "campaigns.erasure.erase_expired_participants"
    assert queued.status == "READY"
