"""Whether the measure holds: each component's Cronbach's α, ICC(1) across teams and rwg(J)
within a team, as the reports show them, against the same statistics of the stored ratings."""

import random
import re
from fractions import Fraction

import pytest

from campaigns.publishing import Cell, Consistency, advance, publish
from reports.statistics import ItemSums, Moments, cronbach_alpha, icc1, rwg_j
from reports.templatetags.scores import coefficient, coefficient_interval
from tests.builders import invite
from tests.test_pdf import read, text_of

READINGS = {
    "good": "The statements hang together well.",
    "acceptable": "The statements hang together acceptably.",
    "poor": "The statements hang together poorly: read them one by one.",
}


def reading(alpha: str) -> str:
    """How a page reads a written α (at or above 0.8, well; 0.7, acceptably)."""
    value = float(alpha)
    return "good" if value >= 0.8 else "acceptable" if value >= 0.7 else "poor"


def answer(campaign, team, people: int, rng: random.Random) -> list[dict]:
    """``people`` of ``team`` answer, each around a level of their own, so that statements
    hang together; the first leaves one statement "not applicable"."""
    statements = [
        s.pk
        for c in campaign.framework.components.prefetch_related("statements")
        for s in c.statements.all()
    ]
    given = []
    for person in range(people):
        level = rng.choice([2, 3, 3, 4])
        ratings = {pk: (min(5, max(1, level + rng.choice([-1, 0, 0, 1]))), 5) for pk in statements}
        if person == 0:
            ratings[statements[0]] = (None, None)
        invite(campaign, team, f"{team.name}{person}@acme.example")[0].submit(ratings)
        given.append(ratings)
    return given


def soundness_table(page: str) -> dict[str, tuple[str, ...]]:
    """{component: its cells' text}, from the table of the measure's soundness."""
    table = page.split('id="soundness"')[1].split("</table>")[0]
    rows = re.findall(r'<th scope="row" class="fw-normal">([^<]+)</th>(.*?)</tr>', table, re.S)
    return {
        name: tuple(cell.strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", cells, re.S))
        for name, cells in rows
    }


def test_the_report_shows_the_soundness_of_the_stored_ratings(hr_client, campaign, teams):
    campaign.language = "en"
    campaign.save()
    rng = random.Random(7)
    given = {
        "support": answer(campaign, teams["support"], 7, rng),
        "north": answer(campaign, teams["north"], 6, rng),
    }
    publish(campaign)  # releases every answer waiting: both teams are above the minimum
    page = hr_client.get(f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/").text
    shown = soundness_table(page)

    expected = {}
    for component in campaign.framework.components.prefetch_related("statements"):
        pks = [s.pk for s in component.statements.all()]
        complete = [
            [ratings[pk][0] for pk in pks]
            for people in given.values()
            for ratings in people
            if all(ratings[pk][0] is not None for pk in pks)
        ]
        alpha = cronbach_alpha(ItemSums.of(complete))

        def own_score(ratings, pks=pks):
            values = [ratings[pk][0] for pk in pks if ratings[pk][0] is not None]
            return float(Fraction(sum(values), len(values)))

        icc = icc1([Moments.of([own_score(r) for r in people]) for people in given.values()])
        agreement = rwg_j(
            [Moments.of([r[pk][0] for r in given["support"] if r[pk][0] is not None]) for pk in pks]
        )
        expected[component.name_en] = (
            coefficient(alpha.alpha),
            coefficient_interval(alpha.interval),
            str(alpha.respondents),
            READINGS[reading(coefficient(alpha.alpha))],
            coefficient(icc.single),
            coefficient(agreement),
        )
    assert shown == expected
    # The first component's first statement was left out by one person in each team.
    first, *others = shown.values()
    assert first[2] == "11" and all(values[2] == "13" for values in others)

    pdf = text_of(
        read(
            hr_client.get(
                f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/report.pdf?language=en"
            ).content
        )
    )
    assert "How sound the measure is" in pdf
    name, (alpha, interval, *_rest) = next(iter(expected.items()))
    assert re.search(rf"{re.escape(name)}\s+{re.escape(alpha)}\s+{re.escape(interval)}\s+11", pdf)


def test_too_few_complete_answers_say_so(hr_client, campaign, teams):
    campaign.language = "en"
    campaign.save()
    given = answer(campaign, teams["support"], 5, random.Random(1))
    assert len(given) == 5
    publish(campaign)
    page = hr_client.get(f"/campaigns/{campaign.pk}/organisation/").text
    first, *others = soundness_table(page).values()
    # Four rated all of the first component: fewer than the minimum, so the publication
    # holds their sums back, as it would any figure. One team: no ICC; the organisation's
    # report has no column of a team's agreement.
    assert first == ("—", "—", "—", "Too few people rated every statement to tell.", "—")
    assert all(values[2] == "5" and values[4] == "—" for values in others)
    assert all(values[3] == READINGS[reading(values[0])] for values in others)


CONSISTENCY = Consistency(5, {"1": 20, "2": 18}, 160, 1400)


@pytest.mark.parametrize(
    "complete, moves",
    [(9, False), (10, True)],
    ids=["four more complete: held", "five more complete: moves"],
)
def test_the_sums_behind_alpha_move_only_by_the_minimum(complete, moves):
    before = Cell(5, consistency={1: CONSISTENCY})
    live = Consistency(complete, {"1": 40, "2": 37}, 330, 2900)
    now = advance(before, Cell(10, consistency={1: live}), minimum=5)
    assert now.responses == 10
    assert now.consistency[1] == (live if moves else CONSISTENCY)
