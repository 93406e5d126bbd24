"""Waves: a campaign measured again, the change since the previous wave and the trend,
under the confidentiality rules of each wave."""

import datetime
import io
import random
import re
from decimal import Decimal
from fractions import Fraction

import pypdf
import pytest

from actions.models import Action
from campaigns.models import Campaign, CampaignState
from campaigns.publishing import latest_publication, publish
from reports.campaign import ORGANISATION
from reports.read import campaign_results
from reports.statistics import Moments
from reports.waves import change, trend, verdict
from tests.builders import EVERY_COMPONENT, rate_all, respond


def wave_after(campaign, name):
    wave = campaign.next_wave(name, campaign.opens_on, campaign.closes_on)
    wave.state = CampaignState.OPEN
    wave.save()
    return wave


@pytest.fixture
def three_waves(campaign, teams):
    """Support alone answers, six people a wave: 2 now; then 3; then four 4s and two 5s."""
    respond(campaign, teams["support"], 6, 2, 4)
    publish(campaign)
    second = wave_after(campaign, "Autumn pulse")
    respond(second, teams["support"], 6, 3, 4, start=100)
    publish(second)
    third = wave_after(second, "Spring pulse 2")
    respond(third, teams["support"], 4, 4, 5, start=200)
    respond(third, teams["support"], 2, 5, 5, start=300)
    publish(third)
    return campaign, second, third


def test_a_next_wave_measures_the_same_framework_teams_and_people(campaign, teams):
    campaign.intro_en, campaign.intro_it = "Once more, please", "Ancora una volta"
    campaign.reminder_text, campaign.remind_days_before_close = "Two days left", 2
    campaign.save()
    respond(campaign, teams["support"], 6, 2, 4)
    publish(campaign)
    wave = campaign.next_wave("Autumn pulse", datetime.date(2027, 3, 1), datetime.date(2027, 3, 29))
    assert (wave.framework, wave.language, wave.minimum_group_size, wave.state) == (
        campaign.framework,
        campaign.language,
        campaign.minimum_group_size,
        CampaignState.DRAFT,
    )
    assert (wave.intro_en, wave.intro_it, wave.reminder_text, wave.remind_days_before_close) == (
        "Once more, please",
        "Ancora una volta",
        "Two days left",
        2,
    )
    assert wave.target_each_statement == campaign.target_each_statement
    assert wave.previous_wave == campaign
    assert set(wave.teams.all()) == set(campaign.teams.all())
    assert sorted(wave.invitations.values_list("email", "responded")) == sorted(
        (email, False) for email in campaign.invitations.values_list("email", flat=True)
    )
    assert wave.waves() == [campaign, wave]


def test_the_trend_across_three_waves_is_computed_by_hand(three_waves, teams):
    third = three_waves[2]
    support = teams["support"].pk
    reports = [
        campaign_results(wave, latest_publication(wave), only=[support])[support].report
        for wave in third.waves()
    ]
    series = trend(reports)
    # Every statement is rated the same, so every component has the same score.
    assert series["personalisation"] == [Fraction(2), Fraction(3), Fraction(26, 6)]
    assert list(series) == [
        "personalisation",
        "integrity",
        "expectations",
        "time_and_effort",
        "recovery",
        "empathy",
    ]
    moved = change(reports[2], reports[1])
    assert moved.components == dict.fromkeys(series, Fraction(26, 6) - 3)
    assert set(moved.statements.values()) == {Fraction(4, 3)}


def test_the_team_report_shows_the_change_and_the_trend(client, hr_admin, three_waves, teams):
    third = three_waves[2]
    client.force_login(hr_admin)
    response = client.get(f"/campaigns/{third.pk}/teams/{teams['support'].pk}/")
    page = response.content.decode()
    assert "since the previous wave, “Autumn pulse”" in page
    # Italian is the campaign's language, but the reader's language sets the numbers.
    row = page.split('id="three-way"')[1].split("</tr>")[1]
    assert '<td class="text-end score-cell">+1.3</td>' in row
    chart = response.context["trend_chart"]
    assert [trace["name"] for trace in chart["data"]][:2] == ["Personalisation", "Integrity"]
    assert chart["data"][0]["x"] == ["Spring pulse", "Autumn pulse", "Spring pulse 2"]
    assert chart["data"][0]["y"] == [2.0, 3.0, 4.3]  # as the table writes them


def test_no_change_where_either_wave_held_the_group_back(client, hr_admin, campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    publish(campaign)
    second = wave_after(campaign, "Autumn pulse")
    respond(second, teams["support"], 3, 3, 4, start=100)  # below the minimum of 5
    respond(second, teams["north"], 6, 3, 4, start=100)
    publish(second)
    third = wave_after(second, "Winter pulse")
    respond(third, teams["support"], 6, 4, 4, start=200)
    respond(third, teams["north"], 6, 4, 4, start=200)
    publish(third)
    client.force_login(hr_admin)
    support = client.get(f"/campaigns/{third.pk}/teams/{teams['support'].pk}/")
    assert support.context["change"] is None
    assert "No change since “Autumn pulse” is shown" in support.content.decode()
    assert ">Change<" not in support.content.decode()
    # The trend breaks where Support was held back.
    assert support.context["trend_chart"]["data"][0]["y"] == [2.0, None, 4.0]
    # North answered enough in wave 2: Support's three answers there hide nothing of it.
    north = client.get(f"/campaigns/{third.pk}/teams/{teams['north'].pk}/")
    assert north.context["trend_chart"]["data"][0]["y"] == [None, 3.0, 4.0]
    assert north.context["change"] is not None


def test_the_organisation_report_shows_the_whole_organisations_change(
    client, hr_admin, three_waves
):
    third = three_waves[2]
    client.force_login(hr_admin)
    response = client.get(f"/campaigns/{third.pk}/organisation/")
    assert set(response.context["change"].components.values()) == {Fraction(4, 3)}
    second = third.waves()[1]
    organisation = campaign_results(second, latest_publication(second), only=[ORGANISATION])
    assert organisation[ORGANISATION].shown
    assert 'id="changes"' in response.content.decode()


def test_hr_launches_the_next_wave_and_a_leader_cannot(client, hr_admin, leader, campaign, teams):
    respond(campaign, teams["support"], 6, 2, 4)
    publish(campaign)
    client.force_login(leader)
    assert client.post(f"/campaigns/{campaign.pk}/next-wave/").status_code == 404
    client.force_login(hr_admin)
    response = client.post(f"/campaigns/{campaign.pk}/next-wave/")
    wave = Campaign.objects.get(previous_wave=campaign)
    assert response.url == f"/campaigns/{wave.pk}/edit/"
    assert wave.name == "Spring pulse · wave 2"
    assert wave.closes_on - wave.opens_on == campaign.closes_on - campaign.opens_on


def test_a_leaders_own_trend_across_their_assessments(client, leader, other_leader, six_pillars):
    first = rate_all(leader, six_pillars, EVERY_COMPONENT)
    rate_all(other_leader, six_pillars, {key: (5, 5) for key in EVERY_COMPONENT})
    second = rate_all(leader, six_pillars, {key: (3, 5) for key in EVERY_COMPONENT})
    third = rate_all(leader, six_pillars, {**EVERY_COMPONENT, "recovery": (4, 5)})
    rate_all(leader, six_pillars, {"empathy": (1, 1)}, submit=False)  # not submitted
    Action.objects.create(
        assessment=second,
        component=six_pillars.components.get(key="recovery"),
        title="Own every complaint",
        owner=leader,
        due_on=datetime.date(2026, 12, 1),
    )
    client.force_login(leader)
    response = client.get(f"/assessments/{third.pk}/report/")
    chart = response.context["trend_chart"]
    assert chart["data"][0]["name"] == "Personalisation"
    # Personalisation: 2, then 3, then 2; Recovery: 2, then 3, then 4.
    by_name = {trace["name"]: trace["y"] for trace in chart["data"]}
    assert by_name["Personalisation"] == [2.0, 3.0, 2.0]
    assert by_name["Recovery"] == [2.0, 3.0, 4.0]
    assert response.context["changes"]["recovery"] == 1
    assert response.context["previous_assessment"] == second
    assert 'id="own-change"' in response.content.decode()
    planned = response.content.decode().split('id="previous-actions"')[1].split("</tr>")[1]
    assert "Own every complaint" in planned and "+1.0" in planned
    # An earlier report's trend stops at it.
    earlier = client.get(f"/assessments/{second.pk}/report/").context["trend_chart"]
    assert len(earlier["data"][0]["x"]) == 2
    assert "trend_chart" not in client.get(f"/assessments/{first.pk}/report/").context


@pytest.mark.parametrize(
    "slug", ["six-pillars", "seven-habits", "customer-centric-transformation", "function-roles"]
)
def test_a_gap_followed_through_a_plan_to_the_next_wave(
    client, hr_admin, acme, teams, seed_framework, slug
):
    framework = seed_framework(slug)
    first = Campaign.objects.create(
        organisation=acme,
        framework=framework,
        name="Baseline",
        opens_on=datetime.date(2026, 1, 5),
        closes_on=datetime.date(2026, 1, 30),
        language="en",
        state=CampaignState.CLOSED,
    )
    first.teams.set(teams.values())
    respond(first, teams["support"], 6, 2, 4)
    publish(first)
    client.force_login(hr_admin)
    component = framework.components.first()
    support = teams["support"]
    client.post(
        f"/campaigns/{first.pk}/teams/{support.pk}/actions/new/",
        {
            "component": component.pk,
            "title": "Weekly customer call",
            "owner": hr_admin.pk,
            "due_on": "2026-03-01",
            "status": "done",
            "kind": "quick_win",
        },
    )
    client.post(f"/campaigns/{first.pk}/next-wave/")
    second = Campaign.objects.get(previous_wave=first)
    client.post(f"/campaigns/{second.pk}/open/")
    respond(second, support, 6, 3, 4, start=100)
    publish(second)

    response = client.get(f"/campaigns/{second.pk}/teams/{support.pk}/")
    assert [a.title for a in response.context["previous_actions"]] == ["Weekly customer call"]
    assert response.context["change"].components[component.key] == 1
    row = response.content.decode().split('id="previous-actions"')[1].split("</tr>")[1]
    assert "Weekly customer call" in row and "+1.0" in row and "Done" in row


def test_the_pdfs_print_the_change_and_last_times_plan(client, hr_admin, three_waves, teams):
    _first, second, third = three_waves
    Action.objects.create(
        campaign=second,
        team=teams["support"],
        component=second.framework.components.get(key="recovery"),
        title="Shadow a complaint call",
        owner=hr_admin,
        due_on=datetime.date(2026, 12, 1),
    )
    client.force_login(hr_admin)
    url = f"/campaigns/{third.pk}/teams/{teams['support'].pk}/report.pdf?language=en"
    pdf = pypdf.PdfReader(io.BytesIO(client.get(url).content))
    text = "\n".join(page.extract_text() for page in pdf.pages)
    # Recovery now 26/6 = 4.3, target 5.0, gap +0.7, and 4.3 - 3.0 = +1.3 since wave 2.
    assert "Recovery 4.3 5.0 +0.7 +1.3" in text
    assert "since the previous wave, “Autumn pulse”" in text
    assert re.search(r"Shadow a complaint call Recovery Planned \+1\.3", text)


def test_a_change_is_called_one_only_beyond_the_noise():
    before, now = Moments.of([3, 3.5, 2.5, 4, 3]), Moments.of([3.5, 4, 3, 4.5, 3.5, 4])
    found = verdict(now, before)  # 0.55 up, but p = 0.136
    assert (found.clear, round(found.p, 4)) == (False, 0.1357)
    assert round(found.detectable, 2) == 0.76  # what these two waves could tell from noise
    assert verdict(Moments.of([4.5, 5, 4, 5, 4.5, 5]), before).clear  # 1.57 up, p < 0.001
    tiny = verdict(Moments.of([3.2] * 5 + [3.3]), Moments.of([3.0] * 5 + [3.1]))
    assert tiny.p < 0.05 and not tiny.clear  # sure, but too small to act on


def test_with_no_true_change_about_one_in_twenty_is_called_one():
    """Two waves of five from the same spread, 4,000 times from a fixed seed."""
    rng = random.Random(2026)
    called = sum(
        verdict(
            Moments.of([rng.gauss(3, 1) for _person in range(5)]),
            Moments.of([rng.gauss(3, 1) for _person in range(5)]),
        ).clear
        for _trial in range(4000)
    )
    assert called / 4000 < 0.06


def test_a_change_within_the_noise_reads_no_clear_change(client, hr_admin, campaign, teams):
    respond(campaign, teams["support"], 3, 2, 4)
    respond(campaign, teams["support"], 3, 4, 4, start=3)  # 3.0, SD 1.1
    publish(campaign)
    second = wave_after(campaign, "Autumn pulse")
    respond(second, teams["support"], 3, 2, 4, start=100)
    respond(second, teams["support"], 3, 5, 5, start=103)  # 3.5, SD 1.6: +0.5, p = 0.56
    publish(second)
    client.force_login(hr_admin)
    page = client.get(f"/campaigns/{second.pk}/teams/{teams['support'].pk}/").content.decode()
    # The smallest change these two waves could tell: t(8.9) · √(1.2/6 + 2.7/6) = ±1.8.
    assert page.count("no clear change (it would take ±1.8)") == 6


def test_the_practical_minimum_is_the_campaigns_and_read_as_written():
    before, now = Moments.of([3.0] * 5 + [3.1]), Moments.of([3.4] * 5 + [3.5])  # +0.4, p < 0.05
    assert verdict(now, before).clear
    assert not verdict(now, before, Decimal("0.5")).clear  # a campaign that asks for 0.5
    # 0.27 writes "+0.3": at a minimum of 0.3 it is one, so a "+0.3" never reads "no clear
    # change" for being a little under.
    nearly = verdict(Moments.of([3.27] * 5 + [3.37]), before)
    assert nearly.p < 0.05 and nearly.clear


def test_hr_sets_the_practical_minimum_a_wave_is_read_by(client, hr_admin, campaign, teams):
    respond(campaign, teams["support"], 3, 2, 4)
    respond(campaign, teams["support"], 3, 3, 4, start=3)  # 2.5, SD 0.55
    publish(campaign)
    second = wave_after(campaign, "Autumn pulse")
    second.practical_change = Decimal("1.5")
    second.save()
    respond(second, teams["support"], 3, 3, 4, start=100)
    respond(second, teams["support"], 3, 4, 4, start=103)  # 3.5: +1.0, p < 0.05
    publish(second)
    client.force_login(hr_admin)
    page = client.get(f"/campaigns/{second.pk}/teams/{teams['support'].pk}/").content.decode()
    assert page.count("no clear change") == 6  # +1.0 is sure, but under the 1.5 asked for
    second.practical_change = Decimal("0.3")
    second.save()
    page = client.get(f"/campaigns/{second.pk}/teams/{teams['support'].pk}/").content.decode()
    assert page.count("no clear change") == 0
