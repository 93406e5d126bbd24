from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.models import ReflectionQuestion


class ReflectionForm(forms.Form):
    """A leader's answers to one component's reflection questions, one field per question."""

    def __init__(self, *args, questions: list[ReflectionQuestion], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.kind] = forms.CharField(
                label=question.text,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={
                    "max_length": _("Keep each answer under %(limit_value)d characters.")
                },
            )

    def answers(self) -> dict[ReflectionQuestion, str]:
        return {q: self.cleaned_data[q.kind].strip() for q in self.questions}
