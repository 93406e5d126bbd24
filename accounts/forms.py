from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]


class NameForm(forms.ModelForm):
    """How the person is named on reports, plans and covers."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name"]


class LogInForm(AuthenticationForm):
    remember = forms.BooleanField(
        label=_("Keep me logged in on this device for 30 days"),
        required=False,
        help_text=_("Otherwise the session ends after a working day."),
    )
