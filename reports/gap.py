"""Assemble a gap report from a framework's components and rating counts.

No queries happen here: components come with their statements, resources and reflection
questions prefetched, and the arithmetic is delegated to ``reports.scoring``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from frameworks.models import Component, ReflectionKind, ReflectionQuestion, Resource, Statement
from reports.scoring import RatingCount, Score, action_areas, score_components, score_statements
from reports.scoring import strengths as rank_strengths

# How many components to name as strengths and as action areas, and how many of their
# statements to show with each: enough to act on, few enough to remember.
HIGHLIGHTED_COMPONENTS = 2
HIGHLIGHTED_STATEMENTS = 3
SUMMARY_GAPS = 3


@dataclass(frozen=True)
class StatementRow:
    statement: Statement
    score: Score


@dataclass(frozen=True)
class ComponentRow:
    component: Component
    score: Score
    statements: list[StatementRow]
    resources: list[Resource]
    questions: list[ReflectionQuestion]


@dataclass(frozen=True)
class Highlight:
    """A strength or an action area: a component and the statements that explain it."""

    row: ComponentRow
    statements: list[StatementRow]


@dataclass(frozen=True)
class GapReport:
    rows: list[ComponentRow]
    strengths: list[Highlight]
    action_areas: list[Highlight]

    @property
    def has_scores(self) -> bool:
        return any(row.score.current is not None for row in self.rows)

    def largest_gaps(self, limit: int = SUMMARY_GAPS) -> list[ComponentRow]:
        """For the executive summary: the components furthest from their target."""
        by_key = {row.component.key: row for row in self.rows}
        scores = {key: row.score for key, row in by_key.items()}
        return [by_key[key] for key in action_areas(scores, limit)]


def question_order(question: ReflectionQuestion) -> int:
    """The seed's order: strengths, then areas for action, then resources."""
    return ReflectionKind.values.index(question.kind)


def build_gap_report(components: Sequence[Component], counts: Iterable[RatingCount]) -> GapReport:
    statement_scores = score_statements(counts)
    statements = {c.key: list(c.statements.all()) for c in components}
    component_scores = score_components(
        statement_scores, {key: [s.pk for s in items] for key, items in statements.items()}
    )
    rows = {
        c.key: ComponentRow(
            component=c,
            score=component_scores[c.key],
            statements=[
                StatementRow(s, statement_scores.get(s.pk, Score())) for s in statements[c.key]
            ],
            resources=list(c.resources.all()),
            questions=sorted(c.reflection_questions.all(), key=question_order),
        )
        for c in components
    }

    def highlight(key, rank) -> Highlight:
        row = rows[key]
        by_pk = {s.statement.pk: s for s in row.statements}
        chosen = rank({pk: s.score for pk, s in by_pk.items()}, HIGHLIGHTED_STATEMENTS)
        return Highlight(row, [by_pk[pk] for pk in chosen])

    return GapReport(
        rows=list(rows.values()),
        strengths=[
            highlight(key, rank_strengths)
            for key in rank_strengths(component_scores, HIGHLIGHTED_COMPONENTS)
        ],
        action_areas=[
            highlight(key, action_areas)
            for key in action_areas(component_scores, HIGHLIGHTED_COMPONENTS)
        ],
    )
