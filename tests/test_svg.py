"""The PDF's static charts: drawn from the same chart descriptions as the web page, and safe.

Descriptions are built here directly, or by ``reports.charts`` itself from a gap report of
stand-in components (the charts read only a component's name).
"""

import json
import math
import xml.etree.ElementTree as ET
from fractions import Fraction
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest
from django.template.defaultfilters import floatformat
from django.utils import translation
from django.utils.safestring import SafeString

from frameworks.scale import PERSON_SCALE
from reports import charts
from reports.charts import Bars, Heatmap, Radar, Series, Trend, plotly_figure
from reports.gap import ComponentRow, GapReport
from reports.numbers import one_decimal
from reports.scoring import Score, Spread, Tally
from reports.svg import chart_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"
DRAWING_TAGS = {"svg", "title", "circle", "line", "polygon", "rect", "text"}
HOSTILE = ['<image href="http://x/y.png"/>', '"><script>alert(1)</script>']
BLUES = ((0, "rgb(247,251,255)"), (0.5, "rgb(107,174,214)"), (1, "rgb(8,48,107)"))


def parsed(chart, **options) -> ET.Element:
    return ET.fromstring(chart_svg(chart, **options))


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


def bar_labels(root: ET.Element) -> list[str]:
    """The text written just above (or below) each bar, left to right."""
    found = []
    for rect in every(root, "rect"):
        centre = number(rect, "x") + number(rect, "width") / 2
        above = [t.text for t in every(root, "text") if abs(number(t, "x") - centre) < 0.02]
        found.append(above[-1])  # after the category's own lines
    return found


def radar(*series: tuple[str, str, list[float | None]], categories=("A", "B", "C", "D")) -> Radar:
    return Radar(
        categories=tuple(categories),
        series=tuple(Series(name, tuple(scores), colour) for name, colour, scores in series),
        low=0,
        high=5,
        ticks=(1, 2, 3, 4, 5),
    )


def bars(categories, values, labels=None, colour="#6f42c1", name="Gap", axis_title="") -> Bars:
    return Bars(name, tuple(categories), tuple(values), colour, axis_title, labels)


def heatmap(values, columns=("Empathy", "Recovery"), rows=("Sales", "North")) -> Heatmap:
    values = tuple(tuple(row) for row in values)
    return Heatmap(tuple(columns), tuple(rows), values, low=1, high=5, colours=BLUES)


def gap_report(scores: dict[str, tuple[int | None, int | None]]) -> GapReport:
    """A report with one rater per component: ``{"Empathy": (3, 5)}`` is current 3, target 5."""

    def tally(value):
        return Tally() if value is None else Tally(value, 1)

    rows = [
        ComponentRow(SimpleNamespace(name=name, key=name), Score(tally(current), tally(target)), {})
        for name, (current, target) in scores.items()
    ]
    return GapReport(rows)


def test_radar_draws_one_polygon_per_series_in_its_colour_scaled_to_the_outer_ring():
    root = parsed(radar(("Current", "#1f5fa8", [5, 2.5, 1, 4]), ("Target", "#c8641e", [5] * 4)))
    polygons = every(root, "polygon")
    assert [p.get("stroke") for p in polygons] == ["#1f5fa8", "#c8641e"]
    assert [p.get("fill") for p in polygons] == ["#1f5fa8", "#c8641e"]
    assert [len(vertices(p)) for p in polygons] == [4, 4]  # one vertex per category
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
    chart = bars(
        ["Recovery", "Empathy", "Integrity"],
        [2.0, 1.0, -1.0],
        labels=("+2.0", "+1.0", "-1.0"),
        axis_title="Gap (target − current)",
    )
    root = parsed(chart, height=300)
    rects = every(root, "rect")
    two, one, minus_one = (number(b, "height") for b in rects)
    assert two == pytest.approx(2 * one, abs=0.02)
    assert minus_one == pytest.approx(one, abs=0.02)
    zero = number(rects[0], "y") + two
    assert number(rects[2], "y") == pytest.approx(zero, abs=0.01)  # hangs below the zero line
    assert {b.get("fill") for b in rects} == {"#6f42c1"}
    label = next(t for t in every(root, "text") if t.text == "+2.0")
    assert number(label, "y") < number(rects[0], "y")
    below = next(t for t in every(root, "text") if t.text == "-1.0")
    assert number(below, "y") > number(rects[2], "y") + minus_one
    assert {"Recovery", "Empathy", "Integrity", "Gap (target − current)"} <= set(texts(root))
    assert root.get("height") == "300"


def test_bars_without_labels_are_labelled_with_the_callers_number_format():
    chart = bars(["Empathy"], [1.5], colour="#1f5fa8")
    root = parsed(chart, number_format=lambda value: f"{value:.1f}".replace(".", ","))
    assert "1,5" in texts(root)
    assert "0,5" in texts(root)  # a y axis tick
    assert every(root, "rect")[0].get("fill") == "#1f5fa8"  # the description's colour


def test_long_category_labels_are_wrapped_then_shortened():
    name = "A very long component name that goes on and on"
    categories = [name, *"BCDEFGH"]  # eight bars of 70 pixels: eleven characters a line
    root = parsed(bars(categories, [1] * 8))
    lines = texts(root)[texts(root).index("A very long") :][:3]
    assert lines == ["A very long", "component", "name that …"]


def test_heatmap_cells_are_shaded_from_low_to_high_and_empty_cells_stay_blank():
    root = parsed(heatmap([[1.0, None], [5.0, 3.0]], rows=("Sales", "\u2003North")))
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


def test_against_the_organisation_a_cell_is_shaded_by_its_difference():
    """Level with the organisation: white; a current score above it blue and below orange; a
    gap the other way round. The figure written is still the team's own."""
    organisation = gap_report({"Recovery": (3, 5), "Empathy": (4, 4)})
    team = gap_report({"Recovery": (2, 5), "Empathy": (5, 5)})
    components = [row.component for row in organisation.rows]
    rows = [("Acme", organisation), ("North", team), ("South", None)]
    chart = charts.heatmap_chart(components, rows, "current", organisation, "too few")
    assert chart.shades == ((0.0, 0.0), (-1.0, 1.0), (None, None))
    assert (chart.low, chart.high) == (-1.0, 1.0)
    assert chart.labels() == ["Acme", "North", "South · too few"]
    assert "South · too few" in texts(parsed(chart))
    drawn = cells(parsed(chart))
    assert drawn[:4] == [
        ("#f7f7f7", "3.0"),
        ("#f7f7f7", "4.0"),
        ("#b35806", "2.0"),
        ("#2166ac", "5.0"),
    ]
    gaps = charts.heatmap_chart(components, rows, "gap", organisation, "too few")
    assert gaps.shades[1] == (1.0, 0.0)  # North's gap on Recovery is 3, Acme's 2: worse
    assert [fill for fill, _text in cells(parsed(gaps))][2] == "#b35806"
    (trace,) = plotly_figure(chart)["data"]
    assert trace["z"][1] == [-1.0, 1.0] and trace["text"][1] == ["2.0", "5.0"]
    assert trace["y"] == ["Acme", "North", "South<br>too few"]  # on a line of its own
    assert trace["customdata"][1] == [
        "-1.0 against the organisation",
        "+1.0 against the organisation",
    ]


def test_heatmap_rows_run_from_the_top_on_the_page_and_in_the_pdf():
    chart = heatmap([[1, 2], [3, 4]], rows=("first", "second"))
    labels = [t for t in every(parsed(chart), "text") if t.text in ("first", "second")]
    assert [t.text for t in sorted(labels, key=lambda t: number(t, "y"))] == ["first", "second"]
    figure = plotly_figure(chart)
    assert figure["data"][0]["y"] == ["first", "second"]
    assert figure["layout"]["yaxis"]["autorange"] == "reversed"  # plotly's first row on top


@pytest.mark.parametrize("hostile", HOSTILE)
def test_names_typed_by_users_come_out_as_text_never_as_markup(hostile):
    drawn = [
        radar((hostile, "#1f5fa8", [3, 3, 3]), categories=(hostile, "B", "C")),
        bars([hostile], [1.0], name=hostile),
        heatmap([[2.0]], columns=[hostile], rows=[hostile]),
    ]
    for chart in drawn:
        svg = chart_svg(chart, width=900)
        assert "<script" not in svg and "<image" not in svg
        root = ET.fromstring(svg)
        assert {element.tag.removeprefix(SVG) for element in root.iter()} <= DRAWING_TAGS
        assert not [name for e in root.iter() for name in e.attrib if "href" in name]
        assert hostile in texts(root)
    assert hostile in texts(ET.fromstring(chart_svg(drawn[0])))  # the legend
    assert ET.fromstring(chart_svg(drawn[1])).get("aria-label") == hostile


def test_names_typed_by_users_are_text_to_plotly_too():
    """plotly.js reads <a href>, <b> and <br> in any label, legend or hover: a team named like
    a link must arrive written with entities, which it shows as the characters typed."""
    link = '<a href="https://evil.example">North</a> & co'
    written = '&lt;a href="https://evil.example"&gt;North&lt;/a&gt; &amp; co'
    (area,) = plotly_figure(radar((link, "#1f5fa8", [3, 3, 3]), categories=(link, "B", "C")))[
        "data"
    ]
    assert (area["name"], area["theta"][0]) == (written, written)
    assert area["hovertemplate"] == f"%{{theta}}: %{{customdata}}<extra>{written}</extra>"
    (bar,) = plotly_figure(bars([link], [1.0], name=link))["data"]
    assert (bar["x"], bar["name"]) == ([written], written)
    held = Heatmap(
        columns=(link,),
        rows=(link,),
        values=((None,),),
        low=1,
        high=5,
        colours=BLUES,
        held_back="<b>too few</b>",
    )
    (cells,) = plotly_figure(held)["data"]
    assert cells["x"] == [written]
    assert cells["y"] == [written + "<br>&lt;b&gt;too few&lt;/b&gt;"]
    trend = Trend(("<i>Spring</i>",), (Series(link, (3.0,)),), low=1, high=5, axis_title="")
    (line,) = plotly_figure(trend)["data"]
    assert (line["x"], line["name"]) == (["&lt;i&gt;Spring&lt;/i&gt;"], written)


def test_a_colour_that_is_not_a_plain_colour_is_not_used():
    assert "url(" not in chart_svg(bars(["A"], [1], colour="url(http://x/y)"))
    assert "url(" not in chart_svg(radar(("Current", "url(http://x/y)", [1, 2, 3, 4])))


@pytest.mark.parametrize(
    "chart",
    [
        Trend(("Spring", "Autumn"), (Series("Empathy", (2.0, 3.0)),), 1, 5, "Current score"),
        {"data": [{"type": "bar", "y": [1]}]},  # a plotly figure is not a description
        None,
    ],
)
def test_other_charts_are_refused(chart):
    with pytest.raises(ValueError):
        chart_svg(chart)


def test_plotly_refuses_what_is_not_a_chart():
    with pytest.raises(TypeError):
        plotly_figure({"data": []})


REPORT = {"Recovery": (2, 5), "Empathy": (5, 5), "Integrity": (None, None), "Expectations": (3, 4)}


def report_charts() -> dict:
    """Each kind of chart for ``REPORT``, as the views and the PDFs build them."""
    report = gap_report(REPORT)
    components = [row.component for row in report.rows]
    rows = [("Sales", report), ("\u2003North", None)]
    trend = {"empathy": [Fraction(2), Fraction(10, 3)], "recovery": [None, Fraction(4)]}
    return {
        "radar": charts.radar_chart(report),
        "gap": charts.gap_chart(report),
        "current heatmap": charts.heatmap_chart(components, rows, "current"),
        "gap heatmap": charts.heatmap_chart(components, rows, "gap"),
        "trend": charts.trend_chart(
            ["Spring", "Autumn"], {"empathy": "Empathy", "recovery": "Recovery"}, trend
        ),
    }


def test_the_page_and_the_pdf_draw_the_same_values():
    drawn = report_charts()
    (bar,) = plotly_figure(drawn["gap"])["data"]
    assert bar_labels(parsed(drawn["gap"])) == bar["text"] == ["+3.0", "+1.0", "0.0"]
    assert bar["customdata"] == bar["text"]  # the hover reads as the bar's label
    unlabelled = Bars("Gap", ("A", "B"), (2.25, -1.5), "#6f42c1", "")
    (bar,) = plotly_figure(unlabelled)["data"]
    # Written as everywhere else: one decimal, half away from zero.
    assert bar_labels(parsed(unlabelled)) == [one_decimal(y) for y in bar["y"]] == ["2.3", "-1.5"]

    (shades,) = plotly_figure(drawn["current heatmap"])["data"]
    written = [None if z is None else f"{z:.1f}" for row in shades["z"] for z in row]
    assert [text for _fill, text in cells(parsed(drawn["current heatmap"]))] == written

    root = parsed(drawn["radar"])
    outer = max(every(root, "circle"), key=lambda c: number(c, "r"))
    centre, radius = (number(outer, "cx"), number(outer, "cy")), number(outer, "r")
    traces = plotly_figure(drawn["radar"])["data"]
    for trace, polygon in zip(traces, every(root, "polygon"), strict=True):
        assert polygon.get("stroke") == trace["line"]["color"]
        scores = [r for r in trace["r"][:-1] if r is not None]  # the page closes the loop
        drawn_at = [5 * math.dist(point, centre) / radius for point in vertices(polygon)]
        assert drawn_at == pytest.approx(scores, abs=0.01)


FONT = {"family": "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", "size": 13}
# plotly's default template, which the page's figures built through plotly have always carried
PLOTLY_TEMPLATE = json.loads(go.Figure().to_json())["layout"]["template"]
PAGE_FIGURES = {
    "radar": {
        "data": [
            {
                "fill": "toself",
                "customdata": ["2.0", "5.0", "", "3.0", "2.0"],
                "hovertemplate": "%{theta}: %{customdata}<extra>Current</extra>",
                "line": {"color": "#1f5fa8", "width": 2},
                "name": "Current",
                "opacity": 0.6,
                "r": [2.0, 5.0, None, 3.0, 2.0],
                "theta": ["Recovery", "Empathy", "Integrity", "Expectations", "Recovery"],
                "type": "scatterpolar",
            },
            {
                "fill": "toself",
                "customdata": ["5.0", "5.0", "", "4.0", "5.0"],
                "hovertemplate": "%{theta}: %{customdata}<extra>Target</extra>",
                "line": {"color": "#c8641e", "width": 2},
                "name": "Target",
                "opacity": 0.6,
                "r": [5.0, 5.0, None, 4.0, 5.0],
                "theta": ["Recovery", "Empathy", "Integrity", "Expectations", "Recovery"],
                "type": "scatterpolar",
            },
        ],
        "layout": {
            "font": FONT,
            "height": 420,
            "legend": {"orientation": "h", "y": -0.1},
            "margin": {"b": 30, "l": 60, "r": 60, "t": 30},
            "polar": {"radialaxis": {"range": [0, 5], "tickvals": [1, 2, 3, 4, 5]}},
            "template": PLOTLY_TEMPLATE,
        },
    },
    "gap": {
        "data": [
            {
                "customdata": ["+3.0", "+1.0", "0.0"],
                "hovertemplate": "%{x}: %{customdata}<extra></extra>",
                "marker": {"color": "#6f42c1"},
                "name": "Gap",
                "text": ["+3.0", "+1.0", "0.0"],
                "textposition": "outside",
                "type": "bar",
                "x": ["Recovery", "Expectations", "Empathy"],
                "y": [3.0, 1.0, 0.0],
            }
        ],
        "layout": {
            "font": FONT,
            "height": 380,
            "margin": {"b": 60, "l": 60, "r": 20, "t": 30},
            "yaxis": {"title": {"text": "Gap (target − current)"}, "zeroline": True},
            "template": PLOTLY_TEMPLATE,
        },
    },
    "current heatmap": {
        "data": [
            {
                "colorscale": [
                    [0.0, "rgb(247,251,255)"],
                    [0.125, "rgb(222,235,247)"],
                    [0.25, "rgb(198,219,239)"],
                    [0.375, "rgb(158,202,225)"],
                    [0.5, "rgb(107,174,214)"],
                    [0.625, "rgb(66,146,198)"],
                    [0.75, "rgb(33,113,181)"],
                    [0.875, "rgb(8,81,156)"],
                    [1.0, "rgb(8,48,107)"],
                ],
                "hoverongaps": False,
                "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
                "text": [["2.0", "5.0", "", "3.0"], ["", "", "", ""]],
                "texttemplate": "%{text}",
                "type": "heatmap",
                "x": ["Recovery", "Empathy", "Integrity", "Expectations"],
                "y": ["Sales", "\u2003North"],
                "z": [[2.0, 5.0, None, 3.0], [None, None, None, None]],
                "zmax": 5,
                "zmin": 1,
            }
        ],
        "layout": {
            "font": FONT,
            "height": 260,
            "margin": {"b": 80, "l": 160, "r": 20, "t": 20},
            "xaxis": {"automargin": True, "dtick": 1},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    },
    "gap heatmap": {
        "data": [
            {
                "colorscale": [
                    [0.0, "rgb(255,245,235)"],
                    [0.125, "rgb(254,230,206)"],
                    [0.25, "rgb(253,208,162)"],
                    [0.375, "rgb(253,174,107)"],
                    [0.5, "rgb(253,141,60)"],
                    [0.625, "rgb(241,105,19)"],
                    [0.75, "rgb(217,72,1)"],
                    [0.875, "rgb(166,54,3)"],
                    [1.0, "rgb(127,39,4)"],
                ],
                "hoverongaps": False,
                "hovertemplate": "%{y} · %{x}: %{text}<extra></extra>",
                "text": [["+3.0", "0.0", "", "+1.0"], ["", "", "", ""]],
                "texttemplate": "%{text}",
                "type": "heatmap",
                "x": ["Recovery", "Empathy", "Integrity", "Expectations"],
                "y": ["Sales", "\u2003North"],
                "z": [[3.0, 0.0, None, 1.0], [None, None, None, None]],
                "zmax": 3.0,  # the gaps there are, not a fixed 0 to 4
                "zmin": 0,
            }
        ],
        "layout": {
            "font": FONT,
            "height": 260,
            "margin": {"b": 80, "l": 160, "r": 20, "t": 20},
            "xaxis": {"automargin": True, "dtick": 1},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    },
    "trend": {
        "data": [
            {
                "customdata": ["2.0", "3.3"],
                "hovertemplate": "%{x}: %{customdata}<extra>Empathy</extra>",
                "mode": "lines+markers",
                "name": "Empathy",
                "type": "scatter",
                "x": ["Spring", "Autumn"],
                "y": [2.0, 3.3],  # plotted as the page writes it
            },
            {
                "customdata": ["", "4.0"],
                "hovertemplate": "%{x}: %{customdata}<extra>Recovery</extra>",
                "mode": "lines+markers",
                "name": "Recovery",
                "type": "scatter",
                "x": ["Spring", "Autumn"],
                "y": [None, 4.0],
            },
        ],
        "layout": {
            "font": FONT,
            "height": 380,
            "legend": {"orientation": "h", "y": -0.2},
            "margin": {"b": 40, "l": 60, "r": 20, "t": 20},
            "yaxis": {"dtick": 1, "range": [1, 5], "title": {"text": "Current score"}},
            "template": PLOTLY_TEMPLATE,
        },
    },
}


@pytest.mark.parametrize("kind", PAGE_FIGURES)
def test_the_pages_plotly_figure_is_what_the_page_always_had(kind):
    with translation.override("en"):
        figure = plotly_figure(report_charts()[kind])
    assert figure == PAGE_FIGURES[kind]
    assert json.loads(json.dumps(figure)) == figure  # plain JSON, as json_script writes it


def test_the_reports_radar_chart():
    chart = charts.radar_chart(gap_report(REPORT))
    root = parsed(chart)
    polygons = every(root, "polygon")
    assert [p.get("stroke") for p in polygons] == [charts.CURRENT_COLOUR, charts.TARGET_COLOUR]
    assert [len(vertices(p)) for p in polygons] == [3, 3]  # Integrity has no score
    assert set(REPORT) <= set(texts(root))
    assert root.get("height") == "420"
    assert isinstance(chart_svg(chart), SafeString)


def test_the_reports_gap_chart():
    root = parsed(charts.gap_chart(gap_report(REPORT)))
    rects = every(root, "rect")
    assert [b.get("fill") for b in rects] == [charts.GAP_COLOUR] * 3
    three, one, zero = (number(b, "height") for b in rects)
    assert (three, zero) == (pytest.approx(3 * one, abs=0.02), 0)
    assert bar_labels(root) == ["+3.0", "+1.0", "0.0"]
    assert "Gap (target − current)" in texts(root)


def test_the_reports_heatmap_in_italian():
    report = gap_report(REPORT)
    components = [row.component for row in report.rows]
    rows = [("Sales", report), ("\u2003North", None)]
    with translation.override("it"):
        chart = charts.heatmap_chart(components, rows, "current")
        root = parsed(chart, number_format=lambda value: floatformat(value, 1))
    assert cells(root) == [
        ("#c6dbef", "2,0"),
        ("#08306b", "5,0"),
        ("#f2f2f2", None),
        ("#6baed6", "3,0"),
        *[("#f2f2f2", None)] * 4,
    ]
    assert "\u2003North" in texts(root)


def test_a_word_is_never_broken():
    assert wrap("Personalizzazione", 15, 3) == ["Personalizzazione"]
    assert wrap("Tempo e Impegno", 15, 3) == ["Tempo e Impegno"]


ITALIAN_PILLARS = ("Personalizzazione", "Integrità", "Aspettative", "Tempo e impegno")


def test_labels_a_word_too_wide_for_would_overflow_are_slanted_whole():
    root = parsed(bars((*ITALIAN_PILLARS, "Risoluzione", "Empatia"), [1.2, 1, 0.9, 0.8, 0.5, 0.3]))
    slanted = [t for t in every(root, "text") if "rotate(-35" in t.get("transform", "")]
    assert [t.text for t in slanted] == [*ITALIAN_PILLARS, "Risoluzione", "Empatia"]
    assert not any(label.endswith("-") for label in texts(root))
    # With room for every word, the labels stand level and wrap.
    level = parsed(bars(("Tempo e impegno", "Empatia"), [1.0, 0.5]))
    assert not any("rotate(-35" in t.get("transform", "") for t in every(level, "text"))


@pytest.mark.parametrize("kind", ["radar", "bars", "heatmap"])
def test_no_text_is_smaller_than_8_pt_across_a_pdf_page(kind):
    """Drawn 640 units wide across the PDF's 178 mm, 11 units print at 8.7 pt."""
    chart = {
        "radar": radar(("Now", "#1f77b4", [3, 4, 2, 5]), categories=ITALIAN_PILLARS),
        "bars": bars(ITALIAN_PILLARS, [1.2, 1, 0.9, 0.8]),
        "heatmap": heatmap([[3.0, 4.0], [2.0, None]], columns=ITALIAN_PILLARS[:2]),
    }[kind]
    root = parsed(chart)
    sizes = {float(t.get("font-size")) for t in every(root, "text")}
    assert min(sizes) * 178 / 640 * 72 / 25.4 >= 8


def group_row(name: str, now: list[float], gaps: list[float]) -> ComponentRow:
    """A group's component row from its people's own scores of now and gaps."""

    def spread(values):
        scaled = [round(v * PERSON_SCALE) for v in values]
        return Spread(len(scaled), sum(scaled), sum(v * v for v in scaled))

    spreads = {
        "current": spread(now),
        "target": spread([n + g for n, g in zip(now, gaps, strict=True)]),
    }
    spreads["gap"] = spread(gaps)
    return ComponentRow(SimpleNamespace(name=name, key=name), Score.of_people(spreads), {}, spreads)


def test_a_groups_gaps_carry_error_bars_on_the_page_and_in_the_pdf():
    report = GapReport(
        [
            group_row("Empathy", [3, 3.5, 2.5, 4, 3], [1, 1.5, 0.5, 1, 1]),
            group_row("Recovery", [2, 2, 3, 3, 2], [0, 2, 1, 3, 2]),
        ]
    )
    with translation.override("en"):
        chart = charts.gap_chart(report)
        (bar,) = plotly_figure(chart)["data"]
    # Recovery's gap 1.6 ± t(4) · 1.14 / √5 = ± 1.42; Empathy's 1.0 ± t(4) · 0.354 / √5.
    assert chart.categories == ("Recovery", "Empathy")
    assert chart.ranges == ((0.2, 3.0), (0.6, 1.4))
    assert bar["error_y"]["array"] == pytest.approx([1.4, 0.4])
    assert bar["error_y"]["arrayminus"] == pytest.approx([1.4, 0.4])
    assert bar["customdata"] == ["+1.6 (+0.2 to +3.0)", "+1.0 (+0.6 to +1.4)"]
    root = parsed(chart)
    # Each bar's whisker and its two caps, drawn in ink.
    assert len([ln for ln in every(root, "line") if ln.get("stroke") == "#222222"]) == 6


def test_a_groups_heatmap_cell_hovers_with_its_people():
    report = GapReport([group_row("Empathy", [3, 3.5, 2.5, 4, 3], [1, 1.5, 0.5, 1, 1])])
    components = [row.component for row in report.rows]
    with translation.override("en"):
        (trace,) = plotly_figure(
            charts.heatmap_chart(components, [("Sales", report), ("North", None)], "current")
        )["data"]
    assert trace["customdata"] == [["5 people"], [""]]
    assert trace["hovertemplate"] == "%{y} · %{x}: %{text} (%{customdata})<extra></extra>"
