"""Named personas and the framework fixture, shared by every test."""

import datetime

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone, translation

from accounts.models import User
from campaigns.models import Campaign, CampaignState
from campaigns.publishing import publish
from frameworks.models import Framework
from organisations.models import Membership, Organisation, Role, Team
from tests.builders import CONFIRMED, invite, respond

# Playwright fixtures (browser, page, new_page, console_errors), registered once per run.
pytest_plugins = ["tests.browser"]
SEED_FRAMEWORKS = [
    "six_pillars",
    "seven_habits",
    "customer_centric_transformation",
    "function_roles",
]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the framework once per run; each test's transaction is rolled back over it."""
    with django_db_blocker.unblock():
        call_command("loaddata", *SEED_FRAMEWORKS, verbosity=0)


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English: a request in Italian leaves its language active."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def fresh_limits():
    """Rate limits count in the cache, and reports keep their figures there: it outlives a
    test's transaction."""
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def six_pillars(db) -> Framework:
    # Tests with a live server flush the database when they end: load it again if so.
    if not Framework.objects.filter(slug="six-pillars").exists():
        call_command("loaddata", "six_pillars", verbosity=0)
    return Framework.objects.get(slug="six-pillars", version=1)


@pytest.fixture
def seed_framework(db):
    """Any of the seeds' frameworks, by slug."""

    def get(slug: str) -> Framework:
        if not Framework.objects.filter(slug=slug).exists():
            call_command("loaddata", *SEED_FRAMEWORKS, verbosity=0)
        return Framework.objects.get(slug=slug, version=1)

    return get


@pytest.fixture
def leader(db) -> User:
    return User.objects.create_user(
        "leader@example.com", "a-long-passphrase", first_name="Lea", email_verified_at=CONFIRMED
    )


@pytest.fixture
def other_leader(db) -> User:
    return User.objects.create_user(
        "other@example.com", "a-long-passphrase", first_name="Otto", email_verified_at=CONFIRMED
    )


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


@pytest.fixture
def acme(db):
    return Organisation.objects.create(name="Acme", slug="acme")


@pytest.fixture
def hr_admin(acme):
    user = User.objects.create_user(
        "hr@acme.example", "a-long-passphrase", email_verified_at=CONFIRMED
    )
    Membership.objects.create(organisation=acme, user=user, role=Role.ADMIN)
    return user


@pytest.fixture
def teams(acme, leader):
    """Acme > Sales > (North, South), and Support; the leader leads Sales."""
    division = Team.objects.create(organisation=acme, name="Acme")
    sales = Team.objects.create(organisation=acme, name="Sales", parent=division)
    north = Team.objects.create(organisation=acme, name="North", parent=sales)
    south = Team.objects.create(organisation=acme, name="South", parent=sales)
    support = Team.objects.create(organisation=acme, name="Support", parent=division)
    sales.leaders.add(leader)
    return {"acme": division, "sales": sales, "north": north, "south": south, "support": support}


@pytest.fixture
def campaign(acme, six_pillars, teams):
    campaign = Campaign.objects.create(
        organisation=acme,
        framework=six_pillars,
        name="Spring pulse",
        opens_on=timezone.localdate() - datetime.timedelta(days=7),
        closes_on=timezone.localdate() + datetime.timedelta(days=21),
        language="it",
        state=CampaignState.OPEN,
        # Step by step, a target on every statement; tests/test_short_survey.py covers the
        # usual one-page survey with a target per component.
        target_each_statement=True,
    )
    campaign.teams.set(teams.values())
    return campaign


@pytest.fixture
def hr_client(client, hr_admin):
    """A browser logged in as Acme's HR."""
    client.force_login(hr_admin)
    return client


@pytest.fixture
def draft(campaign):
    """The campaign as a draft, planned to open in three days."""
    campaign.state = CampaignState.DRAFT
    campaign.opens_on = timezone.localdate() + datetime.timedelta(days=3)
    campaign.save()
    return campaign


@pytest.fixture
def answered(campaign, teams):
    """Published with North 6 and Support 6 responses shown; South (3) is below the
    minimum, so it is in no figure, not even Sales' or Acme's."""
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 3, 3, 3)  # below the minimum of 5
    respond(campaign, teams["support"], 4, 2, 4)
    respond(campaign, teams["support"], 2, 5, 5, start=4)
    respond(campaign, teams["sales"], 1, 4, 5, role="self")
    invite(campaign, teams["support"], "late@acme.example")  # invited, not responded
    publish(campaign)
    return campaign
