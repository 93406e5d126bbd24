"""Static SVG drawings of the plotly figures in ``reports.charts``, for the PDF reports.

WeasyPrint draws inline SVG but runs no JavaScript, so the PDF cannot use plotly.js. Drawing
from the very same figure dicts keeps the PDF and the web page from ever disagreeing.
Every piece of text comes from users (component and team names), so all of it is escaped
here and nothing in the output refers to anything outside it: no links, images or fonts.
"""

import base64
import math
import re
import textwrap
from array import array
from collections.abc import Callable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

FONT_FAMILY = "DejaVu Sans, Liberation Sans, sans-serif"
CHAR_WIDTH = 0.56  # of the font size: an average DejaVu Sans character, a little generous
GRID, INK, MUTED, EMPTY = "#d9d9d9", "#222222", "#666666", "#f2f2f2"
# plotly's own defaults, for a trace that names no colour or a scale given by name.
COLORWAY = ("#636efa", "#ef553b", "#00cc96", "#ab63fa", "#ffa15a", "#19d3f3")
NAMED_SCALES = {
    "Blues": ((0, "rgb(247,251,255)"), (0.5, "rgb(107,174,214)"), (1, "rgb(8,48,107)")),
    "Oranges": ((0, "rgb(255,245,235)"), (0.5, "rgb(253,141,60)"), (1, "rgb(127,39,4)")),
}
# plotly's typed-array dtypes, as typecodes of the array module
TYPED_ARRAYS = dict(f8="d", f4="f", i1="b", u1="B", i2="h", u2="H", i4="i", u4="I")


def one_decimal(value: float) -> str:
    return f"{value:.1f}"


def figure_svg(
    figure: dict, width: int = 640, number_format: Callable[[float], str] = one_decimal
) -> SafeString:
    """An inline ``<svg>`` for a radar (scatterpolar traces), a bar or a heatmap figure.

    Pass Django's localized ``floatformat`` as ``number_format`` for a decimal comma.
    """
    traces, layout = figure.get("data", []), figure.get("layout", {})
    kinds = [trace.get("type", "scatter") for trace in traces]
    if kinds and set(kinds) == {"scatterpolar"}:
        draw, height = radar, 420
    elif kinds in (["bar"], ["heatmap"]):
        draw = bar if kinds == ["bar"] else heatmap
        height = 380 if draw is bar else max(260, 40 * len(values(traces[0].get("y"))) + 120)
    else:
        raise ValueError(f"Cannot draw {kinds or 'an empty figure'} as SVG")
    height = int(layout.get("height") or height)
    label = ", ".join(t["name"] for t in traces if t.get("name")) or title(layout) or _("Chart")
    body = draw(traces, layout, width, height, number_format)
    return mark_safe(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{escape(label)}" '
        f'font-family="{FONT_FAMILY}" font-size="12"><title>{escape(label)}</title>'
        + "".join(body)
        + "</svg>"
    )


def radar(traces, layout, width, height, number_format) -> list[str]:
    """Plotly's default polar layout: first category to the east, then counter-clockwise."""
    axis = layout.get("polar", {}).get("radialaxis", {})
    low, high = axis.get("range") or (0, 5)
    ticks = axis.get("tickvals") or range(math.floor(low) + 1, math.floor(high) + 1)
    categories = open_loop(values(traces[0].get("theta")))
    cx, cy = width / 2, (height - 24) / 2
    radius = max(10, min(width / 2 - 120, cy - 40))
    angles = [2 * math.pi * i / len(categories) for i in range(len(categories))]

    def ring(value):
        return radius * (value - low) / (high - low)

    def point(angle, distance):
        return cx + distance * math.cos(angle), cy - distance * math.sin(angle)

    parts = []
    for tick in ticks:
        parts.append(element("circle", cx=cx, cy=cy, r=ring(tick), fill="none", stroke=GRID))
        written = tick_label(tick, number_format)
        parts.append(text(cx + ring(tick) + 2, cy - 3, written, 10, fill=MUTED))
    for angle, category in zip(angles, categories, strict=True):
        parts.append(line(cx, cy, *point(angle, radius)))
        x, y = point(angle, radius + 10)
        parts += stacked(x, y, wrap(str(category), 18, 2), math.cos(angle), math.sin(angle))
    legend_x = (width - sum(legend_width(trace) for trace in traces)) / 2
    for index, trace in enumerate(traces):
        colour = trace_colour(trace, index)
        scores = zip(angles, values(trace.get("r")), strict=False)  # drops the closing point
        points = " ".join(
            "{:.2f},{:.2f}".format(*point(a, ring(r))) for a, r in scores if r is not None
        )
        fill = "none" if trace.get("fill", "none") == "none" else colour
        outline = {"stroke": colour, "stroke_width": trace.get("line", {}).get("width", 2)}
        parts.append(element("polygon", points=points, fill=fill, fill_opacity=0.25, **outline))
        parts.append(rect(legend_x, height - 24, 12, 12, colour))
        parts.append(text(legend_x + 18, height - 14, trace.get("name", "")))
        legend_x += legend_width(trace)
    return parts


def bar(traces, layout, width, height, number_format) -> list[str]:
    """Bars from a zero line, each labelled with its ``text`` (or its value) outside the bar."""
    trace = traces[0]
    categories, heights = values(trace.get("x")), values(trace.get("y"))
    labels = trace.get("text")
    labels = [labels] * len(heights) if isinstance(labels, str) else values(labels)
    low, high, step = value_axis([v for v in heights if v is not None])
    left, top, slot = 64, 26, (width - 64 - 16) / max(len(categories), 1)
    wrapped = [wrap(str(c), int(slot / (11 * CHAR_WIDTH)), 3) for c in categories]
    room_below = 16 if low < 0 else 0  # for the labels under negative bars
    bottom = height - 12 - 14 * max(map(len, wrapped), default=1) - room_below

    def y_of(value):
        return bottom - (value - low) * (bottom - top) / (high - low)

    parts = []
    for tick in (round(low + i * step, 9) for i in range(round((high - low) / step) + 1)):
        parts.append(line(left, y_of(tick), width - 16, y_of(tick), MUTED if tick == 0 else GRID))
        written = tick_label(tick, number_format)
        parts.append(text(left - 6, y_of(tick) + 4, written, 11, "end", fill=MUTED))
    middle = (top + bottom) / 2
    axis_title = title(layout.get("yaxis", {}))
    parts.append(
        text(16, middle, axis_title, 12, "middle", transform=f"rotate(-90 16 {middle:.2f})")
    )
    for index, (lines, value) in enumerate(zip(wrapped, heights, strict=False)):
        centre = left + (index + 0.5) * slot
        parts += stacked(centre, bottom + room_below + 4, lines, size=11)
        if value is None:
            continue
        y, zero = y_of(value), y_of(0)
        colour = trace_colour(trace, index)
        parts.append(rect(centre - 0.4 * slot, min(y, zero), 0.8 * slot, abs(y - zero), colour))
        label = labels[index] if index < len(labels) else number_format(value)
        parts.append(text(centre, y - 4 if value >= 0 else y + 13, label, 12, "middle"))
    return parts


def heatmap(traces, layout, width, height, number_format) -> list[str]:
    """Rows top to bottom as on the page; an empty cell (no score, or held back) stays blank."""
    trace = traces[0]
    grid, columns, rows = values(trace.get("z")), values(trace.get("x")), values(trace.get("y"))
    if layout.get("yaxis", {}).get("autorange") != "reversed":
        grid, rows = grid[::-1], rows[::-1]  # plotly draws the first row at the bottom
    known = [v for row in grid for v in row if v is not None] or [0]
    low = min(known) if trace.get("zmin") is None else trace["zmin"]
    high = max(known) if trace.get("zmax") is None else trace["zmax"]
    scale = trace.get("colorscale") or "Blues"
    scale = NAMED_SCALES.get(scale, NAMED_SCALES["Blues"]) if isinstance(scale, str) else scale
    left = min(12 + max(map(len, map(str, rows)), default=0) * 12 * CHAR_WIDTH, width * 0.3)
    cell_width = (width - left - 12) / max(len(columns), 1)
    wrapped = [wrap(str(c), int(cell_width / (11 * CHAR_WIDTH)), 3) for c in columns]
    bottom = height - 12 - 14 * max(map(len, wrapped), default=1)
    cell_height = (bottom - 12) / max(len(rows), 1)
    parts = []
    for i, (label, row) in enumerate(zip(rows, grid, strict=False)):
        y = 12 + i * cell_height
        fitted = shorten(str(label), int((left - 12) / (12 * CHAR_WIDTH)))
        parts.append(text(6, y + cell_height / 2 + 4, fitted))
        for j, value in enumerate(row):
            x, centre = left + j * cell_width, left + (j + 0.5) * cell_width
            fill = EMPTY if value is None else colour_at(scale, (value - low) / ((high - low) or 1))
            parts.append(rect(x, y, cell_width, cell_height, fill, stroke="#ffffff"))
            if value is not None:
                written, ink = number_format(value), readable_on(fill)
                parts.append(text(centre, y + cell_height / 2 + 4, written, 12, "middle", fill=ink))
    for j, lines in enumerate(wrapped):
        parts += stacked(left + (j + 0.5) * cell_width, bottom + 4, lines, size=11)
    return parts


def values(items) -> list:
    """Plain values from a figure array: a list, or plotly's base64 typed array of numbers."""
    if not isinstance(items, dict):
        return list(items or [])
    numbers = array(TYPED_ARRAYS[items["dtype"]], base64.b64decode(items["bdata"]))
    numbers = [None if isinstance(n, float) and math.isnan(n) else n for n in numbers]
    shape = [int(n) for n in str(items.get("shape", "")).split(",") if n.strip()]
    if len(shape) == 2:
        return [numbers[i * shape[1] : (i + 1) * shape[1]] for i in range(shape[0])]
    return numbers


def open_loop(categories: list) -> list:
    """The radar repeats its first category to close the loop; a polygon closes itself."""
    return (
        categories[:-1] if len(categories) > 1 and categories[0] == categories[-1] else categories
    )


def value_axis(known: list[float]) -> tuple[float, float, float]:
    """From zero (or below it) up to round numbers, so the gridlines fall on them."""
    low, high = min([*known, 0]), max([*known, 0])
    step = nice_step(high - low or 1)
    low, high = math.floor(low / step) * step, math.ceil(high / step) * step
    return low, (high if high > low else low + step), step


def title(section: dict) -> str:
    """A title is either a string or ``{"text": ...}`` depending on how the figure was built."""
    found = section.get("title") or ""
    return found.get("text") or "" if isinstance(found, dict) else str(found)


def nice_step(span: float) -> float:
    """1, 2 or 5 times a power of ten, for at most six gridlines."""
    magnitude = 10 ** math.floor(math.log10(span / 6))
    return next(m * magnitude for m in (1, 2, 5, 10) if span / (m * magnitude) <= 6)


def tick_label(value: float, number_format) -> str:
    return str(round(value)) if value == round(value) else number_format(value)


def legend_width(trace: dict) -> float:
    return 34 + len(trace.get("name", "")) * 12 * CHAR_WIDTH


def wrap(label: str, width: int, lines: int) -> list[str]:
    """At most ``lines`` lines of at most ``width`` characters, a word too long for one line
    hyphenated ("Personalizzazione" in a narrow bar); whatever does not fit ends in …"""
    width = max(width, 4)
    words = []
    for word in label.split():
        while len(word) > width:
            words.append(word[: width - 1] + "-")
            word = word[width - 1 :]
        words.append(word)
    wrapped = textwrap.wrap(" ".join(words), width, break_long_words=False) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1] + " …"]
    return [shorten(row, width) for row in wrapped]


def shorten(label: str, width: int) -> str:
    return label if len(label) <= width else label[: max(width - 1, 1)].rstrip() + "…"


def trace_colour(trace: dict, index: int) -> str:
    """The trace's own colour, or plotly's default for its position; a per-bar list is kept."""
    chosen = trace.get("line", {}).get("color") or trace.get("marker", {}).get("color")
    if isinstance(chosen, list | tuple):
        chosen = chosen[index % len(chosen)] if chosen else None
    return chosen if is_colour(chosen) else COLORWAY[index % len(COLORWAY)]


def is_colour(value) -> bool:
    """Only plain colours reach the SVG: a ``url(...)`` paint would be an external reference."""
    pattern = r"#[0-9a-fA-F]{3,8}|rgba?\([0-9., %]+\)|[a-zA-Z]+"
    return isinstance(value, str) and re.fullmatch(pattern, value) is not None


def rgb(colour: str) -> tuple[int, ...]:
    if colour.startswith("#"):
        return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return tuple(round(float(n)) for n in re.findall(r"[\d.]+", colour)[:3])


def colour_at(scale, position: float) -> str:
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
