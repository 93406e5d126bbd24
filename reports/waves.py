"""Change between two measurements, and the trend across several.

A change is shown only where both measurements may be shown: a group held back for
confidentiality in either wave has no change, so nothing can be worked out from one. A
component's change is called one only when it is bigger than the noise: Welch's t-test of
the two waves' people's scores gives p < 0.05, and, as written (one decimal), it is at
least the campaign's practical minimum (0.3 unless set otherwise); otherwise it reads "no
clear change", with the smallest change the two waves could have told from noise.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from campaigns.models import PRACTICAL_CHANGE
from frameworks.scale import CURRENT
from reports.gap import GapReport
from reports.numbers import rounded
from reports.statistics import Moments, t_quantile, welch

SIGNIFICANCE = 0.05


@dataclass(frozen=True)
class Verdict:
    clear: bool  # bigger than the noise, and than the practical minimum
    p: float | None
    detectable: float | None  # the smallest change these two waves could tell from noise


@dataclass(frozen=True)
class Change:
    components: dict[str, Fraction | None]  # component key -> change of the current score
    statements: dict[int, Fraction | None]  # pk of the statement now -> the same
    verdicts: dict[str, Verdict] = field(default_factory=dict)  # component key -> verdict

    @property
    def clear(self) -> dict[str, bool]:
        return {key: verdict.clear for key, verdict in self.verdicts.items()}

    @property
    def detectable(self) -> dict[str, float | None]:
        return {key: verdict.detectable for key, verdict in self.verdicts.items()}


def verdict(
    now: Moments | None, before: Moments | None, practical: Decimal = PRACTICAL_CHANGE
) -> Verdict:
    """Whether a component's change is one, from its people's scores in the two waves: the
    change as written must reach ``practical``, so that "+0.3" never reads "no clear
    change" for being 0.27."""
    if now is None or before is None or now.variance is None or before.variance is None:
        return Verdict(False, None, None)
    big_enough = abs(rounded(now.mean - before.mean)) >= practical
    if now.variance == before.variance == 0:  # everyone agreed, both times: no noise
        return Verdict(big_enough, 0.0 if now.mean != before.mean else 1.0, 0.0)
    test = welch(before, now)
    detectable = t_quantile(test.df) * math.sqrt(before.variance / before.n + now.variance / now.n)
    return Verdict(test.p < SIGNIFICANCE and big_enough, test.p, detectable)


def current_moments(report: GapReport) -> dict[str, Moments]:
    return {
        row.component.key: row.spreads[CURRENT].moments
        for row in report.rows
        if CURRENT in row.spreads
    }


def difference(now: Fraction | None, before: Fraction | None) -> Fraction | None:
    return None if now is None or before is None else now - before


def statement_scores(report: GapReport) -> dict[tuple[str, str], tuple[int, Fraction | None]]:
    return {
        (row.component.key, s.statement.key): (s.statement.pk, s.score.current)
        for row in report.rows
        for s in row.statements
    }


def change(
    now: GapReport | None, before: GapReport | None, practical: Decimal = PRACTICAL_CHANGE
) -> Change | None:
    """How far each component and statement moved today; None when either is held back.

    Components and statements are matched by key, so two versions of a framework compare
    where they share keys."""
    if now is None or before is None:
        return None
    earlier = {row.component.key: row.score.current for row in before.rows}
    earlier_statements = statement_scores(before)
    then, today = current_moments(before), current_moments(now)
    return Change(
        {
            row.component.key: difference(row.score.current, earlier.get(row.component.key))
            for row in now.rows
        },
        {
            pk: difference(score, earlier_statements.get(key, (None, None))[1])
            for key, (pk, score) in statement_scores(now).items()
        },
        {key: verdict(today.get(key), then.get(key), practical) for key in today},
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
