"""The statistics behind every interval and flag, against published reference values."""

import random
from fractions import Fraction

import pytest

from reports.scoring import perception
from reports.statistics import (
    ItemSums,
    Moments,
    cronbach_alpha,
    difference_interval,
    icc1,
    mean_interval,
    outside_prediction,
    prediction_half_width,
    rwg,
    rwg_j,
    welch,
)

# pingouin's example (datasets/cronbach_alpha.csv): 15 respondents by 10 items.
PINGOUIN = [
    [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
    [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
    [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
    [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
    [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
    [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
    [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
    [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
    [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
    [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
    [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
    [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
    [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
    [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
    [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
]
# Bland & Altman (1997), "Cronbach's alpha", BMJ 314:572: three items, ten respondents.
BLAND_ALTMAN_ITEMS = [
    [1, 5, 2, 3, 4, 2, 3, 4, 3, 2],
    [2, 4, 1, 2, 4, 1, 2, 5, 2, 1],
    [2, 5, 1, 3, 3, 2, 2, 4, 2, 2],
]
# Shrout & Fleiss (1979), table 2: six targets, each rated by four judges.
SHROUT_FLEISS = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
]


def test_cronbach_alpha_and_feldts_interval():
    found = cronbach_alpha(ItemSums.of(PINGOUIN))
    assert round(found.alpha, 6) == 0.591719
    assert (round(found.interval.low, 3), round(found.interval.high, 3)) == (0.195, 0.840)
    # Kept as sums, as the app keeps them: two halves of the people add up to the whole.
    people = list(zip(*BLAND_ALTMAN_ITEMS, strict=True))
    found = cronbach_alpha(ItemSums.of(people[:4]) + ItemSums.of(people[4:]))
    assert round(found.alpha, 6) == 0.929504
    assert (round(found.interval.low, 3), round(found.interval.high, 3)) == (0.794, 0.981)


def test_icc1_of_shrout_and_fleiss():
    found = icc1([Moments.of(row) for row in SHROUT_FLEISS])
    assert (round(found.single, 4), round(found.average, 4)) == (0.1657, 0.4428)


def test_within_group_agreement():
    assert rwg(Moments.of([3, 4, 4, 5, 4])) == pytest.approx(0.75)
    rows = [[3, 4, 4], [4, 4, 3], [4, 5, 4], [5, 4, 4], [4, 3, 4]]
    assert round(rwg_j([Moments.of(item) for item in zip(*rows, strict=True)]), 4) == 0.9231


def test_too_little_to_judge_a_measure_by():
    assert cronbach_alpha(ItemSums.of([[3, 4], [4, 5]])) is None  # two people
    assert cronbach_alpha(ItemSums.of([[3, 3], [3, 3], [3, 3]])) is None  # no spread
    assert icc1([Moments.of([3, 4, 5])]) is None  # one group
    assert rwg_j([Moments.of([4])]) is None  # one rater


def test_a_mean_with_its_t_interval():
    moments = Moments.of([3, 3.5, 2.5, 4, 3])
    assert moments.mean == pytest.approx(3.2)
    interval = mean_interval(moments)
    assert (round(interval.low, 3), round(interval.high, 3)) == (2.492, 3.908)


def test_welchs_test():
    found = welch(Moments.of([3, 3.5, 2.5, 4, 3]), Moments.of([3.5, 4, 3, 4.5, 3.5, 4]))
    assert round(found.difference, 2) == 0.55
    assert (round(found.t, 4), round(found.df, 4), round(found.p, 4)) == (1.6521, 8.3203, 0.1357)


def test_the_interval_of_a_difference_of_independent_means():
    first, second = Moments.of([3, 3.5, 2.5, 4, 3]), Moments.of([3.5, 4, 3, 4.5, 3.5, 4])
    found = difference_interval(first, second)
    # scipy.stats.ttest_ind(second, first, equal_var=False).confidence_interval()
    assert found.low == pytest.approx(-0.212592, abs=1e-6)
    assert found.high == pytest.approx(1.312592, abs=1e-6)


def test_moments_add_up_across_groups():
    assert Moments.of([1, 2]) + Moments.of([3, 4, 5]) == Moments.of([1, 2, 3, 4, 5])


def test_one_person_has_no_interval_and_no_flag():
    one = Moments.of([4])
    assert mean_interval(one) is None and prediction_half_width(one) is None
    assert not outside_prediction(1, one)
    assert welch(one, Moments.of([2, 3])) is None


def test_a_leader_like_a_typical_member_is_not_flagged():
    team = Moments.of([3, 3.5, 2.5, 4, 3])  # mean 3.2, SD 0.57: one more rater ± 1.73
    assert not outside_prediction(4.8, team)
    assert outside_prediction(5.0, team)


def test_a_leader_who_rates_like_a_member_is_flagged_about_one_time_in_twenty():
    """Teams of five and their leader drawn from the same spread, 4,000 times from a fixed
    seed: the blind-spot and hidden-strength rule flags about 5% of them (the fixed 1.0
    cut-off it replaced flagged up to 17%)."""
    rng = random.Random(14)
    flagged = 0
    for _trial in range(4000):
        team = Moments.of([rng.gauss(3.2, 0.9) for _person in range(5)])
        flagged += (
            perception(Fraction(rng.gauss(3.2, 0.9)).limit_denominator(1000), team) is not None
        )
    assert 0.04 <= flagged / 4000 <= 0.06


def test_a_groups_likely_range_holds_its_true_mean_19_times_in_20():
    rng = random.Random(95)
    held = 0
    for _trial in range(4000):
        interval = mean_interval(Moments.of([rng.gauss(3.5, 1.0) for _person in range(6)]))
        held += interval.low <= 3.5 <= interval.high
    assert 0.94 <= held / 4000 <= 0.96
