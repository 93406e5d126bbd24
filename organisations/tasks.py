"""The worker's mail for organisations: an invitation to join one.

A message that cannot be sent follows the invitations' rule (``organisations.mail``): tried
again later if it may go then, failed at once if it would fail again, and either way the
task ends with its reason, kept in the task's result and the log.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django_tasks import task

from organisations.mail import (
    LOGO_ID,
    attempt,
    branded_message,
    organisation_logo,
    retry_after,
)
from organisations.models import ColleagueInvitation


@task()
def send_colleague_invitation(invitation_pk: int, attempts: int = 0) -> str:
    """Mail the invitation to join, in the language of whoever sent it; nothing if it was
    withdrawn or accepted before the worker came to it (``attempts``: the tries so far)."""
    invitation = (
        ColleagueInvitation.objects.pending()
        .select_related("organisation", "invited_by")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None:
        return "no longer pending"
    tried = attempt(
        lambda: colleague_message(invitation),
        attempts + 1,
        f"The invitation to join {invitation_pk}",
    )
    if tried.retry:
        send_colleague_invitation.using(run_after=retry_after(tried.tries)).enqueue(
            invitation_pk, tried.tries
        )
    return tried.outcome


def colleague_message(invitation: ColleagueInvitation):
    organisation = invitation.organisation
    logo = organisation_logo(organisation)
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "organisation": organisation,
            "language": invitation.language,
            "link": settings.SITE_URL + reverse("colleague_join", args=[invitation.token]),
            "logo": logo is not None,
            "logo_id": LOGO_ID,
        }
        subject = _("Join %(organisation)s on cxlab") % {"organisation": organisation.name}
        text = render_to_string("organisations/mail/colleague.txt", context)
        html = render_to_string("organisations/mail/colleague.html", context)
    return branded_message(organisation, subject, text, html, invitation.email, logo)
