"""A campaign's reports for HR and leaders: a team's, the organisation's, and exports.

Campaigns and teams are fetched through ``organisations.access``, so anything outside a
user's organisations, or a team a leader does not lead, is a 404; only then are a report's
figures read, from the cache of its publication's (``reports.cached``).
"""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation

from actions.models import Action
from actions.roadmap import plan_context
from campaigns.publishing import latest_publication
from organisations import access
from organisations.branding import branding
from reports.cached import organisation_figures, team_figures
from reports.campaign import ORGANISATION
from reports.history import earlier_waves, previous_actions
from reports.models import BuildState, ExportFormat, ResultsExport
from reports.read import comment_sections, every_teams_plan
from reports.tasks import build_results_export
from reports.views import get_campaign, get_team

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def team_report(request, pk, team_pk):
    campaign = get_campaign(request, pk)
    team = get_team(request, campaign, team_pk)
    publication = latest_publication(campaign)
    earlier = earlier_waves(campaign)
    figures = team_figures(campaign, publication, team, earlier)
    context = {
        "campaign": campaign,
        "publication": publication,
        "team": team,
        "figures": figures,
        # The same queries whether the team is shown or not.
        "comments": comment_sections(campaign, publication, team, figures.components),
        "previous_actions": previous_actions(earlier, team.pk),
        "brand": branding(campaign.organisation),
        **plan_context(Action.objects.of(campaign=campaign, team=team)),
        "new_action_url": reverse("team_action_new", args=[campaign.pk, team.pk]),
    }
    return render(request, "reports/team_report.html", context)


@login_required
def organisation_report(request, pk):
    campaign = get_campaign(request, pk, administered=True)
    publication = latest_publication(campaign)
    earlier = earlier_waves(campaign)
    figures = organisation_figures(campaign, publication, earlier)
    actions = list(Action.objects.of_every_team(campaign))
    planning = campaign.teams.filter(pk__in={action.team_id for action in actions})
    return render(
        request,
        "reports/organisation_report.html",
        {
            "campaign": campaign,
            "publication": publication,
            "figures": figures,
            "previous_actions": previous_actions(earlier, ORGANISATION),
            "brand": branding(campaign.organisation),
            **plan_context(action for action in actions if action.team_id is None),
            "plans": every_teams_plan(actions, campaign.teams_in_tree(planning)),
            "new_action_url": reverse("organisation_action_new", args=[campaign.pk]),
        },
    )


@login_required
def exports(request, pk):
    """The user's exports of the campaign's results, newest first, and the buttons to ask
    for one; the worker builds it, unless the same one is already on its way."""
    campaign = get_campaign(request, pk)
    mine = access.results_exports(request.user, ResultsExport.objects).filter(campaign=campaign)
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
            "exports": mine.defer("content")[:10],
            "publication": latest_publication(campaign),
        },
    )


def get_export(request, pk, export_pk, **filters) -> ResultsExport:
    """One of the user's exports of the campaign, without its file (read when used)."""
    exports = ResultsExport.objects.filter(campaign=pk, **filters).defer("content")
    return get_object_or_404(access.results_exports(request.user, exports), pk=export_pk)


@login_required
def export_progress(request, pk, export_pk):
    return JsonResponse(get_export(request, pk, export_pk).status())


@login_required
def export_download(request, pk, export_pk):
    export = get_export(request, pk, export_pk, state=BuildState.READY)
    response = HttpResponse(bytes(export.content), content_type=CONTENT_TYPES[export.file_format])
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
