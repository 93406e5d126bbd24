"""A leader's self-assessment: start, one step per component, review, submit.

An assessment is fetched through ``organisations.access``: anybody else's is a 404.
"""

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.forms import StartForm
from assessments.models import ComponentNote, NotComplete, SelfAssessment
from frameworks.scale import RATING_SCALE
from frameworks.steps import (
    AUTOSAVE,
    BACK,
    SAVE_AND_EXIT,
    ComponentStepForm,
    progress,
    review_rows,
    step_action,
)
from organisations import access


def step_url(assessment: SelfAssessment, component) -> str:
    return reverse("assessment_step", args=[assessment.pk, component.key])


def assessment_progress(assessment, components, current) -> dict:
    return progress(
        components,
        assessment.completed_component_ids(),
        current,
        partial(step_url, assessment),
        reverse("assessment_review", args=[assessment.pk]),
    )


def get_assessment(request, pk) -> SelfAssessment:
    """Every view reaches an assessment through this: someone else's is a 404."""
    assessments = SelfAssessment.objects.select_related("framework")
    return get_object_or_404(access.assessments(request.user, assessments), pk=pk)


@login_required
@require_POST
def start(request):
    form = StartForm(request.POST)
    if not form.is_valid():
        raise Http404("No such framework.")
    assessment, created = SelfAssessment.objects.get_or_create(
        leader=request.user,
        framework=form.cleaned_data["framework"],
        submitted_at=None,
        defaults={"target_each_statement": form.cleaned_data["detail"] == StartForm.DETAILED},
    )
    if not created:
        messages.info(
            request, _("You already had this assessment in progress: carry on where you left off.")
        )
    return redirect("assessment_resume", pk=assessment.pk)


@login_required
def resume(request, pk):
    assessment = get_assessment(request, pk)
    if assessment.is_submitted:
        return redirect("self_report", pk=pk)
    component = assessment.next_component()
    if component is None:
        return redirect("assessment_review", pk=pk)
    return redirect("assessment_step", pk=pk, component_key=component.key)


def asked(assessment) -> dict:
    return {"target_per_component": not assessment.target_each_statement}


@login_required
def step(request, pk, component_key):
    assessment = get_assessment(request, pk)
    if assessment.is_submitted:
        if request.method == "POST":
            raise Http404("A submitted assessment cannot be changed.")
        messages.info(
            request, _("This assessment has been submitted and can no longer be changed.")
        )
        return redirect("self_report", pk=pk)
    components = list(assessment.components())
    component = next((c for c in components if c.key == component_key), None)
    if component is None:
        raise Http404("No such component in this framework.")
    statements = list(component.statements.all())
    index = components.index(component)
    following = components[index + 1] if index + 1 < len(components) else None

    if request.method == "POST":
        form = ComponentStepForm(request.POST, statements=statements, **asked(assessment))
        # Whatever is asked, what the step holds is saved first, complete or not.
        assessment.save_answers(component, form.answers(), form.given_note())
        action = step_action(request.POST)
        if action == AUTOSAVE:
            return JsonResponse({"saved": True})
        if action == BACK and index:
            return redirect("assessment_step", pk=pk, component_key=components[index - 1].key)
        if action == SAVE_AND_EXIT:
            messages.success(request, _("Saved. You can resume from your dashboard at any time."))
            return redirect("dashboard")
        if form.is_valid():
            if following is None:
                return redirect("assessment_review", pk=pk)
            return redirect("assessment_step", pk=pk, component_key=following.key)
    else:
        note = ComponentNote.objects.filter(assessment=assessment, component=component).first()
        initial = ComponentStepForm.initial_with(
            {
                statement: (current, target)
                for statement, current, target in assessment.ratings.filter(
                    statement__component=component
                ).values_list("statement", "current", "target")
            },
            assessment.pending,
        )
        initial["note"] = note.text if note else ""
        form = ComponentStepForm(initial=initial, statements=statements, **asked(assessment))

    return render(
        request,
        "assessments/step.html",
        {
            "framework": assessment.framework,
            "component": component,
            "form": form,
            "scale": RATING_SCALE,
            "previous_url": step_url(assessment, components[index - 1]) if index else None,
            **assessment_progress(assessment, components, component),
        },
    )


@login_required
def review(request, pk):
    assessment = get_assessment(request, pk)
    if assessment.is_submitted:
        return redirect("self_report", pk=pk)
    components = list(assessment.components().prefetch_related("statements"))
    ratings = {r.statement_id: r for r in assessment.ratings.all()}
    notes = {n.component_id: n.text for n in assessment.notes.all()}
    rows = review_rows(components, ratings, notes, partial(step_url, assessment))
    return render(
        request,
        "assessments/review.html",
        {
            "framework": assessment.framework,
            "rows": rows,
            "ready": all(row.complete for row in rows),
            "rates_target": True,
            "target_per_component": not assessment.target_each_statement,
            "submit_url": reverse("assessment_submit", args=[assessment.pk]),
            **assessment_progress(assessment, components, None),
        },
    )


@login_required
@require_POST
def submit(request, pk):
    assessment = get_assessment(request, pk)
    if not assessment.is_submitted:
        try:
            assessment.submit()
        except NotComplete:
            messages.error(
                request, _("Rate every statement (or mark it “not applicable”) before you submit.")
            )
            return redirect("assessment_review", pk=pk)
        messages.success(request, _("Submitted. Here is your gap report."))
    return redirect("self_report", pk=pk)
