"""Every page a leader meets passes axe-core's serious and critical rules, in both languages."""

import pytest

from organisations.models import Membership, Organisation, Role
from tests.browser import assert_accessible, log_in
from tests.builders import EVERY_COMPONENT, every_statement, invite, rate_all


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "it"])
def test_pages_pass_axe(live_server, six_pillars, leader, new_page, console_errors, language):
    submitted = rate_all(leader, six_pillars, EVERY_COMPONENT)
    in_progress = rate_all(leader, six_pillars, {"personalisation": (3, 4)}, submit=False)
    page = new_page(locale=language)
    for path in ("/", "/accounts/signup/", "/frameworks/", "/frameworks/six-pillars/v1/"):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    log_in(page, live_server.url, leader.email)
    for path in (
        "/dashboard/",
        f"/assessments/{in_progress.pk}/step/integrity/",
        f"/assessments/{in_progress.pk}/review/",
        f"/assessments/{submitted.pk}/report/",
    ):
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language
        assert_accessible(page)
    assert console_errors == []


@pytest.mark.browser
def test_campaign_pages_pass_axe(live_server, campaign, teams, hr_admin, new_page, console_errors):
    """HR's pages in Italian: tracking, reports, set-up, branding, PDFs and participants,
    with the organisation switcher (HR here is also a consultant elsewhere)."""
    globex = Organisation.objects.create(name="Globex", slug="globex")
    Membership.objects.create(organisation=globex, user=hr_admin, role=Role.CONSULTANT)
    for number in range(5):
        invitation, _ = invite(campaign, teams["support"], f"s{number}@acme.example")
        invitation.submit(every_statement(campaign.framework, 3, 4))
    page = new_page(locale="it")
    log_in(page, live_server.url, hr_admin.email)
    for path in (
        "/campaigns/",
        f"/campaigns/{campaign.pk}/",
        f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/",
        f"/campaigns/{campaign.pk}/teams/{teams['north'].pk}/",
        f"/campaigns/{campaign.pk}/organisation/",
        f"/campaigns/{campaign.pk}/participants/",
        f"/campaigns/{campaign.pk}/exports/",
        f"/campaigns/{campaign.pk}/edit/",
        "/organisations/",
        f"/organisations/{campaign.organisation_id}/",
        f"/organisations/{campaign.organisation_id}/teams/{teams['north'].pk}/edit/",
        f"/organisations/{campaign.organisation_id}/branding/",
        f"/campaigns/{campaign.pk}/organisation/pdf/",
    ):
        page.goto(live_server.url + path)
        assert_accessible(page)
    assert console_errors == []
