"""HR's pages for a campaign's results: publishing them, and combining small teams into
reporting groups before they are first published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns import publishing
from campaigns.forms import ReportingGroupForm
from campaigns.models import CampaignState, CampaignTeam, RaterRole, ReportingGroup
from campaigns.publishing import next_cells, publish
from campaigns.tasks import forget_drafts
from campaigns.views import get_administered_campaign


def cell_rows(campaign, cells) -> list[dict]:
    """Each team (or reporting group) of the campaign in its tree's order, with how many
    team members had answered in it and below it, and how many of them are in the figures
    of ``cells``: what its report would say."""
    grouped = dict(campaign.scope.values_list("team", "reporting_group"))
    names = dict(campaign.reporting_groups.values_list("pk", "name"))

    def key(team):
        group = grouped.get(team)
        return (None, group, RaterRole.TEAM) if group else (team, None, RaterRole.TEAM)

    parents = {key(team): key(parent) if parent else None for team, parent in campaign.tree()}
    totals = {cell: [0, 0] for cell in parents}
    for cell in parents:
        figures, answered = cells.get(cell, (None, 0))
        above = cell
        while above is not None:
            totals[above][0] += answered
            totals[above][1] += figures.responses if figures else 0
            above = parents[above]
    rows, seen = [], set()
    for team in campaign.teams_in_tree():
        cell = key(team.pk)
        if cell in seen:
            continue
        seen.add(cell)
        rows.append(
            {
                "name": names[cell[1]] if cell[1] else team.name,
                "depth": team.depth,
                "answered": totals[cell][0],
                "published": totals[cell][1],
            }
        )
    return rows


def can_publish(campaign) -> bool:
    return campaign.status == CampaignState.OPEN


@login_required
def publish_results(request, pk):
    """What interim results would show, team by team (counts only), and the button to
    publish them."""
    campaign = get_administered_campaign(request, pk)
    if not can_publish(campaign):
        messages.error(request, _("Interim results can be published only while it is open."))
        return redirect("campaign_detail", pk=campaign.pk)
    if request.method == "POST":
        publication = publish(campaign, request.user)
        messages.success(
            request,
            _("Results no. %(number)s are published: every report and export now shows them.")
            % {"number": publication.number},
        )
        return redirect("campaign_detail", pk=campaign.pk)
    previous = campaign.publications.first()
    cells = {
        key: cell
        for key, cell in next_cells(campaign, previous).items()
        if key[2] == RaterRole.TEAM
    }
    rows = cell_rows(campaign, cells)
    return render(
        request,
        "campaigns/publish.html",
        {
            "campaign": campaign,
            "previous": previous,
            "rows": rows,
            "can_group": groups_editable(campaign),
            "left_out": sum(n - figures.responses for figures, n in cells.values()),
        },
    )


@login_required
def close_campaign(request, pk):
    """Close now and publish the final results, once HR has seen which teams they will
    leave out."""
    campaign = get_administered_campaign(request, pk)
    if campaign.state != CampaignState.OPEN:
        messages.error(request, _("Only an open campaign can be closed."))
        return redirect("campaign_detail", pk=campaign.pk)
    if request.method == "POST":
        publishing.close(campaign, request.user)
        forget_drafts.enqueue(campaign.pk)
        messages.success(
            request,
            _(
                "The campaign is closed: no more responses are accepted, and its final "
                "results are out."
            ),
        )
        return redirect("campaign_detail", pk=campaign.pk)
    names = dict(campaign.reporting_groups.values_list("pk", "name"))
    teams = dict(campaign.teams.values_list("pk", "name"))
    small = sorted(
        names[group] if group else teams[team]
        for (team, group, role), n in publishing.answered(campaign).items()
        if role == RaterRole.TEAM and n < campaign.minimum_group_size
    )
    return render(
        request,
        "campaigns/close.html",
        {"campaign": campaign, "small": small, "can_group": groups_editable(campaign)},
    )


def groups_editable(campaign) -> bool:
    return bool(campaign.tree_frozen_at) and not campaign.publications.exists()


@login_required
def reporting_groups(request, pk):
    campaign = get_administered_campaign(request, pk)
    editable = groups_editable(campaign)
    form = None
    if editable:
        form = ReportingGroupForm(request.POST or None, campaign=campaign)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                group = ReportingGroup.objects.create(
                    campaign=campaign, name=form.cleaned_data["name"]
                )
                campaign.scope.filter(team__in=form.cleaned_data["teams"]).update(
                    reporting_group=group
                )
            messages.success(request, _("“%(name)s” is reported as one group.") % {"name": group})
            return redirect("reporting_groups", pk=campaign.pk)
    in_tree_order = CampaignTeam.objects.select_related("team").order_by("path")
    groups = campaign.reporting_groups.prefetch_related(Prefetch("scope", queryset=in_tree_order))
    return render(
        request,
        "campaigns/reporting_groups.html",
        {
            "campaign": campaign,
            "form": form,
            "editable": editable,
            "groups": groups,
            "rows": cell_rows(campaign, next_cells(campaign, None)),
        },
    )


@login_required
@require_POST
def delete_reporting_group(request, pk, group_pk):
    campaign = get_administered_campaign(request, pk)
    group = get_object_or_404(campaign.reporting_groups, pk=group_pk)
    if not groups_editable(campaign):
        messages.error(request, _("Reporting groups are fixed once results are published."))
    else:
        group.delete()
        messages.success(request, _("“%(name)s” is no longer a group.") % {"name": group})
    return redirect("reporting_groups", pk=campaign.pk)
