"""Results are published, not live: the attacks an HR admin could make with the app's own
pages and exports, and what they can compute afterwards.

Every respondent here gives every statement the same rating, so each figure's sum of ratings
is known to the test; an attack succeeds when two things HR can see differ by fewer than the
minimum group size of people.
"""

import csv
import io
import re

import pytest
from django.test import Client

from campaigns.forms import ReportingGroupForm
from campaigns.models import CampaignTeam, Publication, ReportingGroup, StatementSum
from campaigns.publishing import Cell, Item, advance
from organisations.models import Team
from tests.builders import every_statement, export, invite, respond


def figures(client, campaign) -> dict:
    """Every figure of the CSV export: {(team, statement or component): row}."""
    content = export(client, campaign).content.decode("utf-8-sig")
    return {
        (row["Team"], row["Statement"] or row["Component"]): row
        for row in csv.DictReader(io.StringIO(content))
    }


def publish(client, campaign):
    assert client.post(f"/campaigns/{campaign.pk}/publish/").status_code == 302
    return campaign.publications.first()


def support_sum(campaign, teams) -> int:
    """What live results read (the sum of Support's current ratings of one statement)."""
    row = StatementSum.objects.filter(
        campaign=campaign, team=teams["support"], state="current", rater_role="team"
    ).first()
    return row.total


def test_one_more_response_changes_no_published_figure(hr_client, campaign, teams):
    respond(campaign, teams["support"], 5, 2, 4)
    publish(hr_client, campaign)
    before = figures(hr_client, campaign)
    live_before = support_sum(campaign, teams)
    respond(campaign, teams["support"], 1, 5, 5, start=5)  # the sixth person
    publish(hr_client, campaign)
    assert figures(hr_client, campaign) == before
    # Live, the difference would have been the sixth person's own rating.
    assert support_sum(campaign, teams) - live_before == 5
    # Five more new people move Support, by all six since.
    respond(campaign, teams["support"], 4, 5, 5, start=6)
    publish(hr_client, campaign)
    after = figures(hr_client, campaign)
    assert after != before
    assert after["Acme > Support", "Personalisation"]["Responses"] == "10"
    assert after["Acme > Support", "Personalisation"]["Current"] == "3.5"  # (5*2 + 5*5) / 10


def test_a_small_team_growing_under_a_shown_parent_changes_nothing(hr_client, campaign, teams):
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 2, 1, 5)
    publish(hr_client, campaign)
    before = figures(hr_client, campaign)
    respond(campaign, teams["south"], 1, 1, 5, start=2)  # South 2 -> 3, still too few
    publish(hr_client, campaign)
    after = figures(hr_client, campaign)
    assert after == before
    assert after["Acme > Sales", "Personalisation"] == {
        **before["Acme > Sales > North", "Personalisation"],
        "Team": "Acme > Sales",
    }


def test_a_statement_rated_by_too_few_shows_no_figure(hr_client, campaign, teams, six_pillars):
    statement = six_pillars.components.first().statements.first()
    for number in range(5):
        invitation, _token = invite(campaign, teams["support"], f"s{number}@acme.example")
        ratings = every_statement(six_pillars, 3, 4)
        if number:  # four of the five say "not applicable"
            ratings[statement.pk] = (None, None)
        invitation.submit(ratings)
    publish(hr_client, campaign)
    rows = figures(hr_client, campaign)
    row = rows["Acme > Support", statement.text]
    assert (row["Current"], row["Target"], row["Rated 4–5 (%)"]) == ("", "", "")
    assert [row[value] for value in "12345"] == ["0"] * 5
    # Its component is scored from the statements five people rated.
    assert rows["Acme > Support", statement.component.name]["Current"] == "3.0"


def test_reports_read_the_publication_until_the_next(hr_client, campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    url = f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/"
    unpublished = hr_client.get(url).text
    assert "Not published yet" in unpublished and "three-way" not in unpublished
    publication = publish(hr_client, campaign)
    hr_client.get(url)  # the message that says it is published
    page = hr_client.get(url).text
    assert "Interim results, published on" in page
    assert "Based on 6 responses from team members." in page
    respond(campaign, teams["support"], 6, 5, 5, start=6)

    def without_tokens(text):
        return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", text)

    # New answers wait for the next publication.
    assert without_tokens(hr_client.get(url).text) == without_tokens(page)
    assert campaign.publications.first() == publication


def test_hr_sees_what_a_publication_would_count_before_publishing(hr_client, campaign, teams):
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 3, 3, 4)
    page = hr_client.get(f"/campaigns/{campaign.pk}/publish/").text
    table = page.split('id="publish-preview"')[1].split("</table>")[0]
    cells = re.findall(
        r'fw-normal[^"]*">([^<]+)</th><td class="text-end">(\d+)</td>'
        r'<td class="text-end">(\d+)</td>',
        table,
    )
    assert ("North", "6", "6") in cells and ("South", "3", "0") in cells
    assert "3 people’s answers would wait for later results." in page
    assert not Publication.objects.exists()  # looking publishes nothing


def test_closing_publishes_the_final_results_once(hr_client, campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    hr_client.post(f"/campaigns/{campaign.pk}/close/")
    (final,) = campaign.publications.all()
    assert final.final
    # Nothing is published after the final results.
    response = hr_client.post(f"/campaigns/{campaign.pk}/publish/", follow=True)
    assert "only while it is open" in response.text
    assert list(campaign.publications.all()) == [final]


def test_small_sibling_teams_combined_get_a_result(hr_client, leader, draft, teams):
    hr_client.post(f"/campaigns/{draft.pk}/open/")
    respond(draft, teams["north"], 3, 2, 4)
    respond(draft, teams["south"], 3, 4, 4)
    url = f"/campaigns/{draft.pk}/reporting-groups/"
    # Support has no sibling with no team below it: it is not offered.
    offered = hr_client.get(url).context["form"].fields["teams"].queryset
    assert set(offered) == {teams["north"], teams["south"]}
    refused = hr_client.post(url, {"teams": [teams["north"].pk, teams["support"].pk]})
    assert "Select a valid choice" in refused.text
    hr_client.post(url, {"teams": [teams["north"].pk, teams["south"].pk]})
    group = ReportingGroup.objects.get()
    assert group.name == "North + South"
    publish(hr_client, draft)
    client = Client()
    client.force_login(leader)  # the leader of Sales, above both
    page = client.get(f"/campaigns/{draft.pk}/teams/{teams['north'].pk}/").text
    assert "Reported as one group: North + South." in page
    assert "Based on 6 responses from team members." in page
    rows = figures(hr_client, draft)
    assert rows["North + South", "Personalisation"]["Current"] == "3.0"  # (3*2 + 3*4) / 6
    assert not [team for team, _item in rows if team.endswith(("> North", "> South"))]
    # Once published, the groups are fixed.
    assert "the groups are fixed" in hr_client.get(url).text
    hr_client.post(f"{url}{group.pk}/delete/")
    assert CampaignTeam.objects.filter(reporting_group=group).count() == 2


@pytest.mark.parametrize(
    "before, now, moved",
    [
        (0, 4, False),  # too few to start
        (0, 5, True),
        (5, 9, False),  # four new: they wait
        (5, 10, True),
    ],
)
def test_a_cell_moves_only_by_the_minimum(before, now, moved):
    def cell(n):
        return Cell(n, {(1, "current"): Item(3 * n, n, (0, 0, n, 0, 0))})

    published = advance(cell(before), cell(now), 5)
    assert published == (cell(now) if moved else cell(before))


def test_an_item_moves_only_by_the_minimum_of_ratings():
    before = Cell(5, {(1, "current"): Item(15, 5), (2, "current"): Item(15, 5)})
    now = Cell(10, {(1, "current"): Item(40, 10), (2, "current"): Item(27, 9)})
    published = advance(before, now, 5)
    # Statement 2 had only four new ratings (one said "not applicable"): it waits.
    assert published.items == {(1, "current"): Item(40, 10), (2, "current"): Item(15, 5)}


def test_closing_asks_first_and_names_the_teams_it_will_leave_out(hr_client, campaign, teams):
    respond(campaign, teams["north"], 6, 3, 4)
    respond(campaign, teams["south"], 2, 3, 4)
    page = hr_client.get(f"/campaigns/{campaign.pk}/close/").text
    assert re.findall(r"<li>(\w+)</li>", page.split('id="small-teams"')[1]) == ["South"]
    assert not campaign.publications.exists()  # asking closes nothing
    campaign.refresh_from_db()
    assert campaign.state == "open"


def test_a_reporting_group_joins_siblings_only(draft, teams):
    east, west = (
        Team.objects.create(organisation=draft.organisation, name=name, parent=teams["support"])
        for name in ("East", "West")
    )
    draft.teams.add(east, west)
    draft.open()
    form = ReportingGroupForm({"teams": [teams["north"].pk, east.pk]}, campaign=draft)
    assert form.errors == {"teams": ["The teams must sit side by side, under the same team."]}
    form = ReportingGroupForm({"teams": [east.pk, west.pk]}, campaign=draft)
    assert form.is_valid() and form.cleaned_data["name"] == "East + West"
