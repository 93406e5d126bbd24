"""Participation at a glance: HR's home shows each open campaign's answers added up along its
divisions, what comes next and what needs attention; the campaign list, response rates."""

from campaigns.models import Campaign, Invitation, MailState
from organisations.models import Membership, Organisation, Role
from tests.builders import invite


def overviews(response) -> list:
    return [overview for client in response.context["clients"] for overview in client.overviews]


def test_hrs_home_shows_each_open_campaigns_participation(hr_client, answered, teams):
    answered.freeze_tree()
    Invitation.objects.filter(email="late@acme.example").update(mail_state=MailState.FAILED)
    response = hr_client.get("/dashboard/")
    (overview,) = overviews(response)
    # Team members only: North 6, South 3, Support 6 of 7; the leader's own is not counted.
    assert (overview.total.invited, overview.total.responded, overview.total.rate) == (16, 15, 94)
    # Under the one top team (Acme), its two divisions, each with the teams below it.
    assert [(name, p.invited, p.responded) for name, p in overview.divisions] == [
        ("Sales", 9, 9),
        ("Support", 7, 6),
    ]
    assert overview.total.mail_failed == 1
    assert overview.below_minimum == 1  # South, with 3 of at least 5
    page = response.text
    assert "15 of 16 team members have answered (94%)" in page
    assert "1 invitation could not be sent." in page
    assert "1 team has fewer than 5 answers so far." in page


def test_a_closed_campaign_leaves_the_home_page(hr_client, answered):
    Campaign.objects.filter(pk=answered.pk).update(state="closed")
    assert hr_client.get("/dashboard/").context["clients"] == []


def test_the_campaign_list_shows_response_rates_to_hr_only(hr_client, client, leader, answered):
    page = hr_client.get("/campaigns/").text
    assert "94% <span" in page and "(15 / 16)" in page
    client.force_login(leader)  # leads Sales: sees the campaign, and its teams' counts inside
    assert "(15 / 16)" not in client.get("/campaigns/").text


def test_the_home_page_costs_the_same_for_one_campaign_as_for_several(
    hr_client, answered, teams, django_assert_num_queries
):
    for number in range(3):
        other = Campaign.objects.create(
            organisation=answered.organisation,
            framework=answered.framework,
            name=f"Pulse {number}",
            opens_on=answered.opens_on,
            closes_on=answered.closes_on,
            language="en",
            state="open",
        )
        other.teams.set(teams.values())
        invite(other, teams["north"], f"p{number}@acme.example")
    # session, user, the assessments, the switcher's organisations, the actions, the
    # frameworks, the open campaigns, their counts, their trees and their answers by day
    with django_assert_num_queries(10):
        assert len(overviews(hr_client.get("/dashboard/"))) == 4


def test_hrs_home_draws_the_answers_day_by_day(hr_client, answered):
    answered.freeze_tree()
    # Fifteen team members answered today (the fixture's), none on the days before.
    (overview,) = overviews(hr_client.get("/dashboard/"))
    *before, today = overview.days
    assert today[1] == 15 and all(n == 0 for _day, n in before)
    assert len(overview.days) == (today[0] - answered.opens_on).days + 1
    assert overview.bars[-1][1:3] == (0, 40)  # the busiest day fills the height
    page = hr_client.get("/dashboard/").text
    assert "Answers per day since it opened" in page


def test_a_consultants_home_adds_up_each_clients_open_campaigns(
    client, answered, teams, hr_admin, six_pillars
):
    consultant = hr_admin  # HR of Acme; made a consultant of Acme and of Globex
    Membership.objects.filter(user=consultant).update(role=Role.CONSULTANT)
    globex = Organisation.objects.create(name="Globex", slug="globex")
    Membership.objects.create(organisation=globex, user=consultant, role=Role.CONSULTANT)
    elsewhere = Organisation.objects.create(name="Initech", slug="initech")  # not a client
    for organisation, people in ((globex, 4), (elsewhere, 2)):
        team = organisation.teams.create(name="Ops")
        other = Campaign.objects.create(
            organisation=organisation,
            framework=six_pillars,
            name=f"{organisation.name} pulse",
            opens_on=answered.opens_on,
            closes_on=answered.closes_on,
            language="en",
            state="open",
        )
        other.teams.set([team])
        for number in range(people):
            invitation, _token = invite(other, team, f"p{number}@{organisation.slug}.example")
        Invitation.objects.filter(pk=invitation.pk).update(responded=True)
    client.force_login(consultant)
    response = client.get("/dashboard/")
    clients = response.context["clients"]
    assert [(c.organisation.name, c.total.invited, c.total.responded) for c in clients] == [
        ("Acme", 16, 15),
        ("Globex", 4, 1),
    ]
    page = response.text
    assert "1 open campaign · 15 of 16 answered (94%)" in page
    assert "1 open campaign · 1 of 4 answered (25%)" in page
    assert "Initech" not in page
