"""Invitation and reminder mail, sent by the django-tasks worker.

Run the worker with ``python manage.py db_worker``. A request queues one task, whatever the
number of people; the worker fans it out into one message each. A message that may go later
(the server's temporary refusal, a refused connection, a timeout) is tried again, up to
``MAX_ATTEMPTS`` times; one that would fail again (a header with a line break, a template
error, the server's refusal for good) fails at once. Either way the failure and its reason
are recorded: no message stays "being sent" because its task stopped.

Each invitation records how its own mail went, for the participants page. A reminder
records nothing on a person's row: it goes only to those who have not answered, so anything
it left there would tell HR who has answered. Its failures are counted on the campaign,
with the last reason, and the page shows those counts. Reminders keep people's patience:
nobody gets one within 48 hours of their invitation or of their last reminder, whoever
clicks how often, and each campaign sends one of its own some days before it closes.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from campaigns.models import Campaign, Draft, Invitation, MailState, draft_key, release_sealed
from organisations.mail import (
    LOGO_ID,
    attempt,
    branded_message,
    organisation_logo,
    retry_after,
)

REMINDER_GAP = datetime.timedelta(hours=48)
REMIND_AT = datetime.time(9, 0)


def queue_mail(invitations) -> int:
    """Mark the invitations queued and queue the task that mails them: a few queries for
    one person as for 20,000. Returns how many were queued."""
    campaigns = list(invitations.values_list("campaign", flat=True).distinct().order_by())
    queued = invitations.update(mail_state=MailState.QUEUED, mail_attempts=0, mail_error="")
    for campaign in campaigns:
        send_queued_mail.enqueue(campaign)
    return queued


def queue_reminders(campaign, team=None) -> int:
    """Remind everyone of the campaign (or of ``team``) who has not answered and has had
    no mail from it for 48 hours: they are claimed in one UPDATE, so a second click finds
    nobody, and the task mails those claimed. Returns how many that is."""
    now = timezone.now()
    due = campaign.invitations.filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMINDER_GAP),
        responded=False,
        mail_state=MailState.SENT,
        mailed_at__lt=now - REMINDER_GAP,
    )
    if team is not None:
        due = due.filter(team=team)
    claimed = due.update(reminded_at=now)
    if claimed:
        reminded = campaign.invitations.filter(reminded_at=now).values("team")
        campaign.scope.filter(team__in=reminded).update(reminded_at=now)
        send_reminders.enqueue(campaign.pk, now.isoformat())
    return claimed


@task()
def send_reminders(campaign_pk: int, claimed_at: str) -> int:
    """Fan a reminder out to each person claimed at ``claimed_at`` who still has not
    answered."""
    pending = Invitation.objects.filter(
        campaign=campaign_pk,
        responded=False,
        reminded_at=datetime.datetime.fromisoformat(claimed_at),
    )
    pks = list(pending.values_list("pk", flat=True))
    for pk in pks:
        send_invitation.enqueue(pk, True)
    return len(pks)


def reminder_day(campaign) -> datetime.date | None:
    """The day of the campaign's own reminder, if it has one."""
    if not campaign.remind_days_before_close:
        return None
    return campaign.closes_on - datetime.timedelta(days=campaign.remind_days_before_close)


def schedule_reminder(campaign) -> bool:
    """Queue the campaign's own reminder for its day, at nine, while it is open and the day
    is still ahead (or today); changed dates queue a new one, and the old one, finding its
    day no longer the campaign's, stays silent."""
    day = reminder_day(campaign)
    today = timezone.localdate()
    if day is None or day < today or not campaign.accepts_responses(today):
        return False
    if campaign.reminded_for == day:
        return False
    run_after = timezone.make_aware(datetime.datetime.combine(day, REMIND_AT))
    send_scheduled_reminder.using(run_after=max(run_after, timezone.now())).enqueue(
        campaign.pk, day.isoformat()
    )
    return True


@task()
def send_scheduled_reminder(campaign_pk: int, day: str) -> int | str:
    """The campaign's own reminder, once for its day."""
    campaign = Campaign.objects.filter(pk=campaign_pk).first()
    if (
        campaign is None
        or not campaign.accepts_responses()
        or str(reminder_day(campaign)) != day
        or campaign.reminded_for == reminder_day(campaign)
    ):
        return "skipped"
    Campaign.objects.filter(pk=campaign_pk).update(reminded_for=reminder_day(campaign))
    return queue_reminders(campaign)


@task()
def send_queued_mail(campaign_pk: int) -> int:
    """Fan the campaign's queued invitations out into one message each. Each is claimed
    (queued → sending) as it is fanned out, so a second batch never mails it twice."""
    with transaction.atomic():
        queued = Invitation.objects.select_for_update().filter(
            campaign=campaign_pk, mail_state=MailState.QUEUED
        )
        pks = list(queued.values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=pks).update(mail_state=MailState.SENDING)
        for pk in pks:
            send_invitation.enqueue(pk, False)
    return len(pks)


def invitation_message(
    invitation: Invitation, *, reminder: bool, link: str | None = None
) -> EmailMultiAlternatives:
    """The invitation (or reminder) in the campaign's language; ``link`` in place of the
    person's own (a test invitation's, to the survey's preview)."""
    campaign = invitation.campaign
    logo = organisation_logo(campaign.organisation)
    with translation.override(campaign.language):
        context = {
            "invitation": invitation,
            "campaign": campaign,
            "organisation": campaign.organisation,
            "language": campaign.language,
            "reminder": reminder,
            "link": link or settings.SITE_URL + reverse("survey_start", args=[invitation.token]),
            "test": link is not None,
            "logo": logo is not None,
            "logo_id": LOGO_ID,
        }
        subject = (_("Reminder: %s") if reminder else _("Your invitation: %s")) % campaign.name
        if link is not None:
            subject = _("[Test] %s") % subject
        body = render_to_string("survey/mail/invitation.txt", context)
        html = render_to_string("survey/mail/invitation.html", context)
    return branded_message(campaign.organisation, subject, body, html, invitation.email, logo)


@task()
def send_test_invitation(campaign_pk: int, email: str, name: str, attempts: int = 0) -> str:
    """The invitation exactly as a team member gets it, to HR themself, its link leading to
    the survey's preview; a failure ends as the others do, its reason the task's result."""
    campaign = Campaign.objects.select_related("organisation").get(pk=campaign_pk)
    invitation = Invitation(campaign=campaign, email=email, name=name, rater_role="team")
    link = settings.SITE_URL + reverse("survey_preview", args=[campaign_pk])
    tried = attempt(
        lambda: invitation_message(invitation, reminder=False, link=link),
        attempts + 1,
        "A test invitation",
    )
    if tried.retry:
        send_test_invitation.using(run_after=retry_after(tried.tries)).enqueue(
            campaign_pk, email, name, tried.tries
        )
    return tried.outcome


DRAFTS_AT_ONCE = 5000


@task()
def release_responses(campaign_pk: int) -> int:
    """Release the campaign's sealed answers whose team has enough of them waiting (after
    each submission); returns how many."""
    return release_sealed(Campaign.objects.get(pk=campaign_pk))


@task()
def forget_drafts(campaign_pk: int) -> int:
    """Delete the unsubmitted answers of a closed campaign: nobody can submit them any more,
    and a draft is the only stored answer that its respondent's link still leads to."""
    pending = Invitation.objects.filter(campaign=campaign_pk, responded=False)
    keys = [draft_key(invitation.token) for invitation in pending.only("secret")]
    forgotten = sum(
        Draft.objects.filter(key__in=keys[start : start + DRAFTS_AT_ONCE]).delete()[0]
        for start in range(0, len(keys), DRAFTS_AT_ONCE)
    )
    Campaign.objects.filter(pk=campaign_pk).update(drafts_forgotten_on=timezone.localdate())
    return forgotten


@task()
def send_invitation(invitation_pk: int, reminder: bool = False, attempts: int = 0) -> str:
    """Send one invitation, and record the outcome on it; or one reminder, whose failures
    are counted on its campaign (``attempts``: the reminder's tries so far)."""
    invitation = (
        Invitation.objects.select_related("campaign__organisation").filter(pk=invitation_pk).first()
    )
    # An erased participant (``campaigns.erasure``) has no address to mail; their row stays
    # among those a reminder claims, so that its count tells nothing of whether they answered.
    if invitation is None or invitation.erased_on or (reminder and invitation.responded):
        if invitation is not None and attempts:
            count_reminder(invitation.campaign_id, was_retrying=True)
        return "skipped"
    tries = (attempts if reminder else invitation.mail_attempts) + 1
    tried = attempt(
        lambda: invitation_message(invitation, reminder=reminder),
        tries,
        f"{'A reminder of invitation' if reminder else 'Invitation'} {invitation_pk}",
    )
    if not tried.sent:
        if reminder:
            count_reminder(
                invitation.campaign_id,
                was_retrying=attempts > 0,
                retrying=tried.retry,
                failed=not tried.retry,
                reason=tried.failure.reason,
            )
        else:
            Invitation.objects.filter(pk=invitation_pk).update(
                mail_state=MailState.RETRYING if tried.retry else MailState.FAILED,
                mail_attempts=tries,
                mail_error=tried.failure.reason,
            )
        if tried.retry:
            later = send_invitation.using(run_after=retry_after(tries))
            later.enqueue(*(invitation_pk, True, tries) if reminder else (invitation_pk, False))
        return tried.outcome
    sent = Invitation.objects.filter(pk=invitation_pk)
    if reminder:
        sent.update(reminders_sent=F("reminders_sent") + 1)
        if attempts:
            count_reminder(invitation.campaign_id, was_retrying=True)
    else:
        sent.update(
            mail_state=MailState.SENT,
            mail_attempts=F("mail_attempts") + 1,
            mail_error="",
            mailed_at=timezone.now(),
        )
    return "sent"


def count_reminder(
    campaign_pk: int,
    *,
    was_retrying: bool,
    retrying: bool = False,
    failed: bool = False,
    reason: str = "",
) -> None:
    """Move a reminder in its campaign's counts: out of "will retry" if it was there (it
    has gone, failed, or is no longer due), into "will retry" or "failed" if it is now."""
    change = int(retrying) - int(was_retrying)
    fields = {}
    if change:
        fields["reminders_retrying"] = F("reminders_retrying") + change
    if failed:
        fields["reminders_failed"] = F("reminders_failed") + 1
    if reason:
        fields["reminder_error"] = reason
    if fields:
        Campaign.objects.filter(pk=campaign_pk).update(**fields)
