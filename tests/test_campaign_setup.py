"""HR sets up organisations, teams, campaigns and participants; nobody else can."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from campaigns.models import Campaign, CampaignState, Invitation, MailState, ParticipantChange
from organisations.models import Membership, Organisation, Role, Team
from tests.builders import every_statement, invite, mailed
from tests.test_invitation_mail import run_worker


def campaign_data(framework, teams, **changes):
    return {
        "name": "Autumn pulse",
        "framework": framework.pk,
        "teams": [team.pk for team in teams],
        "opens_on": "2026-12-01",
        "closes_on": "2026-12-20",
        "language": "en",
        "minimum_group_size": "5",
        "comment_minimum": "10",
        "team_rates_target": "on",
        **changes,
    }


def upload(client, campaign, text):
    return client.post(
        f"/campaigns/{campaign.pk}/participants/upload/",
        {"file": SimpleUploadedFile("people.csv", text.encode(), "text/csv")},
    )


def test_whoever_creates_an_organisation_administers_it(leader_client, leader):
    response = leader_client.post("/organisations/", {"name": "Globex", "role": "admin"})
    organisation = Organisation.objects.get(name="Globex")
    assert response.url == f"/organisations/{organisation.pk}/"
    assert organisation.slug == "globex"
    assert Membership.objects.get(organisation=organisation).user == leader
    assert Membership.objects.get(organisation=organisation).role == Role.ADMIN


def test_hr_builds_the_team_hierarchy_with_its_leaders(hr_client, acme, leader):
    Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    hr_client.post(f"/organisations/{acme.pk}/teams/new/", {"name": "Operations"})
    operations = Team.objects.get(name="Operations")
    hr_client.post(
        f"/organisations/{acme.pk}/teams/new/",
        {"name": "Warehouse", "parent": operations.pk, "leaders": [leader.pk]},
    )
    warehouse = Team.objects.get(name="Warehouse")
    assert warehouse.path == f"/{operations.pk:010d}/{warehouse.pk:010d}/"
    assert list(warehouse.leaders.all()) == [leader]

    # A sibling with the same name is refused; a team cannot move below itself.
    response = hr_client.post(
        f"/organisations/{acme.pk}/teams/new/", {"name": "warehouse", "parent": operations.pk}
    )
    assert "A team with this name is already there." in response.content.decode()
    response = hr_client.post(
        f"/organisations/{acme.pk}/teams/{operations.pk}/edit/",
        {"name": "Operations", "parent": warehouse.pk},
    )
    assert response.status_code == 200
    assert Team.objects.get(pk=operations.pk).parent is None


def test_removing_a_person_also_removes_them_as_leader(hr_client, acme, teams, leader):
    membership = Membership.objects.create(organisation=acme, user=leader, role=Role.LEADER)
    hr_client.post(f"/organisations/{acme.pk}/members/{membership.pk}/remove/")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert list(teams["sales"].leaders.all()) == []


def test_hr_creates_a_campaign_with_the_teams_in_scope(hr_client, acme, teams, six_pillars):
    response = hr_client.post(
        f"/organisations/{acme.pk}/campaigns/new/",
        campaign_data(six_pillars, [teams["sales"], teams["north"]]),
    )
    campaign = Campaign.objects.get(name="Autumn pulse")
    assert response.url == f"/campaigns/{campaign.pk}/"
    assert campaign.organisation == acme
    assert campaign.state == CampaignState.DRAFT
    assert set(campaign.teams.all()) == {teams["sales"], teams["north"]}
    assert (campaign.opens_on, campaign.closes_on) == (
        datetime.date(2026, 12, 1),
        datetime.date(2026, 12, 20),
    )


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"minimum_group_size": "2"}, "minimum_group_size", "greater than or equal to 3"),
        ({"comment_minimum": "4"}, "comment_minimum", "at least as many responses"),
        ({"closes_on": "2026-11-30"}, "closes_on", "on or after the day it opens"),
    ],
)
def test_campaign_settings_are_checked(
    hr_client, acme, teams, six_pillars, changes, field, message
):
    response = hr_client.post(
        f"/organisations/{acme.pk}/campaigns/new/",
        campaign_data(six_pillars, [teams["north"]], **changes),
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Campaign.objects.filter(name="Autumn pulse").exists()


def test_teams_of_another_organisation_cannot_be_put_in_scope(hr_client, acme, six_pillars):
    globex = Organisation.objects.create(name="Globex", slug="globex")
    foreign = Team.objects.create(organisation=globex, name="Spies")
    response = hr_client.post(
        f"/organisations/{acme.pk}/campaigns/new/", campaign_data(six_pillars, [foreign])
    )
    assert "teams" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_confidentiality_settings_are_locked_once_a_response_is_in(hr_client, campaign, teams):
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    invitation.submit(every_statement(campaign.framework, 3, 4))
    data = campaign_data(
        campaign.framework, [teams["north"]], name="Renamed", minimum_group_size="3"
    )
    response = hr_client.post(f"/campaigns/{campaign.pk}/edit/", data)
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "Renamed"
    assert campaign.minimum_group_size == 5
    assert set(campaign.teams.all()) == set(teams.values())  # fixed once open
    form_page = hr_client.get(f"/campaigns/{campaign.pk}/edit/").content.decode()
    assert form_page.count("Locked: responses are already in.") == 3


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_adding_a_person_to_an_open_campaign_mails_their_invitation(hr_client, campaign, teams):
    response = hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {
            "email": "Ann@Acme.example",
            "name": "Ann",
            "team": teams["north"].pk,
            "rater_role": "team",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(campaign=campaign)
    assert (invitation.email, invitation.team, invitation.mail_state) == (
        "ann@acme.example",
        teams["north"],
        MailState.QUEUED,
    )
    run_worker()
    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]

    again = hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {"email": "ann@acme.example", "team": teams["north"].pk, "rater_role": "team"},
    )
    assert "This person is already invited." in again.content.decode()


def test_an_import_with_any_bad_line_imports_nobody_and_names_each_line(hr_client, campaign):
    response = upload(
        hr_client,
        campaign,
        "email,name,team,role\nann@acme.example,Ann,North,member\nnot-an-email,Bob,Nowhere,boss\n",
    )
    page = response.content.decode()
    assert "Nothing was imported" in page
    assert "Line 3: “not-an-email” is not an e-mail address." in page
    assert "Line 3: No team “Nowhere” in this campaign" in page
    assert "Line 3: Role “boss” is neither “member” nor “leader”." in page
    assert not Invitation.objects.exists()


def test_a_windows_1252_file_is_read_as_such(hr_client, campaign):
    text = "email,name,team,role\nnicco@acme.example,Niccolò,North,member\n"
    hr_client.post(
        f"/campaigns/{campaign.pk}/participants/upload/",
        {"file": SimpleUploadedFile("people.csv", text.encode("cp1252"))},
    )
    assert Invitation.objects.get().name == "Niccolò"


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_a_draft_campaign_mails_its_invitations_when_it_opens(hr_client, draft, teams):
    lea = User.objects.create_user("lea@acme.example", "a-long-passphrase")
    teams["sales"].leaders.add(lea)
    upload(
        hr_client,
        draft,
        "email,name,team,role\nann@acme.example,Ann,North,member\nlea@acme.example,Lea,Sales,leader\n",
    )
    assert Invitation.objects.filter(mail_state=MailState.NOT_SENT).count() == 2
    run_worker()
    assert mail.outbox == []

    hr_client.post(f"/campaigns/{draft.pk}/open/")
    run_worker()
    draft.refresh_from_db()
    assert (draft.state, draft.opens_on) == (CampaignState.OPEN, timezone.localdate())
    assert sorted(message.to[0] for message in mail.outbox) == [
        "ann@acme.example",
        "lea@acme.example",
    ]
    lea = Invitation.objects.get(email="lea@acme.example")
    assert lea.rater_role == "self"


def open_with(client, draft, people: int) -> int:
    """Open a draft with ``people`` invitations; the queries the request took."""
    for number in range(people):
        invite(draft, draft.teams.get(name="North"), f"person{number}@acme.example")
    with CaptureQueriesContext(connection) as queries:
        assert client.post(f"/campaigns/{draft.pk}/open/").status_code == 302
    return len(queries)


def test_opening_costs_the_same_for_3_people_as_for_30_and_queues_one_task(hr_client, draft):
    """A 20,000-line participants file must open in a request of constant cost: the
    request marks the invitations queued and queues one task; the worker fans it out."""
    mail_tasks = DBTaskResult.objects.filter(task_path__endswith="send_queued_mail")
    few = open_with(hr_client, draft, 3)
    assert mail_tasks.count() == 1
    other = Campaign.objects.create(
        organisation=draft.organisation,
        framework=draft.framework,
        name="Winter pulse",
        opens_on=draft.opens_on,
        closes_on=draft.closes_on,
        language="en",
    )
    other.teams.set(draft.teams.all())
    assert open_with(hr_client, other, 30) == few
    assert mail_tasks.count() == 2
    assert Invitation.objects.filter(mail_state=MailState.QUEUED).count() == 33


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_the_reminder_button_of_a_team_reminds_only_its_people_who_have_not_answered(
    hr_client, campaign, teams
):
    invite(campaign, teams["north"], "ann@acme.example")
    answered, _ = invite(campaign, teams["north"], "bob@acme.example")
    answered.submit(every_statement(campaign.framework, 3, 4))
    invite(campaign, teams["south"], "sam@acme.example")
    mailed(campaign)

    hr_client.post(f"/campaigns/{campaign.pk}/remind/", {"team": teams["north"].pk})
    run_worker()
    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]

    # Everyone, next: Ann was reminded minutes ago, so only Sam gets one.
    mail.outbox.clear()
    hr_client.post(f"/campaigns/{campaign.pk}/remind/")
    run_worker()
    assert [m.to[0] for m in mail.outbox] == ["sam@acme.example"]


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_a_closed_campaign_sends_no_reminders(hr_client, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    hr_client.post(f"/campaigns/{campaign.pk}/close/")
    hr_client.post(f"/campaigns/{campaign.pk}/remind/")
    run_worker()
    assert mail.outbox == []
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.CLOSED
    assert not campaign.accepts_responses()


def test_the_campaign_page_counts_failed_mail_per_team(hr_client, campaign, teams):
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    Invitation.objects.filter(pk=invitation.pk).update(mail_state=MailState.FAILED)
    response = hr_client.get(f"/campaigns/{campaign.pk}/")
    north = next(team for team in response.context["teams"] if team == teams["north"])
    assert (north.invited, north.responded, north.mail_failed) == (1, 0, 1)


SET_UP_PAGES = [
    ("get", "/organisations/{organisation}/"),
    ("get", "/organisations/{organisation}/teams/new/"),
    ("get", "/organisations/{organisation}/teams/{team}/edit/"),
    ("post", "/organisations/{organisation}/members/"),
    ("get", "/organisations/{organisation}/campaigns/new/"),
    ("get", "/campaigns/{campaign}/edit/"),
    ("get", "/campaigns/{campaign}/open/"),
    ("post", "/campaigns/{campaign}/open/"),
    ("post", "/campaigns/{campaign}/close/"),
    ("post", "/campaigns/{campaign}/remind/"),
    ("get", "/campaigns/{campaign}/participants/"),
    ("post", "/campaigns/{campaign}/participants/add/"),
    ("post", "/campaigns/{campaign}/participants/upload/"),
]


@pytest.mark.parametrize("method, url", SET_UP_PAGES)
def test_set_up_pages_are_404_to_a_leader_and_to_another_organisations_hr(
    client, leader, campaign, teams, method, url
):
    url = url.format(
        organisation=campaign.organisation_id, team=teams["north"].pk, campaign=campaign.pk
    )
    globex = Organisation.objects.create(name="Globex", slug="globex")
    other_hr = User.objects.create_user("hr@globex.example", "a-long-passphrase")
    Membership.objects.create(organisation=globex, user=other_hr, role=Role.ADMIN)
    for user in (leader, other_hr):  # the leader leads Sales, in this very campaign
        client.force_login(user)
        assert getattr(client, method)(url).status_code == 404
    campaign.refresh_from_db()
    assert campaign.state == CampaignState.OPEN


def test_set_up_pages_render_for_hr(hr_client, campaign, teams):
    for url in (
        "/organisations/",
        f"/organisations/{campaign.organisation_id}/",
        f"/organisations/{campaign.organisation_id}/teams/{teams['north'].pk}/edit/",
        f"/organisations/{campaign.organisation_id}/campaigns/new/",
        f"/campaigns/{campaign.pk}/edit/",
        f"/campaigns/{campaign.pk}/participants/",
    ):
        assert hr_client.get(url).status_code == 200, url


def test_opening_first_says_how_many_people_it_will_mail(hr_client, draft, teams, leader):
    invite(draft, teams["north"], "ann@acme.example")
    invite(draft, teams["north"], "bob@acme.example")
    invite(draft, teams["sales"], leader.email, rater_role="self")
    page = hr_client.get(f"/campaigns/{draft.pk}/open/")
    assert "Invitations go to 3 people now" in page.text
    assert "1 of them rates themself as a leader." in page.text
    draft.refresh_from_db()
    assert draft.state == "draft"  # looking opens nothing
    assert not mail_tasks_queued()
    hr_client.post(f"/campaigns/{draft.pk}/open/")
    draft.refresh_from_db()
    assert draft.state == "open" and mail_tasks_queued() == 1


def mail_tasks_queued() -> int:
    return DBTaskResult.objects.filter(task_path__endswith="send_queued_mail").count()


def test_hr_searches_and_removes_participants_before_they_are_invited(hr_client, draft, teams):
    ann, _ = invite(draft, teams["north"], "ann@acme.example", name="Ann Rossi")
    invite(draft, teams["south"], "bob@acme.example", name="Bob")
    found = hr_client.get(f"/campaigns/{draft.pk}/participants/?q=rossi").context["invitations"]
    assert [i.email for i in found] == ["ann@acme.example"]
    found = hr_client.get(f"/campaigns/{draft.pk}/participants/?q=south").context["invitations"]
    assert [i.email for i in found] == ["bob@acme.example"]
    hr_client.post(f"/campaigns/{draft.pk}/participants/{ann.pk}/remove/")
    assert list(draft.invitations.values_list("email", flat=True)) == ["bob@acme.example"]
    change = ParticipantChange.objects.get(kind="removed")
    assert (change.people, change.detail) == (1, "ann@acme.example")
    # Once mailed, nobody can be taken off quietly.
    bob = draft.invitations.get()
    bob.mail_state = MailState.SENT
    bob.save()
    assert hr_client.post(f"/campaigns/{draft.pk}/participants/{bob.pk}/remove/").status_code == 404


def test_hr_corrects_a_participant_before_their_invitation_goes(hr_client, draft, teams):
    ann, token = invite(draft, teams["north"], "ann@acme.exmaple", name="Ann")
    invite(draft, teams["north"], "bob@acme.example")
    url = f"/campaigns/{draft.pk}/participants/{ann.pk}/edit/"
    assert hr_client.get(url).context["form"]["email"].value() == "ann@acme.exmaple"
    # Someone else's address is refused, and nothing changes.
    taken = {"email": "BOB@acme.example", "name": "Ann", "team": teams["north"].pk}
    response = hr_client.post(url, taken | {"rater_role": "team"})
    assert "This person is already invited." in response.text
    fixed = {"email": "ann@acme.example", "name": "Ann Rossi", "team": teams["south"].pk}
    assert hr_client.post(url, fixed | {"rater_role": "team"}).url == (
        f"/campaigns/{draft.pk}/participants/"
    )
    ann.refresh_from_db()
    assert (ann.email, ann.name, ann.team) == ("ann@acme.example", "Ann Rossi", teams["south"])
    assert Invitation.for_token(token) == ann  # the same link, to go when it opens
    change = ParticipantChange.objects.get(kind="edited")
    assert (change.people, change.detail) == (1, "ann@acme.exmaple → ann@acme.example")
    # Once mailed, an invitation says what it said.
    ann.mail_state = MailState.SENT
    ann.save()
    assert hr_client.get(url).status_code == 404
