"""Campaign pages for HR and leaders: response tracking and team reports.

Campaigns and teams are fetched through their ``for_user`` filters, so anything outside a
user's organisations, or a team a leader does not lead, is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import slugify

from assessments.models import Action, Campaign, MailState, Organisation, Team
from assessments.workspace import Workspace
from reports.branding import branding
from reports.campaign import ORGANISATION
from reports.charts import gap_chart, heatmap_chart, radar_chart
from reports.exports import result_rows, to_csv, to_xlsx
from reports.history import waves_context

EXPORTS = {
    "csv": (to_csv, "text/csv; charset=utf-8"),
    "xlsx": (to_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def get_campaign(request, pk) -> Campaign:
    return get_object_or_404(
        Campaign.objects.for_user(request.user).select_related("organisation", "framework"), pk=pk
    )


@login_required
def campaign_list(request):
    campaigns = Campaign.objects.for_user(request.user).select_related("organisation")
    current = Workspace.of(request).current
    if current:
        campaigns = campaigns.filter(organisation=current)
    return render(
        request, "reports/campaign_list.html", {"campaigns": campaigns, "current": current}
    )


@login_required
def campaign_detail(request, pk):
    campaign = get_campaign(request, pk)
    teams = (
        Team.objects.for_user(request.user)
        .filter(campaigns=campaign)
        .annotate(
            invited=Count("invitations", filter=Q(invitations__campaign=campaign)),
            responded=Count(
                "invitations",
                filter=Q(invitations__campaign=campaign, invitations__responded=True),
            ),
            mail_failed=Count(
                "invitations",
                filter=Q(invitations__campaign=campaign, invitations__mail_state=MailState.FAILED),
            ),
        )
        .order_by("path")  # Meta.ordering does not apply to aggregating queries
    )
    is_admin = Organisation.objects.administered_by(request.user).filter(
        pk=campaign.organisation_id
    )
    return render(
        request,
        "reports/campaign_detail.html",
        {
            "campaign": campaign,
            "teams": teams,
            "is_admin": is_admin.exists(),
            "brand": branding(campaign.organisation),
        },
    )


@login_required
def team_report(request, pk, team_pk):
    campaign = get_campaign(request, pk)
    team = get_object_or_404(
        Team.objects.for_user(request.user).filter(campaigns=campaign), pk=team_pk
    )
    result = campaign.results(only=[team.pk], distributions=True)[team.pk]
    context = {
        "campaign": campaign,
        "team": team,
        "result": result,
        "brand": branding(campaign.organisation),
        "actions": list(Action.objects.of(campaign=campaign, team=team)),
        "new_action_url": reverse("team_action_new", args=[campaign.pk, team.pk]),
    }
    if result.shown:
        context |= {
            "radar_chart": radar_chart(result.report),
            "gap_chart": gap_chart(result.report),
        }
    context |= waves_context(campaign, team.pk, result.report)
    return render(request, "reports/team_report.html", context)


@login_required
def organisation_report(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.for_user(request.user)
        .filter(organisation__in=Organisation.objects.administered_by(request.user))
        .select_related("organisation", "framework"),
        pk=pk,
    )
    results = campaign.results(by_component=True)
    teams = list(campaign.teams.all())
    components = list(campaign.framework.components.all())
    rows = [(team, results[team.pk]) for team in teams]
    labels = [(team.indented_name, result.report) for team, result in rows]
    organisation = results[ORGANISATION]
    return render(
        request,
        "reports/organisation_report.html",
        {
            "campaign": campaign,
            "components": components,
            "rows": rows,
            "organisation": organisation,
            "report": organisation.report,
            "brand": branding(campaign.organisation),
            "actions": list(Action.objects.of(campaign=campaign, team=None)),
            "new_action_url": reverse("organisation_action_new", args=[campaign.pk]),
            "current_heatmap": heatmap_chart(components, labels, "current"),
            "gap_heatmap": heatmap_chart(components, labels, "gap"),
            **waves_context(campaign, ORGANISATION, organisation.report),
        },
    )


@login_required
def export(request, pk, file_format):
    """The aggregated results of the teams the user may see, as CSV or XLSX."""
    if file_format not in EXPORTS:
        raise Http404("No such export format.")
    campaign = get_campaign(request, pk)
    teams = list(Team.objects.for_user(request.user).filter(campaigns=campaign))
    results = campaign.results(only=[team.pk for team in teams], distributions=True)
    names = dict(campaign.organisation.teams.values_list("pk", "name"))
    rows = result_rows((team.label(names), results[team.pk]) for team in teams)
    write, content_type = EXPORTS[file_format]
    response = HttpResponse(write(rows), content_type=content_type)
    filename = f"{slugify(campaign.name) or 'campaign'}-results.{file_format}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
