"""Mail that speaks for an organisation: its sender name, and its logo inside the message;
and what a failure to send one means: worth another try later, or not."""

import datetime
import logging
import smtplib
from collections.abc import Callable
from email.mime.image import MIMEImage
from email.utils import formataddr, parseaddr
from typing import NamedTuple

from django.conf import settings
from django.core.mail import BadHeaderError, EmailMessage, EmailMultiAlternatives
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext_noop

from organisations.models import Logo, Organisation

logger = logging.getLogger(__name__)
LOGO_ID = "organisation-logo"  # the logo's Content-ID: templates show it as cid:LOGO_ID
MAX_ATTEMPTS = 4
RETRY_AFTER = datetime.timedelta(minutes=5)  # doubled for each further attempt


def one_line(text: str) -> str:
    """A header value made of text people typed (a campaign's name, an action's title, a
    sender name): on one line, since a line break there would stop the message."""
    return " ".join(text.split())


def sender(organisation: Organisation) -> str:
    """The site's sending address under the organisation's name ("Acme HR
    <noreply@…>"): people see who asks them, while the mail still comes from a domain
    that may send it."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(organisation.mail_sender or organisation.name), address))


def organisation_logo(organisation: Organisation) -> Logo | None:
    return Logo.objects.filter(organisation=organisation).first()


def branded_message(
    organisation: Organisation, subject: str, text: str, html: str, to: str, logo: Logo | None
) -> EmailMultiAlternatives:
    """Plain text with its HTML alternative, from the organisation, its ``logo`` (if it has
    one) inside the message, for mail readers that fetch nothing."""
    message = EmailMultiAlternatives(one_line(subject), text, sender(organisation), to=[to])
    message.attach_alternative(html, "text/html")
    if logo is not None:
        message.mixed_subtype = "related"
        image = MIMEImage(bytes(logo.image), _subtype=logo.content_type.split("/")[-1])
        image.add_header("Content-ID", f"<{LOGO_ID}>")
        image.add_header("Content-Disposition", "inline", filename="logo")
        message.attach(image)
    return message


def retry_after(attempts: int) -> datetime.datetime:
    """When to try again after ``attempts`` tries: 5, 10, then 20 minutes later."""
    return timezone.now() + RETRY_AFTER * 2 ** (attempts - 1)


def checked(message: EmailMessage) -> EmailMessage:
    """The message, its headers built once before any connection: a line break that got
    past ``one_line`` fails here, as the permanent failure it is."""
    message.message()
    return message


# Why a message did not go, as HR reads it. Stored untranslated (the worker has no reader's
# language) and translated where it is shown; the technical error goes to the log.
HEADER = gettext_noop("A header of the message (its subject, sender or address) has a line break.")
TEMPLATE = gettext_noop("The message's template has an error.")
UNEXPECTED = gettext_noop("The message could not be made.")
ADDRESS_REFUSED = gettext_noop("The mail server refused the address.")
SENDER_REFUSED = gettext_noop("The mail server refused the sender's address.")
SIGN_IN_REFUSED = gettext_noop("The mail server refused cxlab's sign-in.")
MESSAGE_REFUSED = gettext_noop("The mail server refused the message.")
NOT_SUPPORTED = gettext_noop("The mail server does not offer what the mail settings ask for.")
TRY_LATER = gettext_noop("The mail server asked to try again later.")
CONNECTION_REFUSED = gettext_noop("The mail server refused the connection.")
TIMED_OUT = gettext_noop("The mail server did not answer in time.")
DISCONNECTED = gettext_noop("The mail server closed the connection.")
UNREACHABLE = gettext_noop("The mail server could not be reached.")


class MailFailure(NamedTuple):
    transient: bool  # another try later may succeed
    reason: str  # one of the reasons above


def mail_failure(error: Exception) -> MailFailure:
    """What ``error``, raised while making or sending a message, means. The server's
    temporary refusals (4xx codes) and the network's failures may pass; a message that
    cannot be made, or that the server refuses for good (5xx), would fail again."""
    if isinstance(error, BadHeaderError):
        return MailFailure(False, HEADER)
    if isinstance(error, TemplateSyntaxError | TemplateDoesNotExist):
        return MailFailure(False, TEMPLATE)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        if codes and all(400 <= code < 500 for code in codes):
            return MailFailure(True, TRY_LATER)
        return MailFailure(False, ADDRESS_REFUSED)
    if isinstance(error, smtplib.SMTPResponseException):
        if 400 <= error.smtp_code < 500:
            return MailFailure(True, TRY_LATER)
        if isinstance(error, smtplib.SMTPSenderRefused):
            return MailFailure(False, SENDER_REFUSED)
        if isinstance(error, smtplib.SMTPAuthenticationError):
            return MailFailure(False, SIGN_IN_REFUSED)
        if isinstance(error, smtplib.SMTPConnectError):
            return MailFailure(False, CONNECTION_REFUSED)
        return MailFailure(False, MESSAGE_REFUSED)
    if isinstance(error, smtplib.SMTPServerDisconnected | ConnectionResetError):
        # smtplib reports a reply that never came as a lost connection.
        timed_out = isinstance(error.__context__, TimeoutError)
        return MailFailure(True, TIMED_OUT if timed_out else DISCONNECTED)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return MailFailure(False, NOT_SUPPORTED)
    if isinstance(error, smtplib.SMTPException):
        return MailFailure(False, MESSAGE_REFUSED)
    if isinstance(error, ConnectionRefusedError):
        return MailFailure(True, CONNECTION_REFUSED)
    if isinstance(error, TimeoutError):
        return MailFailure(True, TIMED_OUT)
    if isinstance(error, OSError):
        return MailFailure(True, UNREACHABLE)
    return MailFailure(False, UNEXPECTED)


class Attempt(NamedTuple):
    """One try at sending a message: its number and, if it did not go, why."""

    tries: int
    failure: MailFailure | None = None

    @property
    def sent(self) -> bool:
        return self.failure is None

    @property
    def retry(self) -> bool:
        """Whether to try again later: the failure may pass, and tries are left."""
        return not self.sent and self.failure.transient and self.tries < MAX_ATTEMPTS

    @property
    def outcome(self) -> str:
        """The task's result: "sent", or "retrying: <reason>" or "failed: <reason>"."""
        if self.sent:
            return "sent"
        return f"{'retrying' if self.retry else 'failed'}: {self.failure.reason}"


def attempt(make: Callable[[], EmailMessage], tries: int, what: str) -> Attempt:
    """Make the message and send it, try number ``tries``. Every failure, whatever raised
    it, ends here with its meaning, and in the log as ``what`` (“Invitation 12”) could not
    be sent; the caller records it and queues the next try if ``retry``."""
    try:
        checked(make()).send()
    except Exception as error:
        failure = mail_failure(error)
        tried = Attempt(tries, failure)
        logger.warning(
            "%s could not be sent (try %d, %s): %r",
            what,
            tries,
            "will retry" if tried.retry else "failed",
            error,
            exc_info=not failure.transient,
        )
        return tried
    return Attempt(tries)
