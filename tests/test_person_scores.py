"""A group's component score is the mean of its people's own scores: each person's the mean
of the statements they rated, where they rated at least half of the component."""

from fractions import Fraction

from campaigns.models import ScoreSum, release_sealed
from campaigns.publishing import publish
from frameworks.scale import PERSON_SCALE, person_scores
from reports.read import campaign_results
from reports.templatetags.scores import gap_interval
from tests.builders import every_statement, invite

COMPONENT_OF = {1: 10, 2: 10, 3: 10, 4: 10, 5: 20}
SIZES = {10: 4, 20: 1}


def test_a_person_scores_a_component_they_rated_at_least_half_of():
    scores = person_scores(
        {1: (2, 5), 2: (3, None), 3: (None, None), 4: (None, None), 5: (None, 4)},
        COMPONENT_OF,
        SIZES,
    )
    # Component 10: now (2 + 3) / 2 from two of four statements; its target from one of
    # four is not a score, so neither is a gap. Component 20: a target and no "now".
    assert scores == {
        (10, "current"): Fraction(5, 2) * PERSON_SCALE,
        (20, "target"): 4 * PERSON_SCALE,
    }


def test_a_persons_gap_is_their_own_target_minus_their_own_now():
    scores = person_scores(
        {1: (2, 5), 2: (3, 4), 3: (None, 4), 4: (None, 4), 5: (1, 1)}, COMPONENT_OF, SIZES
    )
    assert scores[10, "gap"] == (Fraction(17, 4) - Fraction(5, 2)) * PERSON_SCALE
    assert scores[20, "gap"] == 0


def test_a_group_is_scored_person_by_person(campaign, teams, six_pillars):
    """Five people; the first rates only half of the first component, all 1s; the others
    rate all of it 4. Pooled by rating it would be (1 * 5 + 4 * 36) / 41; by person it is
    (1 + 4 * 4) / 5, every person weighing the same."""
    component = six_pillars.components.first()
    statements = list(component.statements.all())
    assert len(statements) == 9
    for person in range(5):
        ratings = every_statement(six_pillars, 3, 4)
        for index, statement in enumerate(statements):
            if person == 0:
                ratings[statement.pk] = (1, 5) if index < 5 else (None, None)
            else:
                ratings[statement.pk] = (4, 5)
        invite(campaign, teams["support"], f"p{person}@acme.example")[0].submit(ratings)
    release_sealed(campaign, everything=True)
    row = ScoreSum.objects.get(team=teams["support"], component=component, measure="current")
    assert (row.people, row.total) == (5, 17 * PERSON_SCALE)
    results = campaign_results(campaign, publish(campaign))
    support = results[teams["support"].pk].report.rows[0]
    assert support.score.current == Fraction(17, 5)
    assert support.score.gap == Fraction(8, 5)  # (4 + 1 + 1 + 1 + 1) / 5
    assert support.people == 5
    interval = support.interval("current")
    # SD of [1, 4, 4, 4, 4] is 1.342; t(4) = 2.776: 3.4 ± 1.666.
    assert (round(interval.low, 3), round(interval.high, 3)) == (1.734, 5.066)
    # Within the scale, as the page writes it.
    assert (round(support.current_interval.low, 3), support.current_interval.high) == (1.734, 5)
    # The gap's is paired, from each person's own gap [4, 1, 1, 1, 1]: 1.6 ± 1.666.
    gap = support.gap_interval
    assert (round(gap.low, 3), round(gap.high, 3)) == (-0.066, 3.266)
    page_text = gap_interval(gap)
    assert page_text == "-0.1 to +3.3"


def test_strengths_say_when_they_cannot_be_told_apart(campaign, teams, six_pillars):
    """Two components rated 4.6 and 4.4 by five people who disagree: the first is named the
    strength, but its likely range overlaps the second's, and the report says so. Where
    everyone agrees, the order is sure."""
    first, second, *_others = six_pillars.components.prefetch_related("statements")
    for person in range(5):
        ratings = every_statement(six_pillars, 2, 3)
        for component, value in ((first, (5, 4)[person % 2]), (second, (4, 5)[person % 2])):
            ratings |= {s.pk: (value, 5) for s in component.statements.all()}
        invite(campaign, teams["support"], f"p{person}@acme.example")[0].submit(ratings)
    release_sealed(campaign, everything=True)
    report = campaign_results(campaign, publish(campaign))[teams["support"].pk].report
    top = report.strengths[0]
    assert (top.row.component, top.level_with.component) == (first, second)
    # The others all rate 2 alike: the second strength is sure of its lead over them.
    assert report.strengths[1].level_with is None
