"""Assemble a gap report from a framework's components and rating counts.

No queries happen here: components come with their statements, resources and reflection
questions prefetched, and the arithmetic is delegated to ``reports.scoring``.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from frameworks.models import Component, ReflectionKind, ReflectionQuestion, Resource, Statement
from frameworks.scale import CURRENT, GAP, SCALE_MAX, SCALE_MIN, TARGET
from reports.scoring import (
    RatingCount,
    Score,
    Spread,
    action_areas,
    score_components,
    score_statements,
)
from reports.scoring import strengths as rank_strengths
from reports.statistics import Interval, mean_interval

# How many components to name as strengths and as action areas, and how many of their
# statements to show with each: enough to act on, few enough to remember.
# A group's score whose 95% interval reaches further than this either side is imprecise.
IMPRECISE = 0.5
HIGHLIGHTED_COMPONENTS = 2
HIGHLIGHTED_STATEMENTS = 3
SUMMARY_GAPS = 3


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    score: Score


@dataclass(frozen=True)
class ComponentRow:
    """A component's score; its statements, resources and questions are read from the
    prefetched component when a page shows them (an organisation report shows them for
    the whole organisation only, not for each of its teams)."""

    component: Component
    score: Score
    statement_scores: Mapping[int, Score]
    # A group's people's own scores, by measure (current, target, gap): their n and spread.
    spreads: Mapping[str, Spread] = field(default_factory=dict)

    def interval(self, measure: str) -> Interval | None:
        """The 95% interval of the group's mean in ``measure``; None for one person."""
        spread = self.spreads.get(measure)
        return None if spread is None else mean_interval(spread.moments)

    @property
    def people(self) -> int:
        return self.spreads[CURRENT].people if CURRENT in self.spreads else 0

    @cached_property
    def current_interval(self) -> Interval | None:
        """The 95% interval of the current score, within the scale."""
        found = self.interval(CURRENT)
        return None if found is None else found.within(SCALE_MIN, SCALE_MAX)

    @cached_property
    def target_interval(self) -> Interval | None:
        found = self.interval(TARGET)
        return None if found is None else found.within(SCALE_MIN, SCALE_MAX)

    @cached_property
    def gap_interval(self) -> Interval | None:
        """The paired 95% interval of the gap: of each person's own target − now."""
        found = self.interval(GAP)
        return None if found is None else found.within(SCALE_MIN - SCALE_MAX, SCALE_MAX - SCALE_MIN)

    @property
    def imprecise(self) -> bool:
        """Whether the current score's 95% interval reaches more than IMPRECISE either side."""
        found = self.interval(CURRENT)
        return found is not None and found.half_width > IMPRECISE

    @cached_property
    def statements(self) -> list[StatementRow]:
        scores = self.statement_scores
        return [
            StatementRow(s, scores.get(s.pk, NO_SCORE)) for s in self.component.statements.all()
        ]

    @cached_property
    def resources(self) -> list[Resource]:
        return list(self.component.resources.all())

    @cached_property
    def questions(self) -> list[ReflectionQuestion]:
        return sorted(self.component.reflection_questions.all(), key=question_order)


@dataclass(frozen=True)
class Highlight:
    """A strength or an action area: a component and the statements that explain it."""

    row: ComponentRow
    statements: list[StatementRow]
    # The next component in the ranking, where the two cannot be told apart: their likely
    # ranges overlap, so the order between them may be noise.
    level_with: "ComponentRow | None" = None


def overlap(first: Interval | None, second: Interval | None) -> bool:
    return (
        first is not None
        and second is not None
        and first.low <= second.high
        and second.low <= first.high
    )


@dataclass(frozen=True)
class GapReport:
    """Every component's row; the strengths and action areas are worked out when read (an
    organisation report reads them for the whole organisation only, not for each team)."""

    rows: list[ComponentRow]

    @cached_property
    def strengths(self) -> list[Highlight]:
        return self.highlights(rank_strengths, CURRENT)

    @cached_property
    def action_areas(self) -> list[Highlight]:
        return self.highlights(action_areas, GAP)

    def highlights(self, rank, measure: str) -> list[Highlight]:
        """The components ranked first, each with the next one where a group's likely
        ranges (in ``measure``) cannot tell the two apart."""
        by_key = {row.component.key: row for row in self.rows}
        ranked = rank({key: row.score for key, row in by_key.items()}, len(self.rows))
        found = []
        for place, key in enumerate(ranked[:HIGHLIGHTED_COMPONENTS]):
            row, level = by_key[key], None
            if place + 1 < len(ranked):
                following = by_key[ranked[place + 1]]
                if overlap(row.interval(measure), following.interval(measure)):
                    level = following
            found.append(replace(highlight(row, rank), level_with=level))
        return found

    @property
    def has_scores(self) -> bool:
        return any(row.score.current is not None for row in self.rows)

    def largest_gaps(self, limit: int = SUMMARY_GAPS) -> list[ComponentRow]:
        """For the executive summary: the components furthest from their target."""
        by_key = {row.component.key: row for row in self.rows}
        scores = {key: row.score for key, row in by_key.items()}
        return [by_key[key] for key in action_areas(scores, limit)]


def highlight(row: ComponentRow, rank) -> Highlight:
    """A component and the statements that explain its place: best-rated, or largest gap."""
    by_pk = {s.statement.pk: s for s in row.statements}
    chosen = rank({pk: s.score for pk, s in by_pk.items()}, HIGHLIGHTED_STATEMENTS)
    return Highlight(row, [by_pk[pk] for pk in chosen])


QUESTION_ORDER = {kind: number for number, kind in enumerate(ReflectionKind.values)}
NO_SCORE = Score()


def question_order(question: ReflectionQuestion) -> int:
    """The seed's order: strengths, then areas for action, then resources."""
    return QUESTION_ORDER[question.kind]


def build_gap_report(components: Sequence[Component], counts: Iterable[RatingCount]) -> GapReport:
    return gap_report(components, score_statements(counts))


def component_report(
    components: Sequence[Component], people: Mapping[str, Mapping[str, Spread]]
) -> GapReport:
    """A report by component only, from the people's own scores per component key and
    measure: what an organisation report shows of each of its teams."""
    return GapReport(
        [
            ComponentRow(c, Score.of_people(people.get(c.key, {})), {}, people.get(c.key, {}))
            for c in components
        ]
    )


def gap_report(
    components: Sequence[Component],
    statement_scores: dict[int, Score],
    people: Mapping[str, Mapping[str, Spread]] | None = None,
) -> GapReport:
    """The report of scored statements; ``components`` come with their parts prefetched.

    A group's components are scored from its ``people``'s own scores (per component key and
    measure); one person's (a self-assessment), from their ratings of the statements."""
    if people is None:
        component_scores = score_components(
            statement_scores, {c.key: [s.pk for s in c.statements.all()] for c in components}
        )
        return GapReport(
            [ComponentRow(c, component_scores[c.key], statement_scores) for c in components]
        )
    return GapReport(
        [
            ComponentRow(
                c, Score.of_people(people.get(c.key, {})), statement_scores, people.get(c.key, {})
            )
            for c in components
        ]
    )
