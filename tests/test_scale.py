"""Reports read pre-aggregated figures: their cost does not grow with the responses."""

import copy
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, Sum

from campaigns.demo import create_demo_organisation
from campaigns.models import (
    ComponentSum,
    GroupCount,
    RatingTally,
    ResponseRating,
    ScoreSum,
    StatementSum,
)
from campaigns.publishing import latest_publication
from frameworks.models import Framework, Statement
from frameworks.scale import person_scores
from organisations.models import Membership, Role
from reports.exports import results_file


@pytest.fixture(scope="module", params=[10, 1000], ids=["10 responses", "1000 responses"])
def built_company(request, django_db_setup, django_db_blocker):
    """The demo organisation, built once per module and size: 1,000 responses take seconds.

    It is built in a transaction of its own, which every test's transaction nests in, and
    rolled back after the module's last test, so no other module ever sees it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        # Tests with a live server flush the database when they end: load it again if so.
        if not Framework.objects.filter(slug="six-pillars").exists():
            call_command("loaddata", "six_pillars", verbosity=0)
        framework = Framework.objects.get(slug="six-pillars", version=1)
        yield create_demo_organisation("Initech", 4, request.param, framework)
        transaction.set_rollback(True)


@pytest.fixture
def company(built_company, db):
    """Each test its own copy, as Django's setUpTestData gives: what one test caches on the
    campaign (or its organisation and framework) is not there for the next."""
    return copy.deepcopy(built_company)


@pytest.fixture
def company_hr(client, company, hr_admin):
    Membership.objects.create(organisation=company.organisation, user=hr_admin, role=Role.ADMIN)
    client.force_login(hr_admin)
    return client


def test_the_demo_organisation_has_the_teams_and_responses_asked_for(company):
    leaves = company.teams.filter(parent__isnull=False)
    assert leaves.count() == 4
    assert company.teams.count() == 5  # and the one division above them
    members = sum(
        GroupCount.objects.filter(campaign=company, rater_role="team").values_list(
            "responses", flat=True
        )
    )
    assert members == company.responses.filter(rater_role="team").count()
    assert company.responses.filter(rater_role="self").count() == 4
    assert company.invitations.filter(responded=True).count() == company.responses.count()
    assert not company.invitations.exclude(responded=True, mail_state="sent").exists()


def test_bulk_tallies_equal_a_count_of_the_stored_ratings(company):
    for state in ("current", "target"):
        counted = {
            (row["response__team"], row["response__rater_role"], row["statement"], row[state]): row[
                "n"
            ]
            for row in ResponseRating.objects.filter(
                response__campaign=company, **{f"{state}__isnull": False}
            )
            .values("response__team", "response__rater_role", "statement", state)
            .annotate(n=Count("pk"))
        }
        tallied = {
            (team, role, statement, value): count
            for team, role, statement, value, count in RatingTally.objects.filter(
                campaign=company, state=state, count__gt=0
            ).values_list("team", "rater_role", "statement", "value", "count")
        }
        assert tallied == counted


@pytest.mark.parametrize(
    ("model", "key"), [(StatementSum, "statement"), (ComponentSum, "statement__component")]
)
def test_bulk_sums_equal_a_sum_of_the_stored_ratings(company, model, key):
    for state in ("current", "target"):
        summed = {
            (row["response__team"], row["response__rater_role"], row[key]): (row["total"], row["n"])
            for row in ResponseRating.objects.filter(
                response__campaign=company, **{f"{state}__isnull": False}
            )
            .values("response__team", "response__rater_role", key)
            .annotate(total=Sum(state), n=Count("pk"))
        }
        stored = {
            (team, role, pk): (total, ratings)
            for team, role, pk, total, ratings in model.objects.filter(
                campaign=company, state=state, ratings__gt=0
            ).values_list("team", "rater_role", key.split("__")[-1], "total", "ratings")
        }
        assert stored == summed


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_costs_the_same_queries_at_10_and_1000_responses(
    company, company_hr, hr_admin, django_assert_num_queries, file_format
):
    publication = latest_publication(company)
    # the teams the user sees and their places in the campaign's tree, the results, the
    # team names, the comments
    with django_assert_num_queries(17):
        results_file(company, publication, hr_admin, file_format)


@pytest.mark.parametrize(
    "page, queries",
    [
        ("/campaigns/{campaign}/", 9),
        ("/campaigns/{campaign}/teams/{team}/", 23),
        ("/campaigns/{campaign}/organisation/", 20),
        ("/campaigns/{campaign}/exports/", 6),
        ("/campaigns/{campaign}/participants/", 9),
        ("/campaigns/{campaign}/publish/", 23),
        ("/campaigns/{campaign}/reporting-groups/", 19),
        ("/campaigns/{campaign}/close/", 9),
    ],
)
def test_pages_cost_the_same_queries_at_10_and_1000_responses(
    company, company_hr, django_assert_num_queries, page, queries
):
    team = company.teams.filter(parent__isnull=False).first()
    with django_assert_num_queries(queries):
        response = company_hr.get(page.format(campaign=company.pk, team=team.pk))
    assert response.status_code == 200


def test_bulk_person_scores_equal_those_of_the_stored_ratings(company):
    """The demo's people's own component scores, summed in bulk, are those the ratings
    stored for each response give."""
    component_of = dict(
        Statement.objects.filter(component__framework=company.framework).values_list(
            "pk", "component"
        )
    )
    sizes = Counter(component_of.values())
    answers = {}
    for response, team, role, statement, current, target in ResponseRating.objects.filter(
        response__campaign=company
    ).values_list(
        "response", "response__team", "response__rater_role", "statement", "current", "target"
    ):
        answers.setdefault((response, team, role), {})[statement] = (current, target)
    expected = Counter()
    for (_response, team, role), ratings in answers.items():
        for (component, measure), score in person_scores(ratings, component_of, sizes).items():
            expected[team, role, component, measure, "people"] += 1
            expected[team, role, component, measure, "total"] += score
            expected[team, role, component, measure, "squares"] += score * score
    stored = Counter()
    for team, role, component, measure, *sums in ScoreSum.objects.filter(
        campaign=company
    ).values_list("team", "rater_role", "component", "measure", "people", "total", "squares"):
        for name, value in zip(("people", "total", "squares"), sums, strict=True):
            if value:
                stored[team, role, component, measure, name] = value
    assert stored == expected


def test_with_responses_enough_the_demo_shows_every_team(db):
    call_command("loaddata", "six_pillars", verbosity=0)
    framework = Framework.objects.get(slug="six-pillars", version=1)
    campaign = create_demo_organisation("Globex", 10, 50, framework)
    counts = GroupCount.objects.filter(campaign=campaign, rater_role="team")
    assert campaign.minimum_group_size == 5
    assert sorted(counts.values_list("responses", flat=True)) == [5] * 10
