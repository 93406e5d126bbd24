"""A report's figures are worked out once per publication and then read from the cache:
a new publication is served at once, nothing below the minimum is ever kept, each language
is kept apart, and who may see a report is checked before the cache is read.
"""

import json
import re

import pytest
from django.core.cache import caches
from django.utils import translation

from campaigns.models import CampaignState
from campaigns.publishing import latest_publication, publish
from reports import cached
from reports.cached import CACHE
from reports.history import earlier_waves
from tests.builders import respond


def organisation_url(campaign) -> str:
    return f"/campaigns/{campaign.pk}/organisation/"


def team_url(campaign, team) -> str:
    return f"/campaigns/{campaign.pk}/teams/{team.pk}/"


def team_row(page: str, name: str) -> tuple[str, list[str]]:
    """A team's row in the organisation report's table of every team: its people and its
    current score per component."""
    table = page.split('id="team-scores"')[1].split("</table>")[0]
    row = re.search(rf">{name}</a></th>(.*?)</tr>", table, re.S).group(1)
    people = re.search(r'<td class="text-end">([^<]*)</td>', row).group(1)
    return people, re.findall(r'score-cell">([^<]*)<', row)


def section(page: str, name: str, end: str) -> str:
    """What a page shows from the element of that id to the next ``end``."""
    return page.split(f'id="{name}"')[1].split(end)[0]


def chart(page: str, name: str) -> dict:
    return json.loads(
        re.search(rf'<script id="{name}" type="application/json">(.*?)</script>', page, re.S).group(
            1
        )
    )


def organisation_key(campaign) -> str:
    return cached.organisation_key(campaign, latest_publication(campaign), earlier_waves(campaign))


def team_key(campaign, team) -> str:
    return cached.team_key(campaign, latest_publication(campaign), team, earlier_waves(campaign))


@pytest.mark.parametrize("extra", [0, 20])
def test_a_second_organisation_report_runs_fewer_queries(
    hr_client, answered, teams, django_assert_num_queries, extra
):
    respond(answered, teams["support"], extra, 4, 5, start=100)
    publish(answered)
    # session, user, campaign, the publication, the teams' names (in the cache key), the
    # results' 9 queries, components, teams, the action plan, the logo, the organisation
    # switcher
    with django_assert_num_queries(19):
        first = hr_client.get(organisation_url(answered))
    # the same but the results' 9 queries (the reporting groups, the tree, the cells,
    # their scores, the organisation's sums, the components with their statements,
    # resources and questions), the components the soundness reads and the teams
    with django_assert_num_queries(8):
        second = hr_client.get(organisation_url(answered))
    assert first.status_code == second.status_code == 200
    for part, end in (
        ("team-scores", "</table>"),
        ("current-heatmap-data", "</script>"),
        ("gap-heatmap-data", "</script>"),
    ):
        assert section(second.text, part, end) == section(first.text, part, end)
    assert second.text.count(">Personalisation, highest first</option>") == 2  # heatmap sort


@pytest.mark.parametrize("extra", [0, 20])
def test_a_second_team_report_runs_fewer_queries(
    hr_client, answered, teams, django_assert_num_queries, extra
):
    respond(answered, teams["support"], extra, 4, 5, start=100)
    publish(answered)
    # as tests/test_campaign_pages.py counts them
    with django_assert_num_queries(23):
        first = hr_client.get(team_url(answered, teams["support"]))
    # the same but the results' 10 queries (the reporting groups, the tree, the cells,
    # their scores, the items and their spreads, the components with their statements,
    # resources and questions) and the components the soundness reads
    with django_assert_num_queries(12):
        second = hr_client.get(team_url(answered, teams["support"]))
    assert first.status_code == second.status_code == 200
    assert (
        second.content.decode().split('name="csrfmiddlewaretoken"')[0]
        == (first.content.decode().split('name="csrfmiddlewaretoken"')[0])
    )


def test_a_new_publication_is_served_at_once(hr_client, answered, teams):
    page = hr_client.get(organisation_url(answered)).text
    # Support: 4 people rate 2 now, 2 rate 5: (4 * 2 + 2 * 5) / 6 = 3.0.
    assert team_row(page, "Support") == ("6", ["3.0"] * 6)
    team_page = hr_client.get(team_url(answered, teams["support"])).text
    assert "Based on 6 responses from team members." in team_page

    respond(answered, teams["support"], 5, 5, 5, start=10)
    # Not published yet: the figures stay those of the first publication.
    page = hr_client.get(organisation_url(answered)).text
    assert team_row(page, "Support") == ("6", ["3.0"] * 6)
    first = organisation_key(answered)
    assert "Based on 12 responses" in caches[CACHE].get(first).overview
    publish(answered)
    assert organisation_key(answered) != first

    page = hr_client.get(organisation_url(answered)).text
    # (4 * 2 + 7 * 5) / 11 = 3.9
    assert team_row(page, "Support") == ("11", ["3.9"] * 6)
    team_page = hr_client.get(team_url(answered, teams["support"])).text
    assert "Based on 11 responses from team members." in team_page
    assert chart(team_page, "radar-data")["data"][0]["r"] == [3.9] * 7


def test_a_team_below_the_minimum_is_kept_without_a_figure(hr_client, answered, teams):
    """South has 3 responses, below the minimum of 5: what the cache keeps of it is that
    it has none to show, as its publication's cell holds."""
    assert hr_client.get(organisation_url(answered)).status_code == 200
    assert hr_client.get(team_url(answered, teams["south"])).status_code == 200

    south = caches[CACHE].get(team_key(answered, teams["south"]))
    assert not south.shown and south.components == [] and south.details == ""
    assert 'id="not-enough-responses"' in south.overview
    assert not re.search(r"\d\.\d", south.overview)

    organisation = caches[CACHE].get(organisation_key(answered))
    # North 6 and Support 6: South's 3 are in no figure, not even the organisation's.
    assert "Based on 12 responses" in organisation.overview
    heatmap = chart(organisation.overview, "current-heatmap-data")["data"][0]
    held_back = [
        row for label, row in zip(heatmap["y"], heatmap["z"], strict=True) if "South" in label
    ]
    assert held_back == [[None] * 6]
    assert team_row(organisation.team_scores, "South") == ("—", [])
    assert "Not enough responses" in organisation.team_scores.split(">South</a>")[1]


def test_italian_and_english_are_kept_apart(hr_client, answered):
    english = hr_client.get(organisation_url(answered), HTTP_ACCEPT_LANGUAGE="en").text
    italian = hr_client.get(organisation_url(answered), HTTP_ACCEPT_LANGUAGE="it").text
    assert chart(english, "current-heatmap-data")["data"][0]["x"][0] == "Personalisation"
    assert chart(italian, "current-heatmap-data")["data"][0]["x"][0] == "Personalizzazione"
    assert ">Personalizzazione</th>" in italian.split('id="team-scores"')[1]
    with translation.override("it"):
        assert caches[CACHE].get(organisation_key(answered)) is not None
    with translation.override("en"):
        assert caches[CACHE].get(organisation_key(answered)) is not None


def test_a_team_renamed_after_publication_is_listed_by_its_new_name(hr_client, answered, teams):
    assert team_row(hr_client.get(organisation_url(answered)).text, "Support")[0] == "6"
    moved = hr_client.post(
        f"/organisations/{answered.organisation_id}/teams/{teams['support'].pk}/edit/",
        {"name": "Service", "parent": teams["acme"].pk},
    )
    assert moved.status_code == 302
    page = hr_client.get(organisation_url(answered)).text
    assert team_row(page, "Service") == ("6", ["3.0"] * 6)
    assert ">Support</a>" not in page
    assert ">Service</a>" in caches[CACHE].get(organisation_key(answered)).team_scores


def test_a_cached_report_is_still_only_for_those_who_may_see_it(
    client, hr_admin, leader, answered, teams
):
    """The leader of Sales may not see Support's report, nor the organisation's, once HR
    has had them worked out and kept."""
    client.force_login(hr_admin)
    assert client.get(team_url(answered, teams["support"])).status_code == 200
    assert client.get(organisation_url(answered)).status_code == 200
    assert caches[CACHE].get(team_key(answered, teams["support"])) is not None
    client.force_login(leader)
    assert client.get(team_url(answered, teams["support"])).status_code == 404
    assert client.get(organisation_url(answered)).status_code == 404
    assert client.get(team_url(answered, teams["sales"])).status_code == 200


def test_a_previous_wave_published_again_changes_the_change_served(hr_client, campaign, teams):
    """The change since the previous wave is kept with the figures: a new publication of
    the previous wave is a new key for this wave's reports too."""
    respond(campaign, teams["support"], 6, 2, 4)
    publish(campaign)
    second = campaign.next_wave("Autumn pulse", campaign.opens_on, campaign.closes_on)
    second.state = CampaignState.OPEN
    second.save()
    respond(second, teams["support"], 6, 4, 4, start=100)
    publish(second)

    def change_column(page: str) -> list[str]:
        """The change by component, the fifth figure of each component's row."""
        rows = re.findall(
            r'<th scope="row">[^<]*</th>(.*?)</tr>', section(page, "three-way", "</section>"), re.S
        )
        return [re.findall(r'score-cell[^"]*">([^<]*)<', row)[4] for row in rows]

    page = hr_client.get(team_url(second, teams["support"])).text
    assert change_column(page) == ["+2.0"] * 6
    organisation = hr_client.get(organisation_url(second)).text
    assert section(organisation, "changes", "</table>").count(">+2.0<") == 6

    # The first wave, still open, hears from six more people rating 3: 2.5 now.
    respond(campaign, teams["support"], 6, 3, 4, start=200)
    publish(campaign)
    page = hr_client.get(team_url(second, teams["support"])).text
    assert change_column(page) == ["+1.5"] * 6
    organisation = hr_client.get(organisation_url(second)).text
    assert section(organisation, "changes", "</table>").count(">+1.5<") == 6
