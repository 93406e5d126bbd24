"""A campaign's results per team, from its pre-aggregated sums, under the confidentiality rules.

Plain data in (team tree, response counts, sums of ratings), plain data out; the only objects
it touches are the framework's prefetched components, which ``gap_report`` reads. The
queries that gather the data are in ``reports.read``.
"""

from collections import Counter
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import cached_property

from django.utils.translation import gettext_lazy as _

from frameworks.models import Component
from frameworks.scale import CURRENT, SCALE_MAX, SCALE_MIN, TARGET
from reports.gap import GapReport, component_report, gap_report
from reports.scoring import (
    BLIND_SPOT,
    Score,
    Spread,
    Tally,
    perception,
    roll_up,
    score_tallies,
)
from reports.statistics import (
    Alpha,
    Icc,
    Interval,
    ItemSums,
    Moments,
    cronbach_alpha,
    difference_interval,
    icc1_of_sums,
    mean_interval,
    rwg_j,
)

# The whole organisation: the group above every top team of a campaign. Showing it next
# to its teams is one more equation the suppression must protect.
ORGANISATION = "organisation"
SCALE_SIZE = SCALE_MAX - SCALE_MIN + 1


@dataclass(frozen=True)
class PerceptionGap:
    component: Component
    leader: Fraction
    team: Fraction
    difference: Fraction  # the leader's view of now less the team's
    interval: Interval | None
    perception: str | None  # a blind spot, a hidden strength, or neither


@dataclass(frozen=True)
class ReportingGroupKey:
    """A reporting group's place in a campaign's tree, in place of its teams."""

    pk: int


SEGMENTS = [
    ("unfavourable", _("Unfavourable (1–2)")),
    ("neutral", _("Neutral (3)")),
    ("favourable", _("Favourable (4–5)")),
]


@dataclass(frozen=True)
class Segment:
    kind: str
    label: str
    count: int


@dataclass(frozen=True)
class Distribution:
    """How a statement's current-state ratings spread over the scale."""

    counts: tuple[int, ...]  # ratings of 1, 2, 3, 4, 5

    @property
    def ratings(self) -> int:
        return sum(self.counts)

    @property
    def segments(self) -> list["Segment"]:
        """Unfavourable (1–2), neutral (3) and favourable (4–5) ratings, for a stacked bar."""
        counts = self.counts
        grouped = zip(
            SEGMENTS, (counts[0] + counts[1], counts[2], counts[3] + counts[4]), strict=True
        )
        return [Segment(kind, label, n) for (kind, label), n in grouped]

    @property
    def top_share(self) -> Fraction | None:
        """Share of 4 and 5 ratings."""
        return Fraction(self.counts[3] + self.counts[4], self.ratings) if self.ratings else None

    @property
    def moments(self) -> Moments:
        counted = list(enumerate(self.counts, start=SCALE_MIN))
        return Moments(
            self.ratings,
            sum(value * n for value, n in counted),
            sum(value * value * n for value, n in counted),
        )

    @property
    def interval(self) -> Interval | None:
        """The 95% interval of the statement's mean, within the scale."""
        found = mean_interval(self.moments)
        return None if found is None else found.within(SCALE_MIN, SCALE_MAX)


@dataclass(frozen=True)
class TeamResult:
    team: Hashable
    # Team members whose answers are in the figures, in this group and every one below it:
    # never between 1 and the minimum group size.
    responses: int
    report: GapReport | None  # None when nothing of the group may be shown
    # The leaders' own scores ("Leader (self)"), by component key and measure.
    leader_spreads: Mapping[str, Mapping[str, Spread]] = field(default_factory=dict)
    # How a statement's ratings of now, and of the target, spread over the scale.
    distributions: dict[int, Distribution] = field(default_factory=dict)
    target_distributions: dict[int, Distribution] = field(default_factory=dict)
    # Team members who had answered by the publication: the answers of the difference are
    # in no figure of this group, to protect them (too few in a team, or since the last
    # publication).
    answered: int = 0
    # The reporting group the team's figures are shown in ("North + South"), if any.
    reported_as: str = ""

    @cached_property
    def self_scores(self) -> dict[str, Score]:
        """The leaders' own view per component key: worked out when a page shows it (an
        organisation report does not)."""
        return {key: Score.of_people(spreads) for key, spreads in self.leader_spreads.items()}

    @property
    def leader_now(self) -> dict:
        """The leaders' own view of now per component key, as the radar draws it."""
        return {key: score.current for key, score in self.self_scores.items()}

    @property
    def left_out(self) -> int:
        return self.answered - self.responses

    @property
    def shown(self) -> bool:
        return self.report is not None

    @cached_property
    def perceptions(self) -> dict[str, str | None]:
        """How the leader's view of now compares with the team's, per component."""
        if self.report is None:
            return {}
        return {
            row.component.key: perception(
                self.self_scores[row.component.key].current,
                row.spreads[CURRENT].moments if CURRENT in row.spreads else None,
            )
            for row in self.report.rows
        }

    @cached_property
    def differences(self) -> dict[str, Fraction | None]:
        """The leader's view of now minus the team's, per component: the number beside a
        blind spot or a hidden strength."""
        if self.report is None:
            return {}
        return {
            row.component.key: None
            if (leader := self.self_scores[row.component.key].current) is None
            or row.score.current is None
            else leader - row.score.current
            for row in self.report.rows
        }

    @cached_property
    def perception_gaps(self) -> list["PerceptionGap"]:
        """Each component where both the leader and the team have a view of now, the
        largest difference first: the leader less the team, and its likely range (the
        leader's one view less the team's likely range)."""
        if self.report is None:
            return []
        found = []
        for row in self.report.rows:
            difference = self.differences[row.component.key]
            if difference is None:
                continue
            leader = self.self_scores[row.component.key].current
            interval = row.current_interval
            found.append(
                PerceptionGap(
                    row.component,
                    leader,
                    row.score.current,
                    difference,
                    None
                    if interval is None
                    else Interval(float(leader) - interval.high, float(leader) - interval.low),
                    self.perceptions.get(row.component.key),
                )
            )
        return sorted(found, key=lambda gap: -abs(gap.difference))

    @cached_property
    def statement_intervals(self) -> dict[int, tuple[Interval | None, ...]]:
        """Each statement's 95% intervals of now, target and gap (target − now, its two
        sets of ratings taken as independent, so if anything too wide)."""
        found = {}
        for pk, now in self.distributions.items():
            target = self.target_distributions.get(pk)
            gap = None if target is None else difference_interval(now.moments, target.moments)
            found[pk] = (
                now.interval,
                None if target is None else target.interval,
                None if gap is None else gap.within(SCALE_MIN - SCALE_MAX, SCALE_MAX - SCALE_MIN),
            )
        return found

    @cached_property
    def agreement(self) -> dict[str, float | None]:
        """Within-team agreement on each component's statements of now, rwg(J)."""
        if self.report is None:
            return {}
        return {
            row.component.key: rwg_j(
                [
                    self.distributions[s.pk].moments
                    for s in row.component.statements.all()
                    if s.pk in self.distributions
                ]
            )
            for row in self.report.rows
        }


@dataclass(frozen=True)
class Soundness:
    """Whether a component's statements measure one thing, across a campaign's team
    members: their internal consistency (Cronbach's α, of those who rated every statement)
    and how much of the spread of people's scores lies between teams (ICC(1))."""

    alpha: Alpha | None
    icc: Icc | None

    @property
    def reading(self) -> str:
        """ "good", "acceptable", "poor", or "" when α cannot be worked out."""
        if self.alpha is None:
            return ""
        if self.alpha.alpha >= GOOD_ALPHA:
            return "good"
        return "acceptable" if self.alpha.alpha >= ACCEPTABLE_ALPHA else "poor"


# The usual thresholds for a scale's internal consistency.
GOOD_ALPHA, ACCEPTABLE_ALPHA = Decimal("0.8"), Decimal("0.7")


def soundness(components: Sequence[Component], sums: Mapping[str, dict]) -> list[tuple]:
    """Each component with its soundness (``Soundness``), from a publication's sums per
    component pk (see ``campaigns.publishing.measure_sums``)."""
    found = []
    for c in components:
        entry = sums.get(str(c.pk), {})
        alpha = icc = None
        if "consistency" in entry:
            people, items, item_squares, total_squares = entry["consistency"]
            ordered = tuple(total for _pk, total in sorted(items.items()))
            alpha = cronbach_alpha(ItemSums(people, ordered, item_squares, total_squares))
        if "groups" in entry:
            icc = icc1_of_sums(*entry["groups"])
        found.append((c, Soundness(alpha, icc)))
    return found


@dataclass(frozen=True)
class BlindSpot:
    """A team and component where the leader rates the present well above the team does."""

    team: Hashable
    component: Component
    leader: Fraction
    team_score: Fraction

    @property
    def difference(self) -> Fraction:
        return self.leader - self.team_score


def blind_spots(results: Iterable[tuple[Hashable, TeamResult]]) -> list[BlindSpot]:
    """The blind spots of the teams that may be shown, the widest first."""
    spots = [
        BlindSpot(
            team, row.component, result.self_scores[row.component.key].current, row.score.current
        )
        for team, result in results
        if result.shown
        for row in result.report.rows
        if result.perceptions.get(row.component.key) == BLIND_SPOT
    ]
    return sorted(spots, key=lambda spot: spot.team_score - spot.leader)


def below(groups: Collection[Hashable], parents: Mapping[Hashable, Hashable | None]) -> set:
    """The groups whose figures roll up into ``groups``: themselves and all below them."""
    children: dict[Hashable, list] = {}
    for key, parent in parents.items():
        children.setdefault(parent, []).append(key)
    found, waiting = set(), [group for group in groups if group in parents]
    while waiting:
        group = waiting.pop()
        found.add(group)
        waiting.extend(children.get(group, []))
    return found


def add(sums: dict, key, value) -> None:
    sums[key] = sums[key] + value if key in sums else value


def add_up(sums: Mapping[Hashable, dict], parents: Mapping[Hashable, Hashable | None]) -> None:
    """Add each group's figures per key into the group above it, in place, the lowest
    groups first: each group then holds its own figures and those of all below it, for one
    addition per group and key. Any figures that add up will do (tallies, spreads)."""

    def depth(group) -> int:
        return 0 if parents[group] is None else 1 + depth(parents[group])

    for group in sorted(parents, key=depth, reverse=True):
        parent = parents[group]
        if parent is not None:
            for key, value in sums[group].items():
                add(sums[parent], key, value)


def team_results(
    components: Sequence[Component],
    parents: Mapping[Hashable, Hashable | None],
    responses: Mapping[Hashable, tuple[int, int]],
    minimum: int,
    score_sums: Iterable[tuple],
    leader_scores: Iterable[tuple] = (),
    statement_sums: Iterable[tuple] = (),
    organisation_sums: Iterable[tuple] = (),
    organisation_scores: Iterable[tuple] = (),
    only: Collection[Hashable] | None = None,
    spreads: Iterable[tuple] | None = None,
) -> dict[Hashable, TeamResult]:
    """Every group's result, from a publication's cells: a group's figures are the sums of
    those of its cells and of every group below it.

    ``parents`` maps each group to the one above it (None at the top); ``responses``
    maps a group to (team members in its published figures, team members who had
    answered) of its own cell. Components are scored from people's own scores, kept as
    how many people and the sums of their scores and squares; statements from sums and
    numbers of ratings. That is all a mean and its interval need, whatever the number of
    responses:

    - ``score_sums``: rows of (group, component pk, measure, people, sum, sum of squares)
      of team members' own scores (see ``campaigns.models.ScoreSum``);
    - ``leader_scores``: the same rows of the leaders' own;
    - ``statement_sums``: rows of (group, statement, state, sum, number) of team members,
      for the groups to be scored statement by statement (those with no row here are
      scored by component only);
    - ``organisation_sums`` and ``organisation_scores``: the rows of every team member,
      without the group, for the whole organisation when its groups are not all read;
    - ``spreads``: rows of (group, statement, state, value, count) of team members'
      ratings, for the distributions (left out when None).

    A publication's figures are safe to show as they are (see ``campaigns.publishing``);
    as a second lock, no group below ``minimum`` and no item rated by fewer is shown.
    ``only`` limits the results to some groups (one not in the campaign is left out).
    """
    key_of = {c.pk: c.key for c in components}
    people: dict[Hashable, dict] = {team: {} for team in parents}
    leaders: dict[Hashable, dict] = {team: {} for team in parents}
    for found, rows in ((people, score_sums), (leaders, leader_scores)):
        for team, component, measure, *sums in rows:
            add(found[team], (key_of[component], measure), Spread(*sums))
    by_statement: dict[Hashable, dict] = {team: {} for team in parents}
    for team, statement, state, total, count in statement_sums:
        add(by_statement[team], (statement, state), Tally(total, count))
    add_up(people, parents)
    add_up(by_statement, parents)
    if organisation_scores:
        people[ORGANISATION] = {
            (key_of[component], measure): Spread(*sums)
            for component, measure, *sums in organisation_scores
        }
    spread = {team: Counter() for team in parents}
    if spreads is not None:
        for team, statement, state, value, count in spreads:
            spread[team][statement, state, value] += count
        spread = roll_up(spread, parents)
    published = roll_up({team: responses.get(team, (0, 0))[0] for team in parents}, parents)
    answered = roll_up({team: responses.get(team, (0, 0))[1] for team in parents}, parents)

    def rated(tallies: Mapping) -> dict:
        return {key: tally for key, tally in tallies.items() if tally.count >= minimum}

    def by_key(spreads: Mapping, least: int) -> dict[str, dict]:
        """{component key: {measure: spread}}, of the measures at least ``least`` people
        have."""
        found: dict[str, dict] = {}
        for (key, measure), value in spreads.items():
            if value.people >= least:
                found.setdefault(key, {})[measure] = value
        return found

    results = {}
    for team in parents if only is None else [team for team in only if team in parents]:
        own = by_key(leaders[team], 1)
        self_scores = {c.key: own.get(c.key, {}) for c in components}
        if published[team] < minimum:
            results[team] = TeamResult(
                team, published[team], None, self_scores, answered=answered[team]
            )
            continue
        scored = by_key(people[team], minimum)
        if team == ORGANISATION and organisation_sums:
            everyone = {
                (statement, state): Tally(t, n) for statement, state, t, n in organisation_sums
            }
            report = gap_report(components, score_tallies(rated(everyone)), scored)
        elif by_statement[team]:
            report = gap_report(components, score_tallies(rated(by_statement[team])), scored)
        else:
            report = component_report(components, scored)
        counts: dict[tuple[int, str], list[int]] = {}
        for (statement, state, value), n in spread[team].items():
            counts.setdefault((statement, state), [0] * SCALE_SIZE)[value - SCALE_MIN] += n
        shown: dict[str, dict[int, Distribution]] = {CURRENT: {}, TARGET: {}}
        for (pk, state), values in counts.items():
            if sum(values) >= minimum:
                shown[state][pk] = Distribution(tuple(values))
        results[team] = TeamResult(
            team,
            published[team],
            report,
            self_scores,
            shown[CURRENT],
            shown[TARGET],
            answered=answered[team],
        )
    return results


def report_rows(teams: Iterable, results: Mapping) -> list[tuple[object, str, TeamResult]]:
    """(team, label, result) for each row of a list of every team, in the order of
    ``teams``, labels indented by depth: the teams of a reporting group share one row,
    where the first of them stands, under the group's name."""
    rows, groups = [], set()
    for team in teams:
        result = results[team.pk]
        if result.reported_as in groups:
            continue
        if result.reported_as:
            groups.add(result.reported_as)
        rows.append((team, indented(team, result.reported_as), result))
    return rows


def indented(team, name: str = "") -> str:
    """A team's name (or ``name``) indented by its depth, for a list of every team."""
    return "\u2003" * team.depth + (name or team.name)
