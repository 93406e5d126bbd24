"""Forms HR uses to set up an organisation: its name, branding, teams and members."""

import re
from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

from accounts.models import User
from cxlab.inputs import ModelMultipleChoiceIdField
from organisations.models import Logo, Organisation, Role, Team

LOGO_LIMIT = 1024 * 1024
LOGO_SIDE_LIMIT = 4000
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
# How many levels the team hierarchy may have (division > department > team is three);
# a team's path, which spells out every level, has room for 45.
MAX_TEAM_DEPTH = 10


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
        fields = ["colour", "report_title", "report_footer", "mail_sender"]
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
        field_classes = {"leaders": ModelMultipleChoiceIdField}
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
        self.fields["leaders"].label_from_instance = lambda user: user.name_and_email

    def clean_parent(self):
        """The parent, if the team and every team below it still fit the hierarchy there."""
        parent = self.cleaned_data["parent"]
        below = 0  # how many levels of teams hang below this one
        if self.instance.pk:
            paths = Team.objects.filter(path__startswith=self.instance.path)
            below = max(path.count("/") for path in paths.values_list("path", flat=True))
            below -= self.instance.path.count("/")
        levels = (parent.depth + 1 if parent else 0) + 1 + below
        if levels > MAX_TEAM_DEPTH:
            raise ValidationError(
                _("Teams go at most %(levels)s levels deep: choose a team higher up.")
                % {"levels": MAX_TEAM_DEPTH}
            )
        return parent

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


class ParticipantDomainsForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["participant_domains"]

    def clean_participant_domains(self):
        domains = [d.strip().lower() for d in self.cleaned_data["participant_domains"].split(",")]
        domains = [d for d in domains if d]
        wrong = [d for d in domains if not DOMAIN.fullmatch(d)]
        if wrong:
            raise ValidationError(
                _("“%(domain)s” is not a domain such as acme.com.") % {"domain": wrong[0]}
            )
        return ", ".join(domains)


class RetentionForm(forms.ModelForm):
    """How long a closed campaign keeps its participants' names and addresses."""

    class Meta:
        model = Organisation
        fields = ["participant_retention_days"]


class MemberForm(forms.Form):
    """A colleague to invite: their address, with or without a cxlab account yet."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def clean_email(self):
        return self.cleaned_data["email"].lower()
