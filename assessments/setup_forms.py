"""Forms HR uses to set up organisations, teams, campaigns and participants."""

from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from accounts.models import User
from assessments.models import Campaign, Invitation, Logo, Organisation, RaterRole, Role, Team
from assessments.participants import Participant

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PARTICIPANT_FILE_LIMIT = 2 * 1024 * 1024  # about 20,000 lines
LOGO_LIMIT = 1024 * 1024
LOGO_SIDE_LIMIT = 4000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


class OrganisationForm(forms.ModelForm):
    role = forms.ChoiceField(
        label=_("You are"),
        choices=[
            (Role.ADMIN, _("Its HR or organisation admin")),
            (Role.CONSULTANT, _("A consultant working for this client")),
        ],
        initial=Role.ADMIN,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Organisation
        fields = ["name"]


class BrandingForm(forms.ModelForm):
    """Colour, title and footer of the reports, and the logo: a real PNG or JPEG, not too big."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, up to 1 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organisation
        fields = ["colour", "report_title", "report_footer"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color", "class": "form-control-color"})
        }

    def clean_logo(self):
        upload = self.cleaned_data["logo"]
        if upload:
            self.logo_type = logo_type(upload)
        return upload

    def save(self, commit=True):
        organisation = super().save()
        upload = self.cleaned_data["logo"]
        if upload:
            upload.seek(0)
            Logo.objects.update_or_create(
                organisation=organisation,
                defaults={"image": upload.read(), "content_type": self.logo_type},
            )
        elif self.cleaned_data["remove_logo"]:
            Logo.objects.filter(organisation=organisation).delete()
        return organisation


def logo_type(upload) -> str:
    """The content type of an uploaded logo, once Pillow has read it as a PNG or a JPEG."""
    if upload.size > LOGO_LIMIT:
        raise ValidationError(_("The logo is larger than 1 MB: save it smaller and try again."))
    try:
        with Image.open(upload) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a PNG or JPEG image.")) from None
    if kind not in LOGO_TYPES:
        raise ValidationError(_("The logo must be a PNG or JPEG image."))
    if max(width, height) > LOGO_SIDE_LIMIT:
        raise ValidationError(
            _("The logo is %(width)s × %(height)s pixels; keep each side under %(limit)s.")
            % {"width": width, "height": height, "limit": LOGO_SIDE_LIMIT}
        )
    return LOGO_TYPES[kind]


class TeamForm(forms.ModelForm):
    """A team's name, its place in the hierarchy and its leaders, all within one organisation."""

    class Meta:
        model = Team
        fields = ["name", "parent", "leaders"]
        labels = {"parent": _("Part of"), "leaders": _("Leaders")}
        help_texts = {
            "parent": _("Leave empty for a top-level team, such as a division."),
            "leaders": _("Leaders see their teams' reports, and those of every team below."),
        }
        widgets = {"leaders": forms.CheckboxSelectMultiple}

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        parents = organisation.teams.all()
        if self.instance.pk:  # not below itself
            parents = parents.exclude(path__startswith=self.instance.path)
        self.fields["parent"].queryset = parents
        self.fields["parent"].label_from_instance = attrgetter("indented_name")
        self.fields["leaders"].queryset = User.objects.filter(
            memberships__organisation=organisation
        ).order_by("email")
        self.fields["leaders"].label_from_instance = lambda user: user.email

    def clean(self):
        cleaned = super().clean()
        siblings = Team.objects.filter(
            organisation=self.instance.organisation,
            parent=cleaned.get("parent"),
            name__iexact=cleaned.get("name", ""),
        ).exclude(pk=self.instance.pk)
        if siblings.exists():
            self.add_error("name", _("A team with this name is already there."))
        return cleaned


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self):
        email = self.cleaned_data["email"]
        self.user = User.objects.filter(email__iexact=email).first()
        if self.user is None:
            raise ValidationError(
                _("No cxlab account uses this e-mail yet: ask them to sign up, then add them.")
            )
        return email


class CampaignForm(forms.ModelForm):
    """A campaign's settings; framework, teams and confidentiality freeze as it goes on."""

    class Meta:
        model = Campaign
        fields = [
            "name",
            "framework",
            "teams",
            "opens_on",
            "closes_on",
            "language",
            "minimum_group_size",
            "comment_minimum",
            "team_rates_target",
        ]
        widgets = {
            "teams": forms.CheckboxSelectMultiple,
            "opens_on": DATE_INPUT,
            "closes_on": DATE_INPUT,
        }
        help_texts = {
            "minimum_group_size": _(
                "No group with fewer responses shows any score (5 or more is usual; never below 3)."
            ),
            "comment_minimum": _("Comments are shown only for groups with this many responses."),
            "teams": _("Every team that takes part, and those above them for roll-ups."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["teams"].queryset = organisation.teams.all()
        self.fields["teams"].label_from_instance = attrgetter("indented_name")
        self.fields["framework"].empty_label = None  # the first framework, preselected
        if self.instance.pk and self.instance.state != "draft":
            for name in ("framework", "teams"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once the campaign has opened.")
        if self.instance.pk and self.instance.confidentiality_locked:
            for name in Campaign.CONFIDENTIALITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Locked: responses are already in.")

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", _("The campaign must close on or after the day it opens."))
        minimum, comments = cleaned.get("minimum_group_size"), cleaned.get("comment_minimum")
        if minimum and comments is not None and comments < minimum:
            self.add_error(
                "comment_minimum", _("Comments need at least as many responses as scores do.")
            )
        return cleaned


class ParticipantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    rater_role = forms.ChoiceField(
        label=_("Role"), choices=RaterRole.choices, initial=RaterRole.TEAM
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["team"].queryset = campaign.teams.all()
        self.fields["team"].label_from_instance = attrgetter("indented_name")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if Invitation.objects.filter(campaign=self.campaign, email=email).exists():
            raise ValidationError(_("This person is already invited."))
        return email

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(data["email"], data["name"], data["team"], data["rater_role"])


class ParticipantsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Participants file (CSV)"),
        help_text=_("Columns: email, name, team, role. Nothing is imported if any line is wrong."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > PARTICIPANT_FILE_LIMIT:
            raise ValidationError(_("The file is larger than 2 MB."))
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                _("The file is not UTF-8 text: save it as “CSV UTF-8” and upload it again.")
            ) from None
