"""Static SVG drawings of the chart descriptions in ``reports.charts``, for the PDF reports.

WeasyPrint draws inline SVG but runs no JavaScript, so the PDF cannot use plotly.js. Drawing
from the very descriptions the web page's plotly figures are made from keeps the PDF and the
page from ever disagreeing. Every piece of text comes from users (component and team names),
so all of it is escaped here and nothing in the output refers to anything outside it: no
links, images or fonts.
"""

import math
import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from reports.charts import Bars, Chart, ColourScale, Heatmap, Radar, Series, chart_height
from reports.numbers import one_decimal
from reports.templatetags.scores import gap

FONT_FAMILY = "DejaVu Sans, Liberation Sans, sans-serif"
CHAR_WIDTH = 0.56  # of the font size: an average DejaVu Sans character, a little generous
GRID, INK, MUTED, EMPTY = "#d9d9d9", "#222222", "#666666", "#f2f2f2"

NumberFormat = Callable[[float], str]

# The smallest text, in units of a chart drawn 640 wide: 8.7 pt across a PDF page's 178 mm.
LABEL = 11
SLANT = 35  # degrees, for column labels too long to stand level


def chart_svg(
    chart: Chart,
    width: int = 640,
    height: int | None = None,
    number_format: NumberFormat = one_decimal,
) -> SafeString:
    """An inline ``<svg>`` for a radar, a bar chart or a heatmap, as tall as on the page
    unless ``height`` says otherwise.

    Numbers are written as everywhere else, in the active language (``number_format``
    writes them otherwise).
    """
    draw = {Radar: radar, Bars: bars, Heatmap: heatmap}.get(type(chart))
    if draw is None:
        raise ValueError(f"Cannot draw {type(chart).__name__} as SVG")
    height = height or chart_height(chart)
    label = title(chart)
    body = draw(chart, width, height, number_format)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT_FAMILY}" font-size="12"><title>{escape(label)}</title>'
        + "".join(body)
        + "</svg>"
    )


def title(chart: Chart) -> str:
    """What a screen reader says for the chart: its series' names, else a plain "Chart"."""
    if isinstance(chart, Radar):
        named = ", ".join(series.name for series in chart.series if series.name)
    elif isinstance(chart, Bars):
        named = chart.name
    else:
        named = ""
    return named or _("Chart")


def radar(chart: Radar, width: int, height: int, number_format: NumberFormat) -> list[str]:
    """As plotly draws it on the page: first category to the east, then counter-clockwise."""
    low, high = chart.low, chart.high
    cx, cy = width / 2, (height - 24) / 2
    radius = max(10, min(width / 2 - 120, cy - 40))
    angles = [2 * math.pi * i / len(chart.categories) for i in range(len(chart.categories))]

    def ring(value):
        return radius * (value - low) / (high - low)

    def point(angle, distance):
        return cx + distance * math.cos(angle), cy - distance * math.sin(angle)

    parts = []
    for tick in chart.ticks:
        parts.append(element("circle", cx=cx, cy=cy, r=ring(tick), fill="none", stroke=GRID))
        written = tick_label(tick, number_format)
        parts.append(text(cx + ring(tick) + 2, cy - 3, written, LABEL, fill=MUTED))
    for angle, category in zip(angles, chart.categories, strict=True):
        parts.append(line(cx, cy, *point(angle, radius)))
        x, y = point(angle, radius + 10)
        parts += stacked(x, y, wrap(category, 18, 2), math.cos(angle), math.sin(angle))
    legend_x = (width - sum(legend_width(series) for series in chart.series)) / 2
    for series in chart.series:
        colour = paint(series.colour)
        scores = zip(angles, series.values, strict=False)
        points = " ".join(
            "{:.2f},{:.2f}".format(*point(a, ring(r))) for a, r in scores if r is not None
        )
        outline = {"stroke": colour, "stroke_width": 2}
        parts.append(element("polygon", points=points, fill=colour, fill_opacity=0.25, **outline))
        parts.append(rect(legend_x, height - 24, 12, 12, colour))
        parts.append(text(legend_x + 18, height - 14, series.name))
        legend_x += legend_width(series)
    return parts


def bars(chart: Bars, width: int, height: int, number_format: NumberFormat) -> list[str]:
    """Bars from a zero line, each labelled (with its label, or its value) outside the bar
    and its error bar, if it has one."""
    heights = chart.values
    ranges = chart.ranges or (None,) * len(heights)
    ends = [end for r in ranges if r is not None for end in r]
    low, high, step = value_axis([v for v in heights if v is not None] + ends)
    left, top, slot = 64, 26, (width - 64 - 16) / max(len(chart.categories), 1)
    labels = column_labels(chart.categories, slot)
    room_below = 16 if low < 0 else 0  # for the labels under negative bars
    bottom = height - 12 - labels.height - room_below

    def y_of(value):
        return bottom - (value - low) * (bottom - top) / (high - low)

    parts = []
    for tick in (round(low + i * step, 9) for i in range(round((high - low) / step) + 1)):
        parts.append(line(left, y_of(tick), width - 16, y_of(tick), MUTED if tick == 0 else GRID))
        written = tick_label(tick, number_format)
        parts.append(text(left - 6, y_of(tick) + 4, written, LABEL, "end", fill=MUTED))
    middle = (top + bottom) / 2
    parts.append(
        text(16, middle, chart.axis_title, 12, "middle", transform=f"rotate(-90 16 {middle:.2f})")
    )
    colour = paint(chart.colour)
    centres = [left + (index + 0.5) * slot for index in range(len(chart.categories))]
    parts += labels.draw(centres, bottom + room_below + 4)
    for index, (centre, value, found) in enumerate(zip(centres, heights, ranges, strict=False)):
        if value is None:
            continue
        y, zero = y_of(value), y_of(0)
        parts.append(rect(centre - 0.4 * slot, min(y, zero), 0.8 * slot, abs(y - zero), colour))
        if found is not None:
            y_low, y_high = y_of(found[0]), y_of(found[1])
            parts.append(line(centre, y_low, centre, y_high, INK))
            for end in (y_low, y_high):
                parts.append(line(centre - 4, end, centre + 4, end, INK))
            y = min(y, y_high) if value >= 0 else max(y, y_low)
        label = chart.labels[index] if chart.labels is not None else number_format(value)
        parts.append(text(centre, y - 4 if value >= 0 else y + 13, label, 12, "middle"))
    return parts


def heatmap(chart: Heatmap, width: int, height: int, number_format: NumberFormat) -> list[str]:
    """Rows top to bottom as on the page; an empty cell (no score, or held back) stays blank."""
    low, high = chart.low, chart.high
    names = chart.labels()
    left = min(12 + max(map(len, names), default=0) * 12 * CHAR_WIDTH, width * 0.3)
    cell_width = (width - left - 12) / max(len(chart.columns), 1)
    labels = column_labels(chart.columns, cell_width)
    bottom = height - 12 - labels.height
    cell_height = (bottom - 12) / max(len(chart.rows), 1)
    parts = []
    for i, (label, row) in enumerate(zip(names, chart.values, strict=False)):
        y = 12 + i * cell_height
        fitted = shorten(label, int((left - 12) / (12 * CHAR_WIDTH)))
        parts.append(text(6, y + cell_height / 2 + 4, fitted))
        for j, value in enumerate(row):
            x, centre = left + j * cell_width, left + (j + 0.5) * cell_width
            if value is None:
                parts.append(rect(x, y, cell_width, cell_height, EMPTY, stroke="#ffffff"))
                continue
            shade = chart.shade(i, j)
            fill = colour_at(chart.colours, (shade - low) / ((high - low) or 1))
            parts.append(rect(x, y, cell_width, cell_height, fill, stroke="#ffffff"))
            written = gap(value) if chart.signed else number_format(value)
            ink = readable_on(fill)
            parts.append(text(centre, y + cell_height / 2 + 4, written, 12, "middle", fill=ink))
    centres = [left + (j + 0.5) * cell_width for j in range(len(chart.columns))]
    return parts + labels.draw(centres, bottom + 4)


def value_axis(known: list[float]) -> tuple[float, float, float]:
    """From zero (or below it) up to round numbers, so the gridlines fall on them."""
    low, high = min([*known, 0]), max([*known, 0])
    step = nice_step(high - low or 1)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    return low, (high if high > low else low + step), step


def nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, for at most six gridlines."""
    magnitude = 10 ** math.floor(math.log10(span / 6))
    return next(m * magnitude for m in (1, 2, 5, 10) if span / (m * magnitude) <= 6)


def tick_label(value: float, number_format: NumberFormat) -> str:
    return str(round(value)) if value == round(value) else number_format(value)


def legend_width(series: Series) -> float:
    return 34 + len(series.name) * 12 * CHAR_WIDTH


def wrap(label: str, width: int, lines: int) -> list[str]:
    """At most ``lines`` lines of at most ``width`` characters, never breaking a word (one
    longer than a line keeps its own); whatever does not fit ends in …"""
    wrapped = textwrap.wrap(label, max(width, 4), break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], shorten(wrapped[lines - 1] + " …", width)]
    return wrapped


@dataclass(frozen=True)
class ColumnLabels:
    """The labels under a row of bars or heatmap columns: wrapped on up to three lines when
    every word fits its column, else written slanted, like plotly's on the page."""

    lines: list[list[str]]
    slanted: bool

    @property
    def height(self) -> float:
        if self.slanted:
            longest = max((len(lines[0]) for lines in self.lines), default=0)
            return longest * LABEL * CHAR_WIDTH * math.sin(math.radians(SLANT)) + LABEL
        return 14 * max(map(len, self.lines), default=1)

    def draw(self, centres: list[float], y: float) -> list[str]:
        if not self.slanted:
            return [
                part
                for x, lines in zip(centres, self.lines, strict=True)
                for part in stacked(x, y, lines, size=LABEL)
            ]
        slant = "rotate(-{} {:.2f} {:.2f})"
        return [
            text(x, y + LABEL, lines[0], LABEL, "end", transform=slant.format(SLANT, x, y))
            for x, lines in zip(centres, self.lines, strict=True)
        ]


def column_labels(labels, slot: float) -> ColumnLabels:
    width = int(slot / (LABEL * CHAR_WIDTH))
    wrapped = [wrap(label, width, 3) for label in labels]
    if all(len(row) <= width for lines in wrapped for row in lines):
        return ColumnLabels(wrapped, slanted=False)
    return ColumnLabels([[shorten(label, 40)] for label in labels], slanted=True)


def shorten(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(width - 1, 1)].rstrip() + "…"


def paint(colour: str | None) -> str:
    """The description's colour if it is a plain one, else a neutral grey."""
    return colour if is_colour(colour) else MUTED


def is_colour(value: object) -> bool:
    """Only plain colours reach the SVG: a ``url(...)`` paint would be an external reference."""
    pattern = r"#[0-9a-fA-F]{3,8}|rgba?\([0-9., %]+\)|[a-zA-Z]+"
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(float(n)) for n in re.findall(r"[\d.]+", colour)[:3])


def colour_at(scale: ColourScale, position: float) -> str:
    """Linear interpolation between the two stops of the colour scale around ``position``."""
    position = min(max(position, 0), 1)
    stops = [(float(at), rgb(colour)) for at, colour in scale]
    (a, start), (b, end) = next(
        (stops[i], stops[i + 1]) for i in range(len(stops) - 1) if position <= stops[i + 1][0]
    )
    share = (position - a) / ((b - a) or 1)
    return "#" + "".join(
        f"{round(s + (e - s) * share):02x}" for s, e in zip(start, end, strict=True)
    )


def readable_on(fill: str) -> str:
    red, green, blue = rgb(fill)
    return "#ffffff" if 0.299 * red + 0.587 * green + 0.114 * blue < 140 else INK


def element(tag: str, content: str = "", **attributes) -> str:
    """An SVG element; ``fill_opacity=`` becomes ``fill-opacity=``, floats get two decimals."""
    rendered = "".join(
        f' {name.replace("_", "-")}="{escape(round(v, 2) if isinstance(v, float) else v)}"'
        for name, v in attributes.items()
    )
    return f"<{tag}{rendered}>{content}</{tag}>" if content else f"<{tag}{rendered}/>"


def line(x1: float, y1: float, x2: float, y2: float, colour: str = GRID) -> str:
    return element("line", x1=x1, y1=y1, x2=x2, y2=y2, stroke=colour)


def rect(x: float, y: float, width: float, height: float, fill: str, **more) -> str:
    return element("rect", x=x, y=y, width=width, height=height, fill=fill, **more)


def text(x: float, y: float, label: str, size: int = 12, anchor: str = "start", **more) -> str:
    return element("text", escape(label), x=x, y=y, font_size=size, text_anchor=anchor, **more)


def stacked(x, y, lines: list[str], cos: float = 0, sin: float = -1, size: int = 12) -> list[str]:
    """A label of a few lines laid outward from (x, y): after, before, above or below it."""
    anchor = "start" if cos > 0.3 else "end" if cos < -0.3 else "middle"
    block = 14 * (len(lines) - 1)
    first = y + size if sin < -0.3 else y - block - 2 if sin > 0.3 else y + 4 - block / 2
    return [text(x, first + 14 * i, row, size, anchor) for i, row in enumerate(lines)]
