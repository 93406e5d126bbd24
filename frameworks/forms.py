import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FILE_LIMIT = 2 * 1024 * 1024


class FrameworkFileForm(forms.Form):
    file = forms.FileField(
        label=_("Framework file"),
        help_text=_("JSON in cxlab's framework format, up to 2 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/json,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > FILE_LIMIT:
            raise ValidationError(_("The file is larger than 2 MB."))
        try:
            return json.loads(upload.read().decode("utf-8"))
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ) from None
