"""PDF downloads. A leader's or a team's PDF comes straight back; an organisation's is built
by the background worker, while its page shows the progress.

Objects come through the same permission filters as the web reports: what a user may not
see on the web is a 404 here too.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessments.campaign_setup import get_administered_campaign
from assessments.models import Team
from assessments.views import get_assessment
from assessments.workspace import Workspace
from reports.branding import branding
from reports.campaign_views import get_campaign
from reports.models import BuildState, OrganisationPdf
from reports.pdf import leader_pdf, team_pdf
from reports.tasks import build_organisation_pdf

PDFS_LISTED = 10


def pdf_language(request, default: str) -> str:
    language = request.GET.get("language") or request.POST.get("language") or default
    if language not in dict(settings.LANGUAGES):
        raise Http404("No such language.")
    return language


def pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def self_report_pdf(request, pk):
    assessment = get_assessment(request, pk)
    if not assessment.is_submitted:
        raise Http404("Only a submitted assessment has a report.")
    language = pdf_language(request, get_language()[:2])
    brand = branding(Workspace.of(request).current, inline=True)
    return pdf_response(
        leader_pdf(assessment, brand, language),
        f"gap-report-{assessment.submitted_at:%Y-%m-%d}-{language}.pdf",
    )


@login_required
def team_report_pdf(request, pk, team_pk):
    campaign = get_campaign(request, pk)
    team = get_object_or_404(
        Team.objects.for_user(request.user).filter(campaigns=campaign), pk=team_pk
    )
    language = pdf_language(request, campaign.language)
    result = campaign.results(only=[team.pk], distributions=True)[team.pk]
    brand = branding(campaign.organisation, inline=True)
    return pdf_response(
        team_pdf(campaign, team, result, brand, language),
        f"{slugify(campaign.name) or 'campaign'}-{slugify(team.name) or 'team'}-{language}.pdf",
    )


@login_required
def organisation_pdfs(request, pk):
    """The campaign's organisation PDFs, newest first, and the form to build one; building
    is queued for the worker, unless the same PDF is already on its way."""
    campaign = get_administered_campaign(request, pk)
    if request.method == "POST":
        language = pdf_language(request, campaign.language)
        if not campaign.pdfs.in_progress().filter(language=language).exists():
            pdf = OrganisationPdf.objects.create(
                campaign=campaign,
                language=language,
                requested_by=request.user,
                steps=campaign.teams.count() + 2,
            )
            transaction.on_commit(lambda: build_organisation_pdf.enqueue(pdf.pk))
        return redirect("organisation_pdfs", pk=campaign.pk)
    pdfs = [(pdf, progress_of(pdf)) for pdf in campaign.pdfs.defer("content")[:PDFS_LISTED]]
    return render(
        request,
        "reports/organisation_pdfs.html",
        {
            "campaign": campaign,
            "brand": branding(campaign.organisation),
            "pdfs": pdfs,
            "responses": campaign.team_responses(),
            "languages": settings.LANGUAGES,
        },
    )


def progress_of(pdf: OrganisationPdf) -> dict:
    teams = pdf.steps - 2
    if pdf.state == BuildState.QUEUED:
        label = _("Waiting for the background worker…")
    elif pdf.state == BuildState.RUNNING and pdf.done < teams:
        label = _("Drawing team %(done)s of %(teams)s…") % {"done": pdf.done + 1, "teams": teams}
    elif pdf.state == BuildState.RUNNING:
        label = _("Laying out the pages…")
    elif pdf.state == BuildState.READY:
        label = _("Ready")
    else:
        label = _(
            "It could not be built. Build it again; if that fails too, tell your administrator."
        )
    return {
        "state": pdf.state,
        "done": pdf.done,
        "steps": pdf.steps,
        "percent": pdf.percent,
        "label": label,
        "download": (
            reverse("organisation_pdf_download", args=[pdf.campaign_id, pdf.pk])
            if pdf.state == BuildState.READY
            else ""
        ),
    }


@login_required
def organisation_pdf_progress(request, pk, pdf_pk):
    pdf = get_object_or_404(
        OrganisationPdf.objects.for_user(request.user).filter(campaign=pk).defer("content"),
        pk=pdf_pk,
    )
    return JsonResponse(progress_of(pdf))


@login_required
def organisation_pdf_download(request, pk, pdf_pk):
    pdf = get_object_or_404(
        OrganisationPdf.objects.for_user(request.user)
        .filter(campaign=pk, state=BuildState.READY)
        .select_related("campaign"),
        pk=pdf_pk,
    )
    return pdf_response(bytes(pdf.content), pdf.filename)
