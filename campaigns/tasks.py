"""Invitation and reminder mail, sent by the django-tasks worker.

Run the worker with ``python manage.py db_worker``. A request marks the invitations queued
and queues one task, whatever their number; the worker fans it out into one message each.
A message that cannot be sent is tried again later, up to ``MAX_ATTEMPTS`` times; each
invitation records how its mail went, for the campaign's participants page.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from campaigns.models import Invitation, MailState

MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=5)  # doubled for each further attempt


def queue_mail(invitations, *, reminder: bool = False) -> int:
    """Mark the invitations queued and queue the task that mails them: a few queries for
    one person as for 20,000. Returns how many were queued."""
    campaigns = list(invitations.values_list("campaign", flat=True).distinct().order_by())
    queued = invitations.update(mail_state=MailState.QUEUED, mail_attempts=0, mail_error="")
    for campaign in campaigns:
        send_queued_mail.enqueue(campaign, reminder)
    return queued


@task()
def send_queued_mail(campaign_pk: int, reminder: bool = False) -> int:
    """Fan the campaign's queued invitations out into one message each. Each is claimed
    (queued → sending) as it is fanned out, so a second batch never mails it twice."""
    with transaction.atomic():
        queued = Invitation.objects.select_for_update().filter(
            campaign=campaign_pk, mail_state=MailState.QUEUED
        )
        pks = list(queued.values_list("pk", flat=True))
        Invitation.objects.filter(pk__in=pks).update(mail_state=MailState.SENDING)
        for pk in pks:
            send_invitation.enqueue(pk, reminder)
    return len(pks)


def invitation_message(invitation: Invitation, *, reminder: bool) -> EmailMessage:
    campaign = invitation.campaign
    with translation.override(campaign.language):
        context = {
            "invitation": invitation,
            "campaign": campaign,
            "reminder": reminder,
            "link": settings.SITE_URL + reverse("survey_start", args=[invitation.token]),
        }
        subject = (_("Reminder: %s") if reminder else _("Your invitation: %s")) % campaign.name
        body = render_to_string("survey/mail/invitation.txt", context)
    return EmailMessage(subject, body, to=[invitation.email])


@task()
def send_invitation(invitation_pk: int, reminder: bool = False) -> str:
    """Send one invitation or reminder, and record the outcome on the invitation."""
    invitation = (
        Invitation.objects.select_related("campaign__organisation").filter(pk=invitation_pk).first()
    )
    if invitation is None or (reminder and invitation.responded):
        return "skipped"
    sent = Invitation.objects.filter(pk=invitation_pk)
    try:
        invitation_message(invitation, reminder=reminder).send()
    except (OSError, smtplib.SMTPException) as error:
        attempts = invitation.mail_attempts + 1
        retry = attempts < MAX_ATTEMPTS
        sent.update(
            mail_state=MailState.RETRYING if retry else MailState.FAILED,
            mail_attempts=attempts,
            mail_error=str(error)[:300],
        )
        if retry:
            run_after = timezone.now() + RETRY_AFTER * 2 ** (attempts - 1)
            send_invitation.using(run_after=run_after).enqueue(invitation_pk, reminder)
        return "retrying" if retry else "failed"
    sent.update(
        mail_state=MailState.SENT,
        mail_attempts=F("mail_attempts") + 1,
        mail_error="",
        mailed_at=timezone.now(),
        reminders_sent=F("reminders_sent") + int(reminder),
    )
    return "sent"
