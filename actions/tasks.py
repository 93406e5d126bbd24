"""Reminders of actions falling due, sent by the django-tasks worker.

A reminder that cannot be sent follows the invitations' rule (``organisations.mail``): one
that may go later is tried again, up to ``MAX_ATTEMPTS`` times, one that would fail again
fails at once; either way the task ends with its reason, kept in the task's result and the
log, and the action is not marked reminded, so moving its date queues a new one.
"""

import datetime

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from actions.models import Action
from organisations.mail import attempt, one_line, retry_after

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
def remind_action_owner(action_pk: int, due_on: str, attempts: int = 0) -> str:
    """Mail the owner that their action is due soon, once per due date (``attempts``: the
    tries so far)."""
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
    tried = attempt(
        lambda: reminder_message(action), attempts + 1, f"The reminder of action {action_pk}"
    )
    if tried.sent:
        Action.objects.filter(pk=action_pk).update(reminded_for=action.due_on)
    elif tried.retry:
        remind_action_owner.using(run_after=retry_after(tried.tries)).enqueue(
            action_pk, due_on, tried.tries
        )
    return tried.outcome


def reminder_message(action: Action) -> EmailMessage:
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
    return EmailMessage(one_line(subject), body, to=[action.owner.email])
