"""Publishing a campaign's results, so that they hold over time.

Live results would give away the next respondent: a team's figures at 5 responses and at 6
differ by the sixth person's answers. So reports read publications, never the live tallies.
A publication keeps each *cell* (the respondents of one team, or of one reporting group, in
one rater role) as it stood when the cell last moved, and every group's figures are sums
of cells. Between two publications:

- a cell moves only when at least the minimum group size of new people answered in it;
  otherwise it keeps its figures of the publication before;
- when it moves, each of its items (a statement in a state, with its sum, number of ratings
  and count of each value) moves only when at least that many new people rated it ("not
  applicable" is not a rating), each of its people's scores of a component (now,
  target, own gap) only when at least that many new people have one, and the sums of a
  component's complete ratings (for its Cronbach's α) only when at least that many new
  people rated all its statements; otherwise they keep their figures too.

Every figure ever shown (a statement's mean, its spread, a component's score, a group's, the
whole organisation's, the change between two publications) is then a sum of *blocks*: the
ratings of one item by a set of at least the minimum of people, and no block is ever split.
Whatever anyone adds or subtracts, a result that involves anyone involves at least the
minimum of people. A cell that never reaches the minimum is in no figure at all: not even in
the groups above it (combine such teams into a reporting group to count them).

Leaders' own ratings ("Leader (self)") are shown as they are, by design, and are in no
group's figures: their cells are published as they stand.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q

from campaigns.models import (
    Campaign,
    CampaignState,
    Comment,
    ConsistencySum,
    GroupCount,
    Publication,
    PublishedCell,
    PublishedConsistency,
    PublishedItem,
    PublishedScore,
    RaterRole,
    RatingTally,
    ScoreSum,
    StatementSum,
    release_sealed,
)
from frameworks.scale import CURRENT, PERSON_SCALE, SCALE_MAX, SCALE_MIN

SCALE_SIZE = SCALE_MAX - SCALE_MIN + 1
BATCH = 2000


@dataclass(frozen=True)
class Item:
    """One statement in one state: the sum and number of ratings, and each value's count."""

    total: int = 0
    ratings: int = 0
    counts: tuple[int, ...] = (0,) * SCALE_SIZE


NO_ITEM = Item()


@dataclass(frozen=True)
class Scores:
    """People's own scores of a component in one measure: how many, Σ and Σ², times
    PERSON_SCALE (see ``campaigns.models.ScoreSum``)."""

    people: int = 0
    total: int = 0
    squares: int = 0


NO_SCORES = Scores()


@dataclass(frozen=True)
class Consistency:
    """People's complete ratings of a component (see ``campaigns.models.ConsistencySum``)."""

    people: int = 0
    items: Mapping[str, int] = field(default_factory=dict)
    item_squares: int = 0
    total_squares: int = 0

    def __add__(self, other: "Consistency") -> "Consistency":
        items = dict(self.items)
        for statement, total in other.items.items():
            items[statement] = items.get(statement, 0) + total
        return Consistency(
            self.people + other.people,
            items,
            self.item_squares + other.item_squares,
            self.total_squares + other.total_squares,
        )


NO_CONSISTENCY = Consistency()


@dataclass(frozen=True)
class Cell:
    responses: int = 0
    items: Mapping[tuple[int, str], Item] = field(default_factory=dict)
    scores: Mapping[tuple[int, str], Scores] = field(default_factory=dict)
    consistency: Mapping[int, Consistency] = field(default_factory=dict)  # by component


NO_CELL = Cell()


def advance(before: Cell, now: Cell, minimum: int) -> Cell:
    """A cell's figures in the next publication, given those of the last one and the live
    ones: it moves only by at least ``minimum`` new respondents, each item only by at least
    ``minimum`` new ratings."""
    if now.responses - before.responses < minimum:
        return before
    items = {}
    for key, item in now.items.items():
        old = before.items.get(key, NO_ITEM)
        items[key] = item if item.ratings - old.ratings >= minimum else old
    scores = {}
    for key, score in now.scores.items():
        old = before.scores.get(key, NO_SCORES)
        scores[key] = score if score.people - old.people >= minimum else old
    consistency = {}
    for component, sums in now.consistency.items():
        old = before.consistency.get(component, NO_CONSISTENCY)
        consistency[component] = sums if sums.people - old.people >= minimum else old
    return Cell(now.responses, items, scores, consistency)


# A cell's key: (team pk, None, role) or (None, reporting group pk, role).
CellKey = tuple[int | None, int | None, str]


def cell_key(scope: Mapping[int, int | None], team: int, role: str) -> CellKey:
    """The cell of a team's respondents in a role; ``scope`` maps the campaign's teams to
    their reporting groups (or None)."""
    group = scope[team]
    return (None, group, role) if group else (team, None, role)


def live_cells(campaign: Campaign) -> dict[CellKey, Cell]:
    """The campaign's cells as the tallies stand now: teams in scope only, the teams of a
    reporting group counted as one."""
    scope = dict(campaign.scope.values_list("team", "reporting_group"))

    responses: dict[CellKey, int] = {}
    for team, role, n in GroupCount.objects.filter(campaign=campaign, team__in=scope).values_list(
        "team", "rater_role", "responses"
    ):
        responses[cell_key(scope, team, role)] = responses.get(cell_key(scope, team, role), 0) + n
    items: dict[CellKey, dict] = {cell: {} for cell in responses}
    sums = StatementSum.objects.filter(campaign=campaign, team__in=scope)
    for team, role, statement, state, total, ratings in sums.values_list(
        "team", "rater_role", "statement", "state", "total", "ratings"
    ):
        cell = items[cell_key(scope, team, role)]
        old = cell.get((statement, state), NO_ITEM)
        cell[statement, state] = Item(old.total + total, old.ratings + ratings, old.counts)
    tallies = RatingTally.objects.filter(campaign=campaign, team__in=scope, count__gt=0)
    for team, role, statement, state, value, count in tallies.values_list(
        "team", "rater_role", "statement", "state", "value", "count"
    ):
        cell = items[cell_key(scope, team, role)]
        old = cell[statement, state]
        counts = list(old.counts)
        counts[value - SCALE_MIN] += count
        cell[statement, state] = Item(old.total, old.ratings, tuple(counts))
    scores: dict[CellKey, dict] = {cell: {} for cell in responses}
    for team, role, component, measure, people, total, squares in ScoreSum.objects.filter(
        campaign=campaign, team__in=scope
    ).values_list("team", "rater_role", "component", "measure", "people", "total", "squares"):
        cell = scores[cell_key(scope, team, role)]
        old = cell.get((component, measure), NO_SCORES)
        cell[component, measure] = Scores(
            old.people + people, old.total + total, old.squares + squares
        )
    consistency: dict[CellKey, dict] = {cell: {} for cell in responses}
    for team, component, *sums in ConsistencySum.objects.filter(
        campaign=campaign, team__in=scope
    ).values_list("team", "component", "people", "items", "item_squares", "total_squares"):
        cell = consistency[cell_key(scope, team, RaterRole.TEAM)]
        cell[component] = cell.get(component, NO_CONSISTENCY) + Consistency(*sums)
    return {
        cell: Cell(n, items[cell], scores[cell], consistency[cell]) for cell, n in responses.items()
    }


def published_cells(publication: Publication | None) -> dict[CellKey, Cell]:
    """A publication's cells, in the shape ``advance`` reads."""
    if publication is None:
        return {}
    cells = {
        pk: ((team, group, role), responses)
        for pk, team, group, role, responses in publication.cells.values_list(
            "pk", "team", "reporting_group", "rater_role", "responses"
        )
    }
    items: dict[int, dict] = {pk: {} for pk in cells}
    for cell, statement, state, total, ratings, *counts in PublishedItem.objects.filter(
        cell__publication=publication
    ).values_list("cell", "statement", "state", "total", "ratings", *PublishedItem.COUNTS):
        items[cell][statement, state] = Item(total, ratings, tuple(counts))
    scores: dict[int, dict] = {pk: {} for pk in cells}
    for cell, component, measure, *sums in PublishedScore.objects.filter(
        cell__publication=publication
    ).values_list("cell", "component", "measure", "people", "total", "squares"):
        scores[cell][component, measure] = Scores(*sums)
    consistency: dict[int, dict] = {pk: {} for pk in cells}
    for cell, component, *sums in PublishedConsistency.objects.filter(
        cell__publication=publication
    ).values_list("cell", "component", "people", "items", "item_squares", "total_squares"):
        consistency[cell][component] = Consistency(*sums)
    return {
        key: Cell(responses, items[pk], scores[pk], consistency[pk])
        for pk, (key, responses) in cells.items()
    }


def answered(campaign: Campaign) -> dict[CellKey, int]:
    """How many have answered in each cell, released or still sealed."""
    scope = dict(campaign.scope.values_list("team", "reporting_group"))
    counts: dict[CellKey, int] = {}
    for team, role, n in (
        campaign.invitations.filter(responded=True, team__in=scope)
        .values_list("team", "rater_role")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        key = cell_key(scope, team, role)
        counts[key] = counts.get(key, 0) + n
    return counts


def next_cells(campaign: Campaign, previous: Publication | None) -> dict[CellKey, tuple]:
    """Each cell of the next publication: (its figures, how many had answered)."""
    before = published_cells(previous)
    live = live_cells(campaign)
    cells = {}
    for key, n in answered(campaign).items():
        # Leaders' own ratings are shown as they stand.
        minimum = 1 if key[2] == RaterRole.SELF else campaign.minimum_group_size
        cells[key] = (advance(before.get(key, NO_CELL), live.get(key, NO_CELL), minimum), n)
    return cells


def publish(campaign: Campaign, by=None, *, final: bool = False) -> Publication:
    """Publish the campaign's results as they may be shown now; the final publication
    (at close) is the last. Returns the final publication if there is one already."""
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        previous = campaign.publications.first()
        if previous and previous.final:
            return previous
        release_sealed(campaign, everything=final)
        publication = Publication.objects.create(
            campaign=campaign,
            number=(previous.number + 1) if previous else 1,
            final=final,
            published_by=by,
        )
        cells = next_cells(campaign, previous)
        write_cells(publication, cells)
        publication.measure = measure_sums(
            cell for (_team, _group, role), (cell, _n) in cells.items() if role == RaterRole.TEAM
        )
        publication.save(update_fields=["measure"])
        publish_comments(publication, cells, previous)
    return publication


def measure_sums(cells) -> dict[str, dict]:
    """Per component (by pk, as JSON keys are), what its soundness is worked out from,
    across the team-member ``cells`` of a publication:

    - ``consistency``: the cells' complete ratings added up (people, each statement's Σ,
      Σ of squared ratings, Σ of squared totals), for Cronbach's α;
    - ``groups``: of the cells with people's scores of now, how many, their people, Σ and
      Σ² of the scores and Σ of each cell's (Σ)² / n, for ICC(1) (scores as they are, not
      times PERSON_SCALE).
    """
    consistency: dict[str, Consistency] = {}
    groups: dict[str, list] = {}
    for cell in cells:
        for component, sums in cell.consistency.items():
            if sums.people:
                key = str(component)
                consistency[key] = consistency.get(key, NO_CONSISTENCY) + sums
        for (component, measure), scores in cell.scores.items():
            if measure == CURRENT and scores.people:
                total = scores.total / PERSON_SCALE
                entry = groups.setdefault(str(component), [0, 0, 0, 0, 0])
                entry[0] += 1
                entry[1] += scores.people
                entry[2] += total
                entry[3] += scores.squares / PERSON_SCALE**2
                entry[4] += total * total / scores.people
    found: dict[str, dict] = {key: {"groups": entry} for key, entry in groups.items()}
    for key, sums in consistency.items():
        found.setdefault(key, {})["consistency"] = [
            sums.people,
            dict(sums.items),
            sums.item_squares,
            sums.total_squares,
        ]
    return found


def publish_comments(publication: Publication, cells: Mapping, previous) -> None:
    """Show, from this publication, the comments of the cells whose figures moved: they
    were released with the answers the figures now hold."""
    before = {}
    if previous is not None:
        rows = previous.cells.values_list("team", "reporting_group", "rater_role", "responses")
        before = {(team, group, role): n for team, group, role, n in rows}
    moved = [
        key
        for key, (cell, _answered) in cells.items()
        if key[2] == RaterRole.TEAM and cell.responses != before.get(key, 0)
    ]
    if not moved:
        return
    teams = [team for team, _group, _role in moved if team]
    groups = [group for _team, group, _role in moved if group]
    Comment.objects.filter(
        Q(team__in=teams)
        | Q(team__in=publication.campaign.scope.filter(reporting_group__in=groups).values("team")),
        campaign=publication.campaign,
        rater_role=RaterRole.TEAM,
        publication__isnull=True,
    ).update(publication=publication)


def write_cells(publication: Publication, cells: Mapping[CellKey, tuple]) -> None:
    keys = list(cells)
    rows = PublishedCell.objects.bulk_create(
        PublishedCell(
            publication=publication,
            team_id=team,
            reporting_group_id=group,
            rater_role=role,
            responses=cells[team, group, role][0].responses,
            answered=cells[team, group, role][1],
        )
        for team, group, role in keys
    )
    PublishedItem.objects.bulk_create(
        (
            PublishedItem(
                cell=row,
                statement_id=statement,
                state=state,
                total=item.total,
                ratings=item.ratings,
                **dict(zip(PublishedItem.COUNTS, item.counts, strict=True)),
            )
            for row, key in zip(rows, keys, strict=True)
            for (statement, state), item in cells[key][0].items.items()
        ),
        batch_size=BATCH,
    )
    PublishedScore.objects.bulk_create(
        (
            PublishedScore(
                cell=row,
                component_id=component,
                measure=measure,
                people=score.people,
                total=score.total,
                squares=score.squares,
            )
            for row, key in zip(rows, keys, strict=True)
            for (component, measure), score in cells[key][0].scores.items()
        ),
        batch_size=BATCH,
    )
    PublishedConsistency.objects.bulk_create(
        (
            PublishedConsistency(
                cell=row,
                component_id=component,
                people=sums.people,
                items=sums.items,
                item_squares=sums.item_squares,
                total_squares=sums.total_squares,
            )
            for row, key in zip(rows, keys, strict=True)
            for component, sums in cells[key][0].consistency.items()
        ),
        batch_size=BATCH,
    )


def close(campaign: Campaign, by=None) -> Publication:
    """Close the campaign now and publish its final results."""
    with transaction.atomic():
        campaign.close()
        return publish(campaign, by, final=True)


def latest_publication(campaign: Campaign) -> Publication | None:
    """The results everyone reads now: the final ones once the campaign has closed, else
    the latest interim ones, if any."""
    return final_publication(campaign) or campaign.publications.first()


def final_publication(campaign: Campaign) -> Publication | None:
    """The campaign's final results: published now if it closed by its date since."""
    if campaign.status != CampaignState.CLOSED:
        return None
    return campaign.publications.filter(final=True).first() or publish(campaign, final=True)
