"""A framework rated step by step, one component a step, then a review: the shape shared
by a leader's self-assessment and a respondent's survey."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import groupby

from django import forms
from django.forms.boundfield import BoundField
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cxlab.inputs import storable
from frameworks.models import Component, Framework, Statement
from frameworks.scale import RATING_SCALE, STATES, State

# The components of each framework version a survey has shown, with their statements, by
# (pk, slug, version). A version in use by a campaign or a self-assessment is never changed
# (an edited file becomes a new version: frameworks/files.py), so every survey page of a
# process can share them instead of reading them again: two queries less a page. The texts
# are read in the page's language when it is drawn, so one entry serves every language.
_components: dict[tuple[int, str, int], list[Component]] = {}
MOST_FRAMEWORKS = 100  # versions kept at once: far more than any installation uses


def framework_components(framework: Framework) -> list[Component]:
    """The components of a framework version in use, in order, with their statements."""
    key = (framework.pk, framework.slug, framework.version)
    components = _components.get(key)
    if components is None:
        if len(_components) >= MOST_FRAMEWORKS:
            _components.clear()
        components = list(framework.components.prefetch_related("statements"))
        _components[key] = components
    return list(components)


@dataclass(frozen=True)
class Step:
    label: str
    url: str
    done: bool
    current: bool


def progress(
    components: Sequence[Component],
    done: set[int],
    current: Component | None,
    url_for: Callable[[Component], str],
    review_url: str,
) -> dict:
    """Context for ``partials/progress.html``: one step per component, then the review."""
    steps = [Step(c.name, url_for(c), c.pk in done, c == current) for c in components]
    steps.append(Step(_("Review"), review_url, False, current is None))
    number = next(i for i, step in enumerate(steps, 1) if step.current)
    return {
        "steps": steps,
        "step_number": number,
        "step_count": len(steps),
        "progress_percent": round(100 * (number - 1) / len(steps)),
    }


@dataclass(frozen=True)
class ReviewRow:
    component: Component
    statements: list  # (statement, rating or None); a rating has .current and .target
    note: str
    edit_url: str

    @property
    def complete(self) -> bool:
        return all(rating is not None for _statement, rating in self.statements)

    @property
    def target(self) -> int | None:
        """The component's target, where it is asked once: each rated statement has it."""
        return next((r.target for _statement, r in self.statements if r is not None), None)


def review_rows(
    components: Sequence[Component],
    ratings: Mapping[int, object],
    notes: Mapping[int, str],
    url_for: Callable[[Component], str],
) -> list[ReviewRow]:
    """What the review page lists: each component's statements with their ratings so far."""
    return [
        ReviewRow(
            c,
            [(s, ratings.get(s.pk)) for s in c.statements.all()],
            notes.get(c.pk, ""),
            url_for(c),
        )
        for c in components
    ]


NOT_APPLICABLE = "na"
# What a step's buttons ask for: "autosave" comes from the page's script, one answer at a
# time; the others from the buttons, which save what the step holds, complete or not.
AUTOSAVE, BACK, SAVE_AND_EXIT = "autosave", "back", "save_and_exit"


def step_action(data: Mapping[str, str]) -> str:
    return next((a for a in (AUTOSAVE, BACK, SAVE_AND_EXIT) if a in data), "save_and_continue")


@dataclass(frozen=True)
class Answers:
    """A step's answers after a save: the statements now rated in every state asked for
    (statement id -> (current, target), None for "not applicable" or not asked), and the
    answers of those still half rated, of every step ({field name: value})."""

    complete: dict[int, tuple[int | None, int | None]]
    pending: dict[str, str]


def merge_answers(
    statements: Sequence[Statement],
    states: Sequence[str],
    saved: Mapping[int, tuple[int | None, int | None]],
    pending: Mapping[str, str],
    given: Mapping[str, str],
) -> Answers:
    """What a step holds once ``given`` answers ({field name: value}) are added to those
    ``saved`` (complete statements) and ``pending`` (half-rated ones, of any step): the
    latest answer to each field wins, and answers to other fields are kept, so two tabs on
    one step lose nothing either gave. The pending answers of other steps stay as they are."""

    def written(value: int | None) -> str:
        return NOT_APPLICABLE if value is None else str(value)

    own = {f"{statement.pk}-{state}" for statement in statements for state in STATES}
    complete = {}
    waiting = {name: value for name, value in pending.items() if name not in own}
    for statement in statements:
        values = {}
        for index, state in enumerate(STATES):
            name = f"{statement.pk}-{state}"
            if name in given:
                values[state] = given[name]
            elif name in pending:
                values[state] = pending[name]
            elif statement.pk in saved and state in states:
                values[state] = written(saved[statement.pk][index])
        if all(state in values for state in states):
            complete[statement.pk] = tuple(
                None if values.get(state, NOT_APPLICABLE) == NOT_APPLICABLE else int(values[state])
                for state in STATES
            )
        else:
            waiting |= {f"{statement.pk}-{state}": value for state, value in values.items()}
    return Answers(complete, waiting)


RATING_CHOICES = [(str(value), label) for value, label in RATING_SCALE] + [
    (NOT_APPLICABLE, gettext_lazy("Not applicable"))
]
STATE_LABELS = dict(State.choices)


RATING_REQUIRED = gettext_lazy("Choose a rating, or “not applicable”.")

# A rating's group of buttons, written here rather than by a template: a step has up to
# 120 buttons, the short survey's page over 600, and a template's include and loop for each
# were most of a page's time. The markup is what ``partials/statements.html`` and
# ``partials/component_target.html`` included before, character for character.
GROUP = (
    '\n<fieldset class="rating-group">\n  <legend class="fs-6 fw-semibold mb-1{hidden}">'
    '{label}</legend>\n  <div class="btn-group flex-wrap" role="presentation">\n    {buttons}'
    "\n  </div>\n  {errors}\n</fieldset>\n"
)
BUTTON = (
    '\n      <input type="radio" class="btn-check" name="{name}" id="{id}" value="{value}"'
    '{checked} required>\n      <label class="btn btn-outline-{colour}" for="{id}" '
    'title="{label}">\n        {shown}<span class="scale-word"><span class="visually-hidden">'
    " — </span>{label}</span>\n      </label>\n    "
)
ERROR = '<div class="text-danger small mt-1">{}</div>'
_button_labels: dict[str, list[tuple[str, str, str, str]]] = {}
_buttons_written: dict[str, dict[str, str]] = {}


def button_labels() -> list[tuple[str, str, str, str]]:
    """(value, colour, shown, label) of each button, escaped, in the active language: the
    same for every field, worked out once per language."""
    language = get_language() or ""
    if language not in _button_labels:
        _button_labels[language] = [
            (
                escape(value),
                "secondary" if value == NOT_APPLICABLE else "primary",
                escape(_("N/A") if value == NOT_APPLICABLE else value),
                escape(str(label)),
            )
            for value, label in RATING_CHOICES
        ]
    return _button_labels[language]


def buttons_written() -> dict[str, str]:
    """A field's buttons as a format of its name and id, in the active language, by the
    value checked ("" for none). Worked out once per language, so that a field's buttons
    are one ``format``, not one for each button."""
    language = get_language() or ""
    if language not in _buttons_written:
        labels = button_labels()

        def written(checked: str) -> str:
            return "".join(
                BUTTON.format(
                    name="{name}",
                    id=f"{{id}}_{index}",
                    value=braces(value),
                    checked=" checked" if value == checked else "",
                    colour=colour,
                    shown=braces(shown),
                    label=braces(label),
                )
                for index, (value, colour, shown, label) in enumerate(labels)
            )

        values = ["", *(value for value, *_rest in labels)]
        _buttons_written[language] = {value: written(value) for value in values}
    return _buttons_written[language]


def braces(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class RatingBoundField(BoundField):
    def group(self, hide_legend: bool = False) -> SafeString:
        """The field's buttons in their fieldset, the one of its value checked, and its
        errors; ``hide_legend`` where the page says once what is rated."""
        given = self.value()
        written = buttons_written()
        chosen = "" if given is None else str(given)
        buttons = written.get(chosen, written[""]).format(
            name=escape(self.html_name), id=escape(self.auto_id) if self.auto_id else "None"
        )
        return mark_safe(
            GROUP.format(
                hidden=" visually-hidden" if hide_legend else "",
                label=escape(str(self.label)),
                buttons=buttons,
                errors="".join(ERROR.format(escape(str(error))) for error in self.errors),
            )
        )


def rating_field(label, required=RATING_REQUIRED):
    return forms.ChoiceField(
        label=label,
        choices=RATING_CHOICES,
        widget=forms.RadioSelect,
        bound_field_class=RatingBoundField,
        error_messages={
            "required": required,
            "invalid_choice": gettext_lazy("Choose a rating from 1 to 5, or “not applicable”."),
        },
    )


# One field of each kind, shared by every form: a rating field keeps nothing of a form's or
# of a request's (its label and messages are translated when shown), and making 18 fields a
# step, or 58 for the short survey's page, at each request was a good part of its time.
RATING_FIELDS = {
    "current": rating_field(STATE_LABELS["current"]),
    "target": rating_field(STATE_LABELS["target"]),
    "component target": rating_field(
        STATE_LABELS["target"], gettext_lazy("Choose a target, or “not applicable”.")
    ),
}


class ComponentStepForm(forms.Form):
    """One component's statements, each rated for current and target state, and a note.

    Fields are named ``<statement id>-<state>``; a value outside the scale, a missing
    rating or a field for another component's statement is never saved.
    With ``target_per_component``, the target is asked once, in a field named ``target``,
    and becomes the target of each of the component's statements: every figure of target
    and gap is then read as with a target per statement, and a statement's gap is the
    component's target less the statement's now.
    """

    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Anything you want to remember about this component when you read your report."
        ),
    )

    def __init__(
        self,
        *args,
        statements: list[Statement],
        rates_target: bool = True,
        target_per_component: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.statements = statements
        self.states = [state for state in STATE_LABELS if rates_target or state == "current"]
        self.component_target = rates_target and target_per_component
        asked = [
            state for state in self.states if not (self.component_target and state == "target")
        ]
        for statement in statements:
            for state in asked:
                self.fields[self.field_name(statement, state)] = RATING_FIELDS[state]
        if self.component_target:
            self.fields["target"] = RATING_FIELDS["component target"]
            # Saved as each statement's target: the first one found is the component's.
            given = (self.initial.get(self.field_name(s, "target")) for s in statements)
            self.initial.setdefault("target", next((v for v in given if v), None))

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
        """(statement, its rating of now, its target's or None) for the template, each
        rating its group of buttons; the legend "now" is left unseen where the statement
        asks only for now."""
        per_statement = "target" in self.states and not self.component_target
        return [
            (
                statement,
                self[self.field_name(statement, "current")].group(hide_legend=not per_statement),
                self[self.field_name(statement, "target")].group() if per_statement else None,
            )
            for statement in self.statements
        ]

    def perspectives(self) -> list[tuple[str, list]]:
        """The ``rows`` grouped by their statements' perspective, in order: (its name, its
        rows)."""
        return [
            (rows[0][0].get_perspective_display(), rows)
            for _perspective, group in groupby(self.rows(), key=lambda row: row[0].perspective)
            for rows in [list(group)]
        ]

    def target_group(self) -> SafeString:
        """The component's target, where it is asked once: its group of buttons."""
        return self["target"].group(hide_legend=True)

    def answers(self) -> dict[str, str]:
        """The answers this request gives, valid or not the rest: {field name: "1".."5" or
        "na"}, a component's target given as each of its statements'. What a step keeps
        when it is left half done, or saves as each answer is given; a value outside the
        scale, or a field of another component, is dropped."""
        valid = {str(value) for value, _label in RATING_SCALE} | {NOT_APPLICABLE}
        given = {
            name: self.data[self.add_prefix(name)]
            for name in self.fields
            if name != "note" and self.data.get(self.add_prefix(name)) in valid
        }
        if "target" in given:
            target = given.pop("target")
            given |= {self.field_name(s, "target"): target for s in self.statements}
        return given

    def given_note(self) -> str | None:
        """The note this request gives, cut to its length; None when it gives none, or
        gives text no database keeps (a NUL: the form's check refuses it)."""
        name = self.add_prefix("note")
        if "note" not in self.fields or name not in self.data or not storable(self.data[name]):
            return None
        return self.data[name][: self.fields["note"].max_length]

    @staticmethod
    def initial_with(saved: dict, pending: Mapping[str, str]) -> dict[str, str]:
        """Form initial values from the statements saved complete and the answers pending."""
        return ComponentStepForm.initial_for(saved) | dict(pending)
