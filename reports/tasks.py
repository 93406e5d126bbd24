"""Background work for reports: organisation PDFs, which can run to hundreds of pages.

The worker (``python manage.py db_worker``) builds the file and stores it with the request;
the page that asked polls its progress and offers the file when it is ready.
"""

from django.utils import timezone
from django_tasks import task

from reports.branding import branding
from reports.models import OrganisationPdf, PdfState
from reports.pdf import organisation_pdf


@task()
def build_organisation_pdf(pk: int) -> None:
    pdf = OrganisationPdf.objects.select_related(
        "campaign__organisation", "campaign__framework"
    ).get(pk=pk)
    campaign = pdf.campaign
    rows = OrganisationPdf.objects.filter(pk=pk)
    rows.update(state=PdfState.RUNNING, responses=campaign.team_responses())

    def progress(done: int, steps: int) -> None:
        rows.update(done=done, steps=steps)

    try:
        content = organisation_pdf(
            campaign, branding(campaign.organisation, inline=True), pdf.language, progress
        )
    except Exception as error:
        rows.update(state=PdfState.FAILED, error=str(error), finished_at=timezone.now())
        raise
    rows.update(state=PdfState.READY, content=content, finished_at=timezone.now())
    # The files it replaces: one PDF per campaign and language is enough to keep.
    campaign.pdfs.filter(
        language=pdf.language,
        requested_at__lt=pdf.requested_at,
        state__in=[PdfState.READY, PdfState.FAILED],
    ).delete()
