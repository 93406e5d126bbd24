from django import forms
from django.utils.translation import gettext_lazy as _

from assessments.models import RATING_SCALE
from frameworks.models import Framework, Statement

NOT_APPLICABLE = "na"
RATING_CHOICES = [(str(value), label) for value, label in RATING_SCALE] + [
    (NOT_APPLICABLE, _("Not applicable"))
]
STATE_LABELS = {"current": _("Now"), "target": _("Target")}


class StartForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.all())


class ComponentStepForm(forms.Form):
    """One component's statements, each rated for current and target state, and a note.

    Fields are named ``<statement id>-<state>``; a value outside the scale, a missing
    rating or a field for another component's statement never reaches ``ratings()``.
    """

    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Anything you want to remember about this component when you read your report."
        ),
    )

    def __init__(self, *args, statements: list[Statement], rates_target: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.statements = statements
        self.states = [state for state in STATE_LABELS if rates_target or state == "current"]
        for statement in statements:
            for state in self.states:
                label = STATE_LABELS[state]
                self.fields[self.field_name(statement, state)] = forms.ChoiceField(
                    label=label,
                    choices=RATING_CHOICES,
                    widget=forms.RadioSelect,
                    error_messages={
                        "required": _("Choose a rating, or “not applicable”."),
                        "invalid_choice": _("Choose a rating from 1 to 5, or “not applicable”."),
                    },
                )

    @staticmethod
    def field_name(statement: Statement, state: str) -> str:
        return f"{statement.pk}-{state}"

    @staticmethod
    def initial_for(ratings: dict[int, tuple[int | None, int | None]]) -> dict[str, str]:
        """Form initial values from saved ratings: statement id -> (current, target)."""
        initial = {}
        for statement, values in ratings.items():
            for state, value in zip(STATE_LABELS, values, strict=True):
                initial[f"{statement}-{state}"] = NOT_APPLICABLE if value is None else str(value)
        return initial

    def rows(self):
        """(statement, current field, target field or None) for the template."""
        return [
            (
                statement,
                self[self.field_name(statement, "current")],
                self[self.field_name(statement, "target")] if "target" in self.states else None,
            )
            for statement in self.statements
        ]

    def ratings(self) -> dict[int, tuple[int | None, int | None]]:
        def value(statement, state):
            choice = self.cleaned_data.get(self.field_name(statement, state), NOT_APPLICABLE)
            return None if choice == NOT_APPLICABLE else int(choice)

        return {s.pk: (value(s, "current"), value(s, "target")) for s in self.statements}
