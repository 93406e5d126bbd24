from django import forms
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm, UsernameField
from django.utils.translation import gettext_lazy as _

from accounts.models import User


class SignUpForm(UserCreationForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = User
        fields = ["email", "first_name", "last_name"]

    def clean_email(self):
        """One account per address, whatever its case (HR@A.EXAMPLE is hr@a.example)."""
        email = self.cleaned_data["email"]
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                _("An account with this e-mail address already exists."), code="unique"
            )
        return email


class NameForm(forms.ModelForm):
    """How the person is named on reports, plans and covers."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)

    class Meta:
        model = User
        fields = ["first_name", "last_name"]


class LogInForm(AuthenticationForm):
    username = UsernameField(max_length=254, widget=forms.TextInput(attrs={"autofocus": True}))
    remember = forms.BooleanField(
        label=_("Keep me logged in on this device for 30 days"),
        required=False,
        help_text=_("Otherwise the session ends after a working day."),
    )


class PasswordCheckForm(forms.Form):
    """The account's own password, asked again before something that cannot be undone."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autofocus": True})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("That is not your password."))
        return password
