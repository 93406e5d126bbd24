"""The audit trail: who changed what in an organisation's set-up, and when.

django-auditlog writes an entry each time one of the models registered with it is saved or
deleted, through the app or the Django admin (its middleware names the person); each app
registers its own models, with the fields kept, at the foot of its ``models.py``. Those are
the organisation, its branding, memberships, teams, campaigns and participants, and the
frameworks. Nothing a survey writes is among them: answers, drafts, sums, whether someone
answered, how their mail went. A participant is kept as their invitation's id, team and role,
their name and address masked, so erasing them later leaves nothing of theirs here.

Each entry carries its organisation's id in ``additional_data`` (the models'
``get_additional_data``), so an organisation's admins read their own entries only
(``entries``); a framework is everybody's, and its entries, with none, are for staff in the
Django admin. Rows written in bulk fire no signal: whoever writes them records one entry
for them all (``record``).
"""

import datetime
from dataclasses import dataclass

from auditlog.models import LogEntry
from django.core.exceptions import FieldDoesNotExist
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ORGANISATION = "organisation"  # the key of an entry's organisation in its additional_data
HIDDEN = "•••"  # what a masked field keeps of its value
VALUE_LENGTH = 120  # an opening message is shown by its start
# What an entry keeps of its actor once their account is deleted: that there was one.
DELETED_ACTOR = "deleted"


def hidden(value: str) -> str:
    """A masked value: whether there was one, never what it was (auditlog's mask_callable,
    given "None" for none)."""
    return HIDDEN if value not in ("", "None") else ""


def attributed(organisation_pk: int) -> dict:
    """The additional data of an entry about ``organisation_pk``'s set-up."""
    return {ORGANISATION: organisation_pk}


def record(target, changes: dict[str, list[str]]) -> LogEntry:
    """One entry, on ``target``, for a change no signal reports (rows written in bulk):
    ``changes`` maps what changed, an untranslated label (``gettext_noop``), to its old and
    new values; the person is the request's, as for any other entry."""
    return LogEntry.objects.log_create(target, action=LogEntry.Action.UPDATE, changes=changes)


def forget_actor(user) -> int:
    """Before an account is deleted: its entries keep what was done, not the address of who
    did it (django-auditlog copies it into each entry, beside the link it clears itself)."""
    return LogEntry.objects.filter(actor=user).update(actor_email=DELETED_ACTOR)


def entries(organisation) -> QuerySet:
    """The organisation's entries, the latest first."""
    return (
        LogEntry.objects.filter(**{f"additional_data__{ORGANISATION}": organisation.pk})
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )


ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("added"),
    LogEntry.Action.UPDATE: gettext_lazy("changed"),
    LogEntry.Action.DELETE: gettext_lazy("deleted"),
}


@dataclass(frozen=True)
class Line:
    """An entry as the activity page lists it."""

    entry: LogEntry
    kind: str  # "Team", "Campaign"...
    name: str  # the object's name when the entry was made ("" where it has none)
    action: str
    changes: list["Change"]


def lines(found) -> list[Line]:
    """The entries ``found`` (a page of ``entries``), each described without a query."""
    described = []
    for entry in found:
        model = entry.content_type.model_class()
        kind = capfirst(model._meta.verbose_name) if model else entry.content_type.model
        name = entry.object_repr
        if model is not None and name == f"{model.__name__} object ({entry.object_pk})":
            name = ""  # Django's stand-in for a model that names nothing
        action = str(ACTIONS.get(entry.action, ""))
        described.append(Line(entry, kind, name, action, changes(entry)))
    return described


@dataclass(frozen=True)
class Change:
    what: str  # the field, relation or bulk change, as people read it
    text: str  # "North → South", or the value added or deleted


# Names for the fields recorded that their models leave unnamed.
LABELS = {
    "team": gettext_lazy("team"),
    "rater_role": gettext_lazy("role in the survey"),
    "parent": gettext_lazy("part of"),
    "leaders": gettext_lazy("leaders"),
    "user": gettext_lazy("person"),
    "role": gettext_lazy("role"),
    "framework": gettext_lazy("framework"),
    "state": gettext_lazy("state"),
    "teams": gettext_lazy("teams"),
    "content_type": gettext_lazy("logo's file type"),
    "updated_at": gettext_lazy("logo uploaded"),
}


def changes(entry: LogEntry) -> list[Change]:
    """What the entry changed, one line per field: its label and its old and new values
    as people read them (choices by their label, dates in the reader's format); a
    participant's name or address only as "not kept"."""
    model = entry.content_type.model_class()
    found = []
    for name, values in sorted((entry.changes or {}).items()):
        field = field_of(model, name)
        # A change in bulk is labelled with gettext_noop; a field, by its name.
        what = _(name) if field is None else str(LABELS.get(name, field.verbose_name))
        if isinstance(values, dict):  # a relation's rows added or taken away
            sign = "+" if values.get("operation") == "add" else "−"
            found.append(Change(what, f"{sign} {', '.join(values.get('objects', []))}"))
            continue
        old, new = (readable(field, value) for value in values)
        if HIDDEN in (old, new):
            text = _("not kept")
        elif entry.action == LogEntry.Action.CREATE or (field is None and not old):
            text = new  # what was added, or a change in bulk ("North: 12")
        elif entry.action == LogEntry.Action.DELETE:
            text = old
        else:
            text = f"{old or '—'} → {new or '—'}"
        if text:  # an empty field, added or deleted, is no change to read
            found.append(Change(what, text))
    return found


def field_of(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def readable(field, value) -> str:
    """A value as auditlog keeps it (a string; "None" for none) as people read it."""
    if value in (None, "None"):
        return ""
    value = Truncator(str(value)).chars(VALUE_LENGTH)
    choices = dict(getattr(field, "choices", None) or ())
    if value in choices:
        return str(choices[value])
    kind = field.get_internal_type() if field is not None and not field.is_relation else ""
    if kind == "DateTimeField" and (moment := parse_datetime(value)):
        if timezone.is_naive(moment):  # auditlog keeps them in UTC, without the zone
            moment = moment.replace(tzinfo=datetime.UTC)
        return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
    if kind == "DateField" and (day := parse_date(value)):
        return formats.date_format(day, "SHORT_DATE_FORMAT")
    if kind == "BooleanField":
        return _("yes") if value == "True" else _("no")
    return value
