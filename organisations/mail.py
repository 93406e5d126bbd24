"""Mail that speaks for an organisation: its sender name, and its logo inside the message."""

from email.mime.image import MIMEImage
from email.utils import formataddr, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from organisations.models import Logo, Organisation

LOGO_ID = "organisation-logo"  # the logo's Content-ID: templates show it as cid:LOGO_ID


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
