"""Background work for reports: organisation PDFs, which can run to hundreds of pages, and
results exports, which can run to tens of thousands of rows.

The worker (``python manage.py db_worker``) builds the file and stores it with the request;
the page that asked polls its progress and offers the file when it is ready.
"""

from django.utils import timezone, translation
from django_tasks import task

from campaigns.publishing import latest_publication
from organisations.branding import branding
from reports.exports import results_file
from reports.models import BuildState, OrganisationPdf, ResultsExport
from reports.pdf import organisation_pdf


def build(item, older, make) -> None:
    """Build a requested file with ``make(rows, publication)`` from the campaign's latest
    results, store it on ``item`` with how it went, and delete the ``older`` files it
    replaces; a failure is recorded, then raised."""
    rows = type(item).objects.filter(pk=item.pk)
    publication = latest_publication(item.campaign)
    rows.update(state=BuildState.RUNNING, publication=publication)
    try:
        content = make(rows, publication)
    except Exception as error:
        rows.update(state=BuildState.FAILED, error=str(error), finished_at=timezone.now())
        raise
    rows.update(state=BuildState.READY, content=content, finished_at=timezone.now())
    older.filter(
        requested_at__lt=item.requested_at, state__in=[BuildState.READY, BuildState.FAILED]
    ).delete()


@task()
def build_organisation_pdf(pk: int) -> None:
    pdf = OrganisationPdf.objects.select_related(
        "campaign__organisation", "campaign__framework"
    ).get(pk=pk)
    campaign = pdf.campaign

    def make(rows, publication) -> bytes:
        def progress(done: int, steps: int) -> None:
            rows.update(done=done, steps=steps)

        brand = branding(campaign.organisation, inline=True)
        return organisation_pdf(campaign, publication, brand, pdf.language, progress)

    # One PDF per campaign and language is enough to keep.
    build(pdf, campaign.pdfs.filter(language=pdf.language), make)


@task()
def build_results_export(pk: int) -> None:
    export = ResultsExport.objects.select_related(
        "campaign__organisation", "campaign__framework", "requested_by"
    ).get(pk=pk)

    def make(rows, publication) -> bytes:
        with translation.override(export.language):
            return results_file(
                export.campaign, publication, export.requested_by, export.file_format
            )

    # The latest of each person's exports in each format and language is enough to keep.
    older = export.campaign.exports.filter(
        requested_by=export.requested_by, file_format=export.file_format, language=export.language
    )
    build(export, older, make)
