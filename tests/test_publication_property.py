"""Any two figures anyone can see, at any two moments, before and after any change anyone
can make, differ by the answers of nobody or of at least the minimum group size of people.

Random histories are played through the app: rounds of people answering (each leaving some
statements "not applicable"), maybe a team moving, then a publication; North and South may
be combined into a reporting group before the first one, and the campaign may close at the
end. Every current-state figure of every publication is read back from ``campaign_results``.

Each figure is a sum over a set of respondents, and which set is read from the figures
shown, not from how the app keeps them. Who is in a figure depends on who answered, in
which team, when, and what they left out, never on the values they gave: so each history
is played again with other values, and the figures' numbers of ratings must be the same in
every play. In play ``p`` respondent ``i`` rates ``2 + i % 4`` if ``i // 4 == p``, else 1:
each of the values 2 to 5 is one respondent's, so a distribution's count of that value (0
or 1) says whether they are in the figure, and ``ceil(respondents / 4)`` plays name
everyone in every figure. Each figure's sum and number of ratings must then be its set's.

Then, statement by statement, respondents are sorted by the figures they are in: people in
exactly the same figures (an "atom") cannot be told apart by any sum or difference of
figures, so a result that involves one of them involves them all. Every atom must have at
least the minimum group size of people.
"""

import math
from collections import defaultdict

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaigns.models import CampaignTeam, ReportingGroup
from campaigns.publishing import close, publish
from frameworks.models import Statement
from organisations.models import Team
from reports.campaign import ReportingGroupKey
from reports.read import campaign_results
from tests.builders import invite

PROBES = 4  # the values 2 to 5: one respondent each, per play
RESPONDENTS = 12  # at most, so at most three plays of a history
ANSWERING = ("north", "south", "support", "sales")
PARENTS = ("acme", "sales", "support", "north")

# Someone of a team answers, leaving out some of the first ten statements: people often
# leave out the same ones, so that items lag behind their cells.
respondent = st.tuples(st.sampled_from(ANSWERING), st.frozensets(st.integers(0, 9)))
moved = st.none() | st.tuples(st.sampled_from(ANSWERING), st.sampled_from(PARENTS))
round_ = st.tuples(st.lists(respondent, min_size=2, max_size=6), moved)
history = st.fixed_dictionaries(
    {
        "rounds": st.lists(round_, min_size=2, max_size=4),
        # North and South combined after this many people of the first round, or never.
        "grouped": st.none() | st.integers(0, 6),
        "closed": st.booleans(),
    }
)


def small_atoms(figures, minimum: int) -> list[frozenset]:
    """The atoms of a statement's figures (each a set of respondents) with fewer than
    ``minimum`` people: people in the same figures, none of whom any combination of the
    figures can tell apart."""
    atoms = defaultdict(set)
    for person in set().union(*figures):
        atoms[tuple(person in figure for figure in figures)].add(person)
    return [frozenset(atom) for atom in atoms.values() if len(atom) < minimum]


def test_live_figures_at_5_and_6_respondents_give_away_the_sixth():
    """The check catches what publishing prevents: a team shown at 5, then at 6."""
    at_five, at_six = frozenset(range(5)), frozenset(range(6))
    assert small_atoms([at_five, at_six], minimum=5) == [frozenset({5})]
    assert small_atoms([at_five, at_six | {6, 7, 8, 9}], minimum=5) == []
    assert small_atoms([at_five, frozenset(range(3, 8))], minimum=5) == [
        frozenset({0, 1, 2}),
        frozenset({3, 4}),
        frozenset({5, 6, 7}),
    ]


def shown(campaign, publication, pks: list[int]) -> dict:
    """Every current-state figure of a publication, by (publication, group, statement
    index): its sum, its number of ratings and how many gave each value."""
    figures = {}
    for group, result in campaign_results(campaign, publication, distributions=True).items():
        if not result.shown:
            continue
        if isinstance(group, ReportingGroupKey):
            group = "North + South"  # its pk is new in each play
        for row in result.report.rows:
            for line in row.statements:
                tally = line.score.current_tally
                if tally.count:
                    counts = result.distributions[line.statement.pk].counts
                    key = (publication.number, group, pks.index(line.statement.pk))
                    figures[key] = (tally.total, tally.count, counts)
    return figures


def steps(history) -> list[tuple]:
    """The history as steps, in order, with at most ``RESPONDENTS`` people answering."""
    played = []
    for number, (respondents, move) in enumerate(history["rounds"]):
        answering = [("respond", *person) for person in respondents]
        if number == 0 and history["grouped"] is not None:
            answering.insert(history["grouped"], ("group",))
        played += answering + ([("move", *move)] if move else []) + [("publish",)]
    if history["closed"]:
        played[-1] = ("close",)
    answering = [index for index, step in enumerate(played) if step[0] == "respond"]
    return [step for index, step in enumerate(played) if index not in answering[RESPONDENTS:]]


def play(campaign, teams, steps, value) -> dict:
    """Play the steps, respondent ``i`` giving ``value(i)`` to every statement they rate,
    then roll it all back; returns the figures shown."""
    pks = list(
        Statement.objects.filter(component__framework=campaign.framework).values_list(
            "pk", flat=True
        )
    )
    figures, people = {}, 0
    with transaction.atomic():
        for step, *args in steps:
            if step == "respond":
                (name, left_out), rating = args, value(people)
                invitation, _token = invite(campaign, teams[name], f"{people}@acme.example")
                invitation.submit(
                    {pk: (None if s in left_out else rating, None) for s, pk in enumerate(pks)}
                )
                people += 1
            elif step == "group":
                group = ReportingGroup.objects.create(campaign=campaign, name="North + South")
                CampaignTeam.objects.filter(
                    campaign=campaign, team__in=[teams["north"], teams["south"]]
                ).update(reporting_group=group)
            elif step == "move":
                team, parent = (Team.objects.get(pk=teams[name].pk) for name in args)
                if not parent.path.startswith(team.path):  # a team cannot sit below itself
                    team.parent = parent
                    team.save()
            else:
                published = close(campaign) if step == "close" else publish(campaign)
                figures |= shown(campaign, published, pks)
        transaction.set_rollback(True)
    campaign.refresh_from_db()  # closing it changed it
    return figures


def probe(person: int, number: int) -> int:
    """What ``person`` gives in play ``number``: 2 to 5 for four people, 1 for the others."""
    return 2 + person % PROBES if person // PROBES == number else 1


def members(plays: list[dict], key, people: int) -> frozenset:
    """The respondents in a figure: those whose value in their play it counts."""
    return frozenset(
        person
        for person in range(people)
        if plays[person // PROBES][key][2][person % PROBES + 1]  # the count of 2 + person % 4
    )


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=history)
def test_no_two_figures_ever_shown_differ_by_fewer_than_the_minimum(campaign, teams, history):
    """Whatever happens in whatever order, every atom of every statement's figures, over
    every group and every publication, has at least the minimum group size of people."""
    campaign.minimum_group_size = 3  # the smallest allowed: short histories reach it
    campaign.save()
    campaign.freeze_tree()
    played = steps(history)
    left_out = [step[2] for step in played if step[0] == "respond"]
    people = len(left_out)
    plays = [
        play(campaign, teams, played, lambda person, p=p: probe(person, p))
        for p in range(math.ceil(people / PROBES))
    ]
    assert all(set(figures) == set(plays[0]) for figures in plays)  # the same in every play
    by_statement = defaultdict(list)
    for key in plays[0]:
        in_figure = members(plays, key, people)
        assert all(key[2] not in left_out[person] for person in in_figure)
        for number, figures in enumerate(plays):
            total, count, counts = figures[key]
            assert count == sum(counts) == len(in_figure)
            assert total == sum(probe(person, number) for person in in_figure)
        by_statement[key[2]].append(in_figure)
    for statement, figures in by_statement.items():
        assert small_atoms(figures, campaign.minimum_group_size) == [], statement
