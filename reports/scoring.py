"""The arithmetic of a gap report, as pure functions over plain data.

Ratings arrive as counts ("statement 12 was rated 4 for current state 3 times"), which is
what one leader's answers and a team's pre-aggregated figures both reduce to. Means are
kept as exact fractions so that ties are real ties; rounding happens only for display.

- A statement's or component's score for a state is the mean of its ratings;
  "not applicable" is not a rating. No rating, no score (None, never zero).
- Gap = target score - current score, when both exist.
- Strengths: highest current score first; ties, smaller gap first.
- Action areas: largest positive gap first; ties, lower current score first.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import NamedTuple, TypeVar

from frameworks.scale import CURRENT, GAP, PERSON_SCALE, STATES, TARGET
from reports.statistics import Moments, outside_prediction

Key = TypeVar("Key", bound=Hashable)
Addable = TypeVar("Addable")


class RatingCount(NamedTuple):
    statement: int
    state: str
    value: int
    count: int = 1


@dataclass(frozen=True)
class Tally:
    """Sum and number of ratings: enough for a mean, and tallies add up across groups."""

    total: int = 0
    count: int = 0

    def __add__(self, other: "Tally") -> "Tally":
        return Tally(self.total + other.total, self.count + other.count)

    @cached_property  # reports sort and compare scores many times over
    def mean(self) -> Fraction | None:
        return Fraction(self.total, self.count) if self.count else None


@dataclass(frozen=True)
class Spread:
    """People's own scores of a component in one measure: how many people, Σ and Σ² of
    their scores times PERSON_SCALE. Exact, and they add up across groups."""

    people: int = 0
    total: int = 0
    squares: int = 0

    def __add__(self, other: "Spread") -> "Spread":
        return Spread(
            self.people + other.people, self.total + other.total, self.squares + other.squares
        )

    @property
    def tally(self) -> Tally:
        """As a tally whose mean is the people's mean score."""
        return Tally(self.total, self.people * PERSON_SCALE)

    @property
    def moments(self) -> Moments:
        return Moments(self.people, self.total / PERSON_SCALE, self.squares / PERSON_SCALE**2)


@dataclass(frozen=True)
class Score:
    current_tally: Tally = field(default_factory=Tally)
    target_tally: Tally = field(default_factory=Tally)
    # For a group scored person by person: the mean of each person's own gap, which need
    # not be the difference of the means (not everyone has both).
    gap_tally: Tally | None = None

    def __add__(self, other: "Score") -> "Score":
        return Score(
            self.current_tally + other.current_tally, self.target_tally + other.target_tally
        )

    @classmethod
    def of_people(cls, spreads: Mapping[str, "Spread"]) -> "Score":
        """A component's score from its people's own scores, by measure."""
        return cls(
            spreads.get(CURRENT, Spread()).tally,
            spreads.get(TARGET, Spread()).tally,
            spreads.get(GAP, Spread()).tally,
        )

    @property
    def current(self) -> Fraction | None:
        return self.current_tally.mean

    @property
    def target(self) -> Fraction | None:
        return self.target_tally.mean

    @cached_property
    def gap(self) -> Fraction | None:
        """target − current, as one fraction (an organisation report works out thousands)."""
        if self.gap_tally is not None:
            return self.gap_tally.mean
        target, current = self.target_tally, self.current_tally
        if not (target.count and current.count):
            return None
        return Fraction(
            target.total * current.count - current.total * target.count,
            target.count * current.count,
        )


def score_statements(counts: Iterable[RatingCount]) -> dict[int, Score]:
    """Score every statement that has at least one rating."""
    tallies: dict[tuple[int, str], Tally] = {}
    for statement, state, value, count in counts:
        if state not in STATES:
            raise ValueError(f"Unknown state {state!r}")
        key = (statement, state)
        tallies[key] = tallies.get(key, Tally()) + Tally(value * count, count)
    return score_tallies(tallies)


def score_tallies(tallies: Mapping[tuple[int, str], Tally]) -> dict[int, Score]:
    """Score every statement from its tallies per state (sums and numbers of ratings)."""
    statements = {statement for statement, _ in tallies}
    return {
        statement: Score(
            tallies.get((statement, CURRENT), Tally()), tallies.get((statement, TARGET), Tally())
        )
        for statement in statements
    }


def score_components(
    statement_scores: Mapping[int, Score], components: Mapping[Key, Sequence[int]]
) -> dict[Key, Score]:
    """Pool the ratings of each component's statements; every component gets an entry."""
    pooled = {}
    for component, statement_ids in components.items():
        scores = [statement_scores[pk] for pk in statement_ids if pk in statement_scores]
        pooled[component] = Score(
            Tally(
                sum(s.current_tally.total for s in scores),
                sum(s.current_tally.count for s in scores),
            ),
            Tally(
                sum(s.target_tally.total for s in scores),
                sum(s.target_tally.count for s in scores),
            ),
        )
    return pooled


def strengths(scores: Mapping[Key, Score], limit: int) -> list[Key]:
    """The items with the highest current score; ties go to the smaller gap.

    An item with no target (so no gap) comes after its ties; remaining ties keep the
    input order, which is the framework's order.
    """
    rated = [key for key, score in scores.items() if score.current is not None]

    def rank(key):
        score = scores[key]
        return (-score.current, score.gap is None, score.gap or 0)

    return sorted(rated, key=rank)[:limit]


def action_areas(scores: Mapping[Key, Score], limit: int) -> list[Key]:
    """The items with the largest positive gap; ties go to the lower current score."""
    with_gap = [key for key, score in scores.items() if score.gap is not None and score.gap > 0]
    return sorted(with_gap, key=lambda key: (-scores[key].gap, scores[key].current))[:limit]


BLIND_SPOT = "blind_spot"
HIDDEN_STRENGTH = "hidden_strength"


def perception(leader: Fraction | None, team: Moments | None) -> str | None:
    """Compare a leader's view of now with their team's people's own scores.

    A blind spot: the leader rates the present further above the team's mean than one more
    member of the team plausibly would, outside the team's 95% prediction interval for one
    rater (|leader − mean| > t · s · √(1 + 1/n)); a hidden strength: as far below. Below two
    people there is no spread to judge by, so no flag."""
    if leader is None or team is None or team.n < 2:
        return None
    if not outside_prediction(float(leader), team):
        return None
    return BLIND_SPOT if leader > team.mean else HIDDEN_STRENGTH


def roll_up(values: Mapping[Key, Addable], parents: Mapping[Key, Key | None]) -> dict[Key, Addable]:
    """Each group's value plus the values of every group below it.

    ``values`` has an entry for every group in ``parents`` (its own respondents only);
    anything that adds up works: tallies, scores, counters of ratings.
    """
    total = dict(values)
    for key in parents:
        parent = parents[key]
        while parent is not None:
            total[parent] = total[parent] + values[key]
            parent = parents[parent]
    return total
