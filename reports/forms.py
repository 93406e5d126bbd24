from django import forms
from django.utils.translation import gettext_lazy as _

from cxlab.inputs import storable
from frameworks.models import ReflectionQuestion

FIELD_LIMIT = 4000


class ReflectionForm(forms.Form):
    """A leader's answers to one component's reflection questions, one field per question."""

    def __init__(self, *args, questions: list[ReflectionQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.kind] = forms.CharField(
                label=question.text,
                required=False,
                max_length=FIELD_LIMIT,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _("Keep each answer under %(limit_value)d characters.")
                },
            )

    def answers(self) -> dict[ReflectionQuestion, str]:
        return {q: self.cleaned_data[q.kind].strip() for q in self.questions}

    def given(self) -> dict[ReflectionQuestion, str]:
        """The answers this request gives, cut to their length: what is saved as it is
        typed, one answer at a time, leaving the others as they are (and one no database
        keeps, with a NUL, as it was)."""
        given = {}
        for question in self.questions:
            text = self.data.get(self.add_prefix(question.kind))
            if text is not None and storable(text):
                given[question] = text[:FIELD_LIMIT].strip()
        return given
