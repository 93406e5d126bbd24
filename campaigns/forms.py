"""Forms HR uses to set up a campaign and its participants."""

from collections import Counter
from operator import attrgetter

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from campaigns.models import (
    PRACTICAL_CHANGE,
    REMIND_DAYS_BEFORE_CLOSE,
    Campaign,
    Invitation,
    RaterRole,
)
from campaigns.participants import (
    EMAIL_LENGTH,
    NAME_LENGTH,
    Participant,
    UnreadableFile,
    not_its_leader,
    outside_domains,
    read_table,
)
from cxlab.inputs import ModelMultipleChoiceIdField, validate_day
from frameworks.models import Framework
from organisations.models import Organisation, Team

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PARTICIPANT_FILE_LIMIT = 2 * 1024 * 1024  # about 20,000 lines


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
            "target_each_statement",
            "remind_days_before_close",
            "practical_change",
            "intro_en",
            "intro_it",
            "invitation_text",
            "reminder_text",
        ]
        field_classes = {"teams": ModelMultipleChoiceIdField}
        widgets = {
            "intro_en": forms.Textarea(attrs={"rows": 3}),
            "intro_it": forms.Textarea(attrs={"rows": 3}),
            "invitation_text": forms.Textarea(attrs={"rows": 3}),
            "reminder_text": forms.Textarea(attrs={"rows": 3}),
            "teams": forms.CheckboxSelectMultiple,
            "opens_on": DATE_INPUT,
            "closes_on": DATE_INPUT,
        }
        help_texts = {
            "minimum_group_size": _(
                "No group with fewer responses shows any score (5 or more is usual; never below 3)."
            ),
            "comment_minimum": _("Comments are shown only for groups with this many responses."),
            "practical_change": _(
                "Against the previous wave, a score that moved less than this (on the 1–5 "
                "scale) reads “no clear change”, however sure the move is."
            ),
            "teams": _("Every team that takes part, and those above them for roll-ups."),
        }

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation
        self.fields["teams"].queryset = organisation.teams.all()
        self.fields["teams"].label_from_instance = attrgetter("indented_name")
        self.fields["framework"].empty_label = None
        for name in ("opens_on", "closes_on"):  # reminders and waves are counted from them
            self.fields[name].validators.append(validate_day)
        if not self.instance.pk:
            self.fields["framework"].initial = Framework.objects.default()
        self.fields["practical_change"].required = False  # left empty: the usual 0.3
        self.fields["remind_days_before_close"].required = False  # left empty: the usual 3
        if self.instance.pk and self.instance.state != "draft":
            for name in ("framework", "teams", "target_each_statement"):
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
        previous = self.instance.previous_wave
        if opens_on and previous and opens_on <= previous.closes_on:
            self.add_error(
                "opens_on",
                _("A wave opens after the one before it closes, on %(date)s.")
                % {"date": date_format(previous.closes_on)},
            )
        for name, usual in (
            ("practical_change", PRACTICAL_CHANGE),
            ("remind_days_before_close", REMIND_DAYS_BEFORE_CLOSE),
        ):
            if cleaned.get(name) is None and name not in self.errors:
                cleaned[name] = usual
        minimum, comments = cleaned.get("minimum_group_size"), cleaned.get("comment_minimum")
        if minimum and comments is not None and comments < minimum:
            self.add_error(
                "comment_minimum", _("Comments need at least as many responses as scores do.")
            )
        return cleaned


class ParticipantForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), max_length=EMAIL_LENGTH)
    name = forms.CharField(label=_("Name"), max_length=NAME_LENGTH, required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=Team.objects.none())
    rater_role = forms.ChoiceField(
        label=_("Role"), choices=RaterRole.choices, initial=RaterRole.TEAM
    )

    def __init__(self, *args, campaign: Campaign, editing: Invitation | None = None, **kwargs):
        """``editing``: the invitation (not mailed yet) whose details these are."""
        if editing is not None:
            kwargs.setdefault("initial", {}).update(
                email=editing.email,
                name=editing.name,
                team=editing.team_id,
                rater_role=editing.rater_role,
            )
        super().__init__(*args, **kwargs)
        self.campaign, self.editing = campaign, editing
        self.fields["team"].queryset = campaign.teams.all()
        self.fields["team"].label_from_instance = attrgetter("indented_name")

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if not self.campaign.organisation.accepts_participant(email):
            raise ValidationError(outside_domains(email))
        others = Invitation.objects.filter(campaign=self.campaign, email=email)
        if self.editing is not None:
            others = others.exclude(pk=self.editing.pk)
        if others.exists():
            raise ValidationError(_("This person is already invited."))
        return email

    def clean(self):
        cleaned = super().clean()
        email, team = cleaned.get("email"), cleaned.get("team")
        as_leader = cleaned.get("rater_role") == RaterRole.SELF and email and team
        if as_leader and (team.pk, email) not in self.campaign.leaders():
            self.add_error("rater_role", not_its_leader(email, team.name))
        return cleaned

    def participant(self) -> Participant:
        data = self.cleaned_data
        return Participant(data["email"], data["name"], data["team"], data["rater_role"])


class ParticipantsFileForm(forms.Form):
    file = forms.FileField(
        label=_("Participants file (CSV or Excel)"),
        help_text=_(
            "Columns: email, name, team, role (or e-mail, nome, team, ruolo); CSV separated "
            "by commas or semicolons, or an Excel workbook. Nothing is imported if any line "
            "is wrong."
        ),
    )

    def clean_file(self) -> list[list[str]]:
        """The file's rows (see ``campaigns.participants.read_table``)."""
        upload = self.cleaned_data["file"]
        if upload.size > PARTICIPANT_FILE_LIMIT:
            raise ValidationError(_("The file is larger than 2 MB."))
        try:
            return read_table(upload.read())
        except UnreadableFile as unreadable:
            raise ValidationError(unreadable.message) from None


class RemindForm(forms.Form):
    """Whom to remind: the people of one team of the campaign, or, left empty, everyone."""

    team = forms.ModelChoiceField(
        queryset=Team.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose a team of this campaign to remind.")},
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = campaign.teams.all()


class ReportingGroupForm(forms.Form):
    """Sibling teams to report as one group; each team in one group at most."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        required=False,
        help_text=_("Left empty, the teams' names joined: “North + South”."),
    )
    teams = ModelMultipleChoiceIdField(
        label=_("Teams"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Two or more teams side by side under the same team, with none below them."),
    )

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        tree = dict(campaign.tree())
        self.parents = tree
        parents_of_some = set(tree.values())
        free = set(
            campaign.scope.filter(reporting_group__isnull=True).values_list("team", flat=True)
        )
        leaves = [team for team in free if team not in parents_of_some]
        # Only teams with a free sibling can be combined.
        siblings = Counter(tree[team] for team in leaves)
        self.fields["teams"].queryset = Team.objects.filter(
            pk__in=[team for team in leaves if siblings[tree[team]] > 1]
        )
        self.fields["teams"].label_from_instance = attrgetter("name")

    def clean_teams(self):
        teams = list(self.cleaned_data["teams"])
        if len(teams) < 2:
            raise ValidationError(_("Choose at least two teams."))
        if len({self.parents[team.pk] for team in teams}) > 1:
            raise ValidationError(_("The teams must sit side by side, under the same team."))
        return teams

    def clean(self):
        cleaned = super().clean()
        teams = cleaned.get("teams")
        if teams and not cleaned.get("name"):
            cleaned["name"] = " + ".join(sorted(team.name for team in teams))[:100]
        name = cleaned.get("name")
        if name and self.campaign.reporting_groups.filter(name=name).exists():
            self.add_error("name", _("Another reporting group has this name."))
        return cleaned
