"""What came before a report: the previous wave of a campaign, or a leader's previous
self-assessments; the change since then, the actions planned then, and the trend.

For the web reports (with a trend chart) and the PDFs (with the change and the actions).
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from actions.models import Action
from campaigns.models import Campaign
from campaigns.publishing import latest_publication
from reports.campaign import ORGANISATION
from reports.charts import plotly_figure, trend_chart
from reports.read import assessment_history, campaign_results
from reports.waves import change, difference, trend


def earlier_waves(campaign: Campaign) -> list[tuple[Campaign, object]]:
    """The waves before this campaign, the oldest first, each with its latest publication
    (None if it has none)."""
    if not campaign.previous_wave_id:
        return []
    return [(wave, latest_publication(wave)) for wave in campaign.waves()[:-1]]


def waves_figures(campaign: Campaign, earlier: list, key, report) -> dict:
    """The change since the previous wave and the trend across the ``earlier`` waves
    (``earlier_waves``) and this one, for one group (a team's pk, or ORGANISATION)."""
    if not earlier:
        return {}
    results = [
        campaign_results(wave, publication, only=[key]).get(key) for wave, publication in earlier
    ]
    reports = [result.report if result else None for result in results] + [report]
    names = {c.key: c.name for c in campaign.framework.components.all()}
    waves = [wave.name for wave, _publication in earlier] + [campaign.name]
    return {
        "previous_wave": earlier[-1][0],
        "change": change(report, reports[-2], campaign.practical_change),
        "trend_chart": plotly_figure(trend_chart(waves, names, trend(reports))),
        "trend_caption": _(
            "Each line is a component's score today, wave after wave; a break is a wave "
            "where this group had too few responses to show."
        ),
    }


def previous_actions(earlier: list, key) -> list[Action]:
    """The actions planned after the previous wave, for one group: they change at any
    time, so they are read on every view."""
    if not earlier:
        return []
    previous = earlier[-1][0]
    return list(Action.objects.of(campaign=previous, team=None if key == ORGANISATION else key))


def waves_context(campaign: Campaign, key, report) -> dict:
    """The change since the previous wave, the actions planned after it, and the trend
    across waves, for one group (a team's pk, or ORGANISATION)."""
    earlier = earlier_waves(campaign)
    if not earlier:
        return {}
    return waves_figures(campaign, earlier, key, report) | {
        "previous_actions": previous_actions(earlier, key)
    }


def own_trend(assessment, report) -> dict:
    """A leader's change since their previous assessment, and their trend across all."""
    assessments, series = assessment_history(assessment)
    if len(assessments) < 2:
        return {}
    names = {row.component.key: row.component.name for row in report.rows}
    series = {key: series.get(key, [None] * len(assessments)) for key in names}
    return {
        "previous_assessment": assessments[-2],
        "previous_actions": list(Action.objects.of(assessment=assessments[-2])),
        "changes": {key: difference(values[-1], values[-2]) for key, values in series.items()},
        "trend_chart": plotly_figure(
            trend_chart(
                [
                    f"{number} · {date_format(a.submitted_at, 'SHORT_DATE_FORMAT')}"
                    for number, a in enumerate(assessments, start=1)
                ],
                names,
                series,
            )
        ),
        "trend_caption": _(
            "Each line is a component's current score in each of your assessments on this "
            "framework."
        ),
    }
