"""Files built by the background worker and kept until asked for again: organisation
PDFs and results exports.

A file lives in the database, so whichever app server gets the download request has it.
"""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, Publication

# A file still waiting or being built after this long has lost its worker: ask again.
STALLED_AFTER = datetime.timedelta(minutes=30)


class BuildState(models.TextChoices):
    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being built")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


class BuiltFileQuerySet(models.QuerySet):
    def in_progress(self):
        """Waiting or being built, and not stalled: a worker may have died."""
        return self.filter(
            state__in=[BuildState.QUEUED, BuildState.RUNNING],
            requested_at__gte=timezone.now() - STALLED_AFTER,
        )


class BuiltFile(models.Model):
    """A file someone asked for, as the worker left it."""

    FAILED = _("It could not be built. Ask again; if that fails too, tell your administrator.")

    requested_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=BuildState.choices, default=BuildState.QUEUED)
    # The results it was built from: once newer ones are published, it is out of date.
    publication = models.ForeignKey(
        Publication, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    content = models.BinaryField(null=True, editable=False)
    error = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def in_progress(self) -> bool:
        return self.state in (BuildState.QUEUED, BuildState.RUNNING)

    def label(self) -> str:
        return {
            BuildState.QUEUED: _("Waiting for the background worker…"),
            BuildState.RUNNING: _("Being built…"),
            BuildState.READY: _("Ready"),
            BuildState.FAILED: self.FAILED,
        }[self.state]

    def status(self) -> dict:
        """What the list shows of the file and what its progress poll answers: the same."""
        ready = self.state == BuildState.READY
        return {
            "state": self.state,
            "label": str(self.label()),
            "download": self.download_url if ready else "",
        }


class OrganisationPdf(BuiltFile):
    FAILED = _("It could not be built. Build it again; if that fails too, tell your administrator.")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    done = models.PositiveIntegerField(default=0)
    steps = models.PositiveIntegerField(default=1)

    objects = BuiltFileQuerySet.as_manager()

    def __str__(self):
        return f"{self.campaign} · {self.language} · {self.get_state_display()}"

    @property
    def teams(self) -> int:
        return self.steps - 2  # one step per team, then the layout and the file

    def label(self) -> str:
        if self.state == BuildState.RUNNING and self.done < self.teams:
            return _("Drawing team %(done)s of %(teams)s…") % {
                "done": self.done + 1,
                "teams": self.teams,
            }
        if self.state == BuildState.RUNNING:
            return _("Laying out the pages…")
        return super().label()

    def status(self) -> dict:
        return {"done": self.done, "steps": self.steps, "percent": self.percent} | super().status()

    @property
    def progress_url(self) -> str:
        return reverse("organisation_pdf_progress", args=[self.campaign_id, self.pk])

    @property
    def download_url(self) -> str:
        return reverse("organisation_pdf_download", args=[self.campaign_id, self.pk])

    @property
    def percent(self) -> int:
        if self.state == BuildState.READY:
            return 100
        return min(99, round(100 * self.done / self.steps)) if self.steps else 0

    @property
    def filename(self) -> str:
        return f"{slugify(self.campaign.name) or 'campaign'}-organisation-{self.language}.pdf"


class ExportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel"


class ResultsExport(BuiltFile):
    """A campaign's results as CSV or XLSX, for the teams the requester may see."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file_format = models.CharField(max_length=4, choices=ExportFormat.choices)
    language = models.CharField(max_length=2, choices=settings.LANGUAGES)

    objects = BuiltFileQuerySet.as_manager()

    def __str__(self):
        return f"{self.campaign} · {self.file_format} · {self.get_state_display()}"

    @property
    def filename(self) -> str:
        return f"{slugify(self.campaign.name) or 'campaign'}-results.{self.file_format}"

    @property
    def progress_url(self) -> str:
        return reverse("campaign_export_progress", args=[self.campaign_id, self.pk])

    @property
    def download_url(self) -> str:
        return reverse("campaign_export_download", args=[self.campaign_id, self.pk])
