"""Every list page costs the same queries for one item as for a dozen: none has an N+1.

Each page is asked for at a small and a larger size, and must make exactly the same number
of queries at both. A page that starts to query once per row fails here first.
"""

import datetime

import pytest
from django.utils import timezone

from accounts.models import User
from actions.models import Action, ActionStatus
from campaigns.models import Campaign, CampaignState
from frameworks.models import Framework
from organisations.models import Membership, Organisation, Role, Team
from reports.models import BuildState, OrganisationPdf
from tests.builders import EVERY_COMPONENT, invite, rate_all

TODAY = timezone.localdate()
# One assessment in progress per leader and framework: at most one of each seed.
SEEDS = ["six-pillars", "seven-habits", "customer-centric-transformation", "function-roles"]


def sizes(small: int, large: int, what: str):
    """The test at both sizes, named by what grows."""
    return pytest.mark.parametrize(
        "size", [small, large], ids=[f"{small} {what}", f"{large} {what}"]
    )


def campaigns_of(organisation, framework, count: int) -> list[Campaign]:
    """``count`` campaigns over the organisation's teams, each with two people invited, one
    of whom responded."""
    teams = list(organisation.teams.all())
    built = []
    for number in range(count):
        campaign = Campaign.objects.create(
            organisation=organisation,
            framework=framework,
            name=f"Pulse {number + 1}",
            opens_on=TODAY - datetime.timedelta(days=number),
            closes_on=TODAY + datetime.timedelta(days=21),
            state=CampaignState.OPEN if number % 2 else CampaignState.DRAFT,
        )
        campaign.teams.set(teams)
        invite(campaign, teams[0], f"waiting{number}@acme.example")
        invite(campaign, teams[0], f"answered{number}@acme.example", responded=True)
        built.append(campaign)
    return built


def clients_of(consultant, count: int) -> list[Organisation]:
    """``count`` client organisations the consultant works for, and one they only belong to."""
    built = []
    for number in range(count):
        client = Organisation.objects.create(name=f"Client {number + 1}", slug=f"client-{number}")
        Membership.objects.create(organisation=client, user=consultant, role=Role.CONSULTANT)
        built.append(client)
    member_only = Organisation.objects.create(name="Partner", slug="partner")
    Membership.objects.create(organisation=member_only, user=consultant, role=Role.MEMBER)
    return built


def staffed(organisation, framework, count: int) -> Organisation:
    """The organisation with ``count`` teams below one division, each led by a leader of its
    own who is a member, and ``count`` campaigns."""
    division = Team.objects.create(organisation=organisation, name="Division")
    for number in range(count):
        team = Team.objects.create(
            organisation=organisation, name=f"Team {number}", parent=division
        )
        leader = User.objects.create_user(f"leader{number}@acme.example", "a-long-passphrase")
        Membership.objects.create(organisation=organisation, user=leader, role=Role.LEADER)
        team.leaders.add(leader)
    campaigns_of(organisation, framework, count)
    return organisation


def catalogue(count: int) -> list[Framework]:
    """Exactly ``count`` frameworks, in place of the seeds (the test's transaction puts them
    back)."""
    Framework.objects.all().delete()
    return Framework.objects.bulk_create(
        Framework(slug=f"framework-{number}", name_en=f"Framework {number}", name_it="Quadro")
        for number in range(count)
    )


PDF_STATES = [BuildState.READY, BuildState.RUNNING, BuildState.QUEUED, BuildState.FAILED]


def pdfs_of(campaign, requested_by, count: int) -> list[OrganisationPdf]:
    """``count`` organisation PDFs of the campaign, in every state in turn."""
    return [
        OrganisationPdf.objects.create(
            campaign=campaign,
            language=("en", "it")[number % 2],
            requested_by=requested_by,
            state=PDF_STATES[number % len(PDF_STATES)],
            steps=7,
            done=number % 7,
        )
        for number in range(count)
    ]


def leaders_work(leader, campaign, team, count: int, in_progress: list[Framework]) -> None:
    """``count`` submitted assessments with an action each, ``count`` actions on a team the
    leader leads owned by others, and an assessment in progress of each ``in_progress``."""
    six_pillars = campaign.framework
    component = six_pillars.components.first()
    due = {"due_on": TODAY + datetime.timedelta(days=7), "component": component}
    for number in range(count):
        owner = User.objects.create_user(f"owner{number}@acme.example", "a-long-passphrase")
        assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
        Action.objects.create(assessment=assessment, owner=leader, title=f"Own {number}", **due)
        Action.objects.create(
            campaign=campaign,
            team=team,
            owner=owner,
            title=f"Team {number}",
            status=ActionStatus.IN_PROGRESS,
            **due,
        )
    for framework in in_progress:
        rate_all(leader, framework, {framework.components.first().key: (3, 4)}, submit=False)


@sizes(1, 12, "campaigns")
def test_the_campaign_list(
    client, hr_admin, acme, teams, six_pillars, size, django_assert_num_queries
):
    """Each row shows its organisation's name: it comes with the campaigns, not per row."""
    campaigns_of(acme, six_pillars, size)
    client.force_login(hr_admin)
    # session, user, the user's organisations, the campaigns with their organisation
    with django_assert_num_queries(4):
        response = client.get("/campaigns/")
    assert response.status_code == 200
    assert len(response.context["campaigns"]) == size


@sizes(2, 12, "clients")
def test_the_organisation_list(client, db, size, django_assert_num_queries):
    """A consultant's clients, each with its name, role and link: the memberships come with
    their organisations. Two clients at least, so the switcher shows at both sizes."""
    consultant = User.objects.create_user("consultant@advisers.example", "a-long-passphrase")
    clients_of(consultant, size)
    client.force_login(consultant)
    # session, user, the switcher's organisations, the memberships with their organisation
    with django_assert_num_queries(4):
        response = client.get("/organisations/")
    assert response.status_code == 200
    assert len(response.context["memberships"]) == size + 1


@sizes(1, 12, "teams, leaders and campaigns")
def test_the_organisation_page(
    client, hr_admin, acme, six_pillars, size, django_assert_num_queries
):
    """Teams with their leaders, people with their accounts, campaigns with their response
    counts, and the team form's choices: each list one query, whatever its length."""
    staffed(acme, six_pillars, size)
    client.force_login(hr_admin)
    # session, user, the organisation, the switcher's organisations, the campaigns, the
    # teams and their leaders, the form's parents and leaders, the members, the
    # invitations not yet accepted, then the session saved (a savepoint, the update, its
    # release)
    with django_assert_num_queries(14):
        response = client.get(f"/organisations/{acme.pk}/")
    assert response.status_code == 200
    assert len(response.context["teams"]) == size + 1  # and the division
    assert len(response.context["members"]) == size + 1  # and HR
    assert len(response.context["campaigns"]) == size


@sizes(1, 12, "frameworks")
def test_the_framework_list(leader_client, size, django_assert_num_queries):
    """Each framework's name, description and links are its own fields: one query."""
    catalogue(size)
    # session, user, the switcher's organisations, the frameworks
    with django_assert_num_queries(4):
        response = leader_client.get("/frameworks/")
    assert response.status_code == 200
    assert len(response.context["frameworks"]) == size


@sizes(1, 12, "PDFs")
def test_the_organisation_pdfs(client, hr_admin, campaign, size, django_assert_num_queries):
    """Each PDF's state, progress, download link and staleness come from its own row, in
    every state; ten are listed at most."""
    pdfs_of(campaign, hr_admin, size)
    client.force_login(hr_admin)
    # session, user, the campaign, its logo, its responses, the switcher's organisations,
    # its teams counted, the PDFs
    with django_assert_num_queries(8):
        response = client.get(f"/campaigns/{campaign.pk}/organisation/pdf/")
    assert response.status_code == 200
    assert len(response.context["pdfs"]) == min(size, 10)


@sizes(1, 12, "assessments and actions")
def test_the_dashboard(
    leader_client, leader, campaign, teams, seed_framework, size, django_assert_num_queries
):
    """Assessments come with their framework and progress, actions with their component,
    owner, campaign and team: nothing is fetched per row."""
    in_progress = [seed_framework(slug) for slug in SEEDS[:size]]
    leaders_work(leader, campaign, teams["north"], size, in_progress)
    # session, user, the assessments with their progress, the switcher's organisations,
    # the actions, the frameworks to start, the open campaigns the user runs (none)
    with django_assert_num_queries(7):
        response = leader_client.get("/dashboard/")
    assert response.status_code == 200
    assert len(response.context["submitted"]) == size
    assert len(response.context["in_progress"]) == min(size, len(SEEDS))
    assert len(response.context["actions"]) == min(2 * size, 20)  # the dashboard shows 20
