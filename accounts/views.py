from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.forms import LogInForm, NameForm, SignUpForm


def signup(request):
    """A new account; ``next`` (an address of this site, such as an invitation to join an
    organisation) is where it goes on to, and ``email`` fills the address in."""
    wanted = request.POST.get("next") or request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    following = wanted if safe else ""
    if request.user.is_authenticated:
        return redirect(following or "dashboard")
    form = SignUpForm(request.POST or None, initial={"email": request.GET.get("email", "")})
    if form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        if following:
            return redirect(following)
        messages.success(request, _("Welcome to cxlab! Start your first self-assessment below."))
        return redirect("dashboard")
    return render(request, "registration/signup.html", {"form": form, "next": following})


@login_required
def account(request):
    """The person's name as cxlab shows it, and the way to their password."""
    form = NameForm(request.POST or None, instance=request.user)
    if form.is_valid():
        form.save()
        messages.success(request, _("Your name is saved."))
        return redirect("account")
    return render(request, "registration/account.html", {"form": form})


class LogIn(LoginView):
    """Django's log-in, for a working day's session, or a month's on a trusted device."""

    form_class = LogInForm

    def form_valid(self, form):
        response = super().form_valid(form)
        if form.cleaned_data["remember"]:
            self.request.session.set_expiry(settings.REMEMBER_ME)
        return response
