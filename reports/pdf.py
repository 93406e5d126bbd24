"""PDF versions of the reports, rendered by WeasyPrint from HTML templates.

Nothing is fetched while rendering: the styles are in the page, the logo is a data: URI,
the charts are inline SVG drawn from the same figures as the web charts, and the fetcher
refuses every URL that is not data:. Text that users typed reaches the HTML through
Django's autoescaping only, so it can never become a tag that asks for a file.

Each function builds everything in the report's language, then renders.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from actions.models import Action
from actions.roadmap import plan_context
from organisations.branding import Branding
from reports.campaign import ORGANISATION, TeamResult, blind_spots, report_rows
from reports.charts import gap_chart, heatmap_against, heatmap_chart, radar_chart
from reports.gap import GapReport
from reports.history import own_trend, waves_context
from reports.read import (
    assessment_report,
    campaign_results,
    comment_sections,
    every_teams_plan,
    measure_soundness,
)
from reports.svg import chart_svg

# A heatmap taller than this many teams would not fit on a page: it is cut into several.
HEATMAP_ROWS = 22
TEAMS_PER_PART = 40
HEATMAPS_PER_PART = 4  # of HEATMAP_ROWS teams each, drawn for now and for the gap
FOOTERS_PER_PART = 50
PT = 0.75  # a CSS pixel in PDF points
PDF_CHART_WIDTH, RADAR_HEIGHT, BARS_HEIGHT = 640, 320, 280
SUMMARY_BLIND_SPOTS = 8

Progress = Callable[[int, int], None]

# What each report is, the cover's title unless the organisation gives its reports their own.
KINDS = {
    "reports/pdf/leader.html": _("Leadership gap report"),
    "reports/pdf/team.html": _("Team report"),
    "reports/pdf/organisation.html": _("Organisation report"),
}


def data_only_fetcher():
    """Lets WeasyPrint read the data: URIs we embed, and stops the rendering at any other URL."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def charts(report: GapReport, leader: dict | None = None) -> dict:
    """The radar (with the leader's own view of now, per component key, if given) and the
    gaps, drawn for the page's full width: PDF_CHART_WIDTH units across 178 mm make the
    smallest label, 11 units, 8.7 pt."""
    return {
        "radar_svg": chart_svg(radar_chart(report, leader), PDF_CHART_WIDTH, RADAR_HEIGHT),
        "gap_svg": chart_svg(gap_chart(report), PDF_CHART_WIDTH, BARS_HEIGHT),
    }


def since(history: dict, changes: str = "change") -> dict:
    """What a PDF prints of the history: the change per component and the previous plan
    (the trend chart is for the web page)."""
    moved = history.get(changes)
    clear = getattr(moved, "clear", None)
    return {
        "moved": getattr(moved, "components", moved),
        # Components whose change between two waves is within the noise (a leader's own
        # assessments, one person each, have no such test).
        "unclear": {key for key, sure in clear.items() if not sure} if clear else set(),
        "previous_actions": history.get("previous_actions", []),
        "previous_wave": history.get("previous_wave"),
        "previous_assessment": history.get("previous_assessment"),
    }


def write_pdf(template: str, context: dict) -> bytes:
    """A report of one piece: a leader's or a team's."""
    return render_part(
        template, {**context, "kind": KINDS[template], "printed_at": timezone.now()}
    ).pdf


def leader_pdf(assessment, brand: Branding, language: str) -> bytes:
    """A leader's own gap report, with their reflections and notes."""
    with translation.override(language):
        report = assessment_report(assessment)
        answers, notes = assessment.reflection_texts()
        reflections = [
            (
                row,
                [(q, answers[q.pk]) for q in row.questions if answers.get(q.pk)],
                notes.get(row.component.pk, ""),
            )
            for row in report.rows
        ]
        return write_pdf(
            "reports/pdf/leader.html",
            {
                "brand": brand,
                "framework": assessment.framework,
                "assessment": assessment,
                "report": report,
                "reflections": [r for r in reflections if r[1] or r[2]],
                **plan_context(Action.objects.of(assessment=assessment)),
                **charts(report),
                **since(own_trend(assessment, report), "changes"),
            },
        )


def team_pdf(
    campaign, publication, team, result: TeamResult, brand: Branding, language: str
) -> bytes:
    with translation.override(language):
        context = {
            "brand": brand,
            "framework": campaign.framework,
            "campaign": campaign,
            "publication": publication,
            "team": team,
            "result": result,
            **plan_context(Action.objects.of(campaign=campaign, team=team)),
        }
        if result.shown:
            context |= charts(result.report, result.leader_now)
            components = [row.component for row in result.report.rows]
            context["comments"] = comment_sections(campaign, publication, team, components)
            context["soundness"] = measure_soundness(publication, components)
            context |= since(waves_context(campaign, team.pk, result.report))
        return write_pdf("reports/pdf/team.html", context)


@dataclass(frozen=True)
class TeamSection:
    team: object
    label: str  # its place in the hierarchy, or the reporting group's name
    result: TeamResult


@dataclass(frozen=True)
class Part:
    """A rendered piece of a long PDF, and where its anchors and contents links are."""

    pdf: bytes
    pages: int
    # Each id's page, counted from 0 in the part, and its box (left, top, right, bottom) in
    # CSS pixels from the page's top left.
    anchors: dict[str, tuple[int, tuple]]


def render_part(template: str, context: dict) -> Part:
    """A PDF, or one part of a long one: its layout is freed once its file is written, so a
    document of any length needs no more memory than its largest part."""
    from weasyprint import HTML  # heavy: loaded by the requests and tasks that need it

    html = render_to_string(template, context)
    document = HTML(string=html, url_fetcher=data_only_fetcher()).render()
    pages = document.pages
    return Part(
        document.write_pdf(),
        len(pages),
        {
            anchor: (number, box)
            for number, page in enumerate(pages)
            for anchor, box in page.anchors.items()
        },
    )


def organisation_pdf(
    campaign, publication, brand: Branding, language: str, progress: Progress
) -> bytes:
    """The whole campaign: the organisation's results, the heatmaps, every plan, then each
    team. ``progress(done, steps)`` is called after each part.

    It is rendered in parts (TEAMS_PER_PART teams, HEATMAPS_PER_PART heatmaps to a part),
    then put together: the contents, with the page numbers the parts found, first; the
    footers and their page numbers last, laid over every page.
    """
    with translation.override(language):
        results = campaign_results(campaign, publication, by_component=True)
        teams = list(campaign.teams_in_tree())
        rows = report_rows(teams, results)
        components = list(campaign.framework.components.all())
        names = dict(campaign.organisation.teams.values_list("pk", "name"))
        sections = [
            TeamSection(team, result.reported_as or team.label(names), result)
            for team, _indented, result in rows
        ]
        organisation = results[ORGANISATION]
        actions = list(Action.objects.of_every_team(campaign))
        common = {
            "brand": brand,
            "framework": campaign.framework,
            "campaign": campaign,
            "publication": publication,
            "kind": KINDS["reports/pdf/organisation.html"],
            "printed_at": timezone.now(),
            "stamped": True,
        }
        front = common | {
            "components": components,
            "organisation": organisation,
            "report": organisation.report,
            **plan_context(action for action in actions if action.team_id is None),
            "plans": every_teams_plan(actions, teams),
            "blind_spots": blind_spots((s.label, s.result) for s in sections)[:SUMMARY_BLIND_SPOTS],
        }
        if organisation.shown:
            front |= charts(organisation.report)
            front |= since(waves_context(campaign, ORGANISATION, organisation.report))
        steps = len(sections) + 2
        parts = [render_part("reports/pdf/organisation_front.html", front)]
        heatmaps = heatmap_pages(campaign, components, rows, organisation)
        for number, some in enumerate(chunks(heatmaps, HEATMAPS_PER_PART)):
            context = common | {"heatmaps": some, "first": number == 0}
            parts.append(render_part("reports/pdf/organisation_heatmaps.html", context))
        if front["report"] or front["actions"] or front["plans"]:
            parts.append(render_part("reports/pdf/organisation_plans.html", front))
        for number, some in enumerate(chunks(sections, TEAMS_PER_PART)):
            context = common | {"sections": some, "first": number == 0}
            parts.append(render_part("reports/pdf/organisation_teams.html", context))
            progress(min(len(sections), (number + 1) * TEAMS_PER_PART), steps)
        end = common | {"soundness": measure_soundness(publication, components)}
        parts.append(render_part("reports/pdf/organisation_end.html", end))
        progress(steps - 1, steps)
        entries = contents(front, sections)
        return put_together(common, entries, parts)


def chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def heatmap_pages(campaign, components, rows, organisation) -> list[dict]:
    """The heatmaps of now and of the gap, HEATMAP_ROWS teams (``report_rows``) at a time."""
    labelled = [(label, result.report) for _team, label, result in rows]
    against = heatmap_against(campaign, organisation)
    return [
        {
            measure: chart_svg(heatmap_chart(components, some, measure, *against))
            for measure in ("current", "gap")
        }
        for some in chunks(labelled, HEATMAP_ROWS)
    ]


@dataclass
class Entry:
    label: str
    anchor: str
    sub: bool = False
    page: str = ""


def contents(front: dict, sections: list[TeamSection]) -> list[Entry]:
    shown = front["report"] is not None
    entries = [Entry(_("Executive summary"), "summary")]
    if shown:
        entries.append(Entry(_("The whole organisation"), "scores"))
    if sections:
        entries.append(Entry(_("Teams and components"), "heatmaps"))
    if shown:
        entries.append(Entry(_("Action areas"), "highlights"))
    if front["actions"]:
        entries.append(Entry(_("Action plan"), "action-plan"))
    if front["plans"]:
        entries.append(Entry(_("Every team's plan"), "every-plan"))
    if sections:
        entries.append(Entry(_("Team by team"), "teams"))
        entries += [Entry(s.label, f"team-{s.team.pk}", sub=True) for s in sections]
    entries.append(Entry(_("Method and confidentiality"), "methodology"))
    return entries


def put_together(common: dict, entries: list[Entry], parts: list[Part]) -> bytes:
    """The contents and ``parts`` in one file, page numbers running through, the contents
    linked to the pages and the outline (the PDF reader's bookmarks) built from them."""
    import pypdf
    from pypdf.annotations import Link

    def numbered(first: int) -> dict[str, int]:
        """Each anchor's page, counted from 0, when the parts start at page ``first``."""
        found, start = {}, first
        for part in parts:
            found |= {anchor: start + page for anchor, (page, _box) in part.anchors.items()}
            start += part.pages
        return found

    template = "reports/pdf/organisation.html"
    for entry in entries:  # as wide as any real number, to find the contents' length
        entry.page = "0" * len(str(sum(part.pages for part in parts) + 99))
    contents = render_part(template, common | {"contents": entries})
    length = None
    while contents.pages != length:  # once, unless the real numbers change its length
        length = contents.pages
        pages = numbered(length)
        for entry in entries:
            entry.page = str(pages[entry.anchor] + 1)
        contents = render_part(template, common | {"contents": entries})

    writer = pypdf.PdfWriter()
    for part in [contents, *parts]:
        writer.append(pypdf.PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    total = len(writer.pages)
    for first in range(2, total + 1, FOOTERS_PER_PART):  # the cover has no footer
        numbers = range(first, min(first + FOOTERS_PER_PART, total + 1))
        context = common | {"stamped": False, "footers": True, "numbers": numbers}
        footers = pypdf.PdfReader(
            io.BytesIO(render_part("reports/pdf/footers.html", context | {"total": total}).pdf)
        )
        for number, footer in zip(numbers, footers.pages, strict=True):
            writer.pages[number - 1].merge_page(footer)
    for entry in entries:  # each line of the contents goes to its page
        number, (left, top, right, bottom) = contents.anchors[f"to-{entry.anchor}"]
        height = float(writer.pages[number].mediabox.height)
        rectangle = (left * PT, height - bottom * PT, right * PT, height - top * PT)
        writer.add_annotation(number, Link(rect=rectangle, target_page_index=pages[entry.anchor]))
    parent = None
    for entry in entries:
        item = writer.add_outline_item(
            title=entry.label.strip(),
            page_number=pages[entry.anchor],
            parent=parent if entry.sub else None,
        )
        if entry.anchor == "teams":
            parent = item
    brand = common["brand"]
    title = f"{brand.report_title or common['kind']} · {common['campaign'].name}"
    writer.add_metadata({"/Title": title, "/Author": brand.name})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
