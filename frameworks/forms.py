import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FILE_LIMIT = 2 * 1024 * 1024
NUMBER_DIGITS = 18  # more than any number of the format needs, and less than a database keeps


class NumberTooLarge(ValueError):
    pass


def whole_number(digits: str) -> int:
    """A whole number of the file, refused before Python spends time reading a huge one."""
    if len(digits.lstrip("-")) > NUMBER_DIGITS:
        raise NumberTooLarge
    return int(digits)


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
            return json.loads(upload.read().decode("utf-8"), parse_int=whole_number)
        except UnicodeDecodeError:
            raise ValidationError(_("The file is not UTF-8 text.")) from None
        except NumberTooLarge:
            raise ValidationError(_("The file holds a number too large to read.")) from None
        except RecursionError:  # the reader's own limit, far beyond the format's few levels
            raise ValidationError(_("The file nests lists or objects too deeply.")) from None
        except json.JSONDecodeError as error:
            raise ValidationError(
                _("The file is not valid JSON (line %(line)s, column %(column)s: %(message)s).")
                % {"line": error.lineno, "column": error.colno, "message": error.msg}
            ) from None
