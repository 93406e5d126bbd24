"""Who is asking, for the abuse limits: django-axes locks log-ins, django-ratelimit counts
sign-ups, password resets and unknown survey links (settings, "Abuse limits")."""

import datetime

from django.conf import settings
from django.shortcuts import render
from django_ratelimit.core import get_usage

# Rates as django-ratelimit writes them: count per period (s, m, h, d).
SIGN_UPS_PER_ADDRESS = "10/h"
RESETS_PER_ADDRESS = "10/h"
RESETS_PER_ACCOUNT = "3/h"
UNKNOWN_SURVEY_LINKS = "20/h"


def client_ip(request) -> str:
    """The client's network address: REMOTE_ADDR, or, behind ``TRUSTED_PROXIES`` proxies
    that each append to X-Forwarded-For, the address the first of them saw. Anything a
    client writes further left is ignored, so it cannot pick its own address."""
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if settings.TRUSTED_PROXIES and len(forwarded) >= settings.TRUSTED_PROXIES:
        return forwarded[-settings.TRUSTED_PROXIES]
    return request.META.get("REMOTE_ADDR") or "0.0.0.0"


def username(request, credentials) -> str:
    """The address a log-in tries, in one case: HR@A.EXAMPLE and hr@a.example are one
    account, and one count of failures."""
    return (credentials or {}).get("username", "").strip().lower()


def email_key(group, request) -> str:
    """An e-mail address posted to a form, in one case (a django-ratelimit key)."""
    return request.POST.get("email", "").strip().lower()


def locked_out(request, response, credentials):
    """What a locked-out log-in gets (AXES_LOCKOUT_CALLABLE)."""
    minutes = settings.AXES_COOLOFF_TIME // datetime.timedelta(minutes=1)
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


def too_many(request, exception=None):
    """What a rate-limited request gets (RATELIMIT_VIEW)."""
    return render(request, "too_many.html", status=429)


def unknown_links_exceeded(request, count: bool) -> bool:
    """Whether this address has tried ``UNKNOWN_SURVEY_LINKS`` unknown survey links already;
    ``count`` adds one, the link it just tried."""
    usage = get_usage(
        request, group="survey-links", key="ip", rate=UNKNOWN_SURVEY_LINKS, increment=count
    )
    return usage is not None and usage["count"] >= usage["limit"]
