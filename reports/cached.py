"""What a report page shows of a publication's figures, worked out and written once per
publication and kept in the cache.

Once results are published, a campaign's figures change only at its next publication: what
a report shows of them is a function of the publication, the language, the publications
of the waves before it (for the change since then) and, for the list of every team, the
teams' names in the campaign's frozen tree. The cache key holds each of these, so a new
publication (of this wave or an earlier one), or a team renamed, is a new key and is never
served stale.

What is kept is the figures' part of the page, written as HTML: the page around it (who
is looking, their actions and plans, the comments, the CSRF token) is written on every
view, around it. Only figures of the publication's cells go in, where a group below the
minimum has none. Who may see a report is checked before anything here is read. The cache
is ``CACHES["reports"]`` (see the README, "Configuration"): each process's memory unless
REDIS_URL is set.
"""

from dataclasses import dataclass
from hashlib import blake2b

from django.core.cache import caches
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from campaigns.models import Campaign, Publication
from reports.campaign import ORGANISATION, report_rows
from reports.charts import gap_chart, heatmap_against, heatmap_chart, plotly_figure, radar_chart
from reports.history import waves_figures
from reports.read import campaign_results, measure_soundness
from reports.waves import Change

CACHE = "reports"
VERSION = 2  # raise when what is kept changes shape


@dataclass(frozen=True)
class Figures:
    """A report page's figures: ``overview`` and ``details`` go either side of the actions
    planned after the previous wave; the organisation report adds ``team_scores``, the
    table of every team. ``components`` are the report's, in order, and ``change`` the
    change since the previous wave, which those actions are read against."""

    shown: bool
    components: list
    change: Change | None
    overview: str
    details: str
    team_scores: str = ""


def cache_key(publication: Publication, *scope) -> str:
    """The key of a publication's figures in the active language for ``scope``."""
    published = publication.published_at.isoformat()
    language = translation.get_language()
    parts = [VERSION, publication.pk, published, language, *scope]
    return "report:" + ":".join(str(part) for part in parts)


def digest(rows) -> str:
    shown = "\n".join("/".join(str(value) for value in row) for row in rows)
    return blake2b(shown.encode(), digest_size=16).hexdigest()


def tree_digest(campaign: Campaign) -> str:
    """What a list of every team shows of the teams themselves: names can change after a
    publication, their place in the campaign's tree cannot."""
    return digest(campaign.scope.order_by("path").values_list("team", "path", "team__name"))


def waves_digest(campaign: Campaign, earlier: list) -> str:
    """What the change and the trend read of the waves: each one's name and publication."""
    rows = [(campaign.name, campaign.practical_change)]
    for wave, publication in earlier:
        published = (publication.pk, publication.published_at) if publication else ()
        rows.append((wave.pk, wave.name, *published))
    return digest(rows)


def organisation_key(campaign: Campaign, publication: Publication, earlier: list) -> str:
    return cache_key(
        publication,
        "organisation",
        campaign.framework_id,
        campaign.minimum_group_size,
        tree_digest(campaign),
        waves_digest(campaign, earlier),
    )


def team_key(campaign: Campaign, publication: Publication, team, earlier: list) -> str:
    return cache_key(
        publication,
        "team",
        team.pk,
        campaign.framework_id,
        campaign.minimum_group_size,
        waves_digest(campaign, earlier),
    )


def organisation_figures(
    campaign: Campaign, publication: Publication | None, earlier: list
) -> Figures:
    """The organisation's figures, its heatmaps and the table of every team; ``earlier``
    are the waves before (``reports.history.earlier_waves``)."""
    if publication is None:
        return work_out_organisation(campaign, None, earlier)
    return caches[CACHE].get_or_set(
        organisation_key(campaign, publication, earlier),
        lambda: work_out_organisation(campaign, publication, earlier),
    )


def work_out_organisation(campaign, publication, earlier) -> Figures:
    results = campaign_results(campaign, publication, by_component=True)
    components = list(campaign.framework.components.all())
    rows = report_rows(campaign.teams_in_tree(), results)
    labels = [(label, result.report) for _team, label, result in rows]
    organisation = results[ORGANISATION]
    against = heatmap_against(campaign, organisation)
    context = {
        "campaign": campaign,
        "publication": publication,
        "components": components,
        "rows": rows,
        "organisation": organisation,
        "report": organisation.report,
        "soundness": measure_soundness(publication, components),
        "new_action_url": reverse("organisation_action_new", args=[campaign.pk]),
        "current_heatmap": plotly_figure(heatmap_chart(components, labels, "current", *against)),
        "gap_heatmap": plotly_figure(heatmap_chart(components, labels, "gap", *against)),
    }
    if organisation.shown:
        context |= waves_figures(campaign, earlier, ORGANISATION, organisation.report)
    team_scores = render_to_string("reports/partials/team_scores.html", context)
    return written(organisation, "organisation", context, team_scores=team_scores)


def team_figures(
    campaign: Campaign, publication: Publication | None, team, earlier: list
) -> Figures:
    """A team's figures (with how many gave each rating), the soundness of the measure and
    the team's charts."""
    if publication is None:
        return work_out_team(campaign, None, team, earlier)
    return caches[CACHE].get_or_set(
        team_key(campaign, publication, team, earlier),
        lambda: work_out_team(campaign, publication, team, earlier),
    )


def work_out_team(campaign, publication, team, earlier) -> Figures:
    result = campaign_results(campaign, publication, only=[team.pk], distributions=True)[team.pk]
    context = {
        "campaign": campaign,
        "publication": publication,
        "result": result,
        "report": result.report,
        # Read whether the team is shown or not: the same queries either way.
        "soundness": measure_soundness(publication, campaign.framework.components.all()),
        "new_action_url": reverse("team_action_new", args=[campaign.pk, team.pk]),
    }
    if result.shown:
        context |= {
            "radar_chart": plotly_figure(radar_chart(result.report, result.leader_now)),
            "gap_chart": plotly_figure(gap_chart(result.report)),
            **waves_figures(campaign, earlier, team.pk, result.report),
        }
    return written(result, "team", context)


def written(result, page: str, context: dict, **parts) -> Figures:
    """The figures of ``result`` with the parts of ``page`` that show them, written, and
    any other ``parts``."""
    shown = result.shown
    return Figures(
        shown=shown,
        components=[row.component for row in result.report.rows] if shown else [],
        change=context.get("change"),
        overview=render_to_string(f"reports/figures/{page}_overview.html", context),
        details=render_to_string(f"reports/figures/{page}_details.html", context) if shown else "",
        **parts,
    )
