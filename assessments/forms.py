from django import forms
from django.utils.translation import gettext_lazy as _

from frameworks.models import Framework


class StartForm(forms.Form):
    QUICK, DETAILED = "quick", "detailed"

    framework = forms.ModelChoiceField(queryset=Framework.objects.all())
    detail = forms.ChoiceField(
        label=_("How detailed"),
        choices=[
            (QUICK, _("Quick: a target once per component")),
            (DETAILED, _("Detailed: a target for every statement")),
        ],
        initial=QUICK,
        required=False,  # left out: quick
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].initial = Framework.objects.default()
