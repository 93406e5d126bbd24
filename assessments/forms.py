from django import forms

from frameworks.models import Framework


class StartForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.all())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].initial = Framework.objects.default()
