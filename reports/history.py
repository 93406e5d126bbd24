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


def waves_context(campaign: Campaign, key, report) -> dict:
    """The change since the previous wave, the actions planned after it, and the trend
    across waves, for one group (a team's pk, or ORGANISATION)."""
    if not campaign.previous_wave_id:
        return {}
    waves = campaign.waves()
    earlier = [
        campaign_results(wave, latest_publication(wave), only=[key]).get(key) for wave in waves[:-1]
    ]
    reports = [result.report if result else None for result in earlier] + [report]
    names = {c.key: c.name for c in campaign.framework.components.all()}
    return {
        "previous_wave": waves[-2],
        "change": change(report, reports[-2], campaign.practical_change),
        "previous_actions": list(
            Action.objects.of(campaign=waves[-2], team=None if key == ORGANISATION else key)
        ),
        "trend_chart": plotly_figure(
            trend_chart([wave.name for wave in waves], names, trend(reports))
        ),
        "trend_caption": _(
            "Each line is a component's score today, wave after wave; a break is a wave "
            "where this group had too few responses to show."
        ),
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
