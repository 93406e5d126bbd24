"""Display of scores: one decimal in the reader's locale, a dash where there is no score."""

from fractions import Fraction

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()

NO_SCORE = "—"


@register.filter
def score(value: Fraction | None) -> str:
    return NO_SCORE if value is None else floatformat(float(value), 1)


@register.filter
def gap(value: Fraction | None) -> str:
    if value is None:
        return NO_SCORE
    text = floatformat(float(value), 1)
    return text if text.startswith("-") else f"+{text}"


@register.filter
def percent(value: Fraction | None) -> str:
    return NO_SCORE if value is None else f"{floatformat(float(value) * 100, 0)}%"


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or nothing when there is no mapping (a change that is not shown)."""
    return mapping.get(key) if mapping else None
