"""A campaign's team tree is frozen when it opens, and teams taken out of a draft take their
people with them: changing the organisation never changes what a campaign has shown.

Each attack is made as HR would make it, through the app's own pages.
"""

import json
import re
from fractions import Fraction

import pytest
from django.core import mail

from campaigns.models import Invitation
from campaigns.publishing import latest_publication
from reports.read import campaign_results
from tests.builders import respond
from tests.test_campaign_setup import upload
from tests.test_invitation_mail import run_worker


def page_data(client, url: str) -> dict:
    """Every chart's figures in a page, as its source carries them (json_script blocks)."""
    page = client.get(url)
    assert page.status_code == 200
    blocks = re.findall(r'<script id="([\w-]+)" type="application/json">(.*?)</script>', page.text)
    return {name: json.loads(text) for name, text in blocks}


def support_current(campaign, teams) -> Fraction:
    results = campaign_results(campaign, latest_publication(campaign))
    return results[teams["support"].pk].report.rows[0].score.current


def test_moving_a_hidden_team_under_a_shown_one_after_closing_changes_no_figure(
    hr_client, draft, teams
):
    hr_client.post(f"/campaigns/{draft.pk}/open/")
    respond(draft, teams["north"], 6, 3, 4)
    respond(draft, teams["south"], 3, 1, 4)  # below the minimum: hidden
    respond(draft, teams["support"], 6, 5, 5)
    hr_client.post(f"/campaigns/{draft.pk}/close/")
    draft.refresh_from_db()
    organisation = f"/campaigns/{draft.pk}/organisation/"
    support = f"/campaigns/{draft.pk}/teams/{teams['support'].pk}/"
    before = page_data(hr_client, organisation), page_data(hr_client, support)
    assert support_current(draft, teams) == 5

    # HR moves South under Support, which is shown.
    moved = hr_client.post(
        f"/organisations/{draft.organisation_id}/teams/{teams['south'].pk}/edit/",
        {"name": "South", "parent": teams["support"].pk},
    )
    assert moved.status_code == 302
    assert (page_data(hr_client, organisation), page_data(hr_client, support)) == before
    assert support_current(draft, teams) == 5


def test_a_next_wave_takes_the_tree_of_its_own_opening(hr_client, draft, teams):
    hr_client.post(f"/campaigns/{draft.pk}/open/")
    hr_client.post(
        f"/organisations/{draft.organisation_id}/teams/{teams['south'].pk}/edit/",
        {"name": "South", "parent": teams["support"].pk},
    )
    hr_client.post(f"/campaigns/{draft.pk}/next-wave/")
    wave = draft.next_waves.get()
    hr_client.post(f"/campaigns/{wave.pk}/open/")
    draft.refresh_from_db()
    wave.refresh_from_db()
    assert dict(draft.tree())[teams["south"].pk] == teams["sales"].pk
    assert dict(wave.tree())[teams["south"].pk] == teams["support"].pk


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_a_team_taken_out_of_a_draft_loses_its_people(hr_client, draft, teams, client):
    upload(
        hr_client,
        draft,
        "email,name,team,role\nann@acme.example,Ann,North,member\nbob@acme.example,Bob,Support,member\n",
    )
    bobs_link = f"/s/{Invitation.objects.get(email='bob@acme.example').token}/"
    kept = [team.pk for name, team in teams.items() if name != "support"]
    response = hr_client.post(
        f"/campaigns/{draft.pk}/edit/",
        {
            "name": draft.name,
            "framework": draft.framework_id,
            "teams": kept,
            "opens_on": draft.opens_on.isoformat(),
            "closes_on": draft.closes_on.isoformat(),
            "language": "en",
            "minimum_group_size": "5",
            "comment_minimum": "10",
            "team_rates_target": "on",
        },
        follow=True,
    )
    assert "1 person of the teams taken out is no longer invited." in response.text
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ann@acme.example"]

    hr_client.post(f"/campaigns/{draft.pk}/open/")
    run_worker()
    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]
    # Nothing of Bob's can count: his link, had he been sent it, leads nowhere.
    assert client.get(bobs_link).status_code == 404
    assert hr_client.get(f"/campaigns/{draft.pk}/organisation/").status_code == 200


def test_only_a_draft_campaigns_teams_can_be_withdrawn(campaign):
    with pytest.raises(ValueError):
        campaign.withdraw_unscoped()
