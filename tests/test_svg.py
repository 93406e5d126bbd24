"""The PDF's static charts: drawn from the same plotly figures as the web page, and safe.

Figures are built here as plain dicts, with plotly, or by ``reports.charts`` itself from a gap
report of stand-in components (the charts read only a component's name).
"""

import json
import math
import xml.etree.ElementTree as ET
from types import SimpleNamespace

import numpy as np
import plotly.graph_objects as go
import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.safestring import SafeString

from reports import charts
from reports.gap import ComponentRow, GapReport
from reports.scoring import Score, Tally
from reports.svg import figure_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"
DRAWING_TAGS = {"svg", "title", "circle", "line", "polygon", "rect", "text"}
HOSTILE = ['<image href="http://x/y.png"/>', '"><script>alert(1)</script>']


def parsed(figure: dict, **options) -> ET.Element:
    return ET.fromstring(figure_svg(figure, **options))


def every(root: ET.Element, tag: str) -> list[ET.Element]:
    return root.findall(f".//{SVG}{tag}")


def texts(root: ET.Element) -> list[str]:
    return [element.text or "" for element in every(root, "text")]


def number(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute))


def vertices(polygon: ET.Element) -> list[tuple[float, float]]:
    return [tuple(map(float, pair.split(","))) for pair in polygon.get("points").split()]


def cells(root: ET.Element) -> list[tuple[str, str | None]]:
    """Each heatmap cell's fill and the text written inside it, row by row from the top."""
    written = every(root, "text")
    found = []
    for rect in every(root, "rect"):
        x, y = number(rect, "x"), number(rect, "y")
        width, height = number(rect, "width"), number(rect, "height")
        inside = [
            t.text
            for t in written
            if x < number(t, "x") < x + width and y < number(t, "y") < y + height
        ]
        found.append((rect.get("fill"), inside[0] if inside else None))
    return found


def radar(*traces: tuple[str, str, list[float]], categories=("A", "B", "C", "D")) -> dict:
    """A radar figure as ``reports.charts`` builds it: closed loops, ``fill="toself"``."""
    return {
        "data": [
            {
                "type": "scatterpolar",
                "name": name,
                "r": [*scores, scores[0]],
                "theta": [*categories, categories[0]],
                "fill": "toself",
                "line": {"color": colour, "width": 2},
            }
            for name, colour, scores in traces
        ],
        "layout": {"polar": {"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}}},
    }


def gap_report(scores: dict[str, tuple[int | None, int | None]]) -> GapReport:
    """A report with one rater per component: ``{"Empathy": (3, 5)}`` is current 3, target 5."""

    def tally(value):
        return Tally() if value is None else Tally(value, 1)

    rows = [
        ComponentRow(SimpleNamespace(name=name, key=name), Score(tally(current), tally(target)), {})
        for name, (current, target) in scores.items()
    ]
    return GapReport(rows)


def test_radar_draws_one_polygon_per_trace_in_its_colour_scaled_to_the_outer_ring():
    root = parsed(radar(("Current", "#1f5fa8", [5, 2.5, 1, 4]), ("Target", "#c8641e", [5] * 4)))
    polygons = every(root, "polygon")
    assert [p.get("stroke") for p in polygons] == ["#1f5fa8", "#c8641e"]
    assert [p.get("fill") for p in polygons] == ["#1f5fa8", "#c8641e"]
    assert [len(vertices(p)) for p in polygons] == [4, 4]  # the closing point is not repeated
    outer = max(every(root, "circle"), key=lambda c: number(c, "r"))
    cx, cy, radius = number(outer, "cx"), number(outer, "cy"), number(outer, "r")
    # The first category points east, the next ones follow counter-clockwise, as in plotly.
    assert vertices(polygons[0])[0] == pytest.approx((cx + radius, cy), abs=0.01)
    assert vertices(polygons[0])[1] == pytest.approx((cx, cy - radius / 2), abs=0.01)
    assert vertices(polygons[0])[2] == pytest.approx((cx - radius / 5, cy), abs=0.01)
    for x, y in vertices(polygons[1]):
        assert math.dist((x, y), (cx, cy)) == pytest.approx(radius, abs=0.01)


def test_radar_has_rings_category_labels_and_a_legend():
    root = parsed(radar(("Current", "#1f5fa8", [3, 3, 3, 3]), ("Target", "#c8641e", [4] * 4)))
    assert len(every(root, "circle")) == 5
    assert {"1", "2", "3", "4", "5", "A", "B", "C", "D", "Current", "Target"} <= set(texts(root))
    assert [r.get("fill") for r in every(root, "rect")] == ["#1f5fa8", "#c8641e"]
    assert root.get("aria-label") == "Current, Target"
    assert root.find(f"{SVG}title").text == "Current, Target"
    assert (root.get("role"), root.get("width"), root.get("viewBox")) == (
        "img",
        "640",
        "0 0 640 420",
    )


def test_radar_leaves_out_a_component_without_a_score():
    root = parsed(radar(("Current", "#1f5fa8", [3, None, 3, 3])))
    assert len(vertices(every(root, "polygon")[0])) == 3


def test_bars_grow_from_the_zero_line_with_their_labels_outside():
    figure = {
        "data": [
            {
                "type": "bar",
                "x": ["Recovery", "Empathy", "Integrity"],
                "y": [2.0, 1.0, -1.0],
                "text": ["+2.0", "+1.0", "-1.0"],
                "marker": {"color": "#6f42c1"},
            }
        ],
        "layout": {"yaxis": {"title": {"text": "Gap (target − current)"}}, "height": 300},
    }
    root = parsed(figure)
    bars = every(root, "rect")
    two, one, minus_one = (number(b, "height") for b in bars)
    assert two == pytest.approx(2 * one, abs=0.02)
    assert minus_one == pytest.approx(one, abs=0.02)
    zero = number(bars[0], "y") + two
    assert number(bars[2], "y") == pytest.approx(zero, abs=0.01)  # hangs below the zero line
    assert {b.get("fill") for b in bars} == {"#6f42c1"}
    label = next(t for t in every(root, "text") if t.text == "+2.0")
    assert number(label, "y") < number(bars[0], "y")
    below = next(t for t in every(root, "text") if t.text == "-1.0")
    assert number(below, "y") > number(bars[2], "y") + minus_one
    assert {"Recovery", "Empathy", "Integrity", "Gap (target − current)"} <= set(texts(root))
    assert root.get("height") == "300"


def test_bars_without_text_are_labelled_with_the_callers_number_format():
    figure = {"data": [{"type": "bar", "x": ["Empathy"], "y": [1.5], "name": "Gap"}]}
    root = parsed(figure, number_format=lambda value: f"{value:.1f}".replace(".", ","))
    assert "1,5" in texts(root)
    assert "0,5" in texts(root)  # a y axis tick
    assert every(root, "rect")[0].get("fill") == "#636efa"  # plotly's first default colour


def test_long_category_labels_are_wrapped_then_shortened():
    name = "A very long component name that goes on and on"
    categories = [name, *"BCDEFGH"]  # eight bars of 70 pixels: eleven characters a line
    root = parsed({"data": [{"type": "bar", "x": categories, "y": [1] * 8}]})
    lines = texts(root)[texts(root).index("A very long") :][:3]
    assert lines == ["A very long", "component", "name that …"]


def test_heatmap_cells_are_shaded_from_zmin_to_zmax_and_empty_cells_stay_blank():
    figure = {
        "data": [
            {
                "type": "heatmap",
                "z": [[1.0, None], [5.0, 3.0]],
                "x": ["Empathy", "Recovery"],
                "y": ["Sales", "\u2003North"],
                "zmin": 1,
                "zmax": 5,
                "colorscale": "Blues",
            }
        ],
        "layout": {"yaxis": {"autorange": "reversed"}},
    }
    root = parsed(figure)
    assert cells(root) == [
        ("#f7fbff", "1.0"),
        ("#f2f2f2", None),
        ("#08306b", "5.0"),
        ("#6baed6", "3.0"),
    ]
    text_colour = {t.text: t.get("fill") for t in every(root, "text")}
    assert (text_colour["5.0"], text_colour["1.0"]) == ("#ffffff", "#222222")
    sales, north = (t for t in every(root, "text") if t.text in ("Sales", "\u2003North"))
    assert number(sales, "y") < number(north, "y")  # first row on top, indentation kept
    assert root.get("height") == "260"


def test_heatmap_without_reversed_axis_draws_the_first_row_at_the_bottom():
    figure = {"data": [{"type": "heatmap", "z": [[1, 2], [3, 4]], "y": ["first", "second"]}]}
    labels = [t.text for t in every(parsed(figure), "text") if t.text in ("first", "second")]
    assert labels == ["second", "first"]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_typed_by_users_come_out_as_text_never_as_markup(hostile):
    figures = [
        radar((hostile, "#1f5fa8", [3, 3, 3]), categories=(hostile, "B", "C")),
        {"data": [{"type": "bar", "x": [hostile], "y": [1.0], "name": hostile}]},
        {"data": [{"type": "heatmap", "z": [[2.0]], "x": [hostile], "y": [hostile]}]},
    ]
    for figure in figures:
        svg = figure_svg(figure, width=900)
        assert "<script" not in svg and "<image" not in svg
        root = ET.fromstring(svg)
        assert {element.tag.removeprefix(SVG) for element in root.iter()} <= DRAWING_TAGS
        assert not [name for e in root.iter() for name in e.attrib if "href" in name]
        assert hostile in texts(root)
    assert hostile in texts(ET.fromstring(figure_svg(figures[0])))  # the legend
    assert ET.fromstring(figure_svg(figures[1])).get("aria-label") == hostile


def test_a_colour_that_is_not_a_plain_colour_is_not_used():
    figure = {"data": [{"type": "bar", "y": [1], "marker": {"color": "url(http://x/y)"}}]}
    assert "url(" not in figure_svg(figure)


@pytest.mark.parametrize(
    "traces",
    [
        [],
        [{"type": "scatter", "y": [1, 2]}],
        [{"type": "bar", "y": [1]}, {"type": "bar", "y": [2]}],
        [{"type": "bar", "y": [1]}, {"type": "heatmap", "z": [[1]]}],
        [{"type": "scatterpolar", "r": [1]}, {"type": "pie", "values": [1]}],
    ],
)
def test_other_figures_are_refused(traces):
    with pytest.raises(ValueError):
        figure_svg({"data": traces})


def test_typed_arrays_from_plotly_draw_the_same_as_plain_lists():
    def bar(y):
        return json.loads(go.Figure(go.Bar(x=["A", "B"], y=y)).to_json())

    def heatmap(z):
        return json.loads(go.Figure(go.Heatmap(z=z, x=["A", "B"], y=["T", "U"])).to_json())

    typed_bar, typed_heatmap = bar(np.array([2.0, -1.5])), heatmap(np.array([[1, np.nan], [3, 4]]))
    assert "bdata" in typed_bar["data"][0]["y"] and "bdata" in typed_heatmap["data"][0]["z"]
    assert figure_svg(typed_bar) == figure_svg(bar([2.0, -1.5]))
    assert figure_svg(typed_heatmap) == figure_svg(heatmap([[1, None], [3, 4]]))


REPORT = {"Recovery": (2, 5), "Empathy": (5, 5), "Integrity": (None, None), "Expectations": (3, 4)}


def test_the_reports_radar_chart():
    figure = charts.radar_chart(gap_report(REPORT))
    root = parsed(figure)
    polygons = every(root, "polygon")
    assert [p.get("stroke") for p in polygons] == [charts.CURRENT_COLOUR, charts.TARGET_COLOUR]
    assert [len(vertices(p)) for p in polygons] == [3, 3]  # Integrity has no score
    assert set(REPORT) <= set(texts(root))
    assert root.get("height") == "420"
    assert isinstance(figure_svg(figure), SafeString)


def test_the_reports_gap_chart():
    root = parsed(charts.gap_chart(gap_report(REPORT)))
    bars = every(root, "rect")
    assert [b.get("fill") for b in bars] == [charts.GAP_COLOUR] * 3
    three, one, zero = (number(b, "height") for b in bars)
    assert (three, zero) == (pytest.approx(3 * one, abs=0.02), 0)
    assert [t for t in texts(root) if t.startswith("+")] == ["+3.0", "+1.0", "+0.0"]
    assert "Gap (target − current)" in texts(root)


def test_the_reports_heatmap_in_italian():
    report = gap_report(REPORT)
    components = [row.component for row in report.rows]
    rows = [("Sales", report), ("\u2003North", None)]
    with translation.override("it"):
        figure = charts.heatmap_chart(components, rows, "current")
        root = parsed(figure, number_format=lambda value: floatformat(value, 1))
    assert cells(root) == [
        ("#c6dbef", "2,0"),
        ("#08306b", "5,0"),
        ("#f2f2f2", None),
        ("#6baed6", "3,0"),
        *[("#f2f2f2", None)] * 4,
    ]
    assert "\u2003North" in texts(root)


def test_a_word_too_long_for_its_bar_is_hyphenated_not_cut():
    assert wrap("Personalizzazione", 15, 3) == ["Personalizzazi-", "one"]
    assert wrap("Tempo e Impegno", 15, 3) == ["Tempo e Impegno"]
