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
from reports.numbers import rounded
from reports.templatetags.scores import gap, percent, score

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
    """Pages, PDFs, charts and exports write one decimal, by one rule."""
    assert [rounded(Fraction(13, 4)), rounded(Fraction(-13, 4)), rounded(None)] == [
        Decimal("3.3"),
        Decimal("-3.3"),
        None,
    ]
    assert number(Fraction(13, 4)) == 3.3  # not 3.2, to even
    assert str(number(Fraction(-1, 25))) == "0.0"  # a spreadsheet cell is never -0.0
    assert [percent(Fraction(1, 8)), percent(Fraction(5, 8)), percent(Fraction(1, 3))] == [
        "13%",  # not 12%, to even
        "63%",
        "33%",
    ]
    assert rounded(Fraction(-1, 100)) == Decimal("0.0")  # no minus zero
    assert rounded(3.4) == Decimal("3.4")  # a plotted value, already rounded, stays put
    assert charts.rounded(Fraction(67, 20)) == 3.4  # 3.35: a float would plot 3.3
