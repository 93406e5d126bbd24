"""Display of scores: one decimal in the reader's locale, a dash where there is no score."""

from fractions import Fraction

from django import template
from django.utils.formats import get_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reports.numbers import one_decimal
from reports.numbers import percent as whole_percent

register = template.Library()

NO_SCORE = "—"


@register.filter
def score(value: Fraction | None, separator: str | None = None) -> str:
    return NO_SCORE if value is None else one_decimal(value, separator)


@register.filter
def gap(value: Fraction | None, separator: str | None = None) -> str:
    """A signed figure (a gap, a change): "+1.3", "-0.4", and "0.0" where it rounds to
    nothing, whichever side of zero it was."""
    if value is None:
        return NO_SCORE
    text = one_decimal(value, separator)
    if not text.strip("-0.,"):  # rounds to nothing: "0.0", whichever side of zero
        return text.lstrip("-")
    return text if text.startswith("-") else f"+{text}"


@register.simple_tag
def score_cells(report) -> str:
    """A team's cells in a table of teams by component: the current score and its likely
    range, then the gap and its own. One tag rather than a loop in the template: the
    organisation report's table has thousands of cells."""
    separator = get_format("DECIMAL_SEPARATOR")
    # Digits, signs, dashes and the locale's separator: nothing to escape.
    return mark_safe(
        "".join(
            f'<td class="text-end score-cell">{score(row.score.current, separator)}<br>'
            f'<span class="small text-body-secondary text-nowrap likely-range">'
            f"{interval(row.current_interval, separator)}</span><br>"
            f'<span class="small fw-semibold">{gap(row.score.gap, separator)}</span><br>'
            f'<span class="small text-body-secondary text-nowrap likely-range">'
            f"{gap_interval(row.gap_interval, separator)}</span></td>"
            for row in report.rows
        )
    )


@register.filter
def interval(value, separator: str | None = None) -> str:
    """A 95% interval as "2.4–3.6", or a dash where there is none (one person)."""
    if value is None:
        return NO_SCORE
    return f"{one_decimal(value.low, separator)}–{one_decimal(value.high, separator)}"


@register.filter
def gap_interval(value, separator: str | None = None) -> str:
    """A gap's 95% interval as "+0.2 to +1.4", signed like the gap."""
    if value is None:
        return NO_SCORE
    return _("%(low)s to %(high)s") % {
        "low": gap(value.low, separator),
        "high": gap(value.high, separator),
    }


@register.filter
def coefficient(value: float | None) -> str:
    """A coefficient (α, ICC, rwg) with two decimals: "0.82"; a dash where there is none
    (also where the template looked it up on a coefficient that is missing)."""
    return NO_SCORE if value in (None, "") else one_decimal(value, places=2)


@register.filter
def coefficient_interval(value) -> str:
    if value in (None, ""):
        return NO_SCORE
    return f"{coefficient(value.low)}–{coefficient(value.high)}"


@register.filter
def range_after(value) -> str:
    """A group figure's likely range after the figure, " (2.4–3.6)"; nothing for one person."""
    return "" if value is None else f" ({interval(value)})"


@register.filter
def gap_range_after(value) -> str:
    return "" if value is None else f" ({gap_interval(value)})"


@register.filter
def percent(value: Fraction | None) -> str:
    return NO_SCORE if value is None else f"{whole_percent(value)}%"


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or nothing when there is no mapping (a change that is not shown)."""
    return mapping.get(key) if mapping else None
