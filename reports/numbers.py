"""How a figure is rounded and written, once for every output.

Means are exact fractions. They are rounded only where they are shown, always half away
from zero, to one decimal and in integer arithmetic, so that 3.25 reads 3.3 on the page, in
the PDF, in the charts and in the exports alike (through a float it would read 3.2 in one
place and 3.3 in another, and a heatmap's value rounded to two decimals, then to one, could
read a tenth off). Shares are whole percentages, rounded the same way.
"""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.formats import get_format


def rounded(value: Fraction | float | int | None, places: int = 1) -> Decimal | None:
    """``value`` to ``places`` decimals, half away from zero, exactly; None stays None.

    Written for speed as well: an organisation report rounds tens of thousands of figures."""
    if value is None:
        return None
    if isinstance(value, float | Decimal):
        # A float's exact binary value, rounded as its fraction would be.
        return Decimal(value).quantize(QUANTUM[places], ROUND_HALF_UP)
    numerator, denominator = value.numerator, value.denominator  # a Fraction, or an int
    units = (abs(numerator) * 10**places * 2 + denominator) // (2 * denominator)
    return Decimal(-units if numerator < 0 else units).scaleb(-places)


QUANTUM = {places: Decimal(1).scaleb(-places) for places in range(4)}


def exported(value: Fraction | float | int | None) -> float | None:
    """A figure as a spreadsheet cell holds it: the number the page writes (never -0.0)."""
    return None if value is None else float(rounded(value)) + 0.0


def percent(value: Fraction | None) -> int | None:
    """A share (0 to 1) as a whole percentage, half away from zero: "33" of "33%"."""
    return None if value is None else int(rounded(Fraction(value) * 100, 0))


def one_decimal(
    value: Fraction | float | int, separator: str | None = None, places: int = 1
) -> str:
    """The value as every page, PDF and chart label writes it: one decimal (a coefficient
    such as Cronbach's α, two), with the reader's decimal separator; a minus sign only
    where the rounded value is below zero."""
    text = f"{rounded(value, places) + 0:f}"
    return text.replace(".", separator or get_format("DECIMAL_SEPARATOR"))
