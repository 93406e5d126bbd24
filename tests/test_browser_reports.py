"""Reports read in the browser as HR reads them: the organisation's heatmaps right after the
summary, shaded against the organisation on a centred scale and sortable by any column, with
their labels whole on a phone; a team report that opens with the leader against the team,
draws the leader's line, stacks each statement's ratings and folds its resources away; and
a PDF of it without a section that only says there is nothing to show.

With CXLAB_SCREENSHOTS set to a directory, it also saves the pages at desktop and phone sizes
in English and Italian, and the first pages of the team's and the organisation's PDFs
(``make screenshots`` keeps them in docs/screenshots)."""

import io
import os
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import Page, expect

from campaigns.publishing import latest_publication, publish
from organisations.branding import branding
from reports.pdf import organisation_pdf
from tests.browser import log_in
from tests.builders import respond

PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("CXLAB_SCREENSHOTS")
EMPTY_SECTIONS = ["Blind spots", "No action planned", "No reflections", "No comment to show"]


@pytest.fixture
def reported(campaign, teams):
    """North 6 people at 4 now and 5 target; Support 6 at 2 and 4; South 3, too few to show;
    the leader of Sales (North and South) rates 5 now. The organisation: 3.0 now, gap +1.5."""
    respond(campaign, teams["north"], 6, 4, 5)
    respond(campaign, teams["support"], 6, 2, 4)
    respond(campaign, teams["south"], 3, 3, 3)
    respond(campaign, teams["sales"], 1, 5, 5, role="self")
    publish(campaign)
    return campaign


def trace(page: Page, chart: str, key: str):
    return page.evaluate(f"document.getElementById('{chart}').data[0].{key}")


def shoot(page: Page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}.jpg", full_page=True, type="jpeg", quality=60)


def pdf_pages(content: bytes, name: str, pages: int = 3) -> None:
    """The first pages of a PDF as images, drawn by PDFium."""
    if not SHOTS:
        return
    import pypdfium2

    document = pypdfium2.PdfDocument(content)
    for number in range(min(pages, len(document))):
        image = document[number].render(scale=1.4).to_pil().convert("RGB")
        image.save(f"{SHOTS}/{name}-page-{number + 1}.jpg", quality=70)


@pytest.mark.browser
def test_hr_reads_the_heatmaps_and_a_team_report(
    live_server, hr_admin, reported, teams, new_page, console_errors
):
    page = new_page()
    log_in(page, live_server.url, hr_admin.email)
    page.goto(f"{live_server.url}/campaigns/{reported.pk}/organisation/")

    # Right after the summary, before the strengths and action areas.
    heatmaps = page.locator("section[aria-labelledby=heatmap-title]")
    assert heatmaps.bounding_box()["y"] < page.locator("#strengths").bounding_box()["y"]
    # Each cell writes the team's own score and is shaded by its difference from the
    # organisation's 3.0, on a scale centred on it; the gap's runs below zero too.
    rows = [label.strip() for label in trace(page, "current-heatmap", "y")]
    assert rows == ["Acme", "Sales", "North", "South<br>fewer than 5 answers, not shown", "Support"]
    assert trace(page, "current-heatmap", "text")[2][0] == "4.0"
    assert trace(page, "current-heatmap", "z")[2][0] == 1.0
    assert (trace(page, "current-heatmap", "zmin"), trace(page, "current-heatmap", "zmax")) == (
        -1.0,
        1.0,
    )
    assert trace(page, "gap-heatmap", "text")[2][0] == "+1.0"
    assert trace(page, "gap-heatmap", "z")[2][0] == -0.5  # North's gap, half a point smaller
    assert trace(page, "gap-heatmap", "zmin") == -trace(page, "gap-heatmap", "zmax") < 0
    # Sorted by a column, highest first, the hidden row last; then back to the tree.
    page.get_by_label("Rows by").first.select_option(label="Personalisation, highest first")
    rows = [label.strip() for label in trace(page, "current-heatmap", "y")]
    assert rows == ["Sales", "North", "Acme", "Support", "South<br>fewer than 5 answers, not shown"]
    page.get_by_label("Rows by").first.select_option(label="the teams' tree")
    assert trace(page, "current-heatmap", "y")[0].strip() == "Acme"
    shoot(page, "organisation-report-desktop-en")

    # The team's report opens with the leader against the team.
    page.goto(f"{live_server.url}/campaigns/{reported.pk}/teams/{teams['sales'].pk}/")
    perception = page.locator("#perception")
    assert perception.bounding_box()["y"] < page.locator("#strengths").bounding_box()["y"]
    first = perception.locator("tbody tr").first
    expect(first).to_contain_text("5.0")
    expect(first.locator("td").nth(2)).to_have_text("+1.0")  # the leader less the team
    names = page.evaluate("document.getElementById('radar-chart').data.map(t => t.name)")
    assert names == ["Current", "Target", "Leader (self)"]
    # Resources are folded until asked for.
    resources = page.locator("#action-areas ~ .action-area .resources").first
    expect(resources).to_be_hidden()
    page.locator(".resources-fold summary").first.click()
    expect(resources).to_be_visible()
    # A statement's ratings as a stacked bar: all six favourable, the count on hover.
    page.locator(".statement-detail summary").first.click()
    bar = page.locator(".statement-detail .distribution").first
    expect(bar.locator(".segment")).to_have_count(1)
    expect(bar.locator(".segment-favourable")).to_have_attribute("title", "Favourable (4–5): 6")
    shoot(page, "team-report-desktop-en")

    # Its PDF, in English: the summary's perception gaps, and no empty section.
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF · English").click()
    content = Path(download.value.path()).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).split())
    assert "The leader and the team" in reader.pages[1].extract_text()
    assert [words for words in EMPTY_SECTIONS if words in text] == []
    pdf_pages(content, "team-pdf-en")

    # On a phone, the heatmap keeps its cells wide enough to read and scrolls sideways; its
    # column labels are all there, whole, inside the chart.
    phone = new_page()
    phone.set_viewport_size(PHONE)
    log_in(phone, live_server.url, hr_admin.email)
    phone.goto(f"{live_server.url}/campaigns/{reported.pk}/organisation/")
    chart = phone.locator("#current-heatmap")
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    width = phone.evaluate("document.getElementById('current-heatmap')._fullLayout.xaxis._length")
    assert width / 6 >= 40
    scroller = phone.locator(".heatmap-scroll").first
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    expect(chart.locator(".xtick text")).to_have_count(6)
    for label in chart.locator(".xtick text").all():
        inside = label.bounding_box()
        assert box["x"] <= inside["x"] and inside["x"] + inside["width"] <= box["x"] + box["width"]
        assert inside["y"] + inside["height"] <= box["y"] + box["height"]
    shoot(phone, "organisation-report-phone-en")
    phone.goto(f"{live_server.url}/campaigns/{reported.pk}/teams/{teams['sales'].pk}/")
    shoot(phone, "team-report-phone-en")
    assert console_errors == []

    if SHOTS:  # the same in Italian, and the organisation's PDF
        italian = new_page(locale="it-IT")
        log_in(italian, live_server.url, hr_admin.email)
        for size, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", PHONE)):
            italian.set_viewport_size(viewport)
            italian.goto(f"{live_server.url}/campaigns/{reported.pk}/organisation/")
            shoot(italian, f"organisation-report-{size}-it")
            italian.goto(f"{live_server.url}/campaigns/{reported.pk}/teams/{teams['sales'].pk}/")
            shoot(italian, f"team-report-{size}-it")
        publication = latest_publication(reported)
        brand = branding(reported.organisation, inline=True)
        for language in ("en", "it"):
            built = organisation_pdf(reported, publication, brand, language, lambda *s: None)
            pdf_pages(built, f"organisation-pdf-{language}")
        with italian.expect_download() as download:
            italian.get_by_role("link", name="PDF · italiano").click()
        pdf_pages(Path(download.value.path()).read_bytes(), "team-pdf-it")
