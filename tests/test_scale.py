"""Reports read pre-aggregated figures: their cost does not grow with the responses."""

import pytest
from django.db.models import Count, Sum

from assessments.demo_organisation import create_demo_organisation
from assessments.models import (
    ComponentSum,
    GroupCount,
    Membership,
    RatingTally,
    ResponseRating,
    Role,
    StatementSum,
)
from reports.exports import results_file


@pytest.fixture(params=[10, 1000], ids=["10 responses", "1000 responses"])
def company(request, six_pillars):
    return create_demo_organisation("Initech", 4, request.param, six_pillars)


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
    # the teams the user sees, the results, the team names
    with django_assert_num_queries(12):
        results_file(company, hr_admin, file_format)


@pytest.mark.parametrize(
    "page, queries",
    [
        ("/campaigns/{campaign}/", 9),
        ("/campaigns/{campaign}/teams/{team}/", 18),
        ("/campaigns/{campaign}/organisation/", 17),
        ("/campaigns/{campaign}/exports/", 8),
        ("/campaigns/{campaign}/participants/", 8),
    ],
)
def test_pages_cost_the_same_queries_at_10_and_1000_responses(
    company, company_hr, django_assert_num_queries, page, queries
):
    team = company.teams.filter(parent__isnull=False).first()
    with django_assert_num_queries(queries):
        response = company_hr.get(page.format(campaign=company.pk, team=team.pk))
    assert response.status_code == 200
