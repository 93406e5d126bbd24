"""Invitation and reminder mail, sent by the django-tasks worker.

Run the worker with ``python manage.py db_worker``. A request queues one task, whatever the
number of people; the worker fans it out into one message each. A message that cannot be
sent is tried again later, up to ``MAX_ATTEMPTS`` times.

Each invitation records how its own mail went, for the participants page. A reminder records
nothing that page shows: it goes only to those who have not answered, so anything it left
on a person's row would tell HR who has answered. Reminders keep people's patience: nobody
gets one within 48 hours of their invitation or of their last reminder, whoever clicks how
often, and each campaign sends one of its own some days before it closes.
"""

import datetime
import logging
import smtplib

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
from organisations.mail import LOGO_ID, branded_message, organisation_logo

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=5)  # doubled for each further attempt
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
def send_test_invitation(campaign_pk: int, email: str, name: str) -> str:
    """The invitation exactly as a team member gets it, to HR themself, its link leading to
    the survey's preview."""
    campaign = Campaign.objects.select_related("organisation").get(pk=campaign_pk)
    invitation = Invitation(campaign=campaign, email=email, name=name, rater_role="team")
    link = settings.SITE_URL + reverse("survey_preview", args=[campaign_pk])
    invitation_message(invitation, reminder=False, link=link).send()
    return "sent"


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


def retry_after(attempts: int) -> datetime.datetime:
    return timezone.now() + RETRY_AFTER * 2 ** (attempts - 1)


@task()
def send_invitation(invitation_pk: int, reminder: bool = False, attempts: int = 0) -> str:
    """Send one invitation, and record the outcome on it; or one reminder, which records
    only that it went (``attempts``: the reminder's tries so far)."""
    invitation = (
        Invitation.objects.select_related("campaign__organisation").filter(pk=invitation_pk).first()
    )
    if invitation is None or (reminder and invitation.responded):
        return "skipped"
    sent = Invitation.objects.filter(pk=invitation_pk)
    try:
        invitation_message(invitation, reminder=reminder).send()
    except (OSError, smtplib.SMTPException) as error:
        attempts = (attempts if reminder else invitation.mail_attempts) + 1
        retry = attempts < MAX_ATTEMPTS
        if reminder:
            logger.warning("A reminder could not be sent (try %d): %s", attempts, error)
            if retry:
                send_invitation.using(run_after=retry_after(attempts)).enqueue(
                    invitation_pk, True, attempts
                )
            return "retrying" if retry else "failed"
        sent.update(
            mail_state=MailState.RETRYING if retry else MailState.FAILED,
            mail_attempts=attempts,
            mail_error=str(error)[:300],
        )
        if retry:
            send_invitation.using(run_after=retry_after(attempts)).enqueue(invitation_pk, False)
        return "retrying" if retry else "failed"
    if reminder:
        sent.update(reminders_sent=F("reminders_sent") + 1)
    else:
        sent.update(
            mail_state=MailState.SENT,
            mail_attempts=F("mail_attempts") + 1,
            mail_error="",
            mailed_at=timezone.now(),
        )
    return "sent"
