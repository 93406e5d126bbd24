"""Team results from a campaign's tallies: exact scores, roll-ups and suppression."""

from fractions import Fraction

import pytest

from reports.read import campaign_results
from reports.scoring import BLIND_SPOT
from tests.builders import respond


@pytest.fixture
def results(campaign, teams):
    # Acme > Sales > (North, South), and Acme > Support. Every statement gets the same
    # rating from a respondent, so each component's score equals each statement's.
    respond(campaign, teams["north"], 3, 2, 4)
    respond(campaign, teams["north"], 3, 4, 5, start=3)  # North: 6 respondents
    respond(campaign, teams["south"], 3, 3, 3)  # South: 3, below the minimum of 5
    respond(campaign, teams["support"], 4, 2, 4)
    respond(campaign, teams["support"], 2, 5, 5, start=4)  # Support: 6
    respond(campaign, teams["sales"], 1, 4, 5, role="self")  # the Sales leader
    by_pk = campaign_results(campaign, distributions=True)
    return {team.name: by_pk[team.pk] for team in teams.values()}


def scores(result):
    row = result.report.rows[0]
    return row.score.current, row.score.target, row.score.gap


def test_a_teams_scores_are_exact(results):
    # Support now: (4*2 + 2*5) / 6 = 3; target: (4*4 + 2*5) / 6 = 26/6 = 13/3.
    assert scores(results["Support"]) == (3, Fraction(13, 3), Fraction(4, 3))
    assert results["Support"].responses == 6
    distributions = results["Support"].distributions
    assert len(distributions) == 52
    assert {d.counts for d in distributions.values()} == {(0, 4, 0, 0, 2)}
    assert {d.top_share for d in distributions.values()} == {Fraction(2, 6)}


def test_distributions_are_read_only_when_asked_for(campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    assert campaign_results(campaign)[teams["support"].pk].distributions == {}


def test_parents_pool_everyone_below(results):
    # Acme now: North 3*2 + 3*4 = 18, South 9, Support 18 -> 45 / 15 = 3.
    # Acme target: North 3*4 + 3*5 = 27, South 9, Support 26 -> 62 / 15.
    assert scores(results["Acme"])[:2] == (3, Fraction(62, 15))
    assert results["Acme"].responses == 15
    assert results["Sales"].responses == 9


def test_a_small_team_and_its_complement_show_no_score(results):
    # South (3) is below the minimum. Sales (9) is shown, so North (6) would give South
    # away as Sales minus North: North is held back too.
    assert {name for name, result in results.items() if result.shown} == {
        "Acme",
        "Sales",
        "Support",
    }
    for hidden in ("South", "North"):
        assert results[hidden].report is None
        assert results[hidden].distributions == {}
        assert results[hidden].perceptions == {}


def test_results_for_one_team_still_suppress_by_the_whole_tree(campaign, teams, results):
    only_north = campaign_results(campaign, only=[teams["north"].pk])
    assert list(only_north) == [teams["north"].pk]
    assert only_north[teams["north"].pk].report is None  # held back as South's complement


def test_the_leaders_self_view_beside_the_teams(results):
    sales = results["Sales"]
    # Sales team now: (18 + 9) / 9 = 3; the leader says 4: a blind spot everywhere.
    assert scores(sales)[0] == 3
    assert {key: score.current for key, score in sales.self_scores.items()} == dict.fromkeys(
        sales.self_scores, 4
    )
    assert set(sales.perceptions.values()) == {BLIND_SPOT}


def test_results_cost_the_same_queries_at_any_size(campaign, teams, django_assert_num_queries):
    respond(campaign, teams["support"], 5, 3, 4)
    # teams, group counts, leaders' component sums, team sums, organisation sums,
    # components, statements, resources, questions
    with django_assert_num_queries(9):
        campaign_results(campaign)
    respond(campaign, teams["north"], 20, 2, 5)
    with django_assert_num_queries(9):
        campaign_results(campaign)
