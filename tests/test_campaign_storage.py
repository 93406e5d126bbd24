"""How campaign answers are stored: anonymous responses, tallies, locks and scoping."""

import importlib
import secrets
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.migrations.loader import MigrationLoader

from campaigns.models import (
    AlreadyResponded,
    Campaign,
    ComponentSum,
    GroupCount,
    Invitation,
    RatingTally,
    Response,
    SealedResponse,
    StatementSum,
    release_sealed,
)
from campaigns.tasks import release_responses
from frameworks.models import Statement
from organisations import access
from organisations.models import Membership, Organisation, Role, Team
from tests.builders import every_statement, invite, respond

SUM_FIELDS = ("team", "rater_role", "state", "total", "ratings")


def test_team_paths_follow_the_hierarchy_and_moves(teams):
    north, sales, support = teams["north"], teams["sales"], teams["support"]
    assert north.path == f"{teams['acme'].path}{sales.pk:010d}/{north.pk:010d}/"
    assert north.depth == 2
    sales.parent = support
    sales.save()
    north.refresh_from_db()
    assert north.path == f"{support.path}{sales.pk:010d}/{north.pk:010d}/"


def test_teams_list_under_their_parent_in_the_order_they_were_made(acme):
    division = Team.objects.create(organisation=acme, name="Division")
    made = [
        Team.objects.create(organisation=acme, parent=division, name=f"T{n}") for n in range(12)
    ]
    other = Team.objects.create(organisation=acme, name="Other division")
    assert list(acme.teams.all()) == [division, *made, other]


def test_a_team_cannot_be_moved_below_itself(teams):
    sales = teams["sales"]
    sales.parent = teams["north"]
    with pytest.raises(ValueError):
        sales.save()


def test_hr_sees_every_team_of_their_organisation_only(hr_admin, teams, other_leader):
    other = Organisation.objects.create(name="Other", slug="other")
    Team.objects.create(organisation=other, name="Elsewhere")
    Membership.objects.create(organisation=other, user=other_leader, role=Role.ADMIN)
    assert set(access.teams(hr_admin)) == set(teams.values())
    assert {t.name for t in access.teams(other_leader)} == {"Elsewhere"}


def test_a_leader_sees_their_teams_and_those_below(leader, teams):
    assert set(access.teams(leader)) == {teams["sales"], teams["north"], teams["south"]}


def test_a_member_sees_no_team(acme, teams, other_leader):
    Membership.objects.create(organisation=acme, user=other_leader, role=Role.MEMBER)
    assert not access.teams(other_leader).exists()


def test_campaigns_are_scoped_like_teams(campaign, hr_admin, leader, other_leader):
    assert list(access.campaigns(hr_admin, Campaign.objects)) == [campaign]
    assert list(access.campaigns(leader, Campaign.objects)) == [campaign]
    assert not access.campaigns(other_leader, Campaign.objects).exists()


def test_the_minimum_group_size_is_never_below_three(campaign):
    campaign.minimum_group_size = 2
    with pytest.raises(ValidationError):
        campaign.full_clean()
    with pytest.raises(IntegrityError):
        campaign.save()


def test_the_invitation_link_token_is_not_stored(campaign, teams):
    invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    assert token not in invitation.token_hash
    assert Invitation.for_token(token) == invitation
    assert Invitation.for_token(token + "x") is None


def test_a_response_carries_campaign_team_and_role_only(campaign, teams):
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    invitation.submit(every_statement(campaign.framework, 3, 4))
    sealed = SealedResponse.objects.get()
    assert isinstance(sealed.pk, uuid.UUID)  # a random key: no order
    sealed_fields = {f.name for f in SealedResponse._meta.get_fields()}
    assert sealed_fields == {"id", "campaign", "team", "rater_role", "ratings", "notes"}
    release_sealed(campaign, everything=True)
    fields = {f.name for f in Response._meta.get_fields()}
    assert fields == {"id", "campaign", "team", "rater_role", "ratings"}  # no time
    response = Response.objects.get()
    assert (response.team, response.rater_role) == (teams["north"], "team")
    assert not SealedResponse.objects.exists()


def test_one_submission_per_invitation(campaign, teams):
    invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    invitation.submit(every_statement(campaign.framework, 3, 4))
    with pytest.raises(AlreadyResponded):
        Invitation.for_token(token).submit(every_statement(campaign.framework, 5, 5))
    release_sealed(campaign, everything=True)
    assert Response.objects.count() == 1
    assert GroupCount.objects.get().responses == 1


def test_answers_wait_sealed_until_a_teams_batch_is_complete(campaign, teams, monkeypatch):
    monkeypatch.setattr(secrets.SystemRandom, "shuffle", lambda self, items: items.reverse())
    for number in range(4):
        invitation, _ = invite(campaign, teams["north"], f"p{number}@acme.example")
        invitation.submit(every_statement(campaign.framework, number + 1, 5))
    leader, _ = invite(campaign, teams["sales"], "lead@acme.example", rater_role="self")
    leader.submit(every_statement(campaign.framework, 4, 5))
    assert release_responses.call(campaign.pk) == 1  # the leader's own, at once
    assert not Response.objects.filter(rater_role="team").exists()
    last, _ = invite(campaign, teams["north"], "p4@acme.example")
    last.submit(every_statement(campaign.framework, 5, 5))
    assert release_responses.call(campaign.pk) == 5
    # Released in the shuffle's order, not in the order of answering.
    released = Response.objects.filter(rater_role="team").order_by("pk")
    firsts = [r.ratings.order_by("statement").first().current for r in released]
    assert firsts == [5, 4, 3, 2, 1]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="transaction ids are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_response_shares_no_transaction_with_its_invitation(campaign, teams):
    people = [invite(campaign, teams["north"], f"p{n}@acme.example")[0] for n in range(5)]
    for invitation in people:
        invitation.submit(every_statement(campaign.framework, 3, 4))
    release_responses.call(campaign.pk)

    def xmin(table, pks):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT xmin::text FROM {table} WHERE id = ANY(%s)", [list(pks)])
            return {row[0] for row in cursor.fetchall()}

    answered = xmin("assessments_invitation", [i.pk for i in people])
    responses = xmin("assessments_response", Response.objects.values_list("pk", flat=True))
    assert len(answered) == 5  # each marked answered in a transaction of its own
    assert len(responses) == 1  # all five released together, in another
    assert not answered & responses


def test_tallies_count_every_rating_and_skip_not_applicable(campaign, teams):
    ratings = every_statement(campaign.framework, 3, 4)
    first, second, *_ = ratings
    for number, (current, target) in enumerate([(3, 4), (3, 5), (2, 4)]):
        invitation, _ = invite(campaign, teams["north"], f"p{number}@acme.example")
        answers = {**ratings, first: (current, target), second: (None, None)}
        invitation.submit(answers)
    release_sealed(campaign, everything=True)

    def tally(statement, state):
        return dict(
            RatingTally.objects.filter(statement=statement, state=state, count__gt=0).values_list(
                "value", "count"
            )
        )

    assert tally(first, "current") == {3: 2, 2: 1}
    assert tally(first, "target") == {4: 2, 5: 1}
    assert tally(second, "current") == {}
    assert GroupCount.objects.get(team=teams["north"], rater_role="team").responses == 3


def test_component_sums_add_up_every_rating_and_skip_not_applicable(campaign, teams):
    ratings = every_statement(campaign.framework, 3, 4)
    first, second = campaign.framework.components.first().statements.all()[:2]
    for number, (current, target) in enumerate([(3, 4), (3, 5), (2, 4)]):
        invitation, _ = invite(campaign, teams["north"], f"p{number}@acme.example")
        invitation.submit({**ratings, first.pk: (current, target), second.pk: (None, None)})
    release_sealed(campaign, everything=True)

    others = first.component.statements.count() - 2  # rated 3 and 4 by all three
    sums = ComponentSum.objects.filter(team=teams["north"], component=first.component)
    assert sums.get(state="current").total == 3 * 3 * others + 3 + 3 + 2
    assert sums.get(state="target").total == 3 * 4 * others + 4 + 5 + 4
    assert {s.ratings for s in sums} == {3 * (others + 1)}
    for other in ComponentSum.objects.exclude(component=first.component):
        assert other.ratings == 3 * other.component.statements.count()
        assert other.total == other.ratings * (3 if other.state == "current" else 4)


def test_the_migration_sums_existing_tallies_as_submissions_do(campaign, teams):
    respond(campaign, teams["north"], 4, 2, 5)
    respond(campaign, teams["support"], 3, 4, 4)
    leader, _ = invite(campaign, teams["north"], "lead@acme.example", rater_role="self")
    leader.submit(every_statement(campaign.framework, 5, 5))
    release_sealed(campaign, everything=True)
    sums = {StatementSum: ("statement", *SUM_FIELDS), ComponentSum: ("component", *SUM_FIELDS)}
    submitted = {model: set(model.objects.values_list(*fields)) for model, fields in sums.items()}
    for model in sums:
        model.objects.all().delete()
    migration = importlib.import_module("assessments.migrations.0008_rating_sums")
    # The models as that migration knew them, where the tallies' app was assessments.
    loader = MigrationLoader(connection)
    migration.sum_tallies(loader.project_state(("assessments", "0008_rating_sums")).apps, None)
    for model, fields in sums.items():
        assert set(model.objects.values_list(*fields)) == submitted[model]
    statements = Statement.objects.filter(component__framework=campaign.framework)
    assert len(submitted[StatementSum]) == 3 * 2 * statements.count()
    assert len(submitted[ComponentSum]) == 3 * 2 * campaign.framework.components.count()


def test_team_members_rate_no_target_when_the_campaign_says_so(campaign, teams):
    campaign.team_rates_target = False
    campaign.save()
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    invitation.submit(every_statement(campaign.framework, 3, 4))
    release_sealed(campaign, everything=True)
    assert not RatingTally.objects.filter(state="target", count__gt=0).exists()
    leader, _ = invite(campaign, teams["north"], "lead@acme.example", rater_role="self")
    leader.submit(every_statement(campaign.framework, 3, 4))
    release_sealed(campaign)
    assert RatingTally.objects.filter(state="target", count=1, rater_role="self").count() == 52


def test_a_submission_costs_the_same_queries_for_the_hundredth_respondent(
    campaign, teams, django_assert_num_queries
):
    ratings = every_statement(campaign.framework, 3, 4)

    def batch(start):
        for number in range(start, start + 5):
            invitation, _ = invite(campaign, teams["north"], f"p{number}@acme.example")
            if number == 7:
                # statements, then the claim and the seal in transactions of their own:
                # savepoint, claim, the day's count, release; savepoint, sealed answers,
                # release
                with django_assert_num_queries(8):
                    invitation.submit(ratings)
            else:
                invitation.submit(ratings)

    batch(0)
    release_sealed(campaign)  # the group's rows are made with its first batch
    batch(5)
    # savepoint, the campaign, its scope, the sealed answers, statements; for each of the
    # five: response, ratings, group count, tallies, statement sums, component sums, the
    # person's scores; the team's sums of complete ratings, read and updated; the delete,
    # release
    with django_assert_num_queries(9 + 5 * 7):
        assert release_sealed(campaign) == 5


def test_confidentiality_settings_lock_with_the_first_response(campaign, teams):
    campaign.minimum_group_size = 6
    campaign.save()  # no response yet: still free to change
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    invitation.submit(every_statement(campaign.framework, 3, 4))
    campaign.minimum_group_size = 3
    with pytest.raises(ValueError):
        campaign.save()
    campaign.refresh_from_db()
    assert campaign.minimum_group_size == 6
    campaign.name = "Spring pulse 2026"
    campaign.save()  # other settings stay editable


def test_a_submission_must_cover_the_framework(campaign, teams):
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    with pytest.raises(ValueError):
        invitation.submit({1: (3, 4)})
    invitation.refresh_from_db()
    assert not invitation.responded
    assert not Response.objects.exists()
