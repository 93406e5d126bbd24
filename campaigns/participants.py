"""Reading a participants file: every line checked, every problem reported with its line.

A file with any problem imports nothing, so HR fixes it and uploads it again.
"""

import csv
import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

REQUIRED_COLUMNS = ("email", "name", "team", "role")
ROLES = {
    "team": "team",
    "member": "team",
    "membro": "team",
    "self": "self",
    "leader": "self",
}


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


def team_lookup(teams, names: dict[int, str]) -> dict[str, object]:
    """Each team by its full path ("Acme > Sales > North") and, where unique, by its name."""
    lookup: dict[str, object] = {}
    by_name: dict[str, list] = {}
    for team in teams:
        lookup[normalise(team.label(names))] = team
        by_name.setdefault(normalise(team.name), []).append(team)
    for name, matches in by_name.items():
        if len(matches) == 1:
            lookup.setdefault(name, matches[0])
    return lookup


def normalise(label: str) -> str:
    """Case and spacing do not matter: "acme>sales > North" finds "Acme > Sales > North"."""
    return ">".join(part.strip() for part in label.casefold().split(">"))


def parse_participants(
    text: str,
    teams,
    names: dict[int, str],
    already_invited: set[str],
    leaders: set[tuple[int, str]],
    accepts,
) -> tuple[list[Participant], list[LineError]]:
    """Participants from CSV text with the columns email, name, team and role.

    ``teams`` are the campaign's teams, ``names`` every team name of the organisation by
    id (to spell out paths), ``already_invited`` the e-mails the campaign already has, and
    ``leaders`` the (team id, e-mail) of each team's leaders: only they rate as its leader;
    ``accepts`` says whether an address is at one of the organisation's domains.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    columns = [c.strip().casefold() for c in reader.fieldnames or []]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        return [], [
            LineError(1, _("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        ]
    reader.fieldnames = columns
    lookup = team_lookup(teams, names)
    participants, errors, seen = [], [], {}
    for line, row in enumerate(reader, start=2):
        email = (row["email"] or "").strip().lower()
        team_label = (row["team"] or "").strip()
        role = (row["role"] or "").strip().casefold()
        problems = []
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(email)s” is not an e-mail address.") % {"email": email})
        else:
            if not accepts(email):
                problems.append(outside_domains(email))
            elif email in already_invited:
                problems.append(_("%(email)s is already invited.") % {"email": email})
            elif email in seen:
                problems.append(
                    _("%(email)s is also on line %(line)d.") % {"email": email, "line": seen[email]}
                )
        team = lookup.get(normalise(team_label))
        if team is None:
            problems.append(
                _("No team “%(team)s” in this campaign (write the full path if names repeat).")
                % {"team": team_label}
            )
        if role not in ROLES:
            problems.append(
                _("Role “%(role)s” is neither “member” nor “leader”.") % {"role": row["role"] or ""}
            )
        elif team is not None and ROLES[role] == "self" and (team.pk, email) not in leaders:
            problems.append(not_its_leader(email, team.name))
        if problems:
            errors.extend(LineError(line, problem) for problem in problems)
        else:
            seen[email] = line
            participants.append(Participant(email, (row["name"] or "").strip(), team, ROLES[role]))
    if not participants and not errors:
        errors.append(LineError(1, _("The file has no participants.")))
    return (participants if not errors else []), errors
