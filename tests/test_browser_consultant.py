"""A consultant working for two client organisations, in a real browser.

The consultant switches to Initech, sees only Initech's campaign and downloads the Italian
PDF of one of its teams; then switches to Globex and has the worker build the English PDF of
Globex's organisation report, which the page offers once it is ready. Each PDF carries its
own client's branding and figures, and nothing of the other client's.
"""

import datetime
from fractions import Fraction

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import User
from campaigns.models import Campaign, CampaignState
from campaigns.publishing import publish
from organisations.models import Membership, Organisation, Role, Team
from tests.browser import assert_accessible, log_in, run_worker
from tests.builders import respond

# The worker closes its database connection between tasks: real transactions, not one
# rolled back at the end (the live server needs them as well).
pytestmark = pytest.mark.django_db(transaction=True)

CONSULTANT = "cora@consulting.example"

# Who answers in each team: (people, now, target), every statement rated alike. Each team
# has exactly the minimum group size of 3, so every team is shown.
INITECH_SALES = [(2, 3, 5), (1, 2, 4)]  # now 8/3, target 14/3: decimals to localise
INITECH_SUPPORT = [(3, 4, 4)]
GLOBEX_SALES = [(2, 4, 5), (1, 3, 5)]
GLOBEX_SERVICE = [(3, 2, 4)]

INITECH_TITLE, INITECH_FOOTER = "Initech — indagine", "Riservato — Initech"
GLOBEX_TITLE, GLOBEX_FOOTER = "Globex people survey", "Confidential — Globex"
GLOBEX_COLOUR = "#0b6e4f"


def client_organisation(framework, name, *, branding, language, campaign_name, teams):
    """An organisation with its branding, a top team with ``teams`` (name -> answers)
    below it, and an open campaign over all of them with the answers in and published."""
    organisation = Organisation.objects.create(name=name, slug=name.lower(), **branding)
    top = Team.objects.create(organisation=organisation, name=name)
    campaign = Campaign.objects.create(
        organisation=organisation,
        framework=framework,
        name=campaign_name,
        opens_on=timezone.localdate() - datetime.timedelta(days=7),
        closes_on=timezone.localdate() + datetime.timedelta(days=21),
        language=language,
        minimum_group_size=3,
        state=CampaignState.OPEN,
    )
    campaign.teams.add(top)
    for team_name, answers in teams.items():
        team = Team.objects.create(organisation=organisation, name=team_name, parent=top)
        campaign.teams.add(team)
        start = 0
        for people, now, target in answers:
            respond(campaign, team, people, now, target, start=start)
            start += people
    publish(campaign)
    return organisation


def averages(*teams) -> tuple[Fraction, Fraction]:
    """Now and target over everyone who answered in ``teams``."""
    answers = [row for team in teams for row in team]
    people = sum(count for count, _now, _target in answers)
    now = Fraction(sum(count * now for count, now, _target in answers), people)
    target = Fraction(sum(count * target for count, _now, target in answers), people)
    return now, target


def score_row(component, now, target, *, decimal=".") -> str:
    """A component's row as the PDF's tables print it: one decimal, signed gap."""
    figures = [f"{float(now):.1f}", f"{float(target):.1f}", f"{float(target - now):+.1f}"]
    cells = [component, *figures]
    return " ".join(cells).replace(".", decimal)


def read_pdf(path) -> tuple[list[str], str]:
    """Each page's text, and every text of the file (pages and metadata) in one string."""
    reader = PdfReader(path)
    pages = [page.extract_text() for page in reader.pages]
    metadata = [str(value) for value in (reader.metadata or {}).values()]
    return pages, "\n".join([*pages, *metadata])


@pytest.mark.browser
def test_a_consultant_switches_client_and_downloads_each_clients_branded_pdf(
    live_server, six_pillars, page, console_errors
):
    consultant = User.objects.create_user(CONSULTANT, "a-long-passphrase")
    initech = client_organisation(
        six_pillars,
        "Initech",
        branding={
            "colour": "#7a1f5c",
            "report_title": INITECH_TITLE,
            "report_footer": INITECH_FOOTER,
        },
        language="it",
        campaign_name="Indagine di primavera",
        teams={"Vendite": INITECH_SALES, "Assistenza": INITECH_SUPPORT},
    )
    globex = client_organisation(
        six_pillars,
        "Globex",
        branding={
            "colour": GLOBEX_COLOUR,
            "report_title": GLOBEX_TITLE,
            "report_footer": GLOBEX_FOOTER,
        },
        language="en",
        campaign_name="Autumn pulse",
        teams={"Sales": GLOBEX_SALES, "Service": GLOBEX_SERVICE},
    )
    for organisation in (initech, globex):
        Membership.objects.create(organisation=organisation, user=consultant, role=Role.CONSULTANT)
    switcher = page.get_by_label("Organisation you are working on")
    campaign_names = page.locator("main tbody tr td:first-child")

    # The consultant moves to Initech: its page, then its campaigns and no one else's.
    log_in(page, live_server.url, CONSULTANT)
    switcher.select_option(label="Initech")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{live_server.url}/organisations/{initech.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initech")
    expect(switcher).to_have_value(str(initech.pk))
    page.get_by_role("link", name="Campaigns", exact=True).click()
    expect(page.locator("#current-organisation")).to_have_text(
        "Of Initech. Switch organisation at the top of the page to see another's."
    )
    expect(campaign_names).to_have_text(["Indagine di primavera"])

    # Vendite's report, as a PDF in Italian.
    page.get_by_role("link", name="Indagine di primavera").click()
    page.locator("#response-tracking tr", has_text="Vendite").get_by_role(
        "link", name="Report"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vendite")
    with page.expect_download() as team_download:
        page.get_by_role("link", name="PDF · italiano").click()
    assert team_download.value.suggested_filename == "indagine-di-primavera-vendite-it.pdf"
    pages, everything = read_pdf(team_download.value.path())
    cover = pages[0].splitlines()
    assert cover[:4] == ["Initech", INITECH_TITLE, "Report del team", "Vendite"]
    assert cover[4].startswith("Initech · Indagine di primavera · ")
    now, target = averages(INITECH_SALES)
    assert score_row("Personalizzazione", now, target, decimal=",") in everything
    assert "Personalizzazione 2,7 4,7 +2,0" in everything  # the same, worked by hand
    assert all(INITECH_FOOTER in text for text in pages[1:])
    for other in ("Globex", GLOBEX_TITLE, "Confidential", "Autumn pulse"):
        assert other not in everything

    # Then to Globex, where only Globex's campaign is listed.
    switcher.select_option(label="Globex")
    page.get_by_role("button", name="Switch").click()
    expect(page).to_have_url(f"{live_server.url}/organisations/{globex.pk}/")
    page.get_by_role("link", name="Campaigns", exact=True).click()
    expect(campaign_names).to_have_text(["Autumn pulse"])

    # The organisation report's PDF, in English, built by the worker while the page waits.
    page.get_by_role("link", name="Autumn pulse").click()
    page.get_by_role("link", name="Organisation report").click()
    expect(page.locator("#brand-title")).to_have_text(GLOBEX_TITLE)
    expect(page.locator(".brand-bar")).to_have_css("border-bottom-color", "rgb(11, 110, 79)")
    page.get_by_role("link", name="PDF of this report").click()
    page.locator("#pdf-language").select_option("en")
    page.get_by_role("button", name="Build the PDF").click()
    building = page.locator("#pdf-list li")
    expect(building).to_have_count(1)
    expect(building.locator(".build-label")).to_have_text("Waiting for the background worker…")
    expect(building.get_by_role("link", name="Download PDF")).to_be_hidden()
    run_worker()
    expect(building.get_by_role("link", name="Download PDF")).to_be_visible()
    expect(building.locator(".build-label")).to_have_text("Ready")
    expect(building.locator("progress")).to_have_count(0)
    assert_accessible(page)
    with page.expect_download() as organisation_download:
        building.get_by_role("link", name="Download PDF").click()
    assert organisation_download.value.suggested_filename == "autumn-pulse-organisation-en.pdf"
    pages, everything = read_pdf(organisation_download.value.path())
    assert len(pages) > 3
    cover = pages[0].splitlines()
    assert cover[:4] == ["Globex", GLOBEX_TITLE, "Organisation report", "Globex · Autumn pulse"]
    now, target = averages(GLOBEX_SALES, GLOBEX_SERVICE)
    assert score_row("Personalisation", now, target) in everything  # the whole organisation
    assert "Personalisation 2.8 4.5 +1.7" in everything
    now, target = averages(GLOBEX_SALES)
    assert score_row("Personalisation", now, target) in everything  # Sales, no leader's view
    assert "Personalisation 3.7 5.0 +1.3" in everything
    assert "Globex > Sales" in everything and "Globex > Service" in everything
    assert all(GLOBEX_FOOTER in text for text in pages[1:])
    for other in ("Initech", "Vendite", "Assistenza", "Riservato", "Indagine"):
        assert other not in everything

    assert console_errors == []
