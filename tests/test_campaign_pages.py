"""Campaign pages: response tracking and team reports, within the confidentiality rules."""

import json
import re

import pytest

from accounts.models import User
from campaigns.publishing import publish
from organisations.models import Membership, Organisation, Role, Team
from tests.builders import respond

LEFT_OUT = "3 more people’s answers are not in these figures, to protect them"


def report_url(campaign, team):
    return f"/campaigns/{campaign.pk}/teams/{team.pk}/"


def test_hr_follows_responses_per_team(client, hr_admin, answered, teams):
    client.force_login(hr_admin)
    page = client.get(f"/campaigns/{answered.pk}/").content.decode()
    support = re.search(r"Support</th>(.*?)</tr>", page, re.S).group(1)
    assert re.findall(r'score-cell">([^<]*)<', support) == ["7", "6", "86%", "0"]


def test_the_campaign_page_lists_teams_in_hierarchy_order(client, hr_admin, campaign, teams):
    east = Team.objects.create(
        organisation=campaign.organisation, name="East", parent=teams["sales"]
    )
    campaign.teams.add(east)
    client.force_login(hr_admin)
    listed = list(client.get(f"/campaigns/{campaign.pk}/").context["teams"])
    t = teams
    assert listed == [t["acme"], t["sales"], t["north"], t["south"], east, t["support"]]


def test_a_shown_team_report_has_exact_figures(client, hr_admin, answered, teams):
    client.force_login(hr_admin)
    page = client.get(report_url(answered, teams["support"])).content.decode()
    # Support now (4*2 + 2*5) / 6 = 3.0; target (4*4 + 2*5) / 6 = 4.3; gap 1.3.
    first_row = re.search(r"<tbody>\s*<tr>(.*?)</tr>", page.split('id="three-way"')[1], re.S)
    assert re.findall(r'score-cell[^"]*">([^<]*)<', first_row.group(1)) == [
        "—",
        "3.0",
        "4.3",
        "+1.3",
    ]
    assert "Based on 6 responses from team members." in page
    assert "33%" in page  # rated 4 or 5: 2 of 6


def test_blind_spots_are_marked(client, leader, answered, teams):
    client.force_login(leader)
    page = client.get(report_url(answered, teams["sales"])).content.decode()
    # Sales team now (6*3 + 3*3) / 9 = 3; the leader says 4: a blind spot on all six,
    # each with the difference, at the top of the report.
    section = page.split('id="perception"')[1].split("</section>")[0]
    assert section.count(">Blind spot<") == 6 and page.count(">Blind spot<") == 6
    assert section.count(">+1.0<") == 6


def visible_text(page, team):
    main = page.split('<main id="main"')[1].split("</main>")[0]
    return main.replace(team.name, "TEAM")


def test_a_small_group_shows_no_score_anywhere_in_the_page(client, hr_admin, answered, teams):
    client.force_login(hr_admin)
    south = client.get(report_url(answered, teams["south"])).content.decode()
    sales = client.get(report_url(answered, teams["sales"])).content.decode()
    assert 'id="not-enough-responses"' in south
    assert "radar-data" not in south and "three-way" not in south
    assert not re.search(r"\d\.\d", visible_text(south, teams["south"]))
    assert "Not enough responses" in visible_text(south, teams["south"])
    # South's answers are in no figure of Sales either, which says so.
    assert "Based on 6 responses from team members." in sales
    assert LEFT_OUT in visible_text(sales, teams["sales"])


def test_a_group_below_the_minimum_looks_like_a_group_with_none(client, hr_admin, answered, teams):
    empty = Team.objects.create(
        organisation=answered.organisation, name="Empty", parent=teams["acme"]
    )
    answered.teams.add(empty)
    client.force_login(hr_admin)
    south = client.get(report_url(answered, teams["south"])).content.decode()
    nobody = client.get(report_url(answered, empty)).content.decode()
    assert visible_text(south, teams["south"]) == visible_text(nobody, empty)


def test_a_leader_sees_only_their_teams(client, leader, answered, teams):
    client.force_login(leader)
    assert client.get(report_url(answered, teams["north"])).status_code == 200
    assert client.get(report_url(answered, teams["support"])).status_code == 404


def test_another_organisation_sees_nothing(client, answered, teams, db):
    outsider = User.objects.create_user("hr@other.example", "a-long-passphrase")
    other = Organisation.objects.create(name="Other", slug="other")
    Membership.objects.create(organisation=other, user=outsider, role=Role.ADMIN)
    client.force_login(outsider)
    assert client.get(f"/campaigns/{answered.pk}/").status_code == 404
    assert client.get(report_url(answered, teams["support"])).status_code == 404
    assert "Spring pulse" not in client.get("/campaigns/").content.decode()


@pytest.mark.parametrize("extra", [0, 20])
def test_team_report_query_count_does_not_grow_with_responses(
    client, hr_admin, answered, teams, django_assert_num_queries, extra
):
    respond(answered, teams["support"], extra, 4, 5, start=100)
    publish(answered)
    client.force_login(hr_admin)
    # session, user, campaign, team (the teams the user leads are a subquery of each),
    # the publication, then the results' 9 queries (with the distributions), the comments' 4,
    # the framework's components (for the measure's soundness, which the publication
    # keeps), the logo, the organisation switcher, the action plan
    with django_assert_num_queries(23):
        response = client.get(report_url(answered, teams["support"]))
    assert response.status_code == 200


def chart(page, element_id):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_the_organisation_report_heatmap_hides_small_groups(client, hr_admin, answered):
    client.force_login(hr_admin)
    page = client.get(f"/campaigns/{answered.pk}/organisation/").content.decode()
    (current,) = chart(page, "current-heatmap-data")["data"]
    # Rows in tree order: Acme, Sales, North, South, Support. South (3) is small and in no
    # figure. Acme now: (18 + 18) / 12; Sales and North 18 / 6; Support (8 + 10) / 6: all 3.0.
    assert current["text"] == [["3.0"] * 6] * 3 + [[""] * 6] + [["3.0"] * 6]
    assert current["z"] == [[0.0] * 6] * 3 + [[None] * 6] + [[0.0] * 6]  # all level with Acme
    assert current["y"][3] == "\u2003\u2003South<br>fewer than 5 answers, not shown"
    (gap,) = chart(page, "gap-heatmap-data")["data"]
    # Acme target (24 + 26) / 12, gap 7/6; Sales and North 24/6 - 3; Support 26/6 - 3.
    assert [row[0] for row in gap["text"]] == ["+1.2", "+1.0", "+1.0", "", "+1.3"]  # as written
    # Shaded by the difference from Acme's gap, as written: centred on it, ±0.2 at most.
    assert [row[0] for row in gap["z"]] == [0.0, -0.2, -0.2, None, 0.1]
    assert (gap["zmin"], gap["zmax"]) == (-0.2, 0.2)
    assert page.count("Not enough responses") == 1
    assert "Based on 12 responses from team members." in page
    assert LEFT_OUT in page


def test_only_hr_sees_the_organisation_report(client, leader, answered):
    client.force_login(leader)
    assert client.get(f"/campaigns/{answered.pk}/organisation/").status_code == 404


@pytest.mark.parametrize("extra", [0, 20])
def test_organisation_report_query_count_does_not_grow_with_responses(
    client, hr_admin, answered, teams, django_assert_num_queries, extra
):
    respond(answered, teams["support"], extra, 4, 5, start=100)
    publish(answered)
    client.force_login(hr_admin)
    # session, user, campaign, the publication, the teams' names (in the cache key), the
    # results' 9 queries, components, teams, the action plan, the logo, the organisation
    # switcher
    with django_assert_num_queries(19):
        response = client.get(f"/campaigns/{answered.pk}/organisation/")
    assert response.status_code == 200
