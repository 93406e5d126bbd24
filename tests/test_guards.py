"""Sensible defaults and guards: the six pillars preselected, waves that never overlap, due
dates ahead, and a campaign never opened showing its set-up rather than empty results."""

import datetime

from django.utils import timezone

from actions.models import Action
from campaigns.models import Campaign, CampaignState
from frameworks.models import Framework
from tests.builders import EVERY_COMPONENT, invite, rate_all
from tests.test_actions import plan

TODAY = timezone.localdate()


def test_the_six_pillars_come_preselected(hr_client, leader, acme, six_pillars):
    page = hr_client.get(f"/organisations/{acme.pk}/campaigns/new/")
    assert page.context["form"]["framework"].value() == six_pillars.pk
    hr_client.force_login(leader)
    dashboard = hr_client.get("/dashboard/").text
    start = dashboard.split('id="start-new"')[1]
    assert start.index(six_pillars.name) < start.index("</form>")
    assert Framework.objects.default() == six_pillars


def test_a_next_wave_opens_after_the_open_one_closes(hr_client, campaign):
    campaign.freeze_tree()
    response = hr_client.post(f"/campaigns/{campaign.pk}/next-wave/")
    wave = Campaign.objects.get(previous_wave=campaign)
    assert response.url == f"/campaigns/{wave.pk}/edit/"
    assert wave.opens_on == campaign.closes_on + datetime.timedelta(days=1)
    assert wave.closes_on - wave.opens_on == campaign.closes_on - campaign.opens_on
    # Moving it back over the open wave is refused, with the date it may open after.
    page = hr_client.get(f"/campaigns/{wave.pk}/edit/")
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data |= {
        "name": wave.name,
        "framework": wave.framework_id,
        "teams": [t.pk for t in wave.teams.all()],
        "opens_on": campaign.closes_on.isoformat(),
        "closes_on": (campaign.closes_on + datetime.timedelta(days=20)).isoformat(),
        "language": wave.language,
    }
    refused = hr_client.post(f"/campaigns/{wave.pk}/edit/", data)
    assert refused.status_code == 200
    assert "A wave opens after the one before it closes" in refused.text
    wave.refresh_from_db()
    assert wave.opens_on == campaign.closes_on + datetime.timedelta(days=1)


def test_a_new_due_date_lies_ahead_but_an_overdue_action_can_still_be_updated(
    leader_client, leader, six_pillars
):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    url = f"/assessments/{assessment.pk}/actions/new/"
    recovery = six_pillars.components.get(key="recovery")
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    refused = leader_client.post(
        url, plan(component=recovery.pk, owner=leader.pk, due_on=yesterday)
    )
    assert "Choose today or a day ahead." in refused.text
    assert not Action.objects.exists()
    leader_client.post(url, plan(component=recovery.pk, owner=leader.pk))
    action = Action.objects.get()
    Action.objects.filter(pk=action.pk).update(due_on=TODAY - datetime.timedelta(days=3))
    done = leader_client.post(
        f"/actions/{action.pk}/edit/",
        plan(
            component=recovery.pk,
            owner=leader.pk,
            due_on=(TODAY - datetime.timedelta(days=3)).isoformat(),
            status="done",
        ),
    )
    assert done.status_code == 302
    assert Action.objects.get().status == "done"


def test_a_campaign_never_opened_shows_its_set_up(hr_client, campaign, teams):
    campaign.state = CampaignState.DRAFT
    campaign.opens_on = TODAY + datetime.timedelta(days=3)
    campaign.save()
    invite(campaign, teams["north"], "ann@acme.example")
    page = hr_client.get(f"/campaigns/{campaign.pk}/").text
    assert "Set-up" in page and "1 person to invite." in page and "5 teams in scope." in page
    for absent in ("Organisation report", "Export results", ">Report<"):
        assert absent not in page


def test_a_division_counts_the_answers_of_its_teams(hr_client, campaign, teams):
    for number, team in enumerate(("north", "north", "south")):
        invitation, _ = invite(campaign, teams[team], f"p{number}@acme.example")
    invitation.responded = True
    invitation.save()
    page = hr_client.get(f"/campaigns/{campaign.pk}/")
    rows = {team.name: (team.invited, team.responded) for team in page.context["teams"]}
    assert rows == {
        "Acme": (3, 1),
        "Sales": (3, 1),
        "North": (2, 0),
        "South": (1, 1),
        "Support": (0, 0),
    }
