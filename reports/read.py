"""The read side of the reports: the queries that gather a report's figures, handed to the
pure arithmetic of ``reports.campaign`` and ``reports.gap``.

A campaign's figures come from the sums kept in the submitting transaction, so the queries
here, and the rows they return, are the same in number at 10 and at 100,000 responses.
"""

from fractions import Fraction

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Sum

from assessments.models import Rating, SelfAssessment
from campaigns.models import Campaign, ComponentSum, RaterRole, StatementSum
from frameworks.scale import CURRENT, TARGET
from reports.campaign import ORGANISATION, TeamResult, below, team_results
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
    campaign: Campaign, only=None, distributions=False, by_component=False
) -> dict[object, TeamResult]:
    """Every team's result (or the ``only`` teams'), and the whole organisation's under
    the key ORGANISATION.

    The teams asked for are scored statement by statement, from their own sums and those
    of the teams below them; the whole organisation from its sums, which the database
    adds up. ``by_component`` scores the teams by component only, from a dozen rows each,
    which is all an organisation report shows of them. ``distributions`` adds how many
    gave each rating."""
    # The tree as it was when the campaign opened: moving a team later changes no figure.
    parents = {ORGANISATION: None}
    parents |= {team: parent or ORGANISATION for team, parent in campaign.tree()}
    in_scope = set(parents) - {ORGANISATION}
    wanted = set(parents) if only is None else set(only)
    detailed = set() if by_component else below(wanted - {ORGANISATION}, parents)
    # Every group's rows exist from its first response, at zero or more: reading them
    # all reads the same rows at 10 responses as at 100,000. Only teams in scope count.
    per_component = ComponentSum.objects.filter(campaign=campaign, team__in=in_scope)
    if not by_component:  # the leaders' own scores are all it is needed for
        per_component = per_component.filter(rater_role=RaterRole.SELF, team__in=detailed)
    per_statement = StatementSum.objects.filter(
        campaign=campaign, rater_role=RaterRole.TEAM, team__in=in_scope
    )
    spreads = None
    if distributions:
        spreads = campaign.tallies.filter(
            rater_role=RaterRole.TEAM, state=CURRENT, count__gt=0, team__in=in_scope
        )
        if ORGANISATION not in wanted:
            spreads = spreads.filter(team__in=detailed)
        spreads = spreads.values_list("team", "statement", "value", "count")
    member_sums, leader_sums = [], []
    for team, role, *sums in rows(
        per_component.values_list("team", "rater_role", "component", "state", "total", "ratings")
    ):
        (leader_sums if role == RaterRole.SELF else member_sums).append((team, *sums))
    return team_results(
        campaign.framework.components.prefetch_related(
            "statements", "resources", "reflection_questions"
        ),
        parents,
        dict(
            campaign.group_counts.filter(rater_role=RaterRole.TEAM, team__in=in_scope).values_list(
                "team", "responses"
            )
        ),
        campaign.minimum_group_size,
        component_sums=member_sums,
        leader_sums=leader_sums,
        statement_sums=rows(
            per_statement.filter(team__in=detailed).values_list(
                "team", "statement", "state", "total", "ratings"
            )
        ),
        organisation_sums=rows(
            per_statement.values("statement", "state")
            .annotate(total=Sum("total"), ratings=Sum("ratings"))
            .values_list("statement", "state", "total", "ratings")
            .order_by()
        )
        if ORGANISATION in wanted
        else (),
        only=only,
        spreads=spreads,
    )


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
