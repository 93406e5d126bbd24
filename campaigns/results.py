"""HR's pages for a campaign's results: publishing them, and combining small teams into
reporting groups before they are first published."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from campaigns.forms import ReportingGroupForm
from campaigns.models import CampaignState, RaterRole, ReportingGroup
from campaigns.publishing import next_cells, publish
from campaigns.views import get_administered_campaign


def cell_rows(campaign, cells) -> list[dict]:
    """Each team (or reporting group) of the campaign in its tree's order, with how many
    team members had answered and how many are in the figures of ``cells``."""
    grouped = dict(campaign.scope.values_list("team", "reporting_group"))
    names = dict(campaign.reporting_groups.values_list("pk", "name"))
    rows, seen = [], set()
    for team in campaign.teams_in_tree():
        group = grouped[team.pk]
        key = (None, group, RaterRole.TEAM) if group else (team.pk, None, RaterRole.TEAM)
        if key in seen:
            continue
        seen.add(key)
        cell, answered = cells.get(key, (None, 0))
        rows.append(
            {
                "name": names[group] if group else team.name,
                "depth": team.depth,
                "answered": answered,
                "published": cell.responses if cell else 0,
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
    rows = cell_rows(campaign, next_cells(campaign, previous))
    return render(
        request,
        "campaigns/publish.html",
        {
            "campaign": campaign,
            "previous": previous,
            "rows": rows,
            "left_out": sum(row["answered"] - row["published"] for row in rows),
        },
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
    groups = campaign.reporting_groups.prefetch_related("scope__team")
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
