"""Campaigns: one framework rated by many teams, stored so that no answer points to a person.

An invitation knows who was invited and whether they responded, never what they answered.
A response knows its campaign, team and rater role, never who gave it, nor when. A
submission is sealed (``SealedResponse``) in a transaction of its own, apart from the one
that marks the invitation answered; the worker releases sealed answers into responses and
tallies a team's batch at a time, shuffled (``release_sealed``), so that neither ids, order,
time nor transaction ties a stored response to its invitation. Publications read
``GroupCount``, ``RatingTally`` and ``StatementSum``, kept up to date as answers are released,
so their cost does not grow with the number of responses.
"""

import hashlib
import secrets
import uuid
from collections import Counter, defaultdict
from decimal import Decimal

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import pre_log
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from campaigns.participants import Participant
from frameworks.models import Framework, ScaleRating, Statement
from frameworks.scale import (
    CURRENT,
    MEASURES,
    SCALE_MAX,
    SCALE_MIN,
    STATES,
    TARGET,
    Measure,
    State,
    complete_ratings,
    person_scores,
)
from frameworks.steps import merge_answers
from organisations import audit
from organisations.models import Organisation, Team

MAX_WAVES = 12  # the trend chart goes this far back
# Confidentiality: no group with fewer responses shows a score, and never fewer than three;
# comments need more.
MINIMUM_GROUP_SIZE = 5
SMALLEST_MINIMUM_GROUP_SIZE = 3
COMMENT_MINIMUM = 10
REMIND_DAYS_BEFORE_CLOSE = 3
# A change between waves smaller than this is not called one, however sure it is.
PRACTICAL_CHANGE = Decimal("0.3")


class RaterRole(models.TextChoices):
    SELF = "self", _("Leader (self)")
    TEAM = "team", _("Team member")


class CampaignState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class MailState(models.TextChoices):
    NOT_SENT = "", _("Not sent yet")
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    RETRYING = "retrying", _("Failed, will retry")
    FAILED = "failed", _("Failed")


class AlreadyResponded(Exception):
    """A second submission from the same invitation: a double click, a second tab."""


class CampaignQuerySet(models.QuerySet):
    def closed(self):
        """Closed by HR, or open past the closing date."""
        return self.filter(
            Q(state=CampaignState.CLOSED)
            | Q(state=CampaignState.OPEN, closes_on__lt=timezone.localdate())
        )


class Campaign(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="campaigns"
    )
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="campaigns")
    name = models.CharField(_("name"), max_length=200)
    teams = models.ManyToManyField(
        Team, through="CampaignTeam", through_fields=("campaign", "team"), related_name="campaigns"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    language = models.CharField(_("language"), max_length=2, choices=settings.LANGUAGES)
    minimum_group_size = models.PositiveSmallIntegerField(
        _("minimum group size"),
        default=MINIMUM_GROUP_SIZE,
        validators=[MinValueValidator(SMALLEST_MINIMUM_GROUP_SIZE)],
    )
    comment_minimum = models.PositiveSmallIntegerField(
        _("responses needed to show comments"), default=COMMENT_MINIMUM
    )
    team_rates_target = models.BooleanField(_("team members also rate target state"), default=True)
    target_each_statement = models.BooleanField(
        _("a target for every statement"),
        default=False,
        help_text=_(
            "Usually the survey asks once per component where it should be, after its "
            "statements: a short survey, on one page. Tick to ask for a target on every "
            "statement instead, a component a step."
        ),
    )
    intro_en = models.TextField(
        _("opening message in English"),
        blank=True,
        max_length=2000,
        help_text=_(
            "From HR or a leader: it opens the invitation and the survey. Each person reads "
            "the one in the campaign's language, or the other if that one is empty."
        ),
    )
    intro_it = models.TextField(_("opening message in Italian"), blank=True, max_length=2000)
    invitation_text = models.TextField(
        _("invitation text"),
        blank=True,
        max_length=2000,
        help_text=_(
            "In place of the usual words; the person's link, what happens to their answers "
            "and the closing date are added for you. Empty: the usual text."
        ),
    )
    reminder_text = models.TextField(
        _("reminder text"),
        blank=True,
        max_length=2000,
        help_text=_("The same for reminders. Empty: the usual text."),
    )
    remind_days_before_close = models.PositiveSmallIntegerField(
        _("remind those who have not answered, days before closing"),
        default=REMIND_DAYS_BEFORE_CLOSE,
        help_text=_("0: no reminder of its own; HR can still remind from the campaign page."),
    )
    # The day the scheduled reminder went out (see ``campaigns.tasks``).
    reminded_for = models.DateField(null=True, blank=True, editable=False)
    practical_change = models.DecimalField(
        _("smallest change worth acting on"),
        max_digits=2,
        decimal_places=1,
        default=PRACTICAL_CHANGE,
        validators=[MinValueValidator(Decimal("0.1")), MaxValueValidator(Decimal("2.0"))],
    )
    state = models.CharField(
        max_length=10, choices=CampaignState.choices, default=CampaignState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When the team tree was frozen for the campaign's results (see ``freeze_tree``).
    tree_frozen_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When, after it closed, the answers nobody submitted were deleted.
    drafts_forgotten_on = models.DateField(null=True, blank=True, editable=False)
    # When its participants' names and addresses were erased, as its organisation keeps them
    # (see ``campaigns.erasure``).
    participants_erased_on = models.DateField(null=True, blank=True, editable=False)
    # Reminders that could not be sent (see ``campaigns.tasks``), counted here for the
    # participants page and never on anyone's row: a reminder goes only to those who have
    # not answered. ``reminder_error`` is the last reason.
    reminders_retrying = models.PositiveIntegerField(default=0, editable=False)
    reminders_failed = models.PositiveIntegerField(default=0, editable=False)
    reminder_error = models.CharField(max_length=300, blank=True, editable=False)
    # The campaign this one measures again: same framework version, the same teams or not.
    previous_wave = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="next_waves",
        verbose_name=_("previous wave"),
    )

    objects = CampaignQuerySet.as_manager()

    CONFIDENTIALITY_FIELDS = ("minimum_group_size", "comment_minimum", "team_rates_target")

    class Meta:
        db_table = "assessments_campaign"
        ordering = ["-opens_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_group_size__gte=SMALLEST_MINIMUM_GROUP_SIZE),
                name="minimum_group_size_at_least_3",
            ),
            models.CheckConstraint(
                condition=Q(comment_minimum__gte=F("minimum_group_size")),
                name="comment_minimum_at_least_group_size",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="closes_after_it_opens"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.pk and self.confidentiality_locked:
            saved = Campaign.objects.values(*self.CONFIDENTIALITY_FIELDS).get(pk=self.pk)
            if any(saved[name] != getattr(self, name) for name in self.CONFIDENTIALITY_FIELDS):
                raise ValueError("Confidentiality settings are locked once responses are in.")
        super().save(*args, **kwargs)

    def get_additional_data(self) -> dict:
        return audit.attributed(self.organisation_id)

    @property
    def intro(self) -> str:
        """The opening message in the campaign's language, or else in the other."""
        own = getattr(self, f"intro_{self.language}", "")
        return own or self.intro_it or self.intro_en

    @property
    def confidentiality_locked(self) -> bool:
        """Once the first response is in, the confidentiality settings cannot change."""
        return self.invitations.filter(responded=True).exists()

    def waves(self, limit: int = MAX_WAVES) -> list["Campaign"]:
        """This campaign and the waves before it, the oldest first (at most ``limit``)."""
        chain, wave = [], self
        while wave is not None and len(chain) < limit:
            chain.append(wave)
            wave = wave.previous_wave
        return chain[::-1]

    @transaction.atomic
    def next_wave(self, name: str, opens_on, closes_on) -> "Campaign":
        """A draft that measures again: the same framework version, settings, teams and
        participants, each with a new invitation; HR may change teams and people before
        opening it."""
        wave = Campaign.objects.create(
            organisation=self.organisation,
            framework=self.framework,
            name=name,
            opens_on=opens_on,
            closes_on=closes_on,
            language=self.language,
            minimum_group_size=self.minimum_group_size,
            comment_minimum=self.comment_minimum,
            team_rates_target=self.team_rates_target,
            target_each_statement=self.target_each_statement,
            practical_change=self.practical_change,
            remind_days_before_close=self.remind_days_before_close,
            intro_en=self.intro_en,
            intro_it=self.intro_it,
            invitation_text=self.invitation_text,
            reminder_text=self.reminder_text,
            previous_wave=self,
        )
        wave.teams.set(self.teams.all())
        wave.invite(
            Participant(i.email, i.name, i.team, i.rater_role)
            for i in self.invitations.filter(erased_on__isnull=True).select_related("team")
        )
        return wave

    def tree(self) -> list[tuple[int, int | None]]:
        """Each team in scope with the team in scope above it (None at the top): as frozen
        when the campaign opened, so that moving teams afterwards changes no result; until
        then, as the organisation's teams stand."""
        if self.tree_frozen_at:
            return list(self.scope.values_list("team", "parent"))
        teams = dict(self.teams.values_list("pk", "parent_id"))
        return [(pk, parent if parent in teams else None) for pk, parent in teams.items()]

    def teams_in_tree(self, teams=None) -> list[Team]:
        """The campaign's teams (or those of ``teams``) in the order, and at the depth, of
        its tree: a team moved since the campaign opened is listed, indented and labelled
        where it was then. They are for showing only: their paths are the campaign's."""
        teams = list(self.teams.all() if teams is None else teams)
        if self.tree_frozen_at and teams:
            paths = dict(self.scope.values_list("team", "path"))
            for team in teams:
                team.path = paths[team.pk]
            teams.sort(key=lambda team: team.path)
        return teams

    def leaders(self) -> set[tuple[int, str]]:
        """(team, e-mail) of each leader of a team in scope: the only people who rate a
        team in the leader's own role, so that "Leader (self)" is always its leader."""
        leading = Team.leaders.through.objects.filter(team__in=self.teams.all())
        return {(team, email.lower()) for team, email in leading.values_list("team", "user__email")}

    def freeze_tree(self) -> None:
        """Keep today's team tree as the campaign's, for good."""
        parents = dict(self.tree())
        scope = list(self.scope.select_related("team"))
        for row in scope:
            row.parent_id, row.path = parents[row.team_id], row.team.path
        with transaction.atomic():
            CampaignTeam.objects.bulk_update(scope, ["parent", "path"])
            self.tree_frozen_at = timezone.now()
            self.save(update_fields=["tree_frozen_at"])

    def withdraw_unscoped(self) -> int:
        """Forget the invitations of teams taken out of a draft campaign, and their drafts:
        no mail goes to them, their links are dead, nothing of theirs counts. Returns how
        many were withdrawn."""
        if self.state != CampaignState.DRAFT:
            raise ValueError("Only a draft campaign's teams can change.")
        withdrawn = self.invitations.exclude(team__in=self.teams.all())
        teams = Counter(withdrawn.values_list("team__name", flat=True))
        Draft.objects.filter(key__in=[draft_key(i.token) for i in withdrawn]).delete()
        count = withdrawn.delete()[1].get(Invitation._meta.label, 0)
        if count:
            audit.record(self, {WITHDRAWN: ["", by_team(teams)]})
        return count

    def team_responses(self) -> int:
        """Team members who have answered so far (leaders' self-ratings are not counted)."""
        return self.invitations.filter(responded=True, rater_role=RaterRole.TEAM).count()

    def invite(self, participants) -> list[tuple["Invitation", str]]:
        """Create the invitations, all or none; returns each with its link token, which
        is never stored and so must be mailed now."""
        invitations = []
        for participant in participants:
            invitation = Invitation(
                campaign=self,
                team=participant.team,
                email=participant.email,
                name=participant.name,
                rater_role=participant.rater_role,
            )
            invitations.append((invitation, invitation.new_token()))
        with transaction.atomic():
            Invitation.objects.bulk_create([invitation for invitation, _token in invitations])
            if invitations:  # no signal for rows created in bulk: one entry for them all
                teams = Counter(invitation.team.name for invitation, _token in invitations)
                audit.record(self, {ADDED: ["", by_team(teams)]})
        return invitations

    def accepts_responses(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.state == CampaignState.OPEN and self.opens_on <= today <= self.closes_on

    @property
    def status(self) -> CampaignState:
        """The state as people see it: an open campaign past its closing date is closed."""
        if self.state == CampaignState.OPEN and self.closes_on < timezone.localdate():
            return CampaignState.CLOSED
        return CampaignState(self.state)

    def open(self) -> None:
        """Open now, whatever opening date was planned, until the closing date."""
        today = timezone.localdate()
        if self.closes_on < today:
            raise ValueError("A campaign past its closing date cannot open.")
        with transaction.atomic():
            self.state = CampaignState.OPEN
            self.opens_on = min(self.opens_on, today)
            self.save(update_fields=["state", "opens_on"])
            self.freeze_tree()

    def close(self) -> None:
        self.state = CampaignState.CLOSED
        self.save(update_fields=["state"])


# Changes to a campaign's participants in bulk, as the audit trail names them: how many in
# each team, never who.
ADDED = gettext_noop("participants added")
WITHDRAWN = gettext_noop("participants withdrawn with their teams")


def by_team(teams: Counter) -> str:
    """Each team with its count, on one line: "North: 12, South: 3"."""
    return ", ".join(f"{team}: {count}" for team, count in sorted(teams.items()))


class ParticipantChange(models.Model):
    """Who changed a campaign's participants, when and how: every admin of the organisation
    sees the record, so nobody adds people quietly (to answer in their name, say)."""

    class Kind(models.TextChoices):
        ADDED = "added", _("Added")
        IMPORTED = "imported", _("Imported from a file")
        WITHDRAWN = "withdrawn", _("Withdrawn with their team")
        COPIED = "copied", _("Copied from the previous wave")
        REMOVED = "removed", _("Removed before their invitation")
        EDITED = "edited", _("Changed before their invitation")
        TEAMS_ADDED = "teams", _("Teams created or added for a file")
        ERASED = "erased", _("Name and address erased")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="participant_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    campaign_state = models.CharField(max_length=10, choices=CampaignState.choices)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    people = models.PositiveIntegerField()
    detail = models.CharField(max_length=300, blank=True)  # an e-mail, a file, teams

    class Meta:
        ordering = ["-changed_at", "-pk"]

    @classmethod
    def record(cls, campaign, user, kind, people: int, detail: str = "") -> "ParticipantChange":
        return cls.objects.create(
            campaign=campaign,
            changed_by=user,
            campaign_state=campaign.state,
            kind=kind,
            people=people,
            detail=detail[:300],
        )


class ParticipantImport(models.Model):
    """A participants file on its way in: its rows, kept only until it is imported or
    refused, how far it has been read, and what it found (see ``campaigns.imports``)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to be read")
        RUNNING = "running", _("Being read")
        NEW_TEAMS = "new_teams", _("Names teams the campaign does not have")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="participant_imports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    rows = models.JSONField(default=list)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    lines = models.PositiveIntegerField(default=0)
    lines_read = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)  # [[line, message], ...]
    new_teams = models.JSONField(default=list)  # the team labels it names, not in the campaign
    imported = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    @property
    def percent_read(self) -> int:
        return round(100 * self.lines_read / self.lines) if self.lines else 100

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED, self.State.NEW_TEAMS)


class CampaignTeam(models.Model):
    """A team in a campaign's scope, with the team in scope above it and its place in the
    hierarchy as they were when the campaign opened (no parent: the organisation)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="scope")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="+")
    parent = models.ForeignKey(
        Team, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    path = models.CharField(max_length=500, blank=True)  # the team's, when it opened
    # Reported together with its sibling teams in the group, as one group.
    reporting_group = models.ForeignKey(
        "ReportingGroup", on_delete=models.SET_NULL, null=True, blank=True, related_name="scope"
    )
    # When the team's people who had not answered were last reminded.
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "assessments_campaign_teams"
        # The unique index the table has had since it was the many-to-many's own.
        unique_together = [("campaign", "team")]


class ReportingGroup(models.Model):
    """Sibling teams reported as one group ("North + South"), so that teams too small to
    show on their own still get a result. Set while the campaign is open, before its
    results are first published; fixed from then on."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="reporting_groups"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "name"], name="one_reporting_group_name")
        ]

    def __str__(self):
        return self.name


class Publication(models.Model):
    """The results of a campaign as published on a day: every page, PDF and export reads
    one, so each shows the same figures for as long as it is kept.

    Its figures are kept per cell (a team's own respondents, or a reporting group's, in one
    rater role); groups above add up their cells. From one publication to the next a
    cell's figures move only when at least the minimum group size of new people answered,
    and an item's (a statement in a state) only when at least that many new people rated
    it: so any two figures anyone ever sees differ by nobody or by at least that many
    people (see ``campaigns.publishing``).
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveSmallIntegerField()
    final = models.BooleanField(default=False)
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Per component, the sums of its team-member cells that say whether the measure holds
    # (see ``campaigns.publishing.measure_sums``): read with the publication, whatever the
    # number of teams.
    measure = models.JSONField(default=dict)

    class Meta:
        ordering = ["-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(fields=["campaign", "number"], name="one_publication_number"),
            models.UniqueConstraint(
                fields=["campaign"], condition=Q(final=True), name="one_final_publication"
            ),
        ]

    def __str__(self):
        return f"{self.campaign} #{self.number}"


class PublishedCell(models.Model):
    """The respondents of one team (or reporting group) in one role whose answers are in a
    publication's figures."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="cells")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, null=True, related_name="+")
    reporting_group = models.ForeignKey(
        ReportingGroup, on_delete=models.PROTECT, null=True, related_name="+"
    )
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    responses = models.PositiveIntegerField()  # in the figures
    answered = models.PositiveIntegerField()  # by the time of the publication

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=True) ^ Q(reporting_group__isnull=True),
                name="cell_of_a_team_or_a_group",
            )
        ]


class PublishedItem(models.Model):
    """A statement's figures in a cell, in one state: the sum and number of ratings, and
    how many gave each value of the scale."""

    cell = models.ForeignKey(PublishedCell, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=7, choices=State.choices)
    total = models.PositiveIntegerField()
    ratings = models.PositiveIntegerField()
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    rated_1 = models.PositiveIntegerField()
    rated_2 = models.PositiveIntegerField()
    rated_3 = models.PositiveIntegerField()
    rated_4 = models.PositiveIntegerField()
    rated_5 = models.PositiveIntegerField()

    COUNTS = ("rated_1", "rated_2", "rated_3", "rated_4", "rated_5")


class PublishedScore(models.Model):
    """A cell's people's own scores of a component in one measure (see ``ScoreSum``)."""

    cell = models.ForeignKey(PublishedCell, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField(max_length=7, choices=Measure.choices)
    people = models.PositiveIntegerField()
    total = models.BigIntegerField()
    squares = models.BigIntegerField()


class PublishedConsistency(models.Model):
    """A cell's team members' complete ratings of a component (see ``ConsistencySum``)."""

    cell = models.ForeignKey(PublishedCell, on_delete=models.CASCADE, related_name="+")
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )
    people = models.PositiveIntegerField()
    items = models.JSONField()
    item_squares = models.BigIntegerField()
    total_squares = models.BigIntegerField()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """Who was invited to rate, from which team and in which role.

    The link's token is an HMAC of a random ``secret`` under the site's SECRET_KEY, and
    only its hash is stored: the database alone cannot be used to answer in someone's
    name, yet the mail worker can write the same link again for a reminder, so a
    half-finished draft is still there when the person comes back.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="invitations")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices, default=RaterRole.TEAM)
    secret = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    responded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    mail_state = models.CharField(
        _("mail"), max_length=10, choices=MailState.choices, default=MailState.NOT_SENT, blank=True
    )
    mail_attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.CharField(max_length=300, blank=True)
    mailed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # The last reminder's claim: never shown, it only keeps reminders 48 hours apart.
    reminded_at = models.DateTimeField(null=True, blank=True)
    # When the person's name and address were erased (``campaigns.erasure``): the row stays,
    # so that every count stays as it was, but names nobody and its link leads nowhere.
    erased_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        db_table = "assessments_invitation"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "email"],
                condition=~Q(email=""),
                name="one_invitation_per_person",
            )
        ]

    def __str__(self):
        # Neither name nor address: the audit trail keeps this text.
        return f"#{self.pk}"

    def get_additional_data(self) -> dict:
        return audit.attributed(self.campaign.organisation_id)

    def new_token(self) -> str:
        """Give the invitation a fresh secret and return its link token."""
        self.secret = secrets.token_urlsafe(32)
        self.token_hash = hash_token(self.token)
        return self.token

    @property
    def token(self) -> str:
        return salted_hmac("cxlab.invitation", self.secret, algorithm="sha256").hexdigest()

    @classmethod
    def for_token(cls, token: str) -> "Invitation | None":
        # The campaign's framework and organisation with it, as every survey page shows them
        # (no page shows the team); no ORDER BY (the hash is unique), which .first() adds.
        found = cls.objects.select_related("campaign__framework", "campaign__organisation").filter(
            token_hash=hash_token(token)
        )[:1]
        return next(iter(found), None)

    def draft(self, token: str) -> "Draft":
        """The answers saved so far, reached only through the link's token."""
        return Draft.objects.get_or_create(key=draft_key(token))[0]

    def save_answers(self, token: str, component, states, given: dict, note=None) -> "Draft":
        """Save a step's answers to the draft (``Draft.save_answers``); the draft after."""
        return Draft.save_answers_to(draft_key(token), component, states, given, note)

    def submit_draft(self, token: str) -> None:
        """Submit the saved answers and forget the draft.

        The invitation is marked answered first, in a transaction of its own; then, in
        another, the draft is deleted and its answers sealed. Whoever deletes the draft
        seals it, so a double click seals once; a submission cut short between the two is
        finished by the next one, from the same draft."""
        draft = Draft.objects.filter(key=draft_key(token)).first()
        if draft is None:
            if Invitation.objects.filter(pk=self.pk, responded=True).exists():
                raise AlreadyResponded
            raise ValueError("Nothing to submit.")
        ratings, notes = self.checked(draft.rating_map()), draft.note_map()
        self.claim()
        self.seal(ratings, notes, draft)

    def submit(
        self, ratings: dict[int, tuple[int | None, int | None]], notes: dict[int, str] | None = None
    ) -> None:
        """Mark the invitation answered, then seal the answers, or neither.

        ``ratings`` maps statement id to (current, target), None for "not applicable";
        ``notes`` maps component id to a comment. Raises AlreadyResponded for a second
        submission, however it arrives."""
        ratings = self.checked(ratings)
        if not self.claim():
            raise AlreadyResponded
        self.seal(ratings, notes or {})

    def checked(self, ratings: dict) -> dict:
        """The ratings, if they cover exactly the campaign's statements; team members'
        targets dropped where the campaign asks for none."""
        statements = Statement.objects.filter(component__framework=self.campaign.framework_id)
        if set(ratings) != set(statements.values_list("pk", flat=True)):
            raise ValueError("Ratings must cover exactly the campaign's statements.")
        if not self.campaign.team_rates_target and self.rater_role == RaterRole.TEAM:
            return {pk: (current, None) for pk, (current, _target) in ratings.items()}
        return ratings

    def claim(self) -> bool:
        """Mark the invitation answered, and count it in its campaign's answers of the day
        (a team member's); False if it was answered already."""
        with transaction.atomic():
            claimed = Invitation.objects.filter(pk=self.pk, responded=False).update(responded=True)
            if claimed and self.rater_role == RaterRole.TEAM:
                DailyAnswers.count(self.campaign_id)
        self.responded = True
        return bool(claimed)

    def seal(self, ratings: dict, notes: dict, draft: "Draft | None" = None) -> None:
        """Keep the answers, with nothing of the invitation's, until they are released.
        With a draft, only the submission that deletes it seals."""
        with transaction.atomic():
            if draft is not None and not Draft.objects.filter(pk=draft.pk).delete()[0]:
                raise AlreadyResponded
            SealedResponse.objects.create(
                campaign_id=self.campaign_id,
                team_id=self.team_id,
                rater_role=self.rater_role,
                ratings={str(pk): list(rating) for pk, rating in ratings.items()},
                notes={str(pk): text.strip() for pk, text in notes.items() if text.strip()},
            )


class DailyAnswers(models.Model):
    """How many team members answered a campaign on a day: its participation over time for
    HR's home page; whose, never (the answers themselves are sealed apart)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    answered = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["campaign", "day"], name="one_day")]

    @classmethod
    def count(cls, campaign_pk: int) -> None:
        """One more answer today: one UPDATE, or the day's row made with its first."""
        today = timezone.localdate()
        day = cls.objects.filter(campaign=campaign_pk, day=today)
        if not day.update(answered=F("answered") + 1):
            try:
                with transaction.atomic():
                    cls.objects.create(campaign_id=campaign_pk, day=today, answered=1)
            except IntegrityError:  # a first answer of the day at the same moment
                day.update(answered=F("answered") + 1)


def draft_key(token: str) -> str:
    # A different hash from the invitation's, so a draft cannot be matched to a person.
    return hashlib.sha256(f"draft:{token}".encode()).hexdigest()


class Draft(models.Model):
    """A respondent's answers before they submit: nothing in it names the person."""

    key = models.CharField(max_length=64, unique=True)
    ratings = models.JSONField(default=dict)  # {"<statement pk>": [current, target]}
    notes = models.JSONField(default=dict)  # {"<component pk>": "text"}
    # The answers of statements not yet rated in every state: {"<pk>-<state>": value}.
    pending = models.JSONField(default=dict)
    updated_on = models.DateField(auto_now=True)

    class Meta:
        db_table = "assessments_draft"

    def rating_map(self) -> dict[int, tuple[int | None, int | None]]:
        return {int(pk): (current, target) for pk, (current, target) in self.ratings.items()}

    def note_map(self) -> dict[int, str]:
        return {int(pk): text for pk, text in self.notes.items()}

    def save_answers(self, component, states, given: dict, note: str | None = None) -> None:
        """Add a step's ``given`` answers ({field name: value}, as many as there are) and,
        if given, its note: under a lock, so that answers saved at once from two tabs are
        both kept (see ``frameworks.steps.merge_answers``)."""
        saved = Draft.save_answers_to(self.key, component, states, given, note)
        self.ratings, self.pending, self.notes = saved.ratings, saved.pending, saved.notes

    @staticmethod
    def save_answers_to(key: str, component, states, given: dict, note: str | None = None):
        """``save_answers`` to the draft of that key, made if there is none yet: one locked
        read and one write."""
        with transaction.atomic():
            draft, _made = Draft.objects.select_for_update().get_or_create(key=key)
            merged = merge_answers(
                list(component.statements.all()),
                states,
                draft.rating_map(),
                draft.pending,
                given,
            )
            draft.ratings.update({str(pk): list(rating) for pk, rating in merged.complete.items()})
            draft.pending = merged.pending
            if note is not None:
                draft.notes[str(component.pk)] = note
            draft.save(update_fields=["ratings", "pending", "notes", "updated_on"])
        return draft

    def completed_component_ids(self, components) -> set[int]:
        rated = set(self.ratings)
        return {c.pk for c in components if all(str(s.pk) in rated for s in c.statements.all())}


class Comment(models.Model):
    """A team member's comment on a component, kept apart from their ratings, with no date:
    shown from the first publication whose figures hold its author's answers, in a random
    order (``shuffle``), and only for groups of at least the campaign's comment minimum."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="comments")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(max_length=4000)
    publication = models.ForeignKey(
        "Publication", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shuffle = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "assessments_comment"


class SealedResponse(models.Model):
    """A submission waiting to be released into the responses and tallies: a random key,
    no time, nothing of the invitation's."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="sealed")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    ratings = models.JSONField()  # {"<statement pk>": [current, target]}
    notes = models.JSONField(default=dict)  # {"<component pk>": "text"}


class Response(models.Model):
    """One person's submission, with nothing that leads back to them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="responses")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)

    class Meta:
        db_table = "assessments_response"


class ResponseRating(ScaleRating):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="ratings")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")

    class Meta(ScaleRating.Meta):
        db_table = "assessments_responserating"


class GroupCount(models.Model):
    """Responses per campaign, team and rater role."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="group_counts")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    responses = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "assessments_groupcount"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "rater_role"], name="one_group_count"
            )
        ]


class RatingTally(models.Model):
    """How many times a statement got a value, per campaign, team, rater role and state."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="tallies")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(max_length=7, choices=State.choices)
    value = models.PositiveSmallIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        db_table = "assessments_ratingtally"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "rater_role", "statement", "state", "value"],
                name="one_tally",
            )
        ]


class RatingSum(models.Model):
    """The sum and number of ratings of a group (campaign, team, rater role) in one state:
    enough for a mean, and sums add up across teams."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    state = models.CharField(max_length=7, choices=State.choices)
    total = models.PositiveIntegerField(default=0)
    ratings = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True


class StatementSum(RatingSum):
    """Per statement: what a team report and the whole organisation's scores need."""

    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")

    class Meta:
        db_table = "assessments_statementsum"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "rater_role", "statement", "state"],
                name="one_statement_sum",
            )
        ]


class ComponentSum(RatingSum):
    """Per component: what an organisation report needs of each team, a dozen rows each."""

    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        db_table = "assessments_componentsum"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "rater_role", "component", "state"],
                name="one_component_sum",
            )
        ]


def add_to_tallies(campaign, team, rater_role, ratings, component_of) -> None:
    """Count one response into the group's tallies and sums: one UPDATE each, whatever
    the framework size. ``component_of`` maps each statement to its component.

    The group's rows are created, all at zero, with its first response; a concurrent
    first response for the same group loses the race on the unique constraint and retries
    as an update.
    """
    group = {"campaign": campaign, "team_id": team, "rater_role": rater_role}
    if not GroupCount.objects.filter(**group).update(responses=F("responses") + 1):
        try:
            with transaction.atomic():
                GroupCount.objects.create(**group, responses=1)
                RatingTally.objects.bulk_create(
                    RatingTally(**group, statement_id=pk, state=state, value=value)
                    for pk in ratings
                    for state in STATES
                    for value in range(SCALE_MIN, SCALE_MAX + 1)
                )
                StatementSum.objects.bulk_create(
                    StatementSum(**group, statement_id=pk, state=state)
                    for pk in ratings
                    for state in STATES
                )
                ComponentSum.objects.bulk_create(
                    ComponentSum(**group, component_id=component, state=state)
                    for component in set(component_of.values())
                    for state in STATES
                )
                ScoreSum.objects.bulk_create(
                    ScoreSum(**group, component_id=component, measure=measure)
                    for component in set(component_of.values())
                    for measure in MEASURES
                )
        except IntegrityError:
            GroupCount.objects.filter(**group).update(responses=F("responses") + 1)
    rated, statements, components = defaultdict(list), {}, {}
    for pk, (current, target) in ratings.items():
        for state, value in ((CURRENT, current), (TARGET, target)):
            if value is not None:
                rated[state, value].append(pk)
                statements[pk, state] = (value, 1)
                total, count = components.get((component_of[pk], state), (0, 0))
                components[component_of[pk], state] = (total + value, count + 1)
    # One condition per state and value, naming its statements.
    tallied = Q(pk__in=[])
    for (state, value), pks in rated.items():
        tallied |= Q(state=state, value=value, statement_id__in=pks)
    RatingTally.objects.filter(**group).filter(tallied).update(count=F("count") + 1)
    StatementSum.objects.filter(**group).update(**increments("statement_id", statements))
    ComponentSum.objects.filter(**group).update(**increments("component_id", components))


class ScoreSum(models.Model):
    """People's own scores of a component, per campaign, team, rater role and measure (now,
    target, or each person's own gap): how many people, and the sum of their scores and of
    their squares, times PERSON_SCALE (and its square). All a mean, an SD and an interval
    need, and they add up across teams."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="score_sums")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    rater_role = models.CharField(max_length=4, choices=RaterRole.choices)
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )
    measure = models.CharField(max_length=7, choices=Measure.choices)
    people = models.PositiveIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    squares = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "rater_role", "component", "measure"],
                name="one_score_sum",
            )
        ]


class ConsistencySum(models.Model):
    """Of a team's members who rated every statement of a component (now): how many, the
    sum of each statement's ratings, the sum of all their squared ratings and of each
    person's squared total. All Cronbach's α needs, and they add up across teams."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="+")
    component = models.ForeignKey(
        "frameworks.Component", on_delete=models.PROTECT, related_name="+"
    )
    people = models.PositiveIntegerField(default=0)
    items = models.JSONField(default=dict)  # {"<statement pk>": sum of its ratings}
    item_squares = models.BigIntegerField(default=0)
    total_squares = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "team", "component"], name="one_consistency_sum"
            )
        ]

    def add_person(self, values: dict[int, int]) -> None:
        """Count one person's ratings of now, {statement: value}, of every statement."""
        self.people += 1
        for statement, value in values.items():
            self.items[str(statement)] = self.items.get(str(statement), 0) + value
        self.item_squares += sum(v * v for v in values.values())
        self.total_squares += sum(values.values()) ** 2


def add_consistency(campaign, complete: dict[tuple[int, int], list[dict[int, int]]]) -> None:
    """Count team members' complete ratings of a component, ``{(team, component): [each
    person's {statement: value}]}``, into its ``ConsistencySum``: three queries at most,
    once per release (which holds the campaign's lock)."""
    rows = {
        (row.team_id, row.component_id): row
        for row in ConsistencySum.objects.filter(
            campaign=campaign, team__in={team for team, _component in complete}
        )
    }
    new = []
    for (team, component), people in complete.items():
        row = rows.get((team, component))
        if row is None:
            row = ConsistencySum(campaign=campaign, team_id=team, component_id=component)
            new.append(row)
        for values in people:
            row.add_person(values)
    if updated := [rows[key] for key in complete if key in rows]:
        ConsistencySum.objects.bulk_update(
            updated, ["people", "items", "item_squares", "total_squares"]
        )
    if new:
        ConsistencySum.objects.bulk_create(new)


def release_sealed(campaign, *, everything: bool = False) -> int:
    """Release sealed answers into responses, tallies and comments, in one transaction and
    in a shuffled order: those of each team (or reporting group) once at least the minimum
    group size of them wait, leaders' own at once, or all of them (``everything``, when
    the campaign closes). Returns how many were released."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        grouped = dict(campaign.scope.values_list("team", "reporting_group"))
        waiting = defaultdict(list)
        for sealed in SealedResponse.objects.filter(campaign=campaign):
            group = grouped.get(sealed.team_id) or ("team", sealed.team_id)
            waiting[group, sealed.rater_role].append(sealed)
        ready = [
            sealed
            for (_group, role), batch in waiting.items()
            if everything or role == RaterRole.SELF or len(batch) >= campaign.minimum_group_size
            for sealed in batch
        ]
        secrets.SystemRandom().shuffle(ready)
        component_of = dict(
            Statement.objects.filter(component__framework=campaign.framework_id).values_list(
                "pk", "component"
            )
        )
        sizes, complete = Counter(component_of.values()), defaultdict(list)
        for sealed in ready:
            ratings = store(campaign, sealed, component_of, sizes)
            if sealed.rater_role == RaterRole.TEAM:
                for component, values in complete_ratings(ratings, component_of, sizes).items():
                    complete[sealed.team_id, component].append(values)
        add_consistency(campaign, complete)
        SealedResponse.objects.filter(pk__in=[sealed.pk for sealed in ready]).delete()
    return len(ready)


def store(campaign, sealed: SealedResponse, component_of: dict, sizes: dict) -> dict:
    """One released submission: its response and ratings, its tallies and its person's
    scores, its comments. ``sizes`` counts each component's statements. Returns its
    ratings, {statement: (now, target)}."""
    ratings = {int(pk): tuple(rating) for pk, rating in sealed.ratings.items()}
    response = Response.objects.create(
        campaign=campaign, team_id=sealed.team_id, rater_role=sealed.rater_role
    )
    ResponseRating.objects.bulk_create(
        ResponseRating(response=response, statement_id=pk, current=current, target=target)
        for pk, (current, target) in ratings.items()
    )
    add_to_tallies(campaign, sealed.team_id, sealed.rater_role, ratings, component_of)
    add_scores(
        campaign, sealed.team_id, sealed.rater_role, person_scores(ratings, component_of, sizes)
    )
    Comment.objects.bulk_create(
        Comment(
            campaign=campaign,
            team_id=sealed.team_id,
            rater_role=sealed.rater_role,
            component_id=int(component),
            text=text,
            shuffle=secrets.randbelow(2**31),
        )
        for component, text in sealed.notes.items()
        if sealed.rater_role == RaterRole.TEAM
    )
    return ratings


def add_scores(campaign, team, rater_role, scores: dict[tuple[int, str], int]) -> None:
    """Count one person's own component scores (``person_scores``) into the group's
    ``ScoreSum`` rows, made with its first response: one UPDATE."""

    def each(amount) -> Case:
        return Case(
            *(
                When(component_id=component, measure=measure, then=Value(amount(score)))
                for (component, measure), score in scores.items()
            ),
            default=Value(0),
            output_field=models.BigIntegerField(),
        )

    ScoreSum.objects.filter(campaign=campaign, team_id=team, rater_role=rater_role).update(
        people=F("people") + each(lambda score: 1),
        total=F("total") + each(lambda score: score),
        squares=F("squares") + each(lambda score: score * score),
    )


def increments(field: str, sums: dict) -> dict:
    """Adds to each row its own (sum, number) of ``sums``, keyed by (``field``, state): one
    WHEN per state and amount, naming its rows (a few, where one per row would cost more to
    build than the UPDATE takes to run)."""

    def each(index: int) -> Case:
        rows = defaultdict(list)
        for (key, state), amounts in sums.items():
            rows[state, amounts[index]].append(key)
        return Case(
            *(
                When(**{f"{field}__in": keys}, state=state, then=Value(amount))
                for (state, amount), keys in rows.items()
            ),
            default=Value(0),
        )

    return {"total": F("total") + each(0), "ratings": F("ratings") + each(1)}


# The audit trail keeps these fields (see ``organisations.audit``): what HR sets, never what
# a survey or the worker writes (answers, drafts, sums, whether someone answered, their mail).
auditlog.register(
    Campaign,
    include_fields=[
        "name",
        "framework",
        "opens_on",
        "closes_on",
        "language",
        "minimum_group_size",
        "comment_minimum",
        "team_rates_target",
        "target_each_statement",
        "intro_en",
        "intro_it",
        "invitation_text",
        "reminder_text",
        "remind_days_before_close",
        "practical_change",
        "state",
        "previous_wave",
    ],
    # Only set() and add() change a campaign's teams: auditlog would record a clear() as
    # every team of every organisation.
    m2m_fields={"teams"},
)
# A participant by their team and role; their name and address only as changed.
auditlog.register(
    Invitation,
    include_fields=["team", "rater_role", "email", "name"],
    mask_fields=["email", "name"],
    mask_callable="organisations.audit.hidden",
)


@receiver(pre_delete, sender=Invitation)
def note_deleted_with_others(sender, instance, origin, **kwargs):
    """Invitations deleted with others (a draft's team taken out, the campaign deleted) are
    recorded as one change, by ``withdraw_unscoped`` or by the campaign's own entry."""
    instance.deleted_with_others = origin is not instance


@receiver(pre_log, sender=Invitation)
def one_entry_for_many(sender, instance, action, **kwargs):
    if action == LogEntry.Action.DELETE and getattr(instance, "deleted_with_others", False):
        return False  # auditlog writes nothing
    return None
