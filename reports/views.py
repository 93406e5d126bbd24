from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from assessments.models import Action
from assessments.views import get_assessment
from assessments.workspace import Workspace
from reports.branding import branding
from reports.charts import gap_chart, radar_chart
from reports.forms import ReflectionForm
from reports.history import own_trend


@login_required
def self_report(request, pk):
    assessment = get_assessment(request, pk)
    if not assessment.is_submitted:
        messages.info(request, _("Finish and submit the assessment to see its report."))
        return redirect("assessment_resume", pk=pk)
    report = assessment.gap_report()
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
            "radar_chart": radar_chart(report),
            "gap_chart": gap_chart(report),
            "brand": branding(Workspace.of(request).current),
            "actions": list(Action.objects.of(assessment=assessment)),
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
    if form.is_valid():
        assessment.save_reflection(form.answers())
        messages.success(
            request, _("Your reflection on %(component)s is saved.") % {"component": component.name}
        )
    else:
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
    return redirect(reverse("self_report", args=[pk]) + f"#reflect-{component.key}")
