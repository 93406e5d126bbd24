"""Action plans, created from any gap report and followed on the dashboard.

The report an action comes from is fetched through the same permission filters as the
report itself; an action is fetched through ``Action.objects.for_user``.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from assessments.models import Action, Campaign, Organisation, Team
from assessments.tasks import schedule_reminder
from assessments.views import get_assessment

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "component",
            "title",
            "motivation",
            "benefits",
            "obstacles",
            "owner",
            "due_on",
            "success_measure",
            "status",
        ]
        widgets = {
            "due_on": DATE_INPUT,
            "motivation": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "title": gettext_lazy("The proposal: one concrete change, in a sentence."),
            "obstacles": gettext_lazy("What could get in the way, and how you will handle it."),
        }

    def __init__(self, *args, components, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = components
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.email
        if owners.count() == 1:  # a leader's own plan: they own it
            self.fields["owner"].initial = owners.get()
            self.fields["owner"].widget = forms.HiddenInput()


def origin(request, pk, team_pk=None, scope="assessment") -> dict:
    """The report an action is planned from, fetched through its permission filter."""
    if scope == "assessment":
        assessment = get_assessment(request, pk)
        if not assessment.is_submitted:
            raise Http404("Plans belong to a submitted assessment's report.")
        return {"assessment": assessment}
    campaigns = Campaign.objects.for_user(request.user).select_related("framework")
    if scope == "organisation":
        campaigns = campaigns.filter(
            organisation__in=Organisation.objects.administered_by(request.user)
        )
    campaign = get_object_or_404(campaigns, pk=pk)
    team = None
    if team_pk is not None:
        team = get_object_or_404(
            Team.objects.for_user(request.user).filter(campaigns=campaign), pk=team_pk
        )
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
    action = get_object_or_404(
        Action.objects.for_user(request.user).select_related("assessment", "campaign", "team"),
        pk=pk,
    )
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
