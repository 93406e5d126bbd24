"""The read side of the reports: the queries that gather a report's figures, handed to the
pure arithmetic of ``reports.campaign`` and ``reports.gap``.

A campaign's figures come from the sums kept in the submitting transaction, so the queries
here, and the rows they return, are the same in number at 10 and at 100,000 responses.
"""

from collections.abc import Collection
from dataclasses import replace
from fractions import Fraction

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.roadmap import every_plan
from assessments.models import Rating, SelfAssessment
from campaigns.models import (
    Campaign,
    Comment,
    Publication,
    PublishedItem,
    PublishedScore,
    RaterRole,
)
from frameworks.scale import CURRENT, SCALE_MIN, TARGET
from reports.campaign import (
    ORGANISATION,
    ReportingGroupKey,
    TeamResult,
    below,
    indented,
    soundness,
    team_results,
)
from reports.gap import GapReport, build_gap_report
from reports.scoring import RatingCount


def rows(queryset) -> list[tuple]:
    """A values_list's rows, read straight from the cursor: tens of thousands of plain
    numbers, without the ORM's per-value conversions."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # filtered on an empty list
        return []
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def campaign_results(
    campaign: Campaign,
    publication: Publication | None,
    only=None,
    distributions=False,
    by_component=False,
) -> dict[object, TeamResult]:
    """Every group's result in the publication (or the ``only`` teams'), and the whole
    organisation's under the key ORGANISATION; with no publication, nothing is shown.

    Teams reported in a reporting group have the group's result, and the group has its
    own under a ``ReportingGroupKey``. The groups asked for are scored statement by
    statement, from their cells and those of the groups below them; the whole
    organisation from its sums, which the database adds up. ``by_component`` scores the
    groups by component only, from a dozen rows each, which is all an organisation report
    shows of them. ``distributions`` adds how many gave each rating."""
    grouped = {
        team: (ReportingGroupKey(group), name)
        for team, group, name in campaign.scope.filter(reporting_group__isnull=False).values_list(
            "team", "reporting_group", "reporting_group__name"
        )
    }

    def node(team, group=None):
        if group is not None:
            return ReportingGroupKey(group)
        return grouped[team][0] if team in grouped else team

    # The tree as it was when the campaign opened: moving a team later changes no figure.
    parents = {ORGANISATION: None}
    parents |= {
        node(team): node(parent) if parent else ORGANISATION for team, parent in campaign.tree()
    }
    wanted = set(parents) if only is None else {node(team) for team in only}
    detailed = set() if by_component else below(wanted - {ORGANISATION}, parents)
    cells = (
        publication.cells.values_list(
            "pk", "team", "reporting_group", "rater_role", "responses", "answered"
        )
        if publication
        else []
    )
    node_of, members, leaders, responses = {}, [], [], {}
    for pk, team, group, role, published, answered in cells:
        node_of[pk] = node(team, group)
        if node_of[pk] not in parents:  # a team taken out of scope before opening
            continue
        if role == RaterRole.TEAM:
            members.append(pk)
            responses[node_of[pk]] = (published, answered)
        else:
            leaders.append(pk)
    detailed_members = [pk for pk in members if node_of[pk] in detailed]
    score_cells = (
        members + leaders
        if by_component
        else [pk for pk in members + leaders if node_of[pk] in detailed]
    )
    member_scores, leader_scores = [], []
    member_cells = set(members)
    scores = PublishedScore.objects.filter(cell__in=members)
    for cell, *sums in rows(
        PublishedScore.objects.filter(cell__in=score_cells).values_list(
            "cell", "component", "measure", "people", "total", "squares"
        )
    ):
        (member_scores if cell in member_cells else leader_scores).append((node_of[cell], *sums))
    everyone = ORGANISATION in wanted and not by_component
    items = PublishedItem.objects.filter(cell__in=members)
    spreads = None
    if distributions:
        spread_cells = members if ORGANISATION in wanted else detailed_members
        spreads = [
            (node_of[cell], statement, state, value, count)
            for cell, statement, state, *counts in rows(
                items.filter(cell__in=spread_cells, ratings__gt=0).values_list(
                    "cell", "statement", "state", *PublishedItem.COUNTS
                )
            )
            for value, count in enumerate(counts, start=SCALE_MIN)
            if count
        ]
    results = team_results(
        campaign.framework.components.prefetch_related(
            "statements", "resources", "reflection_questions"
        ),
        parents,
        responses,
        campaign.minimum_group_size,
        score_sums=member_scores,
        leader_scores=leader_scores,
        statement_sums=[
            (node_of[cell], *sums)
            for cell, *sums in rows(
                items.filter(cell__in=detailed_members).values_list(
                    "cell", "statement", "state", "total", "ratings"
                )
            )
        ],
        organisation_sums=rows(
            items.values("statement", "state")
            .annotate(total=Sum("total"), ratings=Sum("ratings"))
            .values_list("statement", "state", "total", "ratings")
            .order_by()
        )
        if ORGANISATION in wanted
        else (),
        organisation_scores=[
            # PostgreSQL sums big integers as numerics: back to whole numbers.
            (component, measure, *map(int, sums))
            for component, measure, *sums in rows(
                scores.values("component", "measure")
                .annotate(people=Sum("people"), total=Sum("total"), squares=Sum("squares"))
                .values_list("component", "measure", "people", "total", "squares")
                .order_by()
            )
        ]
        if everyone
        else (),
        only=wanted,
        spreads=spreads,
    )
    for team, (group, name) in grouped.items():
        if group in results and (only is None or team in only):
            results[team] = replace(results[group], team=team, reported_as=name)
    return results


def measure_soundness(publication: Publication | None, components) -> list[tuple]:
    """Each component with its soundness across the publication's team members (see
    ``reports.campaign.Soundness``), from the sums the publication keeps: no query."""
    return soundness(list(components), publication.measure if publication else {})


def group_comments(
    campaign: Campaign, publication: Publication | None, asked: Collection[int]
) -> dict[int, dict[int, list[str]]]:
    """The team members' comments each team's report shows, by component, in their random
    order: those the publication holds of the team and every team below it (or of its
    reporting group). A cell (a team's own members, or a reporting group's) gives its
    comments only where its figures hold at least the comment minimum of people, so that no
    two lists differ by the comments of fewer. ``asked`` are the pks of the teams
    whose lists are wanted; four queries, whatever the number of teams and comments."""
    if publication is None or not asked:
        return {}
    grouped = dict(
        campaign.scope.filter(reporting_group__isnull=False).values_list("team", "reporting_group")
    )
    giving = set()
    for team, group in publication.cells.filter(
        rater_role=RaterRole.TEAM, responses__gte=campaign.comment_minimum
    ).values_list("team", "reporting_group"):
        giving |= {t for t, g in grouped.items() if g == group} if group else {team}
    children: dict[int | None, list[int]] = {}
    for team, parent in campaign.tree():
        children.setdefault(parent, []).append(team)
    members = {}
    for team in asked:
        waiting = (
            [t for t, g in grouped.items() if g == grouped[team]] if team in grouped else [team]
        )
        found = set()
        while waiting:
            found.add(below := waiting.pop())
            waiting.extend(children.get(below, []))
        members[team] = found
    comments = Comment.objects.filter(
        campaign=campaign,
        rater_role=RaterRole.TEAM,
        publication__campaign=campaign,
        publication__number__lte=publication.number,
        team__in=set().union(*members.values()),
    )
    by_team: dict[int, list[tuple]] = {}
    for team, *comment in comments.values_list("team", "shuffle", "pk", "component", "text"):
        by_team.setdefault(team, []).append(comment)
    found = {}
    for team, teams in members.items():
        # In the random order across all its teams: nothing tells whose team wrote what.
        texts: dict[int, list[str]] = {}
        given = sorted(c for t in teams & giving for c in by_team.get(t, []))
        for _shuffle, _pk, component, text in given:
            texts.setdefault(component, []).append(text)
        found[team] = texts
    return found


def comment_sections(campaign, publication, team, components) -> list[tuple]:
    """(component, texts) for each of ``components`` (the team's report's, in order; none
    when it is held back) that has comments: the same queries whether it has or not."""
    texts = group_comments(campaign, publication, [team.pk]).get(team.pk, {})
    return [(component, texts[component.pk]) for component in components if component.pk in texts]


def rating_counts(assessment: SelfAssessment) -> list[RatingCount]:
    """A leader's ratings in the shape the report arithmetic reads; "not applicable" drops
    out."""
    counts = []
    for statement, current, target in assessment.ratings.values_list(
        "statement", "current", "target"
    ):
        if current is not None:
            counts.append(RatingCount(statement, CURRENT, current))
        if target is not None:
            counts.append(RatingCount(statement, TARGET, target))
    return counts


def assessment_report(assessment: SelfAssessment) -> GapReport:
    """The report of a self-assessment, from its ratings and the framework's content."""
    components = assessment.components().prefetch_related(
        "statements", "resources", "reflection_questions"
    )
    return build_gap_report(components, rating_counts(assessment))


def assessment_history(
    assessment: SelfAssessment, limit: int = 12
) -> tuple[list[SelfAssessment], dict[str, list]]:
    """The leader's submitted assessments on this framework up to this one (the oldest
    first), and each component's current score in each: two queries, however many."""
    assessments = list(
        SelfAssessment.objects.submitted()
        .filter(
            leader=assessment.leader_id,
            framework__slug=assessment.framework.slug,
            submitted_at__lte=assessment.submitted_at,
        )
        .order_by("-submitted_at")[:limit]
    )[::-1]
    sums = (
        Rating.objects.filter(assessment__in=assessments, current__isnull=False)
        .values_list("assessment", "statement__component__key")
        .annotate(total=Sum("current"), count=Count("current"))
        .order_by()
    )
    scores = {(a, key): Fraction(total, count) for a, key, total, count in sums}
    keys = dict.fromkeys(key for _assessment, key in scores)
    return assessments, {key: [scores.get((a.pk, key)) for a in assessments] for key in keys}


def every_teams_plan(actions, teams) -> list:
    """The campaign's plans as the organisation report lists them: its own first, then each
    of ``teams`` (in the tree's order) that has any, indented by depth."""
    names = {team.pk: indented(team) for team in teams}
    return every_plan(actions, names, _("The organisation"), timezone.localdate())
