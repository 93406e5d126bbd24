"""Background work for reports: organisation PDFs, which can run to hundreds of pages, and
results exports, which can run to tens of thousands of rows.

The worker (``python manage.py db_worker``) builds the file and stores it with the request;
the page that asked polls its progress and offers the file when it is ready.
"""

from django.utils import timezone, translation
from django_tasks import task

from reports.branding import branding
from reports.exports import results_file
from reports.models import BuildState, OrganisationPdf, ResultsExport
from reports.pdf import organisation_pdf


@task()
def build_organisation_pdf(pk: int) -> None:
    pdf = OrganisationPdf.objects.select_related(
        "campaign__organisation", "campaign__framework"
    ).get(pk=pk)
    campaign = pdf.campaign
    rows = OrganisationPdf.objects.filter(pk=pk)
    rows.update(state=BuildState.RUNNING, responses=campaign.team_responses())

    def progress(done: int, steps: int) -> None:
        rows.update(done=done, steps=steps)

    try:
        content = organisation_pdf(
            campaign, branding(campaign.organisation, inline=True), pdf.language, progress
        )
    except Exception as error:
        rows.update(state=BuildState.FAILED, error=str(error), finished_at=timezone.now())
        raise
    rows.update(state=BuildState.READY, content=content, finished_at=timezone.now())
    # The files it replaces: one PDF per campaign and language is enough to keep.
    campaign.pdfs.filter(
        language=pdf.language,
        requested_at__lt=pdf.requested_at,
        state__in=[BuildState.READY, BuildState.FAILED],
    ).delete()


@task()
def build_results_export(pk: int) -> None:
    export = ResultsExport.objects.select_related(
        "campaign__organisation", "campaign__framework", "requested_by"
    ).get(pk=pk)
    campaign = export.campaign
    rows = ResultsExport.objects.filter(pk=pk)
    rows.update(state=BuildState.RUNNING, responses=campaign.team_responses())
    try:
        with translation.override(export.language):
            content = results_file(campaign, export.requested_by, export.file_format)
    except Exception as error:
        rows.update(state=BuildState.FAILED, error=str(error), finished_at=timezone.now())
        raise
    rows.update(state=BuildState.READY, content=content, finished_at=timezone.now())
    # The files it replaces: the latest of each format and language is enough to keep.
    campaign.exports.filter(
        requested_by=export.requested_by,
        file_format=export.file_format,
        language=export.language,
        requested_at__lt=export.requested_at,
        state__in=[BuildState.READY, BuildState.FAILED],
    ).delete()
