"""Every feature works with any framework and any number of components, not only six."""

import datetime
import io

import pypdf
import pytest
from django.utils import timezone

from campaigns.models import Campaign, CampaignState, release_sealed
from campaigns.publishing import publish
from organisations.branding import branding
from reports.pdf import organisation_pdf
from tests.builders import export, invite, rate_all, respond
from tests.test_short_survey import page_data

FRAMEWORKS = [("seven-habits", 7), ("customer-centric-transformation", 4), ("function-roles", 7)]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


@pytest.mark.parametrize("slug, size", FRAMEWORKS)
def test_a_leader_assesses_and_prints_on_any_framework(client, leader, seed_framework, slug, size):
    framework = seed_framework(slug)
    components = list(framework.components.all())
    # The first component is rated 1 and the others 2 to 4, all with a target of 5.
    assessment = rate_all(
        leader, framework, {c.key: (1 + i % 4, 5) for i, c in enumerate(components)}
    )
    client.force_login(leader)
    report = client.get(f"/assessments/{assessment.pk}/report/").context["report"]
    assert [row.component for row in report.rows] == components
    assert len(components) == size
    assert report.action_areas[0].row.component == components[0]
    assert report.action_areas[0].row.score.gap == 4
    text = pdf_text(client.get(f"/assessments/{assessment.pk}/report.pdf?language=it").content)
    for component in components:
        assert component.name_it in text


@pytest.mark.parametrize("slug, size", FRAMEWORKS)
def test_a_campaign_reports_exports_and_prints_on_any_framework(
    client, hr_admin, acme, teams, seed_framework, slug, size
):
    framework = seed_framework(slug)
    campaign = Campaign.objects.create(
        organisation=acme,
        framework=framework,
        name="Pulse",
        opens_on=timezone.localdate() - datetime.timedelta(days=1),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
        language="en",
        state=CampaignState.OPEN,
    )
    campaign.teams.set(teams.values())
    respond(campaign, teams["support"], 6, 2, 4)
    publication = publish(campaign)
    client.force_login(hr_admin)
    team = client.get(f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/")
    assert [row.score.gap for row in team.context["result"].report.rows] == [2] * size
    organisation = client.get(f"/campaigns/{campaign.pk}/organisation/")
    assert len(organisation.context["current_heatmap"]["data"][0]["x"]) == size
    csv = export(client, campaign).content.decode()
    names = [c.name_en for c in framework.components.all()]
    assert all(name in csv for name in names)
    text = pdf_text(
        organisation_pdf(campaign, publication, branding(acme, inline=True), "en", lambda *s: None)
    )
    assert [name for name in names if name not in text] == []


@pytest.mark.parametrize("slug, size", FRAMEWORKS)
def test_a_team_member_answers_any_framework_from_the_link(
    client, acme, teams, seed_framework, slug, size
):
    framework = seed_framework(slug)
    campaign = Campaign.objects.create(
        organisation=acme,
        framework=framework,
        name="Pulse",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + datetime.timedelta(days=20),
        language="it",
        state=CampaignState.OPEN,
    )
    campaign.teams.set(teams.values())
    invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    components = list(framework.components.all())
    assert client.get(f"/s/{token}/").url == "/survey/"
    assert client.post("/survey/", page_data(framework, "2", "5", submit_answers="")).url == (
        "/survey/"
    )
    invitation.refresh_from_db()
    assert invitation.responded
    assert campaign.team_responses() == 1
    release_sealed(campaign, everything=True)
    assert campaign.tallies.filter(count__gt=0).count() == 2 * sum(
        c.statements.count() for c in components
    )
