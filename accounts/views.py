from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordResetView
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.core import is_ratelimited
from django_ratelimit.decorators import ratelimit

from accounts import limits
from accounts.forms import LogInForm, NameForm, SignUpForm
from accounts.models import User
from accounts.tasks import address_token, send_address_confirmation


@ratelimit(group="sign-up", key="ip", rate=limits.SIGN_UPS_PER_ADDRESS, method="POST")
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
        send_address_confirmation.enqueue(user.pk, translation.get_language()[:2])
        if following:
            return redirect(following)
        messages.success(
            request,
            _(
                "Welcome to cxlab! Start your first self-assessment below. A link to confirm "
                "your address is on its way to %(email)s."
            )
            % {"email": user.email},
        )
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


def confirm_address(request, uidb64, token):
    """The link mailed to a new account: whoever opens it reads that account's mail."""
    try:
        user = User.objects.get(pk=int(force_str(urlsafe_base64_decode(uidb64))))
    except (ValueError, OverflowError, User.DoesNotExist):
        user = None
    confirmed = user is not None and (user.verified or address_token.check_token(user, token))
    if confirmed:
        user.verify()
    return render(
        request,
        "registration/address_confirmed.html",
        {"confirmed": confirmed},
        status=200 if confirmed else 400,
    )


@login_required
@require_POST
@ratelimit(group="address-confirmation", key="user", rate="3/h", method="POST")
def resend_confirmation(request):
    if not request.user.verified:
        send_address_confirmation.enqueue(request.user.pk, translation.get_language()[:2])
        messages.success(
            request,
            _("A new link to confirm your address is on its way to %(email)s.")
            % {"email": request.user.email},
        )
    return redirect("account")


@method_decorator(
    ratelimit(group="password-reset", key="ip", rate=limits.RESETS_PER_ADDRESS, method="POST"),
    name="dispatch",
)
class PasswordReset(PasswordResetView):
    """Django's password reset, limited per network address (a page saying so) and per
    account (silently: the same page as always, so nobody learns whether it exists)."""

    def form_valid(self, form):
        if is_ratelimited(
            self.request,
            group="password-reset-account",
            key=limits.email_key,
            rate=limits.RESETS_PER_ACCOUNT,
            increment=True,
        ):
            return redirect(self.get_success_url())
        return super().form_valid(form)
