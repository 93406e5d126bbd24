"""Action plans: what will change in a component, why, and who sees it through.

An action belongs to a leader's own assessment, to a team in a campaign, or to a whole
campaign (the organisation). It has the seed's proposal, motivation, benefits and obstacles,
an owner, a due date, a success measure and a status.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assessments.models import SelfAssessment
from campaigns.models import Campaign
from frameworks.models import Component
from organisations.models import Team


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = [ActionStatus.PLANNED, ActionStatus.IN_PROGRESS]


class ActionKind(models.TextChoices):
    QUICK_WIN = "quick_win", _("Quick win")
    STRUCTURAL = "structural", _("Structural change")


class ActionQuerySet(models.QuerySet):
    def of(self, *, assessment=None, campaign=None, team=None):
        """The plan of one report: an assessment's, a team's, or a campaign's own."""
        plan = self.select_related("owner", "component")
        if assessment is not None:
            return plan.filter(assessment=assessment)
        return plan.filter(campaign=campaign, team=team)

    def of_every_team(self, campaign):
        """Every plan of a campaign, its teams' and its own."""
        return self.select_related("owner", "component", "team").filter(campaign=campaign)

    def still_open(self):
        return self.filter(status__in=OPEN_STATUSES)


class Action(models.Model):
    assessment = models.ForeignKey(
        SelfAssessment, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    # With a campaign: the team whose report it comes from, or none for the organisation's.
    team = models.ForeignKey(
        Team, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    component = models.ForeignKey(
        Component, on_delete=models.PROTECT, related_name="+", verbose_name=_("component")
    )
    title = models.CharField(_("what will change"), max_length=200)
    motivation = models.TextField(_("why: the motivation"), blank=True)
    benefits = models.TextField(_("the expected benefit"), blank=True)
    obstacles = models.TextField(_("the obstacles"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="owned_actions",
        verbose_name=_("owner"),
    )
    due_on = models.DateField(_("due date"))
    success_measure = models.CharField(_("how we will know it worked"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    kind = models.CharField(
        _("kind of change"),
        max_length=10,
        choices=ActionKind.choices,
        default=ActionKind.QUICK_WIN,
        help_text=_(
            "A quick win a team can make on its own; a structural change needs processes, "
            "roles or systems to change."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)  # that due date

    objects = ActionQuerySet.as_manager()

    class Meta:
        db_table = "assessments_action"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(assessment__isnull=False, campaign__isnull=True, team__isnull=True)
                | Q(assessment__isnull=True, campaign__isnull=False),
                name="action_has_one_origin",
            )
        ]

    def __str__(self):
        return self.title

    @property
    def report_url(self) -> str:
        """The report the action belongs to, at its action plan."""
        if self.assessment_id:
            url = reverse("self_report", args=[self.assessment_id])
        elif self.team_id:
            url = reverse("team_report", args=[self.campaign_id, self.team_id])
        else:
            url = reverse("organisation_report", args=[self.campaign_id])
        return f"{url}#action-plan"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def overdue(self) -> bool:
        return self.is_open and self.due_on < timezone.localdate()
