"""A participants file, imported: read line by line (by the worker when it is large, its
progress on the import's page), refused whole with each problem on its line, or, when its
only problems are teams the campaign does not have, held until HR confirms that they be
created (or, if the organisation has them, taken into the campaign) while it is a draft."""

from auditlog.context import set_actor
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from campaigns.models import CampaignState, ParticipantChange, ParticipantImport
from campaigns.participants import LineError, normalise, parse_participants, path_parts, team_lookup
from campaigns.tasks import queue_mail
from organisations.forms import MAX_TEAM_DEPTH
from organisations.models import Team

INLINE_LINES = 2000  # a file this long is read in the request; a longer one by the worker
ERRORS_KEPT = 1000


def start(campaign, user, file_name: str, rows: list[list[str]]) -> ParticipantImport:
    """Import the file's ``rows`` now, or queue it for the worker if it is long."""
    found = ParticipantImport.objects.create(
        campaign=campaign,
        requested_by=user,
        file_name=file_name[:255],
        rows=rows,
        lines=max(len(rows) - 1, 0),
    )
    go_on(found)
    return found


def go_on(found: ParticipantImport) -> None:
    if found.lines > INLINE_LINES:
        import_participants.enqueue(found.pk)
    else:
        run(found)


@task()
def import_participants(import_pk: int) -> str:
    found = ParticipantImport.objects.select_related("campaign__organisation").get(pk=import_pk)
    if found.state != ParticipantImport.State.QUEUED:
        return found.state  # a second task for the same file reads nothing twice
    with set_actor(found.requested_by):  # the audit trail names who asked, as in a request
        run(found)
    return found.state


def run(found: ParticipantImport) -> None:
    """Read the rows, then import every participant, or none."""
    campaign = found.campaign
    organisation = campaign.organisation
    ParticipantImport.objects.filter(pk=found.pk).update(state=ParticipantImport.State.RUNNING)

    def progress(lines: int) -> None:
        ParticipantImport.objects.filter(pk=found.pk).update(lines_read=lines)

    people, errors = parse_participants(
        found.rows,
        campaign.teams.all(),
        dict(organisation.teams.values_list("pk", "name")),
        set(campaign.invitations.values_list("email", flat=True)),
        campaign.leaders(),
        organisation.accepts_participant,
        progress,
    )
    found.lines_read = found.lines
    draft = campaign.state == CampaignState.DRAFT
    if draft and any(error.team for error in errors):
        errors = too_deep(errors, organisation)
    new_teams = sorted({error.team for error in errors if error.team}, key=str.casefold)
    if errors and draft and new_teams and all(error.team for error in errors):
        found.state, found.new_teams = ParticipantImport.State.NEW_TEAMS, new_teams
    elif errors:
        found.state, found.rows = ParticipantImport.State.FAILED, []
        found.errors = [[error.line, error.message] for error in errors[:ERRORS_KEPT]]
    else:
        with transaction.atomic():
            invitations = campaign.invite(people)
            ParticipantChange.record(
                campaign,
                found.requested_by,
                ParticipantChange.Kind.IMPORTED,
                len(invitations),
                found.file_name,
            )
            if campaign.state == CampaignState.OPEN:
                queue_mail(campaign.invitations.filter(pk__in=[i.pk for i, _token in invitations]))
        found.state, found.rows, found.imported = ParticipantImport.State.DONE, [], len(invitations)
    found.save()


def levels(label: str, lookup: dict, names: dict[int, str]) -> int:
    """How many levels deep the last team of ``label`` sits, once ``add_teams`` has made
    the parts the organisation lacks."""
    parts, parent = path_parts(label), None
    for index, part in enumerate(parts):
        team = lookup.get(normalise(part if parent is None else f"{parent.label(names)} > {part}"))
        if team is None:
            return (parent.depth + 1 if parent else 0) + len(parts) - index
        parent = team
    return parent.depth + 1 if parent else 0


def too_deep(errors: list[LineError], organisation) -> list[LineError]:
    """The errors, a new team that would sit deeper than the hierarchy goes no longer
    offered for creation but refused on its line."""
    names = dict(organisation.teams.values_list("pk", "name"))
    lookup = team_lookup(organisation.teams.all(), names)
    checked = []
    for error in errors:
        deep = levels(error.team, lookup, names) if error.team else 0
        if deep > MAX_TEAM_DEPTH:
            message = _("Teams go at most %(most)s levels deep: “%(team)s” has %(levels)s.") % {
                "most": MAX_TEAM_DEPTH,
                "team": error.team,
                "levels": deep,
            }
            error = LineError(error.line, message)
        checked.append(error)
    return checked


def teams_named(found: ParticipantImport) -> list[tuple[str, bool]]:
    """Each team the file names that the campaign does not have, and whether the
    organisation has it already (so it is only taken into the campaign)."""
    organisation = found.campaign.organisation
    lookup = team_lookup(
        organisation.teams.all(), dict(organisation.teams.values_list("pk", "name"))
    )
    return [(label, lookup.get(normalise(label)) is not None) for label in found.new_teams]


@transaction.atomic
def add_teams(found: ParticipantImport) -> list[Team]:
    """Create the teams the file names (each part of a path "Sales > West" that the
    organisation lacks, under the part before it; a first part found by its path or unique
    name) and take them, with the teams above them, into the campaign; the file is then
    read again (``go_on``)."""
    campaign = found.campaign
    organisation = campaign.organisation
    names = dict(organisation.teams.values_list("pk", "name"))
    lookup = team_lookup(organisation.teams.all(), names)
    created, scope = [], []
    for label in found.new_teams:
        parent = None
        for part in path_parts(label):
            key = normalise(part if parent is None else f"{parent.label(names)} > {part}")
            team = lookup.get(key)
            if team is None:
                team = Team.objects.create(organisation=organisation, name=part, parent=parent)
                names[team.pk] = team.name
                lookup[normalise(team.label(names))] = team
                created.append(team)
            scope.append(team)
            parent = team
    campaign.teams.add(*scope)
    found.state, found.new_teams = ParticipantImport.State.QUEUED, []
    found.save(update_fields=["state", "new_teams"])
    return created
