"""A demo organisation with many teams and responses, written in bulk for demos and benchmarks.

The answers go through the same tables a real submission writes (invitations, anonymous
responses, ratings, comments-free), and the pre-aggregated tallies and component sums are
counted from them in memory and written in one go, as ``add_to_tallies`` would have left them.
"""

import datetime
import io
import random
from collections import Counter

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from campaigns.models import (
    Campaign,
    CampaignState,
    ComponentSum,
    ConsistencySum,
    GroupCount,
    Invitation,
    MailState,
    RaterRole,
    RatingTally,
    Response,
    ResponseRating,
    ScoreSum,
    StatementSum,
)
from campaigns.publishing import publish
from frameworks.models import Framework, Statement
from frameworks.scale import (
    CURRENT,
    MEASURES,
    SCALE_MAX,
    SCALE_MIN,
    STATES,
    TARGET,
    complete_ratings,
    person_scores,
)
from organisations.models import Organisation, Team

TEAMS_PER_DIVISION = 8
BATCH = 5000
RATINGS_AT_ONCE = 200_000  # rating rows held in memory before they are written
RATING_FIELDS = ("response", "statement", "current", "target")


def insert_rows(model, names: tuple[str, ...], rows) -> None:
    """Write rows of plain values (a tuple per row, for the fields ``names``): the millions
    of a large demo cost minutes as model instances. PostgreSQL takes them in one COPY,
    other databases in one ``executemany``."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            lines = (
                "\t".join("\\N" if value is None else str(value) for value in row) + "\n"
                for row in rows
            )
            cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN", io.StringIO("".join(lines)))
        else:
            marks = ", ".join(["%s"] * len(names))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(rows))


def rating(rng: random.Random, level: float) -> tuple[int | None, int | None]:
    if rng.random() < 0.03:
        return None, None  # not applicable
    current = max(SCALE_MIN, min(SCALE_MAX, round(rng.gauss(level, 0.9))))
    return current, min(SCALE_MAX, current + rng.choice((0, 1, 1, 2)))


@transaction.atomic
def create_demo_organisation(
    name: str,
    teams: int,
    responses: int,
    framework: Framework,
    seed: int = 1,
    language: str = "en",
) -> Campaign:
    """An organisation of ``teams`` teams in divisions of eight, one open campaign and
    ``responses`` team-member responses spread over the teams, plus each leader's own."""
    rng = random.Random(seed)
    organisation = Organisation.objects.create(name=name, slug=slugify(name))
    divisions = [
        Team.objects.create(organisation=organisation, name=f"Division {number + 1}")
        for number in range((teams + TEAMS_PER_DIVISION - 1) // TEAMS_PER_DIVISION)
    ]
    leaves = [
        Team.objects.create(
            organisation=organisation,
            parent=divisions[number // TEAMS_PER_DIVISION],
            name=f"Team {number + 1}",
        )
        for number in range(teams)
    ]
    today = timezone.localdate()
    campaign = Campaign.objects.create(
        organisation=organisation,
        framework=framework,
        name=f"{name} pulse",
        opens_on=today - datetime.timedelta(days=14),
        closes_on=today + datetime.timedelta(days=14),
        language=language,
        state=CampaignState.OPEN,
        target_each_statement=True,  # its answers below carry a target per statement
    )
    campaign.teams.set(divisions + leaves)
    campaign.freeze_tree()  # open, as if it had been opened

    # Who answers: members spread unevenly over the teams, and every team's leader. With
    # responses enough, each team has at least the minimum group size, so that every team
    # is shown.
    weights = [rng.uniform(0.3, 1.7) for _team in leaves]
    floor = campaign.minimum_group_size
    if responses < floor * len(leaves):
        floor = 0
    members = [team for team in leaves for _member in range(floor)]
    members += rng.choices(leaves, weights, k=responses - len(members))
    raters = [(team, RaterRole.TEAM) for team in members]
    raters += [(team, RaterRole.SELF) for team in leaves]
    invitations = []
    for number, (team, role) in enumerate(raters):
        invitation = Invitation(
            campaign=campaign,
            team=team,
            email=f"person{number + 1}@{organisation.slug}.example",
            rater_role=role,
            responded=True,
            mail_state=MailState.SENT,
            mail_attempts=1,
            mailed_at=timezone.now(),
        )
        invitation.new_token()
        invitations.append(invitation)
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)
    stored = Response.objects.bulk_create(
        [Response(campaign=campaign, team=team, rater_role=role) for team, role in raters],
        batch_size=BATCH,
    )

    statements = list(
        Statement.objects.filter(component__framework=framework).values_list("pk", "component_id")
    )
    components = {component for _pk, component in statements}
    team_level = {team.pk: rng.uniform(2.3, 3.9) for team in leaves}
    component_level = {component: rng.uniform(-0.6, 0.6) for component in components}
    component_of = dict(statements)
    sizes = Counter(component_of.values())
    people, score_totals, score_squares = Counter(), Counter(), Counter()
    consistency = {}
    groups, tallies, ratings = Counter(), Counter(), []
    for response in stored:
        group = (response.team_id, response.rater_role)
        groups[group] += 1
        bias = 0.4 if response.rater_role == RaterRole.SELF else 0
        answers = {}
        for pk, component in statements:
            current, target = rating(rng, team_level[group[0]] + component_level[component] + bias)
            answers[pk] = (current, target)
            ratings.append((response.pk, pk, current, target))
            for state, value in ((CURRENT, current), (TARGET, target)):
                if value is not None:
                    tallies[(*group, pk, state, value)] += 1
        for (component, measure), score in person_scores(answers, component_of, sizes).items():
            people[(*group, component, measure)] += 1
            score_totals[(*group, component, measure)] += score
            score_squares[(*group, component, measure)] += score * score
        if response.rater_role == RaterRole.TEAM:
            for component, values in complete_ratings(answers, component_of, sizes).items():
                sums = consistency.setdefault(
                    (response.team_id, component),
                    ConsistencySum(
                        campaign=campaign, team_id=response.team_id, component_id=component
                    ),
                )
                sums.add_person(values)
        if len(ratings) >= RATINGS_AT_ONCE:
            insert_rows(ResponseRating, RATING_FIELDS, ratings)
            ratings = []
    insert_rows(ResponseRating, RATING_FIELDS, ratings)

    insert_rows(
        GroupCount,
        ("campaign", "team", "rater_role", "responses"),
        ((campaign.pk, team, role, count) for (team, role), count in groups.items()),
    )
    insert_rows(
        ScoreSum,
        ("campaign", "team", "rater_role", "component", "measure", "people", "total", "squares"),
        (
            (
                campaign.pk,
                team,
                role,
                component,
                measure,
                people[team, role, component, measure],
                score_totals[team, role, component, measure],
                score_squares[team, role, component, measure],
            )
            for team, role in groups
            for component in components
            for measure in MEASURES
        ),
    )
    ConsistencySum.objects.bulk_create(consistency.values(), batch_size=BATCH)
    insert_rows(
        RatingTally,
        ("campaign", "team", "rater_role", "statement", "state", "value", "count"),
        (
            (campaign.pk, team, role, pk, state, value, tallies[(team, role, pk, state, value)])
            for team, role in groups
            for pk, _component in statements
            for state in STATES
            for value in range(SCALE_MIN, SCALE_MAX + 1)
        ),
    )
    totals, counts = Counter(), Counter()
    for (team, role, pk, state, value), n in tallies.items():
        for key in (("statement", pk), ("component", component_of[pk])):
            totals[(team, role, key, state)] += value * n
            counts[(team, role, key, state)] += n
    for model, kind, keys in (
        (StatementSum, "statement", [pk for pk, _component in statements]),
        (ComponentSum, "component", components),
    ):
        insert_rows(
            model,
            ("campaign", "team", "rater_role", "state", kind, "total", "ratings"),
            (
                (
                    campaign.pk,
                    team,
                    role,
                    state,
                    key,
                    totals[(team, role, (kind, key), state)],
                    counts[(team, role, (kind, key), state)],
                )
                for team, role in groups
                for key in keys
                for state in STATES
            ),
        )
    publish(campaign)  # interim results, as HR would publish them
    return campaign
