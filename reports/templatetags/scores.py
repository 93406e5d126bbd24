"""Display of scores: one decimal in the reader's locale, a dash where there is no score."""

from fractions import Fraction

from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.html import format_html_join

register = template.Library()

NO_SCORE = "—"


def one_decimal(value: Fraction | int) -> str:
    """The value rounded half away from zero to one decimal, with the reader's decimal
    separator: what ``floatformat`` gives, in integer arithmetic (an organisation report
    writes thousands of these)."""
    numerator, denominator = abs(value.numerator), value.denominator
    tenths = (numerator * 20 + denominator) // (2 * denominator)
    sign = "-" if value < 0 and tenths else ""
    return f"{sign}{tenths // 10}{get_format('DECIMAL_SEPARATOR')}{tenths % 10}"


@register.filter
def score(value: Fraction | None) -> str:
    return NO_SCORE if value is None else one_decimal(value)


@register.filter
def gap(value: Fraction | None) -> str:
    if value is None:
        return NO_SCORE
    text = one_decimal(value)
    return text if text.startswith("-") else f"+{text}"


@register.simple_tag
def score_cells(report) -> str:
    """A team's cells in a table of teams by component: the current score, with the gap
    below it. One tag rather than a loop in the template: the organisation report's table
    has thousands of cells."""
    return format_html_join(
        "",
        '<td class="text-end score-cell">{}<br><span class="small text-body-secondary">{}</span>'
        "</td>",
        ((score(row.score.current), gap(row.score.gap)) for row in report.rows),
    )


@register.filter
def percent(value: Fraction | None) -> str:
    return NO_SCORE if value is None else f"{floatformat(float(value) * 100, 0)}%"


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or nothing when there is no mapping (a change that is not shown)."""
    return mapping.get(key) if mapping else None
