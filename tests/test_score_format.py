"""Scores are written with one decimal exactly as Django's floatformat writes them, in the
reader's language, by a faster route."""

from decimal import Decimal
from fractions import Fraction

from django.template.defaultfilters import floatformat
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from reports import charts
from reports.exports import number
from reports.numbers import EXPORT_PLACES, rounded
from reports.templatetags.scores import gap, score

# Means of ratings from 1 to 5 and their differences: numerators over up to 10,000 ratings.
MEANS = st.fractions(min_value=-4, max_value=5, max_denominator=10_000)


@given(MEANS)
def test_one_decimal_is_what_floatformat_writes(value):
    expected = floatformat(float(value), 1)
    assert score(value) == ("0.0" if expected == "-0.0" else expected)


def test_ties_round_away_from_zero_and_the_separator_follows_the_language():
    assert [score(Fraction(9, 4)), score(Fraction(3, 20)), gap(Fraction(-9, 4))] == [
        "2.3",
        "0.2",
        "-2.3",
    ]
    # A figure that rounds to nothing has no sign, whichever side of zero it was.
    assert [gap(Fraction(-47, 1000)), gap(Fraction(1, 100)), gap(0)] == ["0.0"] * 3
    with translation.override("it"):
        assert (score(Fraction(8, 3)), gap(Fraction(4, 3))) == ("2,7", "+1,3")


def test_every_output_rounds_a_figure_the_same_way():
    """Pages, PDFs and charts write one decimal, exports keep two; the rule is one."""
    assert [rounded(Fraction(13, 4)), rounded(Fraction(-13, 4)), rounded(None)] == [
        Decimal("3.3"),
        Decimal("-3.3"),
        None,
    ]
    assert rounded(Fraction(25, 8), EXPORT_PLACES) == Decimal("3.13")  # not 3.12, to even
    assert number(Fraction(25, 8)) == 3.13
    assert rounded(Fraction(-1, 100)) == Decimal("0.0")  # no minus zero
    assert rounded(3.4) == Decimal("3.4")  # a plotted value, already rounded, stays put
    assert charts.rounded(Fraction(67, 20)) == 3.4  # 3.35: a float would plot 3.3
