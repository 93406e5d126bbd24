from django import forms

from frameworks.models import Framework


class StartForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=Framework.objects.all())
