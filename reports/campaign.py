"""A campaign's results per team, from its pre-aggregated tallies, under the confidentiality rules.

Plain data in (team tree, response counts, tally rows), plain data out; the only objects it
touches are the framework's prefetched components, which ``build_gap_report`` reads.
"""

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from frameworks.models import Component
from reports.confidentiality import Group, shown_groups
from reports.gap import GapReport, build_gap_report
from reports.scoring import (
    CURRENT,
    RatingCount,
    Score,
    perception,
    roll_up,
    score_components,
    score_statements,
)

SELF, TEAM = "self", "team"


@dataclass(frozen=True)
class TeamResult:
    team: Hashable
    responses: int  # team members who responded, in this team and every team below it
    report: GapReport | None  # None when the group is too small to show
    self_scores: dict[str, Score] = field(default_factory=dict)
    perceptions: dict[str, str | None] = field(default_factory=dict)
    distributions: dict[int, Counter] = field(default_factory=dict)

    @property
    def shown(self) -> bool:
        return self.report is not None


def counts_of(ratings: Counter) -> list[RatingCount]:
    return [RatingCount(s, state, value, n) for (s, state, value), n in ratings.items() if n]


def campaign_results(
    components: Sequence[Component],
    parents: Mapping[Hashable, Hashable | None],
    responses: Mapping[tuple[Hashable, str], int],
    tallies: Iterable[tuple],
    minimum: int,
) -> dict[Hashable, TeamResult]:
    """Every team's result: scores only where the group may be shown.

    ``parents`` maps each team in the campaign to its parent (None at the top);
    ``responses`` counts responses per (team, rater role); ``tallies`` are rows of
    (team, rater role, statement, state, value, count).
    """
    own: dict[str, dict[Hashable, Counter]] = {
        role: {team: Counter() for team in parents} for role in (SELF, TEAM)
    }
    for team, role, statement, state, value, count in tallies:
        own[role][team][statement, state, value] += count
    rolled = roll_up(own[TEAM], parents)
    team_responses = {team: responses.get((team, TEAM), 0) for team in parents}
    shown = shown_groups(
        {team: Group(parents[team], n) for team, n in team_responses.items()}, minimum
    )
    total = roll_up(team_responses, parents)
    statements = {c.key: [s.pk for s in c.statements.all()] for c in components}

    results = {}
    for team in parents:
        self_scores = score_components(score_statements(counts_of(own[SELF][team])), statements)
        if team not in shown:
            results[team] = TeamResult(team, total[team], None, self_scores)
            continue
        report = build_gap_report(components, counts_of(rolled[team]))
        distributions: dict[int, Counter] = {}
        for (statement, state, value), n in rolled[team].items():
            if state == CURRENT and n:
                distributions.setdefault(statement, Counter())[value] += n
        results[team] = TeamResult(
            team,
            total[team],
            report,
            self_scores,
            {
                row.component.key: perception(
                    self_scores[row.component.key].current, row.score.current
                )
                for row in report.rows
            },
            distributions,
        )
    return results
