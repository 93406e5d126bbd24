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
from django.utils.text import slugify
from django.utils.translation import get_language

from campaigns.publishing import latest_publication
from organisations import access
from organisations.branding import branding
from organisations.workspace import Workspace
from reports.models import BuildState, OrganisationPdf
from reports.pdf import leader_pdf, team_pdf
from reports.read import campaign_results
from reports.tasks import build_organisation_pdf
from reports.views import get_assessment, get_campaign, get_team

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
    team = get_team(request, campaign, team_pk)
    language = pdf_language(request, campaign.language)
    publication = latest_publication(campaign)
    result = campaign_results(campaign, publication, only=[team.pk], distributions=True)[team.pk]
    brand = branding(campaign.organisation, inline=True)
    return pdf_response(
        team_pdf(campaign, publication, team, result, brand, language),
        f"{slugify(campaign.name) or 'campaign'}-{slugify(team.name) or 'team'}-{language}.pdf",
    )


@login_required
def organisation_pdfs(request, pk):
    """The campaign's organisation PDFs, newest first, and the form to build one; building
    is queued for the worker, unless the same PDF is already on its way."""
    campaign = get_campaign(request, pk, administered=True)
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
    pdfs = campaign.pdfs.defer("content")[:PDFS_LISTED]
    return render(
        request,
        "reports/organisation_pdfs.html",
        {
            "campaign": campaign,
            "brand": branding(campaign.organisation),
            "pdfs": pdfs,
            "publication": latest_publication(campaign),
            "languages": settings.LANGUAGES,
        },
    )


@login_required
def organisation_pdf_progress(request, pk, pdf_pk):
    pdfs = OrganisationPdf.objects.filter(campaign=pk).defer("content")
    pdf = get_object_or_404(access.organisation_pdfs(request.user, pdfs), pk=pdf_pk)
    return JsonResponse(pdf.status())


@login_required
def organisation_pdf_download(request, pk, pdf_pk):
    pdfs = OrganisationPdf.objects.filter(campaign=pk, state=BuildState.READY)
    pdf = get_object_or_404(
        access.organisation_pdfs(request.user, pdfs.select_related("campaign")), pk=pdf_pk
    )
    return pdf_response(bytes(pdf.content), pdf.filename)
