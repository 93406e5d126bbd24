"""What the PDFs hold and leave out: no section that only says there is nothing to show, the
summary's roadmap and perception gaps, the cover's title and name, the page budget of a
leader's report, and an organisation's PDF put together from parts with its contents, links,
outline and page numbers right."""

import datetime
import io
import re

import pypdf
import pytest
from django.utils import timezone

from actions.models import Action, ActionKind
from campaigns.publishing import latest_publication
from organisations.branding import branding
from reports import pdf
from tests.builders import rate_all

LEADER_STROKE = "0.098039 0.529412 0.329412 RG"  # the radar's leader line, #198754
VARIED = {  # a leader's six-pillar ratings: current, target
    "personalisation": (3, 4),
    "integrity": (4, 5),
    "expectations": (2, 4),
    "time_and_effort": (3, 5),
    "recovery": (2, 5),
    "empathy": (4, 4),
}
EMPTY_SECTIONS = [
    "Blind spots",
    "Action plan",
    "No action planned",
    "Reflections",
    "No reflections",
    "No comment to show",
    "Roadmap",
]


def read(content: bytes) -> tuple[pypdf.PdfReader, str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return reader, " ".join("\n".join(p.extract_text() for p in reader.pages).split())


def test_a_leaders_pdf_fits_six_pages_and_holds_no_empty_section(leader_client, six_pillars):
    leader = leader_client.get("/dashboard/").wsgi_request.user
    assessment = rate_all(leader, six_pillars, VARIED)
    reader, text = read(leader_client.get(f"/assessments/{assessment.pk}/report.pdf").content)
    assert len(reader.pages) <= 6
    assert [words for words in EMPTY_SECTIONS if words in text] == []
    cover = reader.pages[0].extract_text()
    assert "Leadership gap report" in cover and "Lea" in cover
    assert "leader@example.com" not in text  # named by name, not by address


def test_a_planned_action_puts_a_roadmap_in_the_summary(leader_client, six_pillars):
    leader = leader_client.get("/dashboard/").wsgi_request.user
    assessment = rate_all(leader, six_pillars, VARIED)
    Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.get(key="recovery"),
        title="Call back within a day",
        owner=leader,
        due_on=timezone.localdate() + datetime.timedelta(days=45),
        kind=ActionKind.STRUCTURAL,
    )
    reader, _text = read(leader_client.get(f"/assessments/{assessment.pk}/report.pdf").content)
    summary = " ".join(reader.pages[1].extract_text().split())
    assert re.search(
        r"Roadmap When Quick wins Structural changes Days 31 to 60 — Call back", summary
    )
    assert any("Action plan" in page.extract_text() for page in reader.pages[2:])  # details


def test_a_team_pdf_opens_with_the_leader_and_the_team(client, hr_admin, answered, teams):
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/teams/{teams['sales'].pk}/report.pdf?language=en"
    reader, text = read(client.get(url).content)
    summary = " ".join(reader.pages[1].extract_text().split())
    # The leader rates 4 now where the six people of North rate 3: +1.0, a blind spot.
    assert re.search(
        r"The leader and the team .*Personalisation 4\.0 3\.0 \+1\.0 \S+ to \S+ Blind spot", summary
    )
    drawn = "".join(page.get_contents().get_data().decode("latin-1") for page in reader.pages)
    assert LEADER_STROKE in drawn  # the leader's line on the radar
    assert [words for words in EMPTY_SECTIONS if words in text] == []


def test_the_cover_carries_the_organisations_report_title(client, hr_admin, answered, teams):
    organisation = answered.organisation
    organisation.report_title = "Acme people review"
    organisation.save()
    client.force_login(hr_admin)
    url = f"/campaigns/{answered.pk}/teams/{teams['support'].pk}/report.pdf?language=en"
    reader, _text = read(client.get(url).content)
    cover = reader.pages[0].extract_text().splitlines()
    assert cover[:4] == ["Acme", "Acme people review", "Team report", "Support"]
    assert reader.metadata.title.startswith("Acme people review")


@pytest.fixture
def parts_of_two(monkeypatch):
    monkeypatch.setattr(pdf, "TEAMS_PER_PART", 2)


def test_an_organisation_pdf_in_parts_reads_as_one_document(answered, teams, parts_of_two):
    steps = []
    content = pdf.organisation_pdf(
        answered,
        latest_publication(answered),
        branding(answered.organisation, inline=True),
        "en",
        lambda *step: steps.append(step),
    )
    assert steps == [(2, 7), (4, 7), (5, 7), (6, 7)]  # five teams two at a time, then the rest
    reader = pypdf.PdfReader(io.BytesIO(content))
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    # No plan yet and no comments: no section says so; the leader of Sales rates above it.
    assert [words for words in EMPTY_SECTIONS if words in text] == ["Blind spots"]
    total = len(reader.pages)
    footers = [page.extract_text().strip().splitlines()[-1] for page in reader.pages[1:]]
    assert footers == [f"Page {n} / {total}" for n in range(2, total + 1)]
    # The contents, the links from its lines and the outline all find each team's page.
    contents = reader.pages[1].extract_text()
    listed = {
        name: int(number)
        for name, number in re.findall(r"^(Acme[^.\n]*?) \.[ .]*(\d+)$", contents, re.MULTILINE)
    }
    assert set(listed) == {
        "Acme",
        "Acme > Sales",
        "Acme > Sales > North",
        "Acme > Sales > South",
        "Acme > Support",
    }
    for name, number in listed.items():
        assert name in reader.pages[number - 1].extract_text()
    links = [
        reader.get_page_number(annotation.get_object()["/Dest"][0].get_object())
        for annotation in reader.pages[1]["/Annots"]
    ]
    assert sorted(number - 1 for number in listed.values()) == sorted(links[-6:-1])
    outline = reader.outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles[0] == "Executive summary" and "Team by team" in titles
    teams_outline = outline[titles.index("Team by team") + 1]
    assert [reader.get_destination_page_number(item) + 1 for item in teams_outline] == list(
        listed.values()
    )
