"""A leader's pages: the dashboard of their assessments and open actions, and the gap
report of an assessment with its reflections.

Everything is fetched through ``organisations.access``; the fetch-or-404 helpers here serve
every report page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from actions.models import Action
from actions.roadmap import plan_context
from assessments.models import SelfAssessment
from campaigns.models import Campaign, CampaignState
from campaigns.tracking import by_client, overviews
from frameworks.models import DEFAULT_FRAMEWORK, Framework
from frameworks.steps import AUTOSAVE
from organisations import access
from organisations.branding import branding
from organisations.models import Team
from organisations.workspace import Workspace
from reports.charts import gap_chart, plotly_figure, radar_chart
from reports.forms import ReflectionForm
from reports.history import own_trend
from reports.read import assessment_report

DASHBOARD_ACTIONS = 20


def get_assessment(request, pk) -> SelfAssessment:
    assessments = SelfAssessment.objects.select_related("framework")
    return get_object_or_404(access.assessments(request.user, assessments), pk=pk)


def get_campaign(request, pk, *, administered: bool = False) -> Campaign:
    """A campaign the user may see, or that they set up, or a 404."""
    campaigns = Campaign.objects.select_related("organisation", "framework")
    rule = access.administered_campaigns if administered else access.campaigns
    return get_object_or_404(rule(request.user, campaigns), pk=pk)


def get_team(request, campaign: Campaign, pk) -> Team:
    """A team of the campaign that the user may see, or a 404."""
    return get_object_or_404(access.teams(request.user).filter(campaigns=campaign), pk=pk)


@login_required
def dashboard(request):
    assessments = (
        access.assessments(request.user, SelfAssessment.objects.select_related("framework"))
        .with_progress()
        .order_by("-started_at")
    )
    actions = access.actions(request.user, Action.objects.still_open())
    open_campaigns = access.administered_campaigns(
        request.user, Campaign.objects.select_related("organisation")
    ).filter(state=CampaignState.OPEN, closes_on__gte=timezone.localdate())
    return render(
        request,
        "reports/dashboard.html",
        {
            "clients": by_client(overviews(open_campaigns.order_by("closes_on"))),
            "in_progress": [a for a in assessments if not a.is_submitted],
            "submitted": [a for a in assessments if a.is_submitted],
            # The six pillars first: what most leaders came for.
            "frameworks": sorted(
                Framework.objects.all(), key=lambda f: f.slug != DEFAULT_FRAMEWORK
            ),
            "actions": actions.select_related("component", "owner", "campaign", "team")[
                :DASHBOARD_ACTIONS
            ],
        },
    )


@login_required
def self_report(request, pk):
    assessment = get_assessment(request, pk)
    if not assessment.is_submitted:
        messages.info(request, _("Finish and submit the assessment to see its report."))
        return redirect("assessment_resume", pk=pk)
    report = assessment_report(assessment)
    answers, notes = assessment.reflection_texts()
    reflections = [
        (
            row,
            ReflectionForm(
                questions=row.questions,
                initial={q.kind: answers.get(q.pk, "") for q in row.questions},
                prefix=row.component.key,
            ),
            notes.get(row.component.pk, ""),
        )
        for row in report.rows
    ]
    return render(
        request,
        "reports/self_report.html",
        {
            "assessment": assessment,
            "report": report,
            "reflections": reflections,
            "answered": {
                row.component.key
                for row in report.rows
                if any(answers.get(q.pk) for q in row.questions)
            },
            "radar_chart": plotly_figure(radar_chart(report)),
            "gap_chart": plotly_figure(gap_chart(report)),
            "brand": branding(Workspace.of(request).current),
            **plan_context(Action.objects.of(assessment=assessment)),
            "new_action_url": reverse("action_new", args=[assessment.pk]),
            **own_trend(assessment, report),
        },
    )


@login_required
@require_POST
def save_reflection(request, pk, component_key):
    assessment = get_assessment(request, pk)
    if not assessment.is_submitted:
        raise Http404("Reflections belong to a submitted assessment's report.")
    component = assessment.components().filter(key=component_key).first()
    if component is None:
        raise Http404("No such component in this framework.")
    form = ReflectionForm(
        request.POST, questions=list(component.reflection_questions.all()), prefix=component.key
    )
    if AUTOSAVE in request.POST:  # one answer as it is typed: the others stay as they are
        assessment.save_reflection(form.given())
        return JsonResponse({"saved": True})
    if form.is_valid():
        assessment.save_reflection(form.answers())
        messages.success(
            request, _("Your reflection on %(component)s is saved.") % {"component": component.name}
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("self_report", args=[pk]) + f"#reflect-{component.key}")
