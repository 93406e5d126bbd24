"""Organisations, the people in them and their teams.

A person may belong to several organisations (consultants do), each with one role. What
that lets them see is decided in ``organisations.access``, from these rows.
"""

import base64
import datetime
import hashlib
import secrets

from auditlog.registry import auditlog
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from organisations import audit


class Role(models.TextChoices):
    ADMIN = "admin", _("Organisation admin / HR")
    CONSULTANT = "consultant", _("Consultant")
    LEADER = "leader", _("Leader")
    MEMBER = "member", _("Member")


# Who sets up an organisation's teams, people and campaigns, and sees its reports: its own
# HR, and the consultants it works with.
SETTING_UP = [Role.ADMIN, Role.CONSULTANT]
DEFAULT_COLOUR = "#1f5fa8"
# How long a closed campaign keeps its participants' names and addresses: long enough for a
# next wave to copy them, never for good (see ``campaigns.erasure``).
PARTICIPANT_RETENTION_DAYS = 180
SHORTEST_RETENTION_DAYS = 7
LONGEST_RETENTION_DAYS = 1095


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Branding of the reports; the logo is a ``Logo`` of its own, read only where shown.
    colour = models.CharField(
        _("primary colour"),
        max_length=7,
        default=DEFAULT_COLOUR,
        validators=[RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour such as #1f5fa8."))],
    )
    report_title = models.CharField(
        _("report title"),
        max_length=120,
        blank=True,
        help_text=_("On the cover of every PDF and at the top of the reports."),
    )
    mail_sender = models.CharField(
        _("sender name of its mail"),
        max_length=100,
        blank=True,
        help_text=_(
            "How invitations and reminders are signed in people's inboxes; empty: the "
            "organisation's name."
        ),
    )
    report_footer = models.CharField(
        _("footer text"),
        max_length=200,
        blank=True,
        help_text=_("At the foot of every PDF page, e.g. “Confidential — prepared for …”."),
    )
    # Where participants' addresses may be: an address outside these cannot be invited, so
    # nobody invites an address they read themselves to answer in its name.
    participant_domains = models.CharField(
        _("participants' e-mail domains"),
        max_length=500,
        blank=True,
        help_text=_(
            "Separated by commas, e.g. “acme.com, acme.it”: every participant's address must "
            "be at one of them. Empty: any address."
        ),
    )

    participant_retention_days = models.PositiveSmallIntegerField(
        _("keep participants' names and addresses for (days after a campaign closes)"),
        default=PARTICIPANT_RETENTION_DAYS,
        validators=[
            MinValueValidator(SHORTEST_RETENTION_DAYS),
            MaxValueValidator(LONGEST_RETENTION_DAYS),
        ],
        help_text=_(
            "Then the worker erases them; the results, counts and reports stay as they are. "
            "A next wave copies its participants from the campaign before: keep them longer "
            "than you wait between waves. From 7 to 1095 days."
        ),
    )

    class Meta:
        db_table = "assessments_organisation"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    participant_retention_days__gte=SHORTEST_RETENTION_DAYS,
                    participant_retention_days__lte=LONGEST_RETENTION_DAYS,
                ),
                name="participant_retention_bounded",
            )
        ]

    def __str__(self):
        return self.name

    def get_additional_data(self) -> dict:
        return audit.attributed(self.pk)

    @property
    def domains(self) -> list[str]:
        return [d.strip().lower() for d in self.participant_domains.split(",") if d.strip()]

    def accepts_participant(self, email: str) -> bool:
        """Whether ``email`` may be invited, given the organisation's domains."""
        domain = email.rsplit("@", 1)[-1].lower()
        return not self.domains or domain in self.domains


class Logo(models.Model):
    """An organisation's logo, checked to be a PNG or JPEG on upload (see ``LogoForm``).

    It lives in the database like everything else, so any app server can serve it and any
    worker can put it in a PDF.
    """

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, primary_key=True)
    image = models.BinaryField()
    content_type = models.CharField(max_length=20)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "assessments_logo"

    def get_additional_data(self) -> dict:
        return audit.attributed(self.organisation_id)

    @property
    def data_uri(self) -> str:
        """The logo inline, for PDFs: the renderer fetches nothing."""
        return f"data:{self.content_type};base64,{base64.b64encode(self.image).decode()}"


class Membership(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        db_table = "assessments_membership"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="one_membership")
        ]

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def get_additional_data(self) -> dict:
        return audit.attributed(self.organisation_id)


COLLEAGUE_INVITATION_DAYS = 14


class ColleagueInvitationQuerySet(models.QuerySet):
    def pending(self):
        since = timezone.now() - datetime.timedelta(days=COLLEAGUE_INVITATION_DAYS)
        return self.filter(accepted_at__isnull=True, created_at__gte=since)


class ColleagueInvitation(models.Model):
    """An invitation to join an organisation with a role (HR, consultant, leader, member),
    sent by e-mail whether or not the address has an account yet.

    Its link's token is an HMAC of a random ``secret``, as a survey link's is; only its hash
    is looked up. Whoever opens the link must be logged in with the invited address, so a
    link that reached someone else, or a look-alike account, gets no membership."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="colleague_invitations"
    )
    email = models.EmailField(max_length=254)
    role = models.CharField(max_length=10, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    language = models.CharField(max_length=2, choices=settings.LANGUAGES, default="en")
    secret = models.CharField(max_length=64, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    accepted_at = models.DateTimeField(null=True, blank=True)

    objects = ColleagueInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} · {self.organisation} · {self.get_role_display()}"

    @property
    def token(self) -> str:
        return salted_hmac("cxlab.colleague", self.secret, algorithm="sha256").hexdigest()

    def new_token(self) -> str:
        self.secret = secrets.token_urlsafe(32)
        self.token_hash = hashlib.sha256(self.token.encode()).hexdigest()
        return self.token

    @classmethod
    def for_token(cls, token: str) -> "ColleagueInvitation | None":
        found = hashlib.sha256(token.encode()).hexdigest()
        return cls.objects.pending().select_related("organisation").filter(token_hash=found).first()

    @property
    def expires_at(self) -> datetime.datetime:
        return self.created_at + datetime.timedelta(days=COLLEAGUE_INVITATION_DAYS)

    def accept(self, user) -> Membership:
        """Make ``user`` (logged in with the invited address) a member with its role."""
        membership, _created = Membership.objects.update_or_create(
            organisation=self.organisation, user=user, defaults={"role": self.role}
        )
        ColleagueInvitation.objects.filter(
            organisation=self.organisation, email__iexact=self.email, accepted_at__isnull=True
        ).update(accepted_at=timezone.now())
        return membership


PATH_SEPARATOR = " > "
PATH_DIGITS = 10


class Team(models.Model):
    """A node of the hierarchy: division, department or team alike.

    ``path`` ("/0000000004/0000000012/") is the chain of ids from the top, kept by
    ``save()``: ordering by path lists every team under its parent (the ids are zero-padded
    so that 10 sorts after 9), and a subtree is one ``startswith`` query.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    name = models.CharField(_("name"), max_length=200)
    leaders = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="led_teams")
    path = models.CharField(max_length=500, editable=False, db_index=True)

    class Meta:
        db_table = "assessments_team"
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "parent", "name"], name="unique_team_name"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if self.parent_id:
            if self.parent.organisation_id != self.organisation_id:
                raise ValueError("A team's parent belongs to the same organisation.")
            if self.pk and self.parent.path.startswith(self.path):
                raise ValueError("A team cannot sit below itself.")
        if self.pk is None:
            super().save(*args, **kwargs)
            kwargs = {"update_fields": ["path"]}
        old_path = self.path
        self.path = f"{self.parent.path if self.parent_id else '/'}{self.pk:0{PATH_DIGITS}d}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:  # moved: carry the subtree along
            Team.objects.filter(path__startswith=old_path).exclude(pk=self.pk).update(
                path=Concat(Value(self.path), Substr("path", len(old_path) + 1))
            )

    def get_additional_data(self) -> dict:
        return audit.attributed(self.organisation_id)

    @property
    def response_rate(self) -> int | None:
        """Percent of invited people who responded; needs ``invited`` and ``responded``
        annotations (see the campaign page)."""
        return round(100 * self.responded / self.invited) if self.invited else None

    def label(self, names: dict[int, str]) -> str:
        """The team's place in the hierarchy, "Acme > Sales > North"; ``names`` maps every
        team id of the organisation to its name. Participant files use the same labels."""
        return PATH_SEPARATOR.join(names[int(pk)] for pk in self.path.strip("/").split("/"))

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def indented_name(self) -> str:
        """The name indented by its depth, for lists that show the hierarchy."""
        return "\u2003" * self.depth + self.name


# The audit trail keeps these fields (see ``organisations.audit``).
auditlog.register(
    Organisation,
    include_fields=[
        "name",
        "colour",
        "report_title",
        "mail_sender",
        "report_footer",
        "participant_domains",
        "participant_retention_days",
    ],
)
auditlog.register(Logo, include_fields=["content_type", "updated_at"])
auditlog.register(Membership, include_fields=["user", "role"])
# Only set() and add() change the leaders: auditlog would record a clear() as every user.
auditlog.register(Team, include_fields=["name", "parent"], m2m_fields={"leaders"})
