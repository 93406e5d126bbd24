from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy

from actions.models import Action, ActionStatus

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = [
            "component",
            "title",
            "motivation",
            "benefits",
            "obstacles",
            "owner",
            "due_on",
            "success_measure",
            "kind",
            "status",
        ]
        widgets = {
            "due_on": DATE_INPUT,
            "motivation": forms.Textarea(attrs={"rows": 2}),
            "benefits": forms.Textarea(attrs={"rows": 2}),
            "obstacles": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "title": gettext_lazy("The proposal: one concrete change, in a sentence."),
            "obstacles": gettext_lazy("What could get in the way, and how you will handle it."),
            "due_on": gettext_lazy(
                "The roadmap places the action by it: in the next 30, 60 or 90 days, or later."
            ),
        }

    def clean(self):
        """An action still to do is due today or later, when its date is set or changed; one
        done or dropped may record its date, and one already overdue keeps its own."""
        cleaned = super().clean()
        due_on, status = cleaned.get("due_on"), cleaned.get("status")
        ahead = status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)
        if ahead and due_on and "due_on" in self.changed_data and due_on < timezone.localdate():
            self.add_error("due_on", gettext_lazy("Choose today or a day ahead."))
        return cleaned

    def __init__(self, *args, components, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["component"].queryset = components
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = lambda user: user.name_and_email
        if owners.count() == 1:  # a leader's own plan: they own it
            self.fields["owner"].initial = owners.get()
            self.fields["owner"].widget = forms.HiddenInput()
