"""Change between two measurements, and the trend across several.

A change is shown only where both measurements may be shown: a group held back for
confidentiality in either wave has no change, so nothing can be worked out from one.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from reports.gap import GapReport


@dataclass(frozen=True)
class Change:
    components: dict[str, Fraction | None]  # component key -> change of the current score
    statements: dict[int, Fraction | None]  # pk of the statement now -> the same


def difference(now: Fraction | None, before: Fraction | None) -> Fraction | None:
    return None if now is None or before is None else now - before


def statement_scores(report: GapReport) -> dict[tuple[str, str], tuple[int, Fraction | None]]:
    return {
        (row.component.key, s.statement.key): (s.statement.pk, s.score.current)
        for row in report.rows
        for s in row.statements
    }


def change(now: GapReport | None, before: GapReport | None) -> Change | None:
    """How far each component and statement moved today; None when either is held back.

    Components and statements are matched by key, so two versions of a framework compare
    where they share keys."""
    if now is None or before is None:
        return None
    earlier = {row.component.key: row.score.current for row in before.rows}
    earlier_statements = statement_scores(before)
    return Change(
        {
            row.component.key: difference(row.score.current, earlier.get(row.component.key))
            for row in now.rows
        },
        {
            pk: difference(score, earlier_statements.get(key, (None, None))[1])
            for key, (pk, score) in statement_scores(now).items()
        },
    )


def trend(reports: Sequence[GapReport | None]) -> dict[str, list[Fraction | None]]:
    """Each component's current score in each measurement (None where held back)."""
    keys = [row.component.key for report in reports if report for row in report.rows]
    series = {key: [] for key in dict.fromkeys(keys)}
    for report in reports:
        scores = {row.component.key: row.score.current for row in report.rows} if report else {}
        for key, values in series.items():
            values.append(scores.get(key))
    return series
