"""Forgetting participants: their names and addresses go, the figures stay.

A campaign's results never need to know who was invited: responses hold no person, and
participation is counted from the invitations' rows. So erasing a participant of a campaign
that has opened keeps their row (its team, rater role, mail state and whether it was
answered, which every count reads) and blanks what named them: the name, the address, a mail
error that may quote it, and the link's secret and hash, so that their link, wherever it is
kept, leads to no row. Their draft, if any, goes first, since only that link reached it. In a
draft campaign nobody has answered yet, and the row simply goes.

Nothing here depends on whether the person answered, nor says it: the page, the message and
the rows left read the same either way. When a whole campaign is erased, the rows of each team
and role also swap their answered marks at random, so that no row can be matched back to a
person (by the order of a participants file, say) to learn whether they answered.

The worker erases each closed campaign's participants once its organisation's retention has
passed (``erase_expired_participants``, queued daily by ``manage.py erase_participants``).
"""

import datetime
import secrets
from collections import Counter, defaultdict

from django.db import transaction
from django.db.models import CharField, Exists, Min, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from campaigns.models import (
    Campaign,
    CampaignState,
    Draft,
    Invitation,
    ParticipantChange,
    ParticipantImport,
    by_team,
    draft_key,
)
from campaigns.tasks import forget_drafts
from organisations import audit

ROWS_AT_ONCE = 5000
ERASED = gettext_noop("participants' names and addresses erased")
# Changes to the participants whose detail is an address ("anna@acme.com", "a → b").
ADDRESS_CHANGES = [
    ParticipantChange.Kind.ADDED,
    ParticipantChange.Kind.REMOVED,
    ParticipantChange.Kind.EDITED,
]


def blanked(today: datetime.date) -> dict:
    """What an erased invitation keeps of the person: nothing. The hash becomes "erased-<id>",
    unique as the column must be and the hash of no link.

    Its mail state and its last reminder's claim stay: a reminder claims those not reminded
    for 48 hours who have not answered, so clearing the claim would let the next reminder's
    count tell whether an erased person had answered."""
    return {
        "email": "",
        "name": "",
        "mail_error": "",
        "secret": "",
        "token_hash": Concat(Value("erased-"), Cast("pk", CharField())),
        "erased_on": today,
    }


@transaction.atomic
def erase_participant(invitation: Invitation, by) -> None:
    """Erase one participant's name and address from their campaign, for good.

    In a draft nobody has answered, so the row goes; once the campaign has opened it stays,
    blanked, whatever the person did, so that no count moves. The change is recorded without
    the address, which also leaves the earlier records of the campaign and its pending
    files."""
    campaign, email = invitation.campaign, invitation.email
    Draft.objects.filter(key=draft_key(invitation.token)).delete()
    if campaign.state == CampaignState.DRAFT:
        invitation.delete()
    else:  # rows updated fire no signal: the audit trail's entry is written here
        Invitation.objects.filter(pk=invitation.pk).update(**blanked(timezone.localdate()))
        audit.record(campaign, {ERASED: ["", by_team(Counter([invitation.team.name]))]})
    if email:  # the records that quote the address, and the files that hold it
        campaign.participant_changes.filter(detail__icontains=email).update(detail="")
        for found in campaign.participant_imports.all():
            forget_in_import(found, email)
    ParticipantChange.record(campaign, by, ParticipantChange.Kind.ERASED, 1)


def forget_in_import(found: ParticipantImport, email: str) -> None:
    """Take an address out of a participants file's rows and problems."""
    address = email.lower()
    rows = [row for row in found.rows if address not in " ".join(row).lower()]
    errors = [error for error in found.errors if address not in str(error[1]).lower()]
    if rows != found.rows or errors != found.errors:
        found.rows, found.errors = rows, errors
        found.save(update_fields=["rows", "errors"])


@transaction.atomic
def erase_campaign_participants(campaign: Campaign) -> int:
    """Erase every participant of a closed campaign; returns how many rows were erased.

    Counts per team and role stay exactly as they were (every report, figure and export
    reads the same), but within each team and role the answered marks are dealt out again at
    random, so that no row says any more who answered."""
    if campaign.drafts_forgotten_on is None:
        forget_drafts.call(campaign.pk)  # drafts are found by the links about to go
    today = timezone.localdate()
    invitations = campaign.invitations.all()
    rows, answered = defaultdict(list), Counter()
    for pk, team, role, responded in invitations.values_list(
        "pk", "team", "rater_role", "responded"
    ):
        rows[team, role].append(pk)
        answered[team, role] += responded
    deal = secrets.SystemRandom()
    chosen = [pk for group, pks in rows.items() for pk in deal.sample(pks, answered[group])]
    named = invitations.filter(erased_on__isnull=True)
    teams = Counter(named.values_list("team__name", flat=True))
    erased = named.update(**blanked(today))
    if erased:
        audit.record(campaign, {ERASED: ["", by_team(teams)]})
    # Reminders went only to those who had not answered then: their traces go with the marks.
    invitations.update(responded=False, reminded_at=None, reminders_sent=0)
    for start in range(0, len(chosen), ROWS_AT_ONCE):
        invitations.filter(pk__in=chosen[start : start + ROWS_AT_ONCE]).update(responded=True)
    campaign.participant_changes.filter(kind__in=ADDRESS_CHANGES).update(detail="")
    campaign.participant_imports.update(rows=[], errors=[])
    Campaign.objects.filter(pk=campaign.pk).update(participants_erased_on=today)
    return erased


def closed_on(campaign: Campaign) -> datetime.date:
    """The day the campaign closed: its closing date, or the day HR closed it before then
    (that of its final results). Needs the ``finished`` annotation of ``due_for_erasure``."""
    if campaign.finished is None:
        return campaign.closes_on
    return min(campaign.closes_on, timezone.localdate(campaign.finished))


def due_for_erasure(today: datetime.date | None = None) -> list[Campaign]:
    """Closed campaigns with a participant not yet erased, closed more than their
    organisation's retention days before ``today``."""
    today = today or timezone.localdate()
    named = Invitation.objects.filter(campaign=OuterRef("pk"), erased_on__isnull=True)
    campaigns = (
        Campaign.objects.closed()
        .filter(Exists(named))
        .select_related("organisation")
        .annotate(finished=Min("publications__published_at", filter=Q(publications__final=True)))
    )
    return [
        campaign
        for campaign in campaigns
        if closed_on(campaign)
        + datetime.timedelta(days=campaign.organisation.participant_retention_days)
        < today
    ]


@task()
def erase_expired_participants() -> int:
    """Erase the participants of every campaign whose retention has passed; returns how many
    campaigns. Running it again erases nothing more."""
    campaigns = due_for_erasure()
    for campaign in campaigns:
        erase_campaign_participants(campaign)
    return len(campaigns)


def what_deleting_removes(campaign: Campaign) -> dict[str, int]:
    """What deleting the campaign takes with it, counted for its confirmation page."""
    return {
        "invitations": campaign.invitations.count(),
        "responses": campaign.responses.count() + campaign.sealed.count(),
        "publications": campaign.publications.count(),
        "actions": campaign.actions.count(),
        "files": campaign.pdfs.count() + campaign.exports.count(),
        "next_waves": campaign.next_waves.count(),
    }


@transaction.atomic
def delete_campaign(campaign: Campaign) -> None:
    """Delete the campaign and everything of it: invitations, answers, figures, publications,
    plans, PDFs and exports. A next wave stays, with no wave before it."""
    campaign.publications.all().delete()  # their cells hold its reporting groups
    campaign.delete()
