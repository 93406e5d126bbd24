"""PDF versions of the reports, rendered by WeasyPrint from HTML templates.

Nothing is fetched while rendering: the styles are in the page, the logo is a data: URI,
the charts are inline SVG drawn from the same figures as the web charts, and the fetcher
refuses every URL that is not data:. Text that users typed reaches the HTML through
Django's autoescaping only, so it can never become a tag that asks for a file.

Each function builds everything in the report's language, then renders.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone, translation

from actions.models import Action
from organisations.branding import Branding
from reports.campaign import ORGANISATION, TeamResult, blind_spots, report_rows
from reports.charts import gap_chart, heatmap_against, heatmap_chart, radar_chart
from reports.gap import GapReport
from reports.history import own_trend, waves_context
from reports.read import (
    assessment_report,
    campaign_results,
    comment_sections,
    measure_soundness,
)
from reports.svg import chart_svg

# A heatmap taller than this many teams would not fit on a page: it is cut into several.
HEATMAP_ROWS = 22
SUMMARY_BLIND_SPOTS = 8

Progress = Callable[[int, int], None]


def data_only_fetcher():
    """Lets WeasyPrint read the data: URIs we embed, and stops the rendering at any other URL."""
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)


def charts(report: GapReport) -> dict:
    return {
        "radar_svg": chart_svg(radar_chart(report)),
        "gap_svg": chart_svg(gap_chart(report)),
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


def write_pdf(template: str, context: dict, progress: Callable[[], None] | None = None) -> bytes:
    from weasyprint import HTML  # heavy: loaded by the requests and tasks that need it

    html = render_to_string(template, {**context, "printed_at": timezone.now()})
    document = HTML(string=html, url_fetcher=data_only_fetcher()).render()
    if progress:
        progress()
    return document.write_pdf()


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
                "actions": list(Action.objects.of(assessment=assessment)),
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
            "actions": list(Action.objects.of(campaign=campaign, team=team)),
        }
        if result.shown:
            context |= charts(result.report)
            context["comments"] = comment_sections(campaign, publication, team, result)
            context["blind_spots"] = blind_spots([(team.name, result)])
            context["soundness"] = measure_soundness(
                publication, [row.component for row in result.report.rows]
            )
            context |= since(waves_context(campaign, team.pk, result.report))
        return write_pdf("reports/pdf/team.html", context)


@dataclass(frozen=True)
class TeamSection:
    team: object
    label: str  # its place in the hierarchy, or the reporting group's name
    indented: str
    result: TeamResult
    charts: dict


def organisation_pdf(
    campaign, publication, brand: Branding, language: str, progress: Progress
) -> bytes:
    """The whole campaign: the organisation's results, the heatmaps, then one section per
    team. ``progress(done, steps)`` is called after each team and after the layout."""
    with translation.override(language):
        results = campaign_results(campaign, publication, by_component=True)
        rows = report_rows(campaign.teams_in_tree(), results)
        components = list(campaign.framework.components.all())
        names = dict(campaign.organisation.teams.values_list("pk", "name"))
        steps = len(rows) + 2
        sections = []
        for done, (team, indented, result) in enumerate(rows, start=1):
            sections.append(
                TeamSection(
                    team,
                    result.reported_as or team.label(names),
                    indented,
                    result,
                    charts(result.report) if result.shown else {},
                )
            )
            progress(done, steps)
        labelled = [(label, result.report) for _team, label, result in rows]
        organisation = results[ORGANISATION]
        context = {
            "brand": brand,
            "framework": campaign.framework,
            "campaign": campaign,
            "publication": publication,
            "components": components,
            "organisation": organisation,
            "report": organisation.report,
            "sections": sections,
            "actions": list(Action.objects.of(campaign=campaign, team=None)),
            "blind_spots": blind_spots((s.label, s.result) for s in sections)[:SUMMARY_BLIND_SPOTS],
            "heatmaps": [
                {
                    measure: chart_svg(
                        heatmap_chart(
                            components,
                            labelled[start : start + HEATMAP_ROWS],
                            measure,
                            *heatmap_against(campaign, organisation),
                        ),
                    )
                    for measure in ("current", "gap")
                }
                for start in range(0, len(labelled), HEATMAP_ROWS)
            ],
        }
        if organisation.shown:
            context |= charts(organisation.report)
            context["soundness"] = measure_soundness(publication, components)
            context |= since(waves_context(campaign, ORGANISATION, organisation.report))
        return write_pdf(
            "reports/pdf/organisation.html", context, lambda: progress(steps - 1, steps)
        )
