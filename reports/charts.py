"""Plotly figures for a gap report, returned as JSON-ready dicts for plotly.js in the page.

plotly is imported inside the functions: it is heavy, and most requests never draw a chart.
"""

import json
from fractions import Fraction

from django.utils.translation import gettext as _

from reports.gap import GapReport
from reports.templatetags.scores import gap

CURRENT_COLOUR = "#1f5fa8"
TARGET_COLOUR = "#c8641e"
GAP_COLOUR = "#6f42c1"
FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}


def rounded(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _as_dict(figure) -> dict:
    return json.loads(figure.to_json())


def radar_chart(report: GapReport) -> dict:
    import plotly.graph_objects as go

    names = [row.component.name for row in report.rows]
    figure = go.Figure()
    for label, values, colour in (
        (_("Current"), [rounded(row.score.current) for row in report.rows], CURRENT_COLOUR),
        (_("Target"), [rounded(row.score.target) for row in report.rows], TARGET_COLOUR),
    ):
        figure.add_trace(
            go.Scatterpolar(
                r=[*values, values[0]],
                theta=[*names, names[0]],
                name=label,
                fill="toself",
                opacity=0.6,
                line={"color": colour, "width": 2},
                hovertemplate="%{theta}: %{r:.1f}<extra>" + label + "</extra>",
            )
        )
    figure.update_layout(
        polar={"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}},
        legend={"orientation": "h", "y": -0.1},
        margin={"l": 60, "r": 60, "t": 30, "b": 30},
        font=FONT,
        height=420,
    )
    return _as_dict(figure)


def gap_chart(report: GapReport) -> dict:
    import plotly.graph_objects as go

    rows = sorted(
        (row for row in report.rows if row.score.gap is not None),
        key=lambda row: (-row.score.gap, row.score.current),
    )
    figure = go.Figure(
        go.Bar(
            x=[row.component.name for row in rows],
            y=[rounded(row.score.gap) for row in rows],
            marker={"color": GAP_COLOUR},
            text=[gap(row.score.gap) for row in rows],  # in the reader's locale
            textposition="outside",
            hovertemplate="%{x}: %{y:+.1f}<extra></extra>",
            name=_("Gap"),
        )
    )
    figure.update_layout(
        yaxis={"title": {"text": _("Gap (target − current)")}, "zeroline": True},
        margin={"l": 60, "r": 20, "t": 30, "b": 60},
        font=FONT,
        height=380,
    )
    return _as_dict(figure)


def colorscale(name: str) -> list:
    """One of plotly's sequential scales, light to dark, as plotly.js reads it."""
    from plotly.colors import sequential

    colours = getattr(sequential, name)
    return [[index / (len(colours) - 1), colour] for index, colour in enumerate(colours)]


def heatmap_chart(components, rows, measure: str) -> dict:
    """Teams × components, coloured by current score or by gap; a team held back for
    confidentiality is an empty row, like a team with no response.

    Written as the plain dict plotly.js reads: for hundreds of teams, building it through
    plotly's validated figure objects would cost more than the rest of the page. A report's
    rows come in the order of ``components``."""
    held_back = [None] * len(components)
    current = measure == "current"
    return {
        "data": [
            {
                "type": "heatmap",
                "z": [
                    [rounded(getattr(row.score, measure)) for row in report.rows]
                    if report
                    else held_back
                    for _label, report in rows
                ],
                "x": [c.name for c in components],
                "y": [label for label, _report in rows],
                "zmin": 1 if current else 0,
                "zmax": 5 if current else 4,
                "colorscale": colorscale("Blues" if current else "Oranges"),
                "texttemplate": "%{z:.1f}",
                "hovertemplate": "%{y} · %{x}: %{z:.1f}<extra></extra>",
                "hoverongaps": False,
            }
        ],
        "layout": {
            "yaxis": {"autorange": "reversed"},
            "margin": {"l": 160, "r": 20, "t": 20, "b": 80},
            "font": FONT,
            "height": max(260, 40 * len(rows) + 120),
        },
    }


def trend_chart(labels: list[str], names: dict[str, str], series: dict[str, list]) -> dict:
    """One line per component across measurements; a gap where a measurement is held back."""
    import plotly.graph_objects as go

    figure = go.Figure()
    for key, values in series.items():
        figure.add_trace(
            go.Scatter(
                x=labels,
                y=[rounded(value) for value in values],
                name=names[key],
                mode="lines+markers",
                hovertemplate="%{x}: %{y:.1f}<extra>" + names[key] + "</extra>",
            )
        )
    figure.update_layout(
        yaxis={"range": [1, 5], "title": {"text": _("Current score")}, "dtick": 1},
        legend={"orientation": "h", "y": -0.2},
        margin={"l": 60, "r": 20, "t": 20, "b": 40},
        font=FONT,
        height=380,
    )
    return _as_dict(figure)
