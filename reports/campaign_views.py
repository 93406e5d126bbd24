"""Campaign pages for HR and leaders: response tracking and team reports.

Campaigns and teams are fetched through their ``for_user`` filters, so anything outside a
user's organisations, or a team a leader does not lead, is a 404.
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from assessments.models import Action, Campaign, MailState, Organisation, Team
from assessments.workspace import Workspace
from reports.branding import branding
from reports.campaign import ORGANISATION
from reports.charts import gap_chart, heatmap_chart, radar_chart
from reports.history import waves_context
from reports.models import BuildState, ExportFormat, ResultsExport
from reports.tasks import build_results_export

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
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
def exports(request, pk):
    """The user's exports of the campaign's results, newest first, and the buttons to ask
    for one; the worker builds it, unless the same one is already on its way."""
    campaign = get_campaign(request, pk)
    mine = ResultsExport.objects.for_user(request.user).filter(campaign=campaign)
    if request.method == "POST":
        file_format = request.POST.get("format")
        if file_format not in ExportFormat.values:
            return HttpResponseBadRequest("Unknown export format.")
        language = translation.get_language()[:2]
        if not mine.in_progress().filter(file_format=file_format, language=language).exists():
            export = ResultsExport.objects.create(
                campaign=campaign,
                requested_by=request.user,
                file_format=file_format,
                language=language,
            )
            transaction.on_commit(lambda: build_results_export.enqueue(export.pk))
        return redirect("campaign_exports", pk=campaign.pk)
    return render(
        request,
        "reports/exports.html",
        {
            "campaign": campaign,
            "exports": [(export, export_status(export)) for export in mine.defer("content")[:10]],
            "responses": campaign.team_responses(),
        },
    )


def export_status(export: ResultsExport) -> dict:
    labels = {
        BuildState.QUEUED: _("Waiting for the background worker…"),
        BuildState.RUNNING: _("Being built…"),
        BuildState.READY: _("Ready"),
        BuildState.FAILED: _(
            "It could not be built. Ask again; if that fails too, tell your administrator."
        ),
    }
    return {
        "state": export.state,
        "label": labels[export.state],
        "download": (
            reverse("campaign_export_download", args=[export.campaign_id, export.pk])
            if export.state == BuildState.READY
            else ""
        ),
    }


def get_export(request, pk, export_pk, **filters) -> ResultsExport:
    """One of the user's exports of the campaign, without its file (read when used)."""
    return get_object_or_404(
        ResultsExport.objects.for_user(request.user)
        .filter(campaign=pk, **filters)
        .defer("content"),
        pk=export_pk,
    )


@login_required
def export_progress(request, pk, export_pk):
    return JsonResponse(export_status(get_export(request, pk, export_pk)))


@login_required
def export_download(request, pk, export_pk):
    export = get_export(request, pk, export_pk, state=BuildState.READY)
    response = HttpResponse(bytes(export.content), content_type=CONTENT_TYPES[export.file_format])
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
