"""Comments: shown only from teams whose figures hold at least the comment minimum of people,
from the publication that holds their authors' answers, mixed together and undated, in
pages, PDFs and exports alike."""

import csv
import io
import itertools
import re
import secrets

import pypdf
import pytest

from campaigns.publishing import publish
from tests.builders import every_statement, export, invite


@pytest.fixture
def first_component(six_pillars):
    return six_pillars.components.first()


def comment(campaign, team, count, first_component, text="{team} {number}", start=0):
    """``count`` people of ``team`` answer, each leaving a comment on the first component."""
    for number in range(start, start + count):
        invitation, _ = invite(campaign, team, f"{team.name}{number}@acme.example")
        invitation.submit(
            every_statement(campaign.framework, 3, 4),
            {first_component.pk: text.format(team=team.name, number=number)},
        )


def shown(hr_client, campaign, team) -> list[str]:
    page = hr_client.get(f"/campaigns/{campaign.pk}/teams/{team.pk}/").text
    return re.findall(r"<li>([^<]*)</li>", page.split('id="comments"')[1].split("</section>")[0])


def test_comments_show_from_the_comment_minimum_only(hr_client, campaign, teams, first_component):
    comment(campaign, teams["support"], 9, first_component)
    publish(campaign)
    assert shown(hr_client, campaign, teams["support"]) == []
    comment(campaign, teams["support"], 5, first_component, start=9)
    publish(campaign)
    assert sorted(shown(hr_client, campaign, teams["support"])) == sorted(
        f"Support {n}" for n in range(14)
    )


def test_comments_are_in_a_random_order(hr_client, campaign, teams, first_component, monkeypatch):
    # Released in the order of answering, each given a place before the one before it.
    monkeypatch.setattr(secrets.SystemRandom, "shuffle", lambda self, items: None)
    places = itertools.count(1000, -1)
    monkeypatch.setattr(secrets, "randbelow", lambda _n: next(places))
    comment(campaign, teams["support"], 10, first_component)
    publish(campaign)
    assert shown(hr_client, campaign, teams["support"]) == [
        f"Support {n}" for n in range(9, -1, -1)
    ]


def test_a_small_teams_comments_cannot_be_told_apart_by_subtraction(
    hr_client, campaign, teams, first_component
):
    comment(campaign, teams["north"], 10, first_component)
    comment(campaign, teams["south"], 6, first_component)  # shown figures, too few to comment
    publish(campaign)
    north = shown(hr_client, campaign, teams["north"])
    sales = shown(hr_client, campaign, teams["sales"])
    assert sorted(sales) == sorted(north) == sorted(f"North {n}" for n in range(10))
    assert shown(hr_client, campaign, teams["south"]) == []


def test_a_new_comment_waits_for_its_authors_figures(hr_client, campaign, teams, first_component):
    comment(campaign, teams["support"], 10, first_component)
    publish(campaign)
    comment(campaign, teams["support"], 1, first_component, text="The eleventh", start=10)
    publish(campaign)
    assert "The eleventh" not in shown(hr_client, campaign, teams["support"])
    comment(campaign, teams["support"], 4, first_component, start=11)
    publish(campaign)
    assert "The eleventh" in shown(hr_client, campaign, teams["support"])


def test_exports_and_pdfs_carry_the_same_comments(hr_client, campaign, teams, first_component):
    comment(campaign, teams["support"], 10, first_component, text="=HYPERLINK {number}")
    comment(campaign, teams["south"], 6, first_component, text="South says {number}")
    publish(campaign)
    content = export(hr_client, campaign).content.decode("utf-8-sig")
    rows = [r for r in csv.DictReader(io.StringIO(content)) if r["Level"] == "Comment"]
    # Support's ten, on Support's rows and on Acme's above it; none of South's.
    assert sorted((r["Team"], r["Comment"]) for r in rows) == sorted(
        (team, f"'=HYPERLINK {n}")  # made inert for a spreadsheet
        for team in ("Acme", "Acme > Support")
        for n in range(10)
    )
    pdf = hr_client.get(f"/campaigns/{campaign.pk}/teams/{teams['support'].pk}/report.pdf")
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf.content)).pages)
    assert all(f"=HYPERLINK {n}" in text for n in range(10))


def test_the_survey_says_who_reads_a_comment_and_leaders_leave_none(client, campaign, teams):
    campaign.language = "en"
    campaign.save()
    _, token = invite(campaign, teams["north"], "ann@acme.example")
    client.get(f"/s/{token}/")
    step = client.get("/survey/").url
    page = client.get(step).text
    assert "Shown without your name" in page and "at least 10 people answered" in page
    _, leader = invite(campaign, teams["sales"], "lead@acme.example", rater_role="self")
    client.get(f"/s/{leader}/")
    assert 'name="note"' not in client.get(client.get("/survey/").url).text
