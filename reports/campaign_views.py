"""Campaign pages for HR and leaders: response tracking and team reports.

Campaigns and teams are fetched through their ``for_user`` filters, so anything outside a
user's organisations, or a team a leader does not lead, is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from assessments.models import Campaign, Organisation, Team
from reports.campaign import ORGANISATION
from reports.charts import gap_chart, heatmap_chart, radar_chart


def get_campaign(request, pk) -> Campaign:
    return get_object_or_404(
        Campaign.objects.for_user(request.user).select_related("organisation", "framework"), pk=pk
    )


@login_required
def campaign_list(request):
    campaigns = Campaign.objects.for_user(request.user).select_related("organisation")
    return render(request, "reports/campaign_list.html", {"campaigns": campaigns})


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
        )
    )
    is_admin = Organisation.objects.administered_by(request.user).filter(
        pk=campaign.organisation_id
    )
    return render(
        request,
        "reports/campaign_detail.html",
        {"campaign": campaign, "teams": teams, "is_admin": is_admin.exists()},
    )


@login_required
def team_report(request, pk, team_pk):
    campaign = get_campaign(request, pk)
    team = get_object_or_404(
        Team.objects.for_user(request.user).filter(campaigns=campaign), pk=team_pk
    )
    result = campaign.results(only=[team.pk])[team.pk]
    context = {"campaign": campaign, "team": team, "result": result}
    if result.shown:
        context |= {
            "radar_chart": radar_chart(result.report),
            "gap_chart": gap_chart(result.report),
        }
    return render(request, "reports/team_report.html", context)


@login_required
def organisation_report(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.for_user(request.user)
        .filter(organisation__in=Organisation.objects.administered_by(request.user))
        .select_related("organisation", "framework"),
        pk=pk,
    )
    results = campaign.results()
    teams = list(campaign.teams.all())
    components = list(campaign.framework.components.all())
    rows = [(team, results[team.pk]) for team in teams]
    labels = [("\u2003" * team.depth + team.name, result.report) for team, result in rows]
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
            "current_heatmap": heatmap_chart(components, labels, "current"),
            "gap_heatmap": heatmap_chart(components, labels, "gap"),
        },
    )
