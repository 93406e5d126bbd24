"""PDF reports: opened and read back, for their text, pages, fonts and charts, under the
same permission filters and confidentiality rules as the web pages."""

import base64
import io
import re

import pypdf
import pytest
from PIL import Image

from campaigns.publishing import latest_publication
from organisations.branding import branding
from organisations.models import Logo
from reports.pdf import data_only_fetcher, organisation_pdf
from tests.builders import EVERY_COMPONENT, rate_all

CURRENT_STROKE = "0.121569 0.372549 0.658824 RG"  # the radar's "current" line, #1f5fa8
GAP_FILL = "0.435294 0.258824 0.756863 rg"  # the gap chart's bars, #6f42c1

TOO_FEW = "Not enough responses"


def png(width=40, height=20) -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (width, height), "#aa3300").save(image, "PNG")
    return image.getvalue()


PNG_URI = f"data:image/png;base64,{base64.b64encode(png()).decode()}"


def read(content: bytes) -> pypdf.PdfReader:
    assert content.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(content))


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def page_with(reader: pypdf.PdfReader, words: str) -> pypdf.PageObject:
    return next(page for page in reader.pages if words in page.extract_text())


def embedded_fonts(reader: pypdf.PdfReader) -> dict[str, bool]:
    """Every font used, and whether the file holds its glyphs."""
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor")
                or (font["/DescendantFonts"][0].get_object()["/FontDescriptor"])
            )
            fonts[str(font["/BaseFont"])] = any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


@pytest.fixture
def branded(acme):
    acme.report_title = "Acme leadership review"
    acme.report_footer = "Confidential — prepared for Acme"
    acme.colour = "#aa3300"
    acme.save()
    Logo.objects.create(organisation=acme, image=png(), content_type="image/png")
    return acme


def test_a_leaders_pdf_has_the_report_in_their_language(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    assessment.save_reflection(
        {
            q: "Ask two customers a week what we promised them"
            for q in six_pillars.components.get(key="recovery").reflection_questions.all()
        }
    )
    response = leader_client.get(f"/assessments/{assessment.pk}/report.pdf?language=it")
    assert response["Content-Type"] == "application/pdf"
    assert 'attachment; filename="gap-report-' in response["Content-Disposition"]
    reader = read(response.content)
    text = text_of(reader)
    # Recovery: 2 now, 5 target, the largest gap; Empathy 5.0 the first strength.
    summary = page_with(reader, "Sintesi").extract_text()
    assert re.search(r"Recupero 2,0 5,0 \+3,0", summary)
    assert "Empatia — ora 5,0" in summary
    assert "Personalizzazione" in text and "Punti di forza" in text and "Aree d'azione" in text
    assert "Ask two customers a week what we promised them" in text  # the reflection
    assert f"Pagina 2 / {len(reader.pages)}" in text
    assert "cxlab" in reader.pages[0].extract_text()  # a leader on their own: plain cover
    drawn = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert CURRENT_STROKE in drawn and GAP_FILL in drawn  # both charts, drawn as vectors
    assert all(embedded_fonts(reader).values()) and embedded_fonts(reader)


def test_an_unsubmitted_assessment_has_no_pdf(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT, submit=False)
    assert leader_client.get(f"/assessments/{assessment.pk}/report.pdf").status_code == 404


def test_another_leaders_assessment_is_a_404(client, other_leader, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    client.force_login(other_leader)
    assert client.get(f"/assessments/{assessment.pk}/report.pdf").status_code == 404


def test_a_team_pdf_carries_the_branding_and_the_exact_figures(
    client,
    hr_admin,
    answered,
    teams,
    branded,
):
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/teams/{teams['support'].pk}/report.pdf"
    reader = read(client.get(url + "?language=en").content)
    text = text_of(reader)
    cover = reader.pages[0].extract_text()
    assert "Acme leadership review" in cover and "Support" in cover
    assert "Confidential — prepared for Acme" in reader.pages[1].extract_text()
    assert "Page 1" not in cover  # the cover has no footer
    images = [x.get_object() for x in reader.pages[0]["/Resources"]["/XObject"].values()]
    assert any(x["/Subtype"] == "/Image" and x["/Width"] == 40 for x in images)  # the logo
    # Support: 4 people rate 2 now and 4 target, 2 people 5 and 5: now 3.0, target 4.3.
    assert re.search(r"Personalisation 3\.0 4\.3 \+1\.3 6 \+0\.2 to \+2\.4", text)
    assert "Based on 6 responses from team members." in " ".join(text.split())
    # Four rated 2 (unfavourable), none 3, two 5 (favourable): a bar of 4 and 2, 33% rated 4-5.
    flat = " ".join(text.split())
    assert re.search(
        r"an individual 3\.0 1\.4–4\.6 4\.3 3\.8–4\.9 \+1\.3 \S+ to \+3\.0 4 2 33%", flat
    )
    assert "Method and confidentiality" in text
    # In the campaign's language by default: Italian.
    italian = text_of(read(client.get(url).content))
    assert "Personalizzazione" in italian and re.search(r"3,0 4,3 \+1,3", italian)


def test_a_hidden_team_pdf_has_no_score(client, hr_admin, answered, teams):
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/teams/{teams['south'].pk}/report.pdf?language=en"
    text = text_of(read(client.get(url).content))
    assert TOO_FEW in text
    assert not re.search(r"\d\.\d", text)


def test_the_organisation_pdf_shows_no_score_of_a_hidden_team(answered, teams):
    steps = []
    content = organisation_pdf(
        answered,
        latest_publication(answered),
        branding(answered.organisation, inline=True),
        "en",
        lambda *s: steps.append(s),
    )
    reader = read(content)
    text = text_of(reader)
    assert steps == [(5, 7), (6, 7)]  # five teams in one part, then the rest
    assert "Contents" in text and "Team by team" in text
    assert f"Acme > Sales > South — {TOO_FEW}" in " ".join(text.split())  # a line, not a page
    support = page_with(reader, "Acme > Support\nInterim results").extract_text()
    assert "Based on 6 responses" in support
    assert re.search(r"Personalisation 3\.0 4\.3 \+1\.3 6", support)
    # The contents point at the right pages.
    contents = reader.pages[1].extract_text()
    number = int(re.search(r"Acme > Support \.[ .]*(\d+)", contents).group(1))
    assert "Acme > Support" in reader.pages[number - 1].extract_text()


def test_user_text_never_makes_the_renderer_fetch(answered, teams, monkeypatch):
    hostile = (
        '<img src="http://127.0.0.1:9/x.png"><link rel="stylesheet" href="file:///etc/passwd">'
    )
    organisation = answered.organisation
    organisation.name = organisation.report_title = organisation.report_footer = hostile[:120]
    organisation.save()
    teams["support"].name = hostile[:200]
    teams["support"].save()
    fetched = []
    from weasyprint.urls import URLFetcher

    real_fetch = URLFetcher.fetch
    monkeypatch.setattr(
        URLFetcher,
        "fetch",
        lambda self, url, *a, **k: fetched.append(url) or real_fetch(self, url, *a, **k),
    )
    text = text_of(
        read(
            organisation_pdf(
                answered,
                latest_publication(answered),
                branding(organisation, inline=True),
                "en",
                lambda *s: None,
            )
        )
    )
    assert fetched == []
    assert 'img src="http://127.0.0.1:9/x.png"' in text  # printed as the text it is


def test_the_renderer_refuses_any_url_but_data():
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    for url in ("http://127.0.0.1:9/x.png", "file:///etc/hostname"):
        with pytest.raises(FatalURLFetchingError):
            HTML(string=f'<img src="{url}">', url_fetcher=data_only_fetcher()).render()
    assert HTML(string=f'<img src="{PNG_URI}">', url_fetcher=data_only_fetcher()).render().pages
