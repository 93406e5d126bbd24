"""The uncertainty of a group's figures, the tests behind its flags, and whether a measure
holds together: pure functions over plain numbers, the distributions scipy's.

A group's figure comes from its people's scores, kept as n, Σx and Σx² (``Moments``), so
every interval here costs the same at 5 people as at 100,000.
"""

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy import stats

LEVEL = 0.95


@dataclass(frozen=True)
class Moments:
    """n, Σx and Σx² of a group's values: all that its mean, SD and intervals need, and
    they add up across groups."""

    n: int
    total: float
    squares: float

    @classmethod
    def of(cls, values: Sequence[float]) -> "Moments":
        return cls(len(values), sum(values), sum(v * v for v in values))

    def __add__(self, other: "Moments") -> "Moments":
        return Moments(self.n + other.n, self.total + other.total, self.squares + other.squares)

    @property
    def mean(self) -> float | None:
        return self.total / self.n if self.n else None

    @property
    def variance(self) -> float | None:
        """The sample variance (n − 1), or None below two values."""
        if self.n < 2:
            return None
        return max(0.0, (self.squares - self.total * self.total / self.n) / (self.n - 1))

    @property
    def sd(self) -> float | None:
        return None if self.variance is None else math.sqrt(self.variance)


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def within(self, low: float, high: float) -> "Interval":
        """Cut to what the figure can be (a mean of 1-5 ratings is never above 5)."""
        return Interval(max(self.low, low), min(self.high, high))


@functools.lru_cache(maxsize=4096)
def t_quantile(df: float, level: float = LEVEL) -> float:
    """Student's t quantile for a two-sided ``level``: kept, since a report asks for the same
    few degrees of freedom thousands of times (scipy takes tens of microseconds a call)."""
    return float(stats.t.ppf((1 + level) / 2, df))


def mean_interval(moments: Moments, level: float = LEVEL) -> Interval | None:
    """The t-interval of the group's mean; None below two people (nothing to estimate the
    spread from)."""
    if moments.variance is None:
        return None
    half = t_quantile(moments.n - 1, level) * math.sqrt(moments.variance / moments.n)
    return Interval(moments.mean - half, moments.mean + half)


def prediction_half_width(moments: Moments, level: float = LEVEL) -> float | None:
    """How far one more member's score may plausibly lie from the group's mean:
    t · s · √(1 + 1/n)."""
    if moments.variance is None:
        return None
    return t_quantile(moments.n - 1, level) * moments.sd * math.sqrt(1 + 1 / moments.n)


def outside_prediction(value: float, moments: Moments, level: float = LEVEL) -> bool:
    """Whether ``value`` (a leader's own score) lies outside the group's prediction
    interval for one rater: a difference bigger than the group's own spread explains."""
    half = prediction_half_width(moments, level)
    return half is not None and abs(value - moments.mean) > half


@dataclass(frozen=True)
class Welch:
    difference: float  # second - first
    t: float
    df: float
    p: float


def welch(first: Moments, second: Moments) -> Welch | None:
    """Welch's t-test of two groups' means, with Welch–Satterthwaite degrees of freedom;
    None unless each has two people and some spread."""
    if first.variance is None or second.variance is None:
        return None
    a, b = first.variance / first.n, second.variance / second.n
    if a + b == 0:
        return None
    difference = second.mean - first.mean
    t = difference / math.sqrt(a + b)
    df = (a + b) ** 2 / (a * a / (first.n - 1) + b * b / (second.n - 1))
    return Welch(difference, t, df, float(2 * stats.t.sf(abs(t), df)))


def difference_interval(first: Moments, second: Moments, level: float = LEVEL) -> Interval | None:
    """The interval of second − first for two independent groups, with Welch–Satterthwaite
    degrees of freedom (a statement's gap: its target and now ratings are not paired, so
    the interval is, if anything, too wide)."""
    found = welch(first, second)
    if found is None:
        return None
    half = t_quantile(found.df, level) * math.sqrt(
        first.variance / first.n + second.variance / second.n
    )
    return Interval(found.difference - half, found.difference + half)


@dataclass(frozen=True)
class ItemSums:
    """Of the people who rated every item of a scale: how many, the sum of each item's
    ratings, the sum of all their squared ratings and the sum of each person's squared
    total. All Cronbach's α needs, and they add up across groups."""

    n: int = 0
    items: tuple[float, ...] = ()
    item_squares: float = 0
    total_squares: float = 0

    @classmethod
    def of(cls, rows: Sequence[Sequence[float]]) -> "ItemSums":
        return cls(
            len(rows),
            tuple(map(sum, zip(*rows, strict=True))),
            sum(x * x for row in rows for x in row),
            sum(sum(row) ** 2 for row in rows),
        )

    def __add__(self, other: "ItemSums") -> "ItemSums":
        if not self.n:
            return other
        if not other.n:
            return self
        return ItemSums(
            self.n + other.n,
            tuple(a + b for a, b in zip(self.items, other.items, strict=True)),
            self.item_squares + other.item_squares,
            self.total_squares + other.total_squares,
        )


@dataclass(frozen=True)
class Alpha:
    alpha: float
    interval: Interval
    respondents: int


def cronbach_alpha(sums: ItemSums, level: float = LEVEL) -> Alpha | None:
    """Cronbach's α of the people who rated every item, with Feldt's interval; None for
    fewer than two items, three people, or no spread."""
    n, k = sums.n, len(sums.items)
    if k < 2 or n < 3:
        return None
    total = sum(sums.items)
    item_variances = (sums.item_squares - sum(x * x for x in sums.items) / n) / (n - 1)
    total_variance = (sums.total_squares - total * total / n) / (n - 1)
    if total_variance <= 0:
        return None
    alpha = k / (k - 1) * (1 - item_variances / total_variance)
    df1, df2 = n - 1, (n - 1) * (k - 1)
    tail = (1 - level) / 2
    low = 1 - (1 - alpha) * float(stats.f.ppf(1 - tail, df1, df2))
    high = 1 - (1 - alpha) * float(stats.f.ppf(tail, df1, df2))
    return Alpha(alpha, Interval(low, high), n)


@dataclass(frozen=True)
class Icc:
    single: float  # ICC(1): how much one rater's score says about their group
    average: float  # ICC(1,k): how reliable a group's mean is
    groups: int


def icc1(groups: Sequence[Moments]) -> Icc | None:
    """ICC(1) and ICC(1,k) from a one-way analysis of variance of people's scores in
    groups, each group's as its n, Σx and Σx²; see ``icc1_of_sums``."""
    groups = [g for g in groups if g.n]
    return icc1_of_sums(
        len(groups),
        sum(g.n for g in groups),
        sum(g.total for g in groups),
        sum(g.squares for g in groups),
        sum(g.total * g.total / g.n for g in groups),
    )


def icc1_of_sums(
    groups: int, people: int, total: float, squares: float, between: float
) -> Icc | None:
    """ICC(1) and ICC(1,k) from sums that add up across groups: how many groups, their
    people, Σx, Σx² and Σ of each group's (Σx)² / n (k: the groups' mean size, as unequal
    groups need); None for fewer than two groups or no variance between them."""
    within_df = people - groups
    if groups < 2 or within_df < 1:
        return None
    correction = total * total / people
    mean_between = (between - correction) / (groups - 1)
    mean_within = (squares - between) / within_df
    if mean_between <= 0:
        return None
    k = people / groups
    return Icc(
        (mean_between - mean_within) / (mean_between + (k - 1) * mean_within),
        (mean_between - mean_within) / mean_between,
        groups,
    )


def uniform_variance(options: int) -> float:
    """The variance of answers spread evenly over a scale of ``options`` points: what
    agreement is measured against."""
    return (options * options - 1) / 12


def rwg(item: Moments, options: int = 5) -> float | None:
    """Within-group agreement on one item, 1 − s² / σ²(uniform); None below two raters."""
    return None if item.variance is None else 1 - item.variance / uniform_variance(options)


def rwg_j(items: Sequence[Moments], options: int = 5) -> float | None:
    """Within-group agreement on J items, each item's ratings as their n, Σx and Σx²: from
    the items' mean variance. None without an item two people rated."""
    variances = [item.variance for item in items if item.variance is not None]
    if not variances:
        return None
    j = len(variances)
    ratio = sum(variances) / j / uniform_variance(options)
    return j * (1 - ratio) / (j * (1 - ratio) + ratio)
