"""A report's figures, worked out once per publication and kept in the cache.

Once results are published, a campaign's figures change only at its next publication: what
a report shows of them is a function of the publication, the language and, for the list of
every team, the teams' names in the campaign's frozen tree. The cache key holds each of
these, so a new publication (or a team renamed) is a new key and is never served stale.

Only what the views read from ``reports.read`` goes in: figures of the publication's cells,
where a group below the minimum has none. Who may see a report is checked before anything
here is read, and what differs by viewer (plans, actions, the page around the figures, its
CSRF token) is never kept. The cache is ``CACHES["reports"]`` (see the README,
"Configuration"): each process's memory unless REDIS_URL is set.
"""

from dataclasses import dataclass
from hashlib import blake2b

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import translation

from campaigns.models import Campaign, Publication
from reports.campaign import ORGANISATION, TeamResult, report_rows
from reports.charts import gap_chart, heatmap_against, heatmap_chart, plotly_figure, radar_chart
from reports.read import campaign_results, measure_soundness

CACHE = "reports"
VERSION = 1  # raise when what is kept changes shape

# What a team's report reads of its result, worked out before it is kept: the statistics
# (scipy's) are then paid for once per publication, not on every view.
TEAM_RESULT_FIGURES = (
    "self_scores",
    "perceptions",
    "differences",
    "perception_gaps",
    "statement_intervals",
)
ROW_FIGURES = ("current_interval", "target_interval", "gap_interval", "statements")
REPORT_FIGURES = ("strengths", "action_areas")


@dataclass(frozen=True)
class OrganisationFigures:
    organisation: TeamResult
    components: list  # the framework's, in order: the heatmaps' columns
    soundness: list[tuple]
    heatmaps: dict[str, dict]  # "current" and "gap": plotly figures
    team_scores: str  # the table of every team by component, as HTML


@dataclass(frozen=True)
class TeamFigures:
    result: TeamResult
    soundness: list[tuple]
    charts: dict[str, dict]  # "radar_chart" and "gap_chart", when the team is shown


def cache_key(publication: Publication, *scope) -> str:
    """The key of a publication's figures in the active language for ``scope``."""
    published = publication.published_at.isoformat()
    language = translation.get_language()
    parts = [VERSION, publication.pk, published, language, *scope]
    return "report:" + ":".join(str(part) for part in parts)


def tree_digest(teams) -> str:
    """What a list of every team shows of the teams themselves: names can change after a
    publication, their place in the campaign's tree cannot."""
    shown = "\n".join(f"{team.pk}/{team.path}/{team.name}" for team in teams)
    return blake2b(shown.encode(), digest_size=16).hexdigest()


def warmed(result: TeamResult) -> TeamResult:
    """The result with the figures its report reads already worked out, so that they are
    kept with it."""
    if result.report is not None:
        for name in TEAM_RESULT_FIGURES:
            getattr(result, name)
        for name in REPORT_FIGURES:
            getattr(result.report, name)
        for row in result.report.rows:
            for name in ROW_FIGURES:
                getattr(row, name)
    return result


def organisation_figures(
    campaign: Campaign, publication: Publication | None, teams: list
) -> OrganisationFigures:
    """The organisation's result, the heatmaps and the table of every team; ``teams`` are
    the campaign's teams in its tree (``Campaign.teams_in_tree``)."""
    if publication is None:
        return work_out_organisation(campaign, None, teams)
    key = cache_key(
        publication,
        "organisation",
        campaign.framework_id,
        campaign.minimum_group_size,
        tree_digest(teams),
    )
    return caches[CACHE].get_or_set(
        key, lambda: work_out_organisation(campaign, publication, teams)
    )


def work_out_organisation(campaign, publication, teams) -> OrganisationFigures:
    results = campaign_results(campaign, publication, by_component=True)
    components = list(campaign.framework.components.all())
    rows = report_rows(teams, results)
    labels = [(label, result.report) for _team, label, result in rows]
    organisation = warmed(results[ORGANISATION])
    against = heatmap_against(campaign, organisation)
    return OrganisationFigures(
        organisation=organisation,
        components=components,
        soundness=measure_soundness(publication, components),
        heatmaps={
            measure: plotly_figure(heatmap_chart(components, labels, measure, *against))
            for measure in ("current", "gap")
        },
        team_scores=render_to_string(
            "reports/partials/team_scores.html",
            {
                "campaign": campaign,
                "publication": publication,
                "components": components,
                "rows": rows,
            },
        ),
    )


def team_figures(campaign: Campaign, publication: Publication | None, team) -> TeamFigures:
    """A team's result (with how many gave each rating), the soundness of the measure and
    the team's charts."""
    if publication is None:
        return work_out_team(campaign, None, team)
    key = cache_key(
        publication, "team", team.pk, campaign.framework_id, campaign.minimum_group_size
    )
    return caches[CACHE].get_or_set(key, lambda: work_out_team(campaign, publication, team))


def work_out_team(campaign, publication, team) -> TeamFigures:
    result = campaign_results(campaign, publication, only=[team.pk], distributions=True)[team.pk]
    charts = {}
    if result.shown:
        charts = {
            "radar_chart": plotly_figure(radar_chart(result.report, result.leader_now)),
            "gap_chart": plotly_figure(gap_chart(result.report)),
        }
    return TeamFigures(
        result=warmed(result),
        soundness=measure_soundness(publication, campaign.framework.components.all()),
        charts=charts,
    )
