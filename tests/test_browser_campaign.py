"""An HR campaign end to end in a real browser.

HR creates a campaign and imports its participants (a file with a mistake first); the
invitations leave through the mail worker; people answer from the links in their mail (one
stops half-way and resumes on another device); while the campaign is open the team report
shows no score; once HR closes it, the team report shows the final results, and a team
below the minimum shows "not enough responses".
"""

import csv
import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in, rate_step, run_worker
from tests.test_invitation_mail import link_in

# North's three members rate everything 3 now and 5 as target; South has one response, too
# few, and so has Sales itself (one person reports to the head of Sales directly): their
# answers are in no figure, not even Sales', whose figures are therefore North's.
PEOPLE = [
    ("nora@acme.example", "Nora", "North", "member", 3, 5),
    ("nick@acme.example", "Nick", "North", "member", 3, 5),
    ("nina@acme.example", "Nina", "North", "member", 3, 5),
    ("sam@acme.example", "Sam", "South", "member", 2, 4),
    ("sal@acme.example", "Sal", "Acme > Sales", "member", 4, 4),
    ("leader@example.com", "Lea", "Sales", "leader", 4, 5),
]
COMPONENTS = 6


def participants_file(rows) -> dict:
    lines = ["email,name,team,role", *(",".join(row[:4]) for row in rows)]
    return {"name": "people.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}


def answer(page, now, target, steps=COMPONENTS):
    for _step in range(steps):
        rate_step(page, now, target)
        with page.expect_navigation():  # the next step, before it is rated
            page.get_by_role("button", name="Save and continue").click()


def submit(page):
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and submit")
    page.get_by_role("button", name="Submit my answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your answers are in")


@pytest.mark.browser
def test_hr_runs_a_campaign_from_import_to_team_report(
    live_server, settings, six_pillars, hr_admin, teams, new_page, page, console_errors
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()

    # HR creates the campaign from the organisation's page.
    log_in(page, live_server.url, hr_admin.email)
    page.get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_role("link", name="Acme", exact=True).click()
    page.get_by_role("link", name="New campaign").click()
    page.locator("#id_name").fill("Autumn pulse")
    page.locator("#id_framework").select_option(str(six_pillars.pk))  # not the first listed
    for checkbox in page.locator("input[name=teams]").all():
        checkbox.check()
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_closes_on").fill((today + datetime.timedelta(days=14)).isoformat())
    page.locator("#id_language").select_option("en")
    page.locator("#id_minimum_group_size").fill("3")
    # Step by step, a target on every statement (the short survey has its own journey).
    page.locator("#id_target_each_statement").check()
    page.get_by_role("button", name="Save campaign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn pulse")
    expect(page.locator("main")).to_contain_text("Draft")

    # A file with a mistake imports nobody and says which line is wrong.
    page.get_by_role("link", name="Participants").click()
    wrong = [*PEOPLE[:2], ("nobody@acme.example", "X", "North", "boss")]
    page.locator("#id_file").set_input_files(participants_file(wrong))
    page.get_by_role("button", name="Import participants").click()
    expect(page.locator("#line-errors")).to_contain_text(
        "Line 4: Role “boss” is neither “member” nor “leader”."
    )
    expect(page.locator("#participants")).to_have_count(0)

    # The corrected file imports everyone; opening the campaign sends the invitations.
    page.locator("#id_file").set_input_files(participants_file(PEOPLE))
    page.get_by_role("button", name="Import participants").click()
    expect(page.get_by_role("status").first).to_contain_text("6 participants imported.")
    expect(page.locator("#participants tbody tr")).to_have_count(6)
    page.get_by_role("link", name="Autumn pulse").click()
    page.get_by_role("link", name="Open now…").click()
    expect(page.locator("#open-summary")).to_contain_text(
        "Invitations go to 6 people now, in the campaign’s language, each with their own link."
    )
    page.get_by_role("button", name="Open now and send invitations").click()
    expect(page.get_by_role("status").last).to_contain_text("6 invitations are on their way.")
    assert mail.outbox == []
    run_worker()
    links = {message.to[0]: link_in(message) for message in mail.outbox}
    assert set(links) == {person[0] for person in PEOPLE}

    # Nora answers three components on her phone, stops, and finishes on her laptop.
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(links["nora@acme.example"])
    answer(phone, 3, 5, steps=2)
    rate_step(phone, 3, 5)
    phone.get_by_role("button", name="Save and finish later").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Your answers so far are saved")
    phone.context.close()
    laptop = new_page()
    laptop.goto(links["nora@acme.example"])
    expect(laptop).to_have_url(re.compile(r"/survey/time_and_effort/$"))
    answer(laptop, 3, 5, steps=COMPONENTS - 3)
    submit(laptop)

    # Everyone else answers in one go.
    for email, _name, _team, _role, now, target in PEOPLE[1:]:
        respondent = new_page()
        respondent.goto(links[email])
        answer(respondent, now, target)
        submit(respondent)
        # The same link again: a clear page, never a second response.
        respondent.goto(links[email])
        expect(respondent.get_by_role("heading", level=1)).to_have_text(
            "Thank you: your answers are in"
        )

    # HR follows the responses per team...
    page.reload()
    north = page.locator("#response-tracking tr", has_text="North")
    expect(north.locator(".score-cell")).to_have_text(["3", "3", "100%", "0"])

    # ...but while the campaign is open, North's report shows no score.
    north.get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", name="Not published yet")).to_be_visible()
    expect(page.locator("#three-way")).to_have_count(0)

    # Closing the campaign publishes the final results, once HR has seen which teams they
    # leave out: South and Sales' own member, one answer each.
    page.go_back()
    page.get_by_role("link", name="Close now").click()
    expect(page.locator("#small-teams li")).to_have_text(["Sales", "South"])
    page.get_by_role("button", name="Close and publish the final results").click()
    expect(page.get_by_role("status").last).to_contain_text(
        "The campaign is closed: no more responses are accepted, and its final results are out."
    )
    expect(page.locator("#publications li")).to_have_count(1)
    expect(page.locator("#publications li")).to_contain_text("Final results")

    # North's report shows the team's figures beside its leader's.
    page.locator("#response-tracking tr", has_text="North").get_by_role(
        "link", name="Report"
    ).click()
    expect(page.locator(".based-on")).to_contain_text("Final results, published on")
    expect(page.locator(".based-on")).to_contain_text("Based on 3 responses from team members.")
    first = page.locator("#three-way tbody tr").first
    expect(first.locator(".score-cell")).to_have_text(["—", "3.0", "5.0", "+2.0"])
    expect(page.locator("#radar-chart svg.main-svg").first).to_be_visible()

    # Sales shows its leader's self view against North's figures, and says that two more
    # people's answers are left out.
    page.go_back()
    page.locator("#response-tracking tr", has_text="Sales").get_by_role(
        "link", name="Report"
    ).click()
    expect(page.locator(".based-on")).to_contain_text(
        "Based on 3 responses from team members. 2 more people’s answers are not in these "
        "figures, to protect them"
    )
    first = page.locator("#three-way tbody tr").first
    expect(first.locator(".score-cell")).to_have_text(["4.0", "3.0", "5.0", "+2.0"])

    # South, with one response, shows no score at all.
    page.go_back()
    page.locator("#response-tracking tr", has_text="South").get_by_role(
        "link", name="Report"
    ).click()
    expect(page.get_by_role("heading", name="Not enough responses")).to_be_visible()
    expect(page.locator("#three-way")).to_have_count(0)

    # The organisation report draws both heatmaps, each sortable by a column.
    page.go_back()
    page.get_by_role("link", name="Organisation report").click()
    expect(page.locator("svg.main-svg").first).to_be_visible()
    assert_accessible(page)
    rows = "id => document.getElementById(id).data[0].y"
    tree = page.evaluate(rows, "gap-heatmap")
    page.locator("#gap-heatmap-sort").select_option(label="Personalisation, highest first")
    column = page.evaluate(
        "id => document.getElementById(id).data[0].z.map(r => r[0])", "gap-heatmap"
    )
    known = [value for value in column if value is not None]
    assert known == sorted(known, reverse=True) and column[len(known) :] == [None] * (
        len(column) - len(known)
    )
    assert sorted(page.evaluate(rows, "gap-heatmap")) == sorted(tree)
    page.locator("#gap-heatmap-sort").select_option(label="the teams' tree")
    assert page.evaluate(rows, "gap-heatmap") == tree

    # HR asks for the results as CSV; the worker builds it while the page waits.
    page.go_back()
    page.get_by_role("button", name="Export results (CSV)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results exports")
    export = page.locator("#export-list li")
    expect(export.locator(".build-label")).to_have_text("Waiting for the background worker…")
    download_link = export.get_by_role("link", name="Download CSV")
    expect(download_link).to_be_hidden()
    run_worker()
    expect(download_link).to_be_visible()
    expect(export.locator(".build-label")).to_have_text("Ready")
    assert_accessible(page)
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename == "autumn-pulse-results.csv"
    with open(download.value.path(), encoding="utf-8-sig") as file:
        rows = list(csv.DictReader(file))
    north = [r for r in rows if r["Team"] == "Acme > Sales > North" and r["Level"] == "Component"]
    assert [(r["Current"], r["Target"], r["Gap"]) for r in north] == [("3.0", "5.0", "2.0")] * 6
    sales = [r for r in rows if r["Team"] == "Acme > Sales" and r["Level"] == "Component"]
    assert [(r["Current"], r["Target"], r["Gap"]) for r in sales] == [("3.0", "5.0", "2.0")] * 6
    south = [r for r in rows if r["Team"] == "Acme > Sales > South"]
    assert [r["Level"] for r in south] == ["Not enough responses"]

    assert console_errors == []
