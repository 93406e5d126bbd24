"""The worker's mail for accounts: the link that confirms a new account's address."""

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import User


class AddressToken(PasswordResetTokenGenerator):
    """A link's proof that its opener reads the account's mail. It stops working once the
    address is confirmed or changed, and after PASSWORD_RESET_TIMEOUT."""

    key_salt = "cxlab.accounts.AddressToken"

    def _make_hash_value(self, user, timestamp):
        return f"{user.pk}{user.email}{user.email_verified_at}{timestamp}"


address_token = AddressToken()


def confirmation_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return settings.SITE_URL + reverse(
        "address_confirm", args=[uid, address_token.make_token(user)]
    )


@task()
def send_address_confirmation(user_pk: int, language: str) -> str:
    user = User.objects.filter(pk=user_pk, email_verified_at__isnull=True).first()
    if user is None:
        return "already confirmed"
    with translation.override(language):
        context = {"user": user, "link": confirmation_link(user)}
        subject = _("Confirm your address for cxlab")
        text = render_to_string("registration/address_email.txt", context)
    send_mail(subject, text, None, [user.email])
    return "sent"
