"""Background work: invitation and reminder mail, and reminders of actions falling due,
sent by the django-tasks worker.

Run the worker with ``python manage.py db_worker``. A message that cannot be sent is tried
again later, up to ``MAX_ATTEMPTS`` times; each invitation records how its mail went, for
the campaign's participants page.
"""

import datetime
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from assessments.models import Action, Invitation, MailState

MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=5)  # doubled for each further attempt


def queue_mail(invitations, *, reminder: bool = False) -> int:
    """Queue one message per invitation; returns how many were queued."""
    pks = list(invitations.values_list("pk", flat=True))
    Invitation.objects.filter(pk__in=pks).update(
        mail_state=MailState.QUEUED, mail_attempts=0, mail_error=""
    )
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


REMIND_BEFORE = datetime.timedelta(days=7)
REMIND_AT = datetime.time(8, 0)


def schedule_reminder(action: Action) -> bool:
    """Queue the owner's reminder for a week before the due date (or now, if that is past
    and the action is not yet due); an edit that moves the date queues a new one, and the
    old one finds the date changed and stays silent."""
    today = timezone.localdate()
    if not action.is_open or action.due_on < today or action.reminded_for == action.due_on:
        return False
    day = max(action.due_on - REMIND_BEFORE, today)
    run_after = timezone.make_aware(datetime.datetime.combine(day, REMIND_AT))
    remind_action_owner.using(run_after=max(run_after, timezone.now())).enqueue(
        action.pk, action.due_on.isoformat()
    )
    return True


@task()
def remind_action_owner(action_pk: int, due_on: str) -> str:
    """Mail the owner that their action is due soon, once per due date."""
    action = (
        Action.objects.select_related("owner", "component", "campaign").filter(pk=action_pk).first()
    )
    if (
        action is None
        or not action.is_open
        or action.due_on.isoformat() != due_on
        or action.reminded_for == action.due_on
    ):
        return "skipped"
    language = action.campaign.language if action.campaign_id else settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "actions/mail/reminder.txt",
            {"action": action, "link": settings.SITE_URL + action.report_url},
        )
        subject = _("Due on %(date)s: %(title)s") % {
            "date": date_format(action.due_on, "DATE_FORMAT"),
            "title": action.title,
        }
    EmailMessage(subject, body, to=[action.owner.email]).send()
    Action.objects.filter(pk=action_pk).update(reminded_for=action.due_on)
    return "sent"
