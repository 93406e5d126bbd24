"""The report's charts, described in our own terms, and drawn from those descriptions twice.

``radar_chart``, ``gap_chart``, ``heatmap_chart`` and ``trend_chart`` say what a chart shows:
its categories, values as they are shown (two decimals), colours and words, in the reader's
language. ``plotly_figure`` turns a description into the dict plotly.js reads on the web page,
and ``reports.svg.chart_svg`` draws the same description for the PDFs, so the two never
disagree. plotly is imported inside ``plotly_figure``: it is heavy, and most requests never
draw a chart.
"""

import json
from dataclasses import dataclass, replace
from fractions import Fraction

from django.utils.formats import get_format
from django.utils.translation import gettext as _

from reports.gap import GapReport
from reports.numbers import rounded as round_figure
from reports.statistics import Interval
from reports.templatetags.scores import gap, gap_interval, score

CURRENT_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#c8641e"
GAP_COLOUR = "#6f42c1"
LEADER_COLOUR = "#198754"
# Light to dark, as (position from low to high, colour): current scores in blues, gaps in
# oranges, the colours our heatmaps have always had.
CURRENT_SCALE = (
    (0.0, "rgb(247,251,255)"),
    (0.125, "rgb(222,235,247)"),
    (0.25, "rgb(198,219,239)"),
    (0.375, "rgb(158,202,225)"),
    (0.5, "rgb(107,174,214)"),
    (0.625, "rgb(66,146,198)"),
    (0.75, "rgb(33,113,181)"),
    (0.875, "rgb(8,81,156)"),
    (1.0, "rgb(8,48,107)"),
)
GAP_SCALE = (
    (0.0, "rgb(255,245,235)"),
    (0.125, "rgb(254,230,206)"),
    (0.25, "rgb(253,208,162)"),
    (0.375, "rgb(253,174,107)"),
    (0.5, "rgb(253,141,60)"),
    (0.625, "rgb(241,105,19)"),
    (0.75, "rgb(217,72,1)"),
    (0.875, "rgb(166,54,3)"),
    (1.0, "rgb(127,39,4)"),
)
# From below the organisation's figure to above it, white where a team stands level with it:
# a current score below in orange and above in blue; a gap the other way round, a larger
# gap being the worse.
BELOW_ABOVE = (
    (0.0, "rgb(179,88,6)"),
    (0.25, "rgb(241,163,64)"),
    (0.5, "rgb(247,247,247)"),
    (0.75, "rgb(103,169,207)"),
    (1.0, "rgb(33,102,172)"),
)
ABOVE_BELOW = tuple((round(1 - at, 3), colour) for at, colour in reversed(BELOW_ABOVE))
SMALLEST_SPREAD = 0.1  # a scale spans at least ±0.1, the smallest difference written
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}

Value = float | None  # None: no score, or held back
ColourScale = tuple[tuple[float, str], ...]


@dataclass(frozen=True)
class Series:
    """One named line of values; without a colour, the page picks one (the trend's lines)."""

    name: str
    values: tuple[Value, ...]
    colour: str | None = None


@dataclass(frozen=True)
class Radar:
    """One closed shape per series around the categories, on rings from ``low`` to ``high``."""

    categories: tuple[str, ...]
    series: tuple[Series, ...]
    low: float
    high: float
    ticks: tuple[float, ...]


@dataclass(frozen=True)
class Bars:
    """Signed bars from a zero line, each with its label; without labels, the values."""

    name: str
    categories: tuple[str, ...]
    values: tuple[Value, ...]
    colour: str
    axis_title: str
    labels: tuple[str, ...] | None = None
    # Each bar's 95% interval as (low, high), drawn as an error bar; None where it has none.
    ranges: tuple[tuple[float, float] | None, ...] | None = None


@dataclass(frozen=True)
class Heatmap:
    """Rows (top first) by columns; a cell shaded on ``colours`` from ``low`` to ``high``."""

    columns: tuple[str, ...]
    rows: tuple[str, ...]
    values: tuple[tuple[Value, ...], ...]
    low: float
    high: float
    colours: ColourScale
    signed: bool = False  # gaps: written with their sign
    # Each cell's likely range and number of people, as the hover writes them.
    notes: tuple[tuple[str, ...], ...] | None = None
    # What shades each cell, where it is not its value: its difference from a reference
    # (the organisation's figure), the value still written in it.
    shades: tuple[tuple[Value, ...], ...] | None = None
    # Why a row held back for confidentiality is empty, said beside its label.
    held_back: str = ""

    def shade(self, row: int, column: int) -> Value:
        return (self.shades or self.values)[row][column]

    def labels(self, separator: str = " · ") -> list[str]:
        """The rows' labels, a held-back row's with its reason after ``separator``."""
        return [
            f"{label}{separator}{self.held_back}"
            if self.held_back and all(value is None for value in values)
            else label
            for label, values in zip(self.rows, self.values, strict=True)
        ]


@dataclass(frozen=True)
class Trend:
    """One line per series across the measurements, on a score axis from ``low`` to ``high``."""

    measurements: tuple[str, ...]
    series: tuple[Series, ...]
    low: float
    high: float
    axis_title: str


Chart = Radar | Bars | Heatmap | Trend


def rounded(value: Fraction | None) -> Value:
    """A figure as a chart plots it: rounded as the page writes it, so a bar, a cell and the
    hover over them read the same as the table beside them."""
    return None if value is None else float(round_figure(value))


def written(value: Value, signed: bool = False, separator: str | None = None) -> str:
    """A plotted figure as the table beside it writes it, in the reader's language: the
    text plotly shows on hover and in cells (it is given our text, never a value to round
    again)."""
    if value is None:
        return ""
    return gap(value, separator) if signed else score(value, separator)


def chart_height(chart: Chart) -> int:
    """The height in pixels, the same on the page and in the PDF: a heatmap grows with rows."""
    if isinstance(chart, Heatmap):
        return max(260, 40 * len(chart.rows) + 120)
    return 420 if isinstance(chart, Radar) else 380


def radar_chart(report: GapReport, leader: dict | None = None) -> Radar:
    """Current and target score per component, on the 1–5 scale; with ``leader`` (their
    own view of now per component key), the leader's line too."""
    series = [
        Series(
            _("Current"), tuple(rounded(row.score.current) for row in report.rows), CURRENT_COLOUR
        ),
        Series(_("Target"), tuple(rounded(row.score.target) for row in report.rows), TARGET_COLOUR),
    ]
    if leader and any(leader.get(row.component.key) is not None for row in report.rows):
        series.append(
            Series(
                _("Leader (self)"),
                tuple(rounded(leader.get(row.component.key)) for row in report.rows),
                LEADER_COLOUR,
            )
        )
    return Radar(
        categories=tuple(row.component.name for row in report.rows),
        series=tuple(series),
        low=0,
        high=5,
        ticks=(1, 2, 3, 4, 5),
    )


def plotted(interval) -> tuple[float, float] | None:
    return None if interval is None else (rounded(interval.low), rounded(interval.high))


def gap_chart(report: GapReport) -> Bars:
    """The gaps, largest first (the lower current score first among equals), each with its
    likely range where it is a group's."""
    rows = sorted(
        (row for row in report.rows if row.score.gap is not None),
        key=lambda row: (-row.score.gap, row.score.current),
    )
    return Bars(
        name=_("Gap"),
        categories=tuple(row.component.name for row in rows),
        values=tuple(rounded(row.score.gap) for row in rows),
        colour=GAP_COLOUR,
        axis_title=_("Gap (target − current)"),
        labels=tuple(gap(row.score.gap) for row in rows),  # in the reader's locale
        ranges=tuple(plotted(row.gap_interval) for row in rows)
        if any(row.gap_interval for row in rows)
        else None,
    )


def heatmap_chart(components, rows, measure: str, reference=None, hidden: str = "") -> Heatmap:
    """Teams × components, by current score or by gap. With a ``reference`` (the
    organisation's report), each cell is shaded by its difference from the reference's
    figure, on a scale centred on it that spans the differences there are; the figure
    written in it is still the team's own. A team held back for confidentiality is an empty
    row, its label saying why (``hidden``). A report's rows come in the order of
    ``components``."""
    held_back = (None,) * len(components)
    people = _("people")
    values = tuple(
        tuple(rounded(getattr(row.score, measure)) for row in report.rows) if report else held_back
        for _label, report in rows
    )
    shades = None
    if reference is not None:
        level = [rounded(getattr(row.score, measure)) for row in reference.rows]
        shades = tuple(
            tuple(
                None if v is None or r is None else round(v - r, 1)
                for v, r in zip(row, level, strict=True)
            )
            for row in values
        )
        spread = (
            max((abs(d) for row in shades for d in row if d is not None), default=0)
            or SMALLEST_SPREAD
        )
        low, high = -spread, spread
        colours = BELOW_ABOVE if measure == "current" else ABOVE_BELOW
    elif measure == "current":
        low, high, colours = 1, 5, CURRENT_SCALE
    else:  # the gaps there are, negatives included
        known = [v for row in values for v in row if v is not None]
        low, high, colours = min([0, *known]), max([SMALLEST_SPREAD, *known]), GAP_SCALE
    against = _("against the organisation")

    def note(row, difference) -> str:
        """How many people the cell's figure comes from and how far it stands from the
        organisation's, for its hover (its likely range is in the table of teams below)."""
        parts = [f"{row.people} {people}"] if row.spreads else []
        if difference is not None:
            parts.append(f"{gap(difference)} {against}")
        return "; ".join(parts)

    notes = tuple(
        tuple(note(row, shades[i][j] if shades else None) for j, row in enumerate(report.rows))
        if report
        else ("",) * len(components)
        for i, (_label, report) in enumerate(rows)
    )
    return Heatmap(
        columns=tuple(c.name for c in components),
        rows=tuple(label for label, _report in rows),
        values=values,
        low=low,
        high=high,
        colours=colours,
        signed=measure != "current",
        notes=notes if any(map(any, notes)) else None,
        shades=shades,
        held_back=hidden,
    )


def heatmap_against(campaign, organisation) -> tuple:
    """``heatmap_chart``'s reference and hidden rows' words for a campaign's heatmaps: the
    organisation's figures (where it has them), and why a team has none."""
    reference = organisation.report if organisation.shown else None
    hidden = _("fewer than %(minimum)s answers, not shown") % {
        "minimum": campaign.minimum_group_size
    }
    return reference, hidden


def trend_chart(labels: list[str], names: dict[str, str], series: dict[str, list]) -> Trend:
    """One line per component across measurements; a gap where a measurement is held back."""
    return Trend(
        measurements=tuple(labels),
        series=tuple(
            Series(names[key], tuple(rounded(value) for value in values))
            for key, values in series.items()
        ),
        low=1,
        high=5,
        axis_title=_("Current score"),
    )


def plotly_figure(chart: Chart) -> dict:
    """The JSON-ready dict plotly.js draws on the web page, for ``json_script``."""
    match chart:
        case Radar():
            return radar_figure(chart)
        case Bars():
            return bars_figure(chart)
        case Heatmap():
            return heatmap_figure(chart)
        case Trend():
            return trend_figure(chart)
    raise TypeError(f"Not a chart: {chart!r}")


def plain(text: str) -> str:
    """Text as plotly.js shows it, not as markup: it reads ``<a href>``, ``<b>`` and ``<br>``
    in every label, legend and hover, so a team named ``<a href=...>`` would be a link. Its
    entities (``&lt;``) it writes as the characters they stand for."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain_all(texts) -> list[str]:
    return [plain(text) for text in texts]


def as_dict(figure) -> dict:
    return json.loads(figure.to_json())


def radar_figure(chart: Radar) -> dict:
    """Each shape repeats its first point, for plotly to close it."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for series in chart.series:
        figure.add_trace(
            go.Scatterpolar(
                r=[*series.values, *series.values[:1]],
                theta=plain_all([*chart.categories, *chart.categories[:1]]),
                name=plain(series.name),
                fill="toself",
                opacity=0.6,
                line={"color": series.colour, "width": 2},
                customdata=[written(value) for value in (*series.values, *series.values[:1])],
                hovertemplate="%{theta}: %{customdata}<extra>" + plain(series.name) + "</extra>",
            )
        )
    figure.update_layout(
        polar={"radialaxis": {"range": [chart.low, chart.high], "tickvals": list(chart.ticks)}},
        legend={"orientation": "h", "y": -0.1},
        margin={"l": 60, "r": 60, "t": 30, "b": 30},
        font=FONT,
        height=chart_height(chart),
    )
    return as_dict(figure)


def bars_figure(chart: Bars) -> dict:
    """Bars with their error bars, the hover writing the value and its likely range."""
    import plotly.graph_objects as go

    labels = chart.labels or [written(value, True) for value in chart.values]
    ranges = chart.ranges or (None,) * len(chart.values)
    bars = list(zip(ranges, chart.values, strict=True))
    hover = [
        label if r is None else f"{label} ({gap_interval(Interval(*r))})"
        for label, r in zip(labels, ranges, strict=True)
    ]

    figure = go.Figure(
        go.Bar(
            x=plain_all(chart.categories),
            y=list(chart.values),
            marker={"color": chart.colour},
            text=None if chart.labels is None else list(chart.labels),
            textposition=None if chart.labels is None else "outside",
            customdata=hover,
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            name=plain(chart.name),
            error_y=None
            if chart.ranges is None
            else {
                "type": "data",
                "symmetric": False,
                "array": [0 if r is None else r[1] - v for r, v in bars],
                "arrayminus": [0 if r is None else v - r[0] for r, v in bars],
                "color": "#444",
                "thickness": 1.5,
                "width": 6,
            },
        )
    )
    figure.update_layout(
        yaxis={"title": {"text": chart.axis_title}, "zeroline": True},
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        font=FONT,
        height=chart_height(chart),
    )
    return as_dict(figure)


def heatmap_figure(chart: Heatmap) -> dict:
    """Written as the plain dict plotly.js reads: for hundreds of teams, building it through
    plotly's validated figure objects would cost more than the rest of the page. A group's
    cell's hover adds its number of people."""
    separator = get_format("DECIMAL_SEPARATOR")  # once, not for each of thousands of cells
    trace = {
        "type": "heatmap",
        "z": [list(row) for row in (chart.shades or chart.values)],
        "x": plain_all(chart.columns),
        # the reason on a line of its own, for a phone
        "y": replace(
            chart, rows=tuple(plain_all(chart.rows)), held_back=plain(chart.held_back)
        ).labels("<br>"),
        "zmin": chart.low,
        "zmax": chart.high,
        "colorscale": [[stop, colour] for stop, colour in chart.colours],
        "text": [
            [written(value, chart.signed, separator) for value in row] for row in chart.values
        ],
        "texttemplate": "%{text}",
        "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
        "hoverongaps": False,
    }
    if chart.shades is not None:  # the page says what the colours mean, above the chart
        trace["colorbar"] = {"thickness": 12}
    if chart.notes:
        trace["customdata"] = [list(row) for row in chart.notes]
        trace["hovertemplate"] = "%{y} · %{x}: %{text} (%{customdata})<extra></extra>"
    return {
        "data": [trace],
        "layout": {
            # plotly would draw the first row at the bottom; long names take the room they
            # need rather than being cut off, on a phone too
            "yaxis": {"autorange": "reversed", "automargin": True},
            "xaxis": {"automargin": True, "dtick": 1},  # every column named, on a phone too
            "margin": {"l": 160, "r": 20, "t": 20, "b": 80},
            "font": FONT,
            "height": chart_height(chart),
        },
    }


def trend_figure(chart: Trend) -> dict:
    import plotly.graph_objects as go

    figure = go.Figure()
    for series in chart.series:
        figure.add_trace(
            go.Scatter(
                x=plain_all(chart.measurements),
                y=list(series.values),
                name=plain(series.name),
                mode="lines+markers",
                line=None if series.colour is None else {"color": series.colour},
                customdata=[written(value) for value in series.values],
                hovertemplate="%{x}: %{customdata}<extra>" + plain(series.name) + "</extra>",
            )
        )
    figure.update_layout(
        yaxis={"range": [chart.low, chart.high], "title": {"text": chart.axis_title}, "dtick": 1},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 20, "b": 40},
        font=FONT,
        height=chart_height(chart),
    )
    return as_dict(figure)
