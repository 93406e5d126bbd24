"""Checks on what people type, upload or put in an address, made where it comes in (forms,
file readers, URL converters) rather than left to the database: text it cannot keep, days
the calendar cannot count from, ids too large for its integers.

Django's form fields already refuse a NUL in typed text; these cover the rest: files, JSON,
text read outside a form field, dates near the ends of the calendar and ids in URLs.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext as _

# The days a campaign or a plan may name: far enough from either end of the calendar that
# no reminder, wave or roadmap counted from them runs off it.
FIRST_DAY = datetime.date(2000, 1, 1)
LAST_DAY = datetime.date(2099, 12, 31)
LARGEST_ID = 2**63 - 1  # the largest value of a 64-bit signed integer column


def storable(text: str) -> bool:
    """Whether ``text`` can be stored and sent: no NUL (PostgreSQL keeps none) and no lone
    surrogate (UTF-8 cannot encode one; a JSON "\\ud800" escape gives one)."""
    if "\0" in text:
        return False
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def storable_part(text: str) -> str:
    """``text`` without the characters no database keeps: for a search, say, where they
    could match nothing anyway."""
    return text if storable(text) else "".join(c for c in text if storable(c))


def shown(text: str) -> str:
    """``text`` safe to put in a page or a message: a NUL or a lone surrogate written as its
    escape ("\\x00", "\\ud800")."""
    if storable(text):
        return text
    return "".join(c if storable(c) else c.encode("unicode_escape").decode() for c in text)


def validate_day(day: datetime.date) -> None:
    """A date field's validator: a day from ``FIRST_DAY`` to ``LAST_DAY``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValidationError(
            _("Choose a day between %(first)s and %(last)s.")
            % {"first": date_format(FIRST_DAY), "last": date_format(LAST_DAY)},
            code="day_out_of_range",
        )


class ModelMultipleChoiceIdField(forms.ModelMultipleChoiceField):
    """A choice of several rows by id, an id larger than any the database keeps refused as
    no choice: Django checks each id alone, then asks for all of them at once, and SQLite's
    driver cannot even send such a number."""

    def clean(self, value):
        for pk in value if isinstance(value, list | tuple) else []:
            try:
                too_large = abs(int(str(pk).strip())) > LARGEST_ID
            except ValueError:
                continue  # not a number at all: Django's own check says so
            if too_large:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super().clean(value)


class IdConverter:
    """A URL's id: digits that fit a 64-bit signed integer, so that an id larger than any
    database keeps is no address at all (a 404), not a query that overflows."""

    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > LARGEST_ID:
            raise ValueError("Larger than any id.")
        return number

    def to_url(self, value) -> str:
        return str(value)
