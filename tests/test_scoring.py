"""The arithmetic of a gap report: statement and component scores, gaps and the two rankings.

Everything here is pure (no database): ratings go in as ``RatingCount`` rows, exact
``Fraction`` scores and ranked keys come out.
"""

import random
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.scoring import (
    BLIND_SPOT,
    CURRENT,
    HIDDEN_STRENGTH,
    STATES,
    TARGET,
    RatingCount,
    Score,
    Tally,
    action_areas,
    perception,
    roll_up,
    score_components,
    score_statements,
    strengths,
)
from reports.statistics import Moments


def ratings(statement: int, state: str, *values: int) -> list[RatingCount]:
    """One rater per value: ``ratings(1, CURRENT, 3, 4)`` is two raters saying 3 and 4."""
    return [RatingCount(statement, state, value) for value in values]


def score_of(current: tuple[int, ...] = (), target: tuple[int, ...] = ()) -> Score:
    """The score of a group of ratings, built without going through score_statements."""
    return Score(Tally(sum(current), len(current)), Tally(sum(target), len(target)))


# --- Statement scores -------------------------------------------------------------------


def test_statement_score_is_the_mean_of_its_ratings_per_state():
    counts = ratings(1, CURRENT, 3, 4) + ratings(1, TARGET, 5, 4)

    score = score_statements(counts)[1]

    assert score.current == Fraction(7, 2)  # (3 + 4) / 2
    assert score.target == Fraction(9, 2)  # (5 + 4) / 2
    assert score.gap == 1  # 9/2 - 7/2


def test_not_applicable_statement_has_no_entry_and_does_not_move_the_others():
    # Statement 2 was answered "not applicable" by everyone: it simply has no rows.
    counts = ratings(1, CURRENT, 2, 5) + ratings(3, CURRENT, 4)

    scores = score_statements(counts)

    assert set(scores) == {1, 3}
    assert scores[1].current == Fraction(7, 2)  # (2 + 5) / 2
    assert scores[3].current == 4


def test_not_applicable_by_one_rater_only_averages_over_the_others():
    # Three raters; the third said "not applicable" for current, so only two rows exist.
    counts = ratings(1, CURRENT, 2, 3) + ratings(1, TARGET, 4, 5, 5)

    score = score_statements(counts)[1]

    assert score.current == Fraction(5, 2)  # (2 + 3) / 2, not (2 + 3 + 0) / 3
    assert score.target == Fraction(14, 3)  # (4 + 5 + 5) / 3
    assert score.gap == Fraction(13, 6)  # 14/3 - 5/2 = 28/6 - 15/6


def test_statement_with_only_target_ratings_has_no_current_and_no_gap():
    score = score_statements(ratings(7, TARGET, 5))[7]

    assert score.current is None
    assert score.target == 5
    assert score.gap is None


def test_count_weighs_like_repeated_ratings():
    # Three 4s and one 1: (4 * 3 + 1) / 4 = 13/4.
    weighted = [RatingCount(1, CURRENT, 4, 3), RatingCount(1, CURRENT, 1)]
    repeated = ratings(1, CURRENT, 4, 4, 4, 1)

    assert score_statements(weighted)[1].current == Fraction(13, 4)
    assert score_statements(weighted) == score_statements(repeated)


def test_unknown_state_is_rejected():
    counts = [*ratings(1, CURRENT, 3), RatingCount(1, "ideal", 5)]

    with pytest.raises(ValueError, match="Unknown state 'ideal'"):
        score_statements(counts)


# --- Tally and Score ------------------------------------------------------------------


def test_tallies_add_up_and_give_their_mean():
    combined = Tally(total=7, count=2) + Tally(total=5, count=1)

    assert combined == Tally(total=12, count=3)
    assert combined.mean == 4  # 12 / 3


def test_tally_mean_is_exact():
    assert Tally(total=10, count=3).mean == Fraction(10, 3)


def test_empty_tally_has_no_mean_not_zero():
    assert Tally().mean is None
    assert (Tally() + Tally()).mean is None


def test_scores_add_per_state():
    # Leader: current 3, target 5. Team of two: current 2 and 4, target 4 and 4.
    leader = score_of(current=(3,), target=(5,))
    team = score_of(current=(2, 4), target=(4, 4))

    total = leader + team

    assert total == Score(Tally(9, 3), Tally(13, 3))
    assert total.current == 3  # (3 + 2 + 4) / 3
    assert total.target == Fraction(13, 3)  # (5 + 4 + 4) / 3
    assert total.gap == Fraction(4, 3)  # 13/3 - 9/3


def test_adding_an_empty_score_changes_nothing():
    score = score_of(current=(2, 5), target=(4,))

    assert score + Score() == score
    assert Score() + score == score


# --- Component scores -----------------------------------------------------------------


def test_component_score_pools_the_ratings_of_its_statements():
    # Pooled mean over all ratings, not a mean of statement means:
    # statement 1 current 2, 4 (mean 3); statement 2 current 5 (mean 5).
    # Pooled: (2 + 4 + 5) / 3 = 11/3; the mean of means would have been (3 + 5) / 2 = 4.
    counts = ratings(1, CURRENT, 2, 4) + ratings(2, CURRENT, 5) + ratings(2, TARGET, 5)

    component = score_components(score_statements(counts), {"trust": [1, 2]})["trust"]

    assert component.current == Fraction(11, 3)
    assert component.target == 5
    assert component.gap == Fraction(4, 3)  # 5 - 11/3


def test_for_one_rater_component_score_is_the_mean_of_the_statement_ratings():
    # One leader rates three statements 3, 4, 4 (current) and 5, 5, 4 (target).
    counts = (
        ratings(1, CURRENT, 3)
        + ratings(2, CURRENT, 4)
        + ratings(3, CURRENT, 4)
        + ratings(1, TARGET, 5)
        + ratings(2, TARGET, 5)
        + ratings(3, TARGET, 4)
    )

    component = score_components(score_statements(counts), {"clarity": [1, 2, 3]})["clarity"]

    assert component.current == Fraction(11, 3)  # (3 + 4 + 4) / 3
    assert component.target == Fraction(14, 3)  # (5 + 5 + 4) / 3
    assert component.gap == 1  # 14/3 - 11/3


def test_not_applicable_statement_is_left_out_of_its_component():
    # Statement 2 is "not applicable": the component is the mean of statements 1 and 3 only.
    counts = ratings(1, CURRENT, 2) + ratings(3, CURRENT, 5)

    component = score_components(score_statements(counts), {"voice": [1, 2, 3]})["voice"]

    assert component.current == Fraction(7, 2)  # (2 + 5) / 2, not (2 + 0 + 5) / 3


def test_component_with_only_not_applicable_has_no_score_not_zero():
    counts = ratings(1, CURRENT, 4) + ratings(1, TARGET, 5)

    component = score_components(score_statements(counts), {"growth": [2, 3]})["growth"]

    assert component == Score()
    assert component.current is None
    assert component.target is None
    assert component.gap is None


def test_component_with_only_target_ratings_has_no_current_and_no_gap():
    counts = ratings(4, TARGET, 5, 4)

    component = score_components(score_statements(counts), {"recognition": [4]})["recognition"]

    assert component.current is None
    assert component.target == Fraction(9, 2)  # (5 + 4) / 2
    assert component.gap is None


def test_every_component_gets_an_entry_in_framework_order():
    counts = ratings(1, CURRENT, 4) + ratings(5, CURRENT, 2)
    components = {"purpose": [5], "wellbeing": [3], "autonomy": [1, 2], "belonging": []}

    scores = score_components(score_statements(counts), components)

    assert list(scores) == ["purpose", "wellbeing", "autonomy", "belonging"]
    assert scores["purpose"].current == 2
    assert scores["autonomy"].current == 4
    assert scores["wellbeing"] == Score()
    assert scores["belonging"] == Score()


def test_gap_is_exactly_target_minus_current():
    # Five raters. Current 3, 3, 3, 3, 4 -> 16/5; target 4, 4, 4, 4, 5 -> 21/5.
    counts = ratings(1, CURRENT, 3, 3, 3, 3, 4) + ratings(1, TARGET, 4, 4, 4, 4, 5)

    component = score_components(score_statements(counts), {"fairness": [1]})["fairness"]

    assert component.current == Fraction(16, 5)
    assert component.target == Fraction(21, 5)
    assert component.gap == 1  # 21/5 - 16/5 = 5/5


def test_equal_gaps_tie_exactly_and_the_lower_current_comes_first():
    # "pace": current 4, 4, 4, 3, 3 -> 18/5; target 5, 5, 5, 4, 4 -> 23/5; gap 23/5 - 18/5 = 1.
    # "tools": current 4, target 5; gap 1. A real tie, so the lower current (18/5) comes first.
    # With floats the gap of "pace" would be 4.6 - 3.6 = 0.9999999999999996 and "tools"
    # would wrongly come first (it is also first in the input, so input order would not help).
    assert 23 / 5 - 18 / 5 < 1
    counts = (
        ratings(1, CURRENT, 4)
        + ratings(1, TARGET, 5)
        + ratings(2, CURRENT, 4, 4, 4, 3, 3)
        + ratings(2, TARGET, 5, 5, 5, 4, 4)
    )

    scores = score_components(score_statements(counts), {"tools": [1], "pace": [2]})

    assert scores["pace"].gap == scores["tools"].gap == 1
    assert action_areas(scores, limit=2) == ["pace", "tools"]


# --- Strengths --------------------------------------------------------------------------


def test_strengths_put_the_highest_current_score_first():
    scores = {
        "autonomy": score_of(current=(3,), target=(5,)),
        "purpose": score_of(current=(5,), target=(5,)),
        "belonging": score_of(current=(4, 5), target=(5,)),  # current 9/2
    }

    assert strengths(scores, limit=3) == ["purpose", "belonging", "autonomy"]


def test_strengths_tied_on_current_put_the_smaller_gap_first():
    # All current 4; gaps 1, 0 and -1 (target below current).
    scores = {
        "gap_one": score_of(current=(4,), target=(5,)),
        "gap_zero": score_of(current=(4,), target=(4,)),
        "gap_minus_one": score_of(current=(4,), target=(3,)),
    }

    assert strengths(scores, limit=3) == ["gap_minus_one", "gap_zero", "gap_one"]


def test_strength_without_target_comes_after_its_ties_but_before_lower_scores():
    scores = {
        "no_target": score_of(current=(4,)),
        "lower": score_of(current=(3,), target=(3,)),  # gap 0, but a lower current
        "gap_one": score_of(current=(4,), target=(5,)),
    }

    assert strengths(scores, limit=3) == ["gap_one", "no_target", "lower"]


def test_strengths_leave_out_components_without_a_current_score():
    scores = {
        "unrated": Score(),
        "target_only": score_of(target=(5,)),
        "rated": score_of(current=(2,), target=(5,)),
    }

    assert strengths(scores, limit=3) == ["rated"]


def test_strengths_respect_the_limit():
    # Current 1, 2, 3, 4, 5 in that input order; the best two are 5 and 4.
    scores = {f"c{value}": score_of(current=(value,), target=(5,)) for value in range(1, 6)}

    assert strengths(scores, limit=2) == ["c5", "c4"]
    assert strengths(scores, limit=0) == []


def test_strengths_with_full_ties_keep_framework_order():
    # Same current (4) and gap (1) everywhere; two without a target, also tied with each other.
    scores = {
        "voice": score_of(current=(4,), target=(5,)),
        "no_target_b": score_of(current=(4,)),
        "clarity": score_of(current=(4,), target=(5,)),
        "no_target_a": score_of(current=(4,)),
        "trust": score_of(current=(4,), target=(5,)),
    }

    assert strengths(scores, limit=5) == [
        "voice",
        "clarity",
        "trust",
        "no_target_b",
        "no_target_a",
    ]


# --- Action areas -----------------------------------------------------------------------


def test_action_areas_put_the_largest_gap_first():
    scores = {
        "gap_one": score_of(current=(4,), target=(5,)),
        "gap_three": score_of(current=(2,), target=(5,)),
        "gap_three_halves": score_of(current=(3, 4), target=(5,)),  # 5 - 7/2 = 3/2
    }

    assert action_areas(scores, limit=3) == ["gap_three", "gap_three_halves", "gap_one"]


def test_action_areas_tied_on_gap_put_the_lower_current_first():
    # Both gaps are 1; current 3 and 2.
    scores = {
        "current_three": score_of(current=(3,), target=(4,)),
        "current_two": score_of(current=(2,), target=(3,)),
    }

    assert action_areas(scores, limit=2) == ["current_two", "current_three"]


def test_action_areas_leave_out_zero_negative_and_missing_gaps():
    scores = {
        "zero": score_of(current=(4,), target=(4,)),
        "negative": score_of(current=(5,), target=(4,)),
        "no_target": score_of(current=(2,)),
        "no_current": score_of(target=(5,)),
        "unrated": Score(),
        "positive": score_of(current=(4, 4, 5), target=(5,)),  # 5 - 13/3 = 2/3
    }

    assert action_areas(scores, limit=6) == ["positive"]


def test_action_areas_respect_the_limit():
    # Gaps 4, 3, 2, 1 (current 1..4, target 5); the two largest are current 1 and 2.
    scores = {f"c{value}": score_of(current=(value,), target=(5,)) for value in range(1, 5)}

    assert action_areas(scores, limit=2) == ["c1", "c2"]
    assert action_areas(scores, limit=0) == []


def test_action_areas_with_full_ties_keep_framework_order():
    scores = {name: score_of(current=(3,), target=(5,)) for name in ["voice", "clarity", "trust"]}

    assert action_areas(scores, limit=3) == ["voice", "clarity", "trust"]


# --- Properties ------------------------------------------------------------------------

# Modest and without an example database, so the file stays fast and writes nothing.
PROPERTIES = settings(max_examples=200, deadline=None, database=None)

rating_counts = st.lists(
    st.builds(
        RatingCount,
        statement=st.integers(1, 6),
        state=st.sampled_from(STATES),
        value=st.integers(1, 5),
        count=st.integers(1, 4),
    ),
    max_size=30,
)

# Components as the framework defines them: an ordered mapping to (possibly empty) lists
# of statement ids, which may leave some statements out.
component_maps = st.lists(
    st.lists(st.integers(1, 6), unique=True, max_size=6), min_size=1, max_size=5
).map(lambda groups: {f"component{index}": ids for index, ids in enumerate(groups)})


@PROPERTIES
@given(rating_counts)
def test_every_statement_score_lies_on_the_rating_scale(counts):
    for score in score_statements(counts).values():
        for mean in (score.current, score.target):
            assert mean is None or 1 <= mean <= 5


@PROPERTIES
@given(rating_counts, component_maps)
def test_component_current_lies_between_its_statements_current_scores(counts, components):
    statement_scores = score_statements(counts)

    for name, component in score_components(statement_scores, components).items():
        currents = [
            statement_scores[pk].current
            for pk in components[name]
            if pk in statement_scores and statement_scores[pk].current is not None
        ]
        if currents:
            assert min(currents) <= component.current <= max(currents)
        else:
            assert component.current is None


@PROPERTIES
@given(st.lists(st.tuples(rating_counts, st.booleans()), max_size=4), component_maps)
def test_scores_of_two_groups_add_up_to_the_score_of_everyone(tagged, components):
    # Split every rater's rows into group one or group two, as teams roll up into a campaign.
    counts = [count for rows, _ in tagged for count in rows]
    first = [count for rows, in_first in tagged if in_first for count in rows]
    second = [count for rows, in_first in tagged if not in_first for count in rows]

    together = score_statements(counts)
    first_scores, second_scores = score_statements(first), score_statements(second)

    assert set(together) == set(first_scores) | set(second_scores)
    for pk, score in together.items():
        assert first_scores.get(pk, Score()) + second_scores.get(pk, Score()) == score

    first_components = score_components(first_scores, components)
    second_components = score_components(second_scores, components)
    assert score_components(together, components) == {
        name: first_components[name] + second_components[name] for name in components
    }


@PROPERTIES
@given(rating_counts, component_maps, st.integers(0, 6))
def test_rankings_return_only_eligible_items_in_order(counts, components, limit):
    scores = score_components(score_statements(counts), components)

    best = strengths(scores, limit)
    assert len(best) <= limit
    assert len(best) == min(limit, sum(s.current is not None for s in scores.values()))
    assert all(scores[name].current is not None for name in best)
    currents = [scores[name].current for name in best]
    assert currents == sorted(currents, reverse=True)

    worst = action_areas(scores, limit)
    assert len(worst) <= limit
    assert all(scores[name].gap is not None and scores[name].gap > 0 for name in worst)
    gaps = [scores[name].gap for name in worst]
    assert gaps == sorted(gaps, reverse=True)


@PROPERTIES
@given(st.data(), rating_counts, component_maps)
def test_results_do_not_depend_on_the_order_of_the_ratings(data, counts, components):
    shuffled = data.draw(st.permutations(counts))

    statement_scores = score_statements(counts)
    assert score_statements(shuffled) == statement_scores

    scores = score_components(statement_scores, components)
    shuffled_scores = score_components(score_statements(shuffled), components)
    assert shuffled_scores == scores
    assert strengths(shuffled_scores, 3) == strengths(scores, 3)
    assert action_areas(shuffled_scores, 3) == action_areas(scores, 3)


def test_a_blind_spot_is_outside_the_teams_prediction_interval_for_one_rater():
    team = Moments.of([3, 3.5, 2.5, 4, 3])  # mean 3.2, SD 0.570: one more rater ± 1.734
    assert perception(Fraction(49, 10), team) is None  # 1.7 above: a member might say so
    assert perception(Fraction(5), team) == BLIND_SPOT  # 1.8 above
    assert perception(Fraction(1, 1), team) == HIDDEN_STRENGTH  # 2.2 below
    assert perception(Fraction(3, 2), team) is None  # 1.7 below
    agreeing = Moments.of([3, 3, 3, 3, 3])  # no spread: any difference is one
    assert perception(Fraction(31, 10), agreeing) == BLIND_SPOT
    assert perception(None, team) is None
    assert perception(Fraction(5), Moments.of([3])) is None  # one person: nothing to judge by


def test_a_leader_rating_like_a_typical_member_is_flagged_about_one_time_in_twenty():
    """Under noise alone (a leader drawn from the same normal spread as their team of five),
    the rule flags about 5% of leaders, as a 95% interval should; the old one-point rule
    flagged 3-17% at typical spreads. 4,000 draws from a fixed seed: the same every run."""
    rng = random.Random(2026)
    trials = 4000
    flagged = 0
    for _trial in range(trials):
        team = [rng.gauss(3, 0.9) for _person in range(5)]
        flagged += perception(Fraction(rng.gauss(3, 0.9)), Moments.of(team)) is not None
    assert 0.04 < flagged / trials < 0.06


def test_roll_up_pools_every_group_below():
    # org > sales > north; north rated statement 1 as 2 and 4, sales' own people 3.
    north = score_statements([RatingCount(1, "current", 2), RatingCount(1, "current", 4)])
    sales = score_statements([RatingCount(1, "current", 3)])
    rolled = roll_up(
        {"org": Score(), "sales": sales[1], "north": north[1]},
        {"org": None, "sales": "org", "north": "sales"},
    )
    assert rolled["north"].current_tally == Tally(6, 2)
    assert rolled["sales"].current_tally == Tally(9, 3)
    assert rolled["org"].current_tally == Tally(9, 3)
