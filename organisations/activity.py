"""The organisation's activity: its audit trail, for those who set it up."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from organisations import audit
from organisations.access import get_administered

ENTRIES_PER_PAGE = 50


@login_required
@require_safe
def activity(request, pk):
    """Who changed what in the organisation's set-up, and when, the latest first."""
    organisation = get_administered(request.user, pk)
    page = Paginator(audit.entries(organisation), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "organisations/activity.html",
        {"organisation": organisation, "page": page, "lines": audit.lines(page)},
    )
