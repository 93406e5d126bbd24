"""Reading a participants file: every line checked, every problem reported with its line.

The file is what HR has: CSV separated by commas, semicolons (Italian Excel's default) or
tabs, in UTF-8 or Windows-1252, or an Excel workbook; its columns and roles in English or
Italian. A file with any problem imports nothing, so HR fixes it and uploads it again.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext as _

REQUIRED_COLUMNS = ("email", "name", "team", "role")
# Each column's names, in English and Italian, compared without case or spaces.
COLUMN_NAMES = {
    "email": ("email", "e-mail", "mail", "indirizzo email", "indirizzo e-mail", "posta"),
    "name": ("name", "nome", "nome e cognome", "nominativo"),
    "team": ("team", "gruppo", "squadra", "unità", "unita"),
    "role": ("role", "ruolo"),
}
COLUMNS = {name: column for column, names in COLUMN_NAMES.items() for name in names}
ROLES = {
    "team": "team",
    "member": "team",
    "membro": "team",
    "componente": "team",
    "collaboratore": "team",
    "collaboratrice": "team",
    "self": "self",
    "leader": "self",
    "responsabile": "self",
}
DELIMITERS = ",;\t"
LINE_END = re.compile(r"\r\n?|\n")  # Windows, old Mac or Unix: what the csv module reads
# The longest a participant's e-mail, name and team name can be: what the database keeps.
EMAIL_LENGTH, NAME_LENGTH, TEAM_NAME_LENGTH = 254, 200, 200


class UnreadableFile(ValueError):
    """A file that is neither CSV text nor an Excel workbook, or that the CSV reader cannot
    read; ``message`` says which, for HR."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message or _(
            "The file is neither CSV text nor an Excel workbook: save it as CSV or XLSX."
        )


def read_table(content: bytes) -> list[list[str]]:
    """A participants file's rows, as lists of cells: the first sheet of an Excel workbook,
    or CSV text in UTF-8 (with or without its byte-order mark) or else Windows-1252, its
    separator found from its first line."""
    if zipfile.is_zipfile(io.BytesIO(content)):
        return read_workbook(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise UnreadableFile from None
    if "\0" in text:  # no text holds one: a binary file
        raise UnreadableFile
    first = LINE_END.split(text, maxsplit=1)[0]
    delimiter = max(DELIMITERS, key=first.count)
    # newline="": the reader itself ends lines at \r\n, \r or \n, quoted line breaks kept.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, line = [], 1  # the line the next row starts on
    try:
        for row in reader:
            if any(row):
                rows.append(row)
            line = reader.line_num + 1
    except csv.Error:  # a cell past the reader's limit: a quote left open, or no such file
        limit = number_format(csv.field_size_limit(), force_grouping=True)
        raise UnreadableFile(
            _(
                "Line %(line)s has a cell longer than %(limit)s characters: is this a "
                "participants file?"
            )
            % {"line": line, "limit": limit}
        ) from None
    return rows


def read_workbook(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # a zip that is not a workbook: openpyxl has no one error type
        raise UnreadableFile from error
    rows = (
        ["" if cell is None else str(cell).strip() for cell in row]
        for row in sheet.iter_rows(values_only=True)
    )
    return [row for row in rows if any(row)]


@dataclass(frozen=True)
class Participant:
    email: str
    name: str
    team: object  # the Team, as given in ``teams``
    rater_role: str


def outside_domains(email: str) -> str:
    return _("%(email)s is not at one of the organisation's e-mail domains (see its page).") % {
        "email": email
    }


def not_its_leader(email: str, team: str) -> str:
    return _(
        "%(email)s is not a leader of “%(team)s”: make them its leader on the organisation's "
        "page first, or invite them as a member."
    ) % {"email": email, "team": team}


@dataclass(frozen=True)
class LineError:
    line: int
    message: str
    team: str = ""  # a team the line names that the campaign does not have


def team_lookup(teams, names: dict[int, str]) -> dict[str, object]:
    """Each team by its full path ("Acme > Sales > North") and by any shorter end of it
    ("Sales > North", "North"); an end that several teams share maps to None."""
    lookup: dict[str, object] = {}
    ends: dict[str, list] = {}
    for team in teams:
        parts = normalise(team.label(names)).split(">")
        lookup[">".join(parts)] = team
        for start in range(1, len(parts)):
            ends.setdefault(">".join(parts[start:]), []).append(team)
    for end, matches in ends.items():
        lookup.setdefault(end, matches[0] if len(matches) == 1 else None)
    return lookup


PROGRESS_EVERY = 1000


def path_parts(label: str) -> list[str]:
    """The teams a label names, from the top: "Acme > Sales" is Acme, then Sales."""
    return [part.strip() for part in label.split(">") if part.strip()]


def normalise(label: str) -> str:
    """Case and spacing do not matter: "acme>sales > North" finds "Acme > Sales > North"."""
    return ">".join(part.strip() for part in label.casefold().split(">"))


def parse_participants(
    table: list[list[str]],
    teams,
    names: dict[int, str],
    already_invited: set[str],
    leaders: set[tuple[int, str]],
    accepts,
    progress=lambda lines: None,
) -> tuple[list[Participant], list[LineError]]:
    """Participants from a file's rows (``read_table``), the first naming the columns
    email, name, team and role (or their Italian names).

    ``teams`` are the campaign's teams, ``names`` every team name of the organisation by
    id (to spell out paths), ``already_invited`` the e-mails the campaign already has, and
    ``leaders`` the (team id, e-mail) of each team's leaders: only they rate as its leader;
    ``accepts`` says whether an address is at one of the organisation's domains;
    ``progress`` is told how many lines have been read, every thousand.
    """
    header, *lines = table or [[]]
    columns = [COLUMNS.get(" ".join(c.split()).casefold(), c) for c in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            LineError(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    lookup = team_lookup(teams, names)
    participants, errors, seen = [], [], {}
    for line, cells in enumerate(lines, start=2):
        if line % PROGRESS_EVERY == 0:
            progress(line - 1)
        row = dict(zip(columns, cells, strict=False))
        email = row.get("email", "").strip().lower()
        name = row.get("name", "").strip()
        team_label = row.get("team", "").strip()
        role = row.get("role", "").strip().casefold()
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            message = _("“%(email)s” is not an e-mail address.") % {"email": email}
            problems.append(LineError(line, message))
        else:
            if len(email) > EMAIL_LENGTH:
                message = _("“%(email)s” is longer than %(length)s characters.") % {
                    "email": email,
                    "length": EMAIL_LENGTH,
                }
                problems.append(LineError(line, message))
            elif not accepts(email):
                problems.append(LineError(line, outside_domains(email)))
            elif email in already_invited:
                message = _("%(email)s is already invited.") % {"email": email}
                problems.append(LineError(line, message))
            elif email in seen:
                message = _("%(email)s is also on line %(line)d.") % {
                    "email": email,
                    "line": seen[email],
                }
                problems.append(LineError(line, message))
        if len(name) > NAME_LENGTH:
            message = _("The name is longer than %(length)s characters.") % {"length": NAME_LENGTH}
            problems.append(LineError(line, message))
        team = lookup.get(normalise(team_label))
        if team is None and any(len(part) > TEAM_NAME_LENGTH for part in path_parts(team_label)):
            message = _("A team's name is longer than %(length)s characters.") % {
                "length": TEAM_NAME_LENGTH
            }
            problems.append(LineError(line, message))
        elif team is None:
            message = _(
                "No team “%(team)s” in this campaign (write the full path if names repeat)."
            ) % {"team": team_label}
            ambiguous = normalise(team_label) in lookup
            new = team_label if team_label and not ambiguous else ""
            problems.append(LineError(line, message, new))
        if role not in ROLES:
            message = _("Role “%(role)s” is neither “member” nor “leader”.") % {
                "role": row.get("role", "")
            }
            problems.append(LineError(line, message))
        elif team is not None and ROLES[role] == "self" and (team.pk, email) not in leaders:
            problems.append(LineError(line, not_its_leader(email, team.name)))
        errors.extend(problems)
        if not problems:
            seen[email] = line
            participants.append(Participant(email, name, team, ROLES[role]))
    if not participants and not errors:
        errors.append(LineError(1, _("The file has no participants.")))
    return (participants if not errors else []), errors
