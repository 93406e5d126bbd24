"""Action plans, created from any gap report and followed on the dashboard.

The report an action comes from, and the action itself, are fetched through
``organisations.access``, like the report.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from actions.forms import ActionForm
from actions.models import Action
from actions.tasks import schedule_reminder
from assessments.models import SelfAssessment
from campaigns.models import Campaign
from organisations import access


def origin(request, pk, team_pk=None, scope="assessment") -> dict:
    """The report an action is planned from, fetched through its permission filter."""
    user = request.user
    if scope == "assessment":
        assessments = SelfAssessment.objects.select_related("framework")
        assessment = get_object_or_404(access.assessments(user, assessments), pk=pk)
        if not assessment.is_submitted:
            raise Http404("Plans belong to a submitted assessment's report.")
        return {"assessment": assessment}
    campaigns = access.campaigns(user, Campaign.objects.select_related("framework"))
    if scope == "organisation":
        campaigns = access.administered_campaigns(user, campaigns)
    campaign = get_object_or_404(campaigns, pk=pk)
    team = None
    if team_pk is not None:
        team = get_object_or_404(access.teams(user).filter(campaigns=campaign), pk=team_pk)
    return {"campaign": campaign, "team": team}


def form_for(request, source: dict, instance=None) -> ActionForm:
    if "assessment" in source:
        framework = source["assessment"].framework
        owners = User.objects.filter(pk=source["assessment"].leader_id)
    else:
        framework = source["campaign"].framework
        owners = User.objects.filter(
            memberships__organisation=source["campaign"].organisation_id
        ).order_by("email")
    chosen = framework.components.filter(key=request.GET.get("component")).first()
    return ActionForm(
        request.POST or None,
        instance=instance,
        components=framework.components.all(),
        owners=owners,
        initial={"component": chosen} if chosen else {},
    )


@login_required
def action_new(request, pk, team_pk=None, scope="assessment"):
    source = origin(request, pk, team_pk, scope)
    form = form_for(request, source)
    if form.is_valid():
        action = form.save(commit=False)
        action.created_by = request.user
        for name, value in source.items():
            setattr(action, name, value)
        action.save()
        transaction.on_commit(lambda: schedule_reminder(action))
        messages.success(request, _("The action is in the plan."))
        return redirect(action.report_url)
    return render(request, "actions/form.html", {"form": form, **source})


@login_required
def action_edit(request, pk):
    actions = Action.objects.select_related("assessment", "campaign", "team")
    action = get_object_or_404(access.actions(request.user, actions), pk=pk)
    if action.assessment_id:
        source = {"assessment": action.assessment}
    else:
        source = {"campaign": action.campaign, "team": action.team}
    form = form_for(request, source, instance=action)
    if form.is_valid():
        action = form.save()
        transaction.on_commit(lambda: schedule_reminder(action))
        messages.success(request, _("The action is saved."))
        return redirect(action.report_url)
    return render(request, "actions/form.html", {"form": form, "action": action, **source})
