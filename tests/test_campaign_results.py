"""Team results from a campaign's publication: exact scores, roll-ups, small teams."""

from fractions import Fraction

import pytest

from campaigns.publishing import latest_publication, publish
from reports.read import campaign_results
from reports.scoring import BLIND_SPOT
from tests.builders import respond


def published_results(campaign, **options):
    return campaign_results(campaign, latest_publication(campaign), **options)


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
    publish(campaign)
    by_pk = published_results(campaign, distributions=True)
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
    publish(campaign)
    assert published_results(campaign)[teams["support"].pk].distributions == {}


def test_nothing_is_shown_before_results_are_published(campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    results = published_results(campaign, distributions=True)
    assert not any(result.shown for result in results.values())
    assert results[teams["support"].pk].responses == 0


def test_parents_pool_the_teams_below_that_may_be_shown(results):
    # South's 3 are in no figure. Acme now: North 3*2 + 3*4 = 18, Support 18 -> 36 / 12;
    # target: North 3*4 + 3*5 = 27, Support 26 -> 53 / 12.
    assert scores(results["Acme"])[:2] == (3, Fraction(53, 12))
    assert (results["Acme"].responses, results["Acme"].answered) == (12, 15)
    assert (results["Sales"].responses, results["Sales"].left_out) == (6, 3)


def test_a_small_team_shows_nothing_and_hides_nobody_else(results):
    assert {name for name, result in results.items() if result.shown} == {
        "Acme",
        "Sales",
        "North",
        "Support",
    }
    south = results["South"]
    assert (south.report, south.distributions, south.perceptions) == (None, {}, {})
    assert (south.responses, south.answered) == (0, 3)
    # Sales is North alone: the same figures, and nothing of South's.
    assert scores(results["Sales"]) == scores(results["North"])


def test_results_for_one_team(campaign, teams, results):
    only_north = published_results(campaign, only=[teams["north"].pk])
    assert list(only_north) == [teams["north"].pk]
    assert scores(only_north[teams["north"].pk]) == scores(results["North"])


def test_the_leaders_self_view_beside_the_teams(results):
    sales = results["Sales"]
    # Sales team now: three people at 2 and three at 4, mean 3; the leader says 4.
    assert scores(sales)[0] == 3
    assert {key: score.current for key, score in sales.self_scores.items()} == dict.fromkeys(
        sales.self_scores, 4
    )
    assert set(sales.differences.values()) == {1}
    # With an SD of 1.1 among six people, one more of them could say anything from 0 to 6
    # (95%): a leader a point above is no blind spot.
    assert set(sales.perceptions.values()) == {None}


def test_a_leader_outside_what_the_teams_spread_explains_has_a_blind_spot(campaign, teams):
    respond(campaign, teams["support"], 3, 3, 4)
    respond(campaign, teams["support"], 3, 4, 4, start=3)  # mean 3.5, SD 0.55
    respond(campaign, teams["support"], 1, 5, 5, role="self", start=6)
    publish(campaign)
    support = published_results(campaign)[teams["support"].pk]
    # One more rater: 3.5 ± t(5) · 0.548 · √(7/6) = 3.5 ± 1.52; the leader's 5 is 1.5 above.
    assert set(support.perceptions.values()) == {None}
    respond(campaign, teams["support"], 3, 3, 4, start=10)
    respond(campaign, teams["support"], 3, 4, 4, start=13)  # twelve: ± 1.19
    publish(campaign)
    support = published_results(campaign)[teams["support"].pk]
    assert set(support.perceptions.values()) == {BLIND_SPOT}


def test_results_cost_the_same_queries_at_any_size(campaign, teams, django_assert_num_queries):
    respond(campaign, teams["support"], 5, 3, 4)
    respond(campaign, teams["sales"], 1, 4, 5, role="self")
    publication = publish(campaign)
    # reporting groups, tree, cells, people's scores, team sums, organisation sums and
    # scores, components, statements, resources, questions
    with django_assert_num_queries(11):
        campaign_results(campaign, publication)
    respond(campaign, teams["north"], 20, 2, 5)
    publication = publish(campaign)
    with django_assert_num_queries(11):
        campaign_results(campaign, publication)
