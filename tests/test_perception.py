"""A team report opens with the leader against the team: the difference per component, its
likely range, the largest first, and the leader's line on the team's radar."""

import pytest

from campaigns.models import release_sealed
from campaigns.publishing import publish
from reports.statistics import Interval
from tests.builders import invite, respond


@pytest.fixture
def rated(campaign, teams, six_pillars):
    """North: three members rate everything 2 now, three 4; its leader rates empathy 5 and
    the rest 3."""
    respond(campaign, teams["north"], 3, 2, 4)
    respond(campaign, teams["north"], 3, 4, 5, start=3)
    leader, _token = invite(campaign, teams["north"], "lead@acme.example", rater_role="self")
    leader.submit(
        {
            s.pk: (5 if s.component.key == "empathy" else 3, 5)
            for s in six_pillars.components.get(key="empathy").statements.all()
        }
        | {
            s.pk: (3, 5)
            for c in six_pillars.components.exclude(key="empathy")
            for s in c.statements.all()
        }
    )
    release_sealed(campaign, everything=True)
    publish(campaign)
    return campaign


def test_the_largest_perception_gap_comes_first_with_its_range(hr_client, rated, teams):
    response = hr_client.get(f"/campaigns/{rated.pk}/teams/{teams['north'].pk}/")
    result = response.context["result"]
    gaps = result.perception_gaps
    assert gaps[0].component.key == "empathy"
    assert [float(g.difference) for g in gaps] == [2.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    empathy = next(r for r in result.report.rows if r.component.key == "empathy")
    team = empathy.current_interval
    assert gaps[0].interval == Interval(5 - team.high, 5 - team.low)
    page = response.text
    assert (
        page.index('id="perception"') < page.index('id="strengths"') < page.index('id="three-way"')
    )
    radar = response.context["radar_chart"]
    assert [trace["name"] for trace in radar["data"]] == ["Current", "Target", "Leader (self)"]
    leader_line = dict(zip(radar["data"][2]["theta"], radar["data"][2]["r"], strict=True))
    assert leader_line == {
        name: 5.0 if name == "Empathy" else 3.0 for name in radar["data"][0]["theta"]
    }
