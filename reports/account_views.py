"""A person's own data, from their account page: the download of it, and deleting the
account. Each reads and changes the logged-in person's data only, so there is nothing to
fetch through ``organisations.access``; they live here because they read every app (see
``reports.personal_data``)."""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.forms import PasswordCheckForm
from reports import personal_data


@login_required
@require_GET
def download(request):
    """Everything cxlab keeps about the person, as a JSON file."""
    data = personal_data.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="cxlab-my-data-{day}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def delete(request):
    """Delete the account, once its password is given again; not while it is the last
    admin of an organisation."""
    user = request.user
    blocking = personal_data.organisations_left_without_admin(user)
    form = None if blocking else PasswordCheckForm(user, request.POST or None)
    if form is not None and form.is_valid():
        personal_data.delete_account(user)
        logout(request)
        messages.success(request, _("Your account and everything of yours in cxlab are deleted."))
        return redirect("home")
    return render(
        request,
        "accounts/delete.html",
        {"form": form, "blocking": blocking, **personal_data.deletion_summary(user)},
    )
