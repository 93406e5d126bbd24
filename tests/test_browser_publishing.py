"""Publishing interim results in a real browser, with two small teams reported as one.

The campaign is open and people have answered (built directly: answering is not the point
here). While nothing is published a team report shows no score. HR combines North and
South, each too small to show, into a reporting group, checks what the interim results would
count, publishes them, and finds the group's figures on its teams' reports and as one row
of the organisation report.
"""

import pytest
from playwright.sync_api import expect

from tests.browser import VIEWPORT, assert_accessible, log_in
from tests.builders import respond

MINIMUM = 5
PHONE = {"width": 390, "height": 844}


def team_report(page, team):
    page.locator("#response-tracking tr", has_text=team).get_by_role("link", name="Report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(team)


def rows(page, table) -> list[list[str]]:
    """Each body row of ``table`` as its cells' texts."""
    return page.eval_on_selector_all(
        f"{table} > tbody > tr",
        "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))",
    )


@pytest.mark.browser
def test_hr_combines_small_teams_and_publishes_interim_results(
    live_server, hr_admin, draft, teams, page, console_errors
):
    draft.language = "en"
    draft.minimum_group_size = MINIMUM
    draft.save()
    draft.open()
    # North and South have three responses each, too few on their own; Support has two.
    respond(draft, teams["north"], 3, 2, 4)
    respond(draft, teams["south"], 3, 4, 4)
    respond(draft, teams["support"], 2, 5, 5)

    # While nothing is published, a team report shows how many answered, no score.
    log_in(page, live_server.url, hr_admin.email)
    page.goto(f"{live_server.url}/campaigns/{draft.pk}/")
    expect(page.locator("#publications")).to_contain_text("Not published yet")
    team_report(page, "North")
    expect(page.get_by_role("heading", name="Not published yet")).to_be_visible()
    expect(page.locator("#not-enough-responses")).to_contain_text(
        "While the campaign is open, only how many have answered is shown."
    )
    expect(page.locator("#three-way")).to_have_count(0)

    # Neither North nor South would show on its own.
    page.go_back()
    page.get_by_role("link", name="Reporting groups").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting groups")
    assert rows(page, "#answered-by-team") == [
        ["Acme", "8", "Not enough responses"],  # with every team below it
        ["Sales", "6", "Not enough responses"],
        ["North", "3", "Not enough responses"],
        ["South", "3", "Not enough responses"],
        ["Support", "2", "Not enough responses"],
    ]
    assert_accessible(page)

    # Only teams with a sibling to join are offered; one team alone is refused.
    combine = page.get_by_role("button", name="Report them as one group")
    expect(page.locator("input[name=teams]")).to_have_count(2)  # North and South
    page.get_by_role("checkbox", name="North").check()
    combine.click()
    expect(page.locator("main")).to_contain_text("Choose at least two teams.")
    expect(page.locator("#reporting-group-list")).to_have_count(0)

    # North and South can: with the keyboard, the name left empty.
    page.get_by_role("checkbox", name="South").focus()
    page.keyboard.press("Space")
    expect(page.get_by_role("checkbox", name="North")).to_be_checked()
    expect(page.get_by_role("checkbox", name="South")).to_be_checked()
    expect(page.get_by_label("Name")).to_have_value("")
    combine.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_have_text("“North + South” is reported as one group.")
    group = page.locator("#reporting-group-list li")
    expect(group).to_have_count(1)
    expect(group.locator("strong")).to_have_text("North + South")
    expect(group.locator(".small")).to_have_text("North, South")
    expect(group.get_by_role("button")).to_have_text("Split up North + South")
    # North and South now count as one, which shows, and so do the teams above it.
    assert rows(page, "#answered-by-team") == [
        ["Acme", "8", "Yes"],
        ["Sales", "6", "Yes"],
        ["North + South", "6", "Yes"],
        ["Support", "2", "Not enough responses"],
    ]
    # Support has no sibling to join: nothing is left to combine.
    expect(page.locator("main")).to_contain_text("No team is left to combine.")

    # What the interim results would count, before anything is published.
    page.get_by_role("link", name=draft.name).click()
    page.get_by_role("link", name="Publish interim results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish interim results")
    assert rows(page, "#publish-preview") == [
        ["Acme", "8", "6"],
        ["Sales", "6", "6"],
        ["North + South", "6", "6"],
        ["Support", "2", "0"],
    ]
    expect(page.locator("main")).to_contain_text("2 people’s answers would wait for later results.")
    assert_accessible(page)

    # On a phone the page fits the screen's width: nothing scrolls sideways.
    page.set_viewport_size(PHONE)
    scroll_width, client_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll_width <= client_width <= PHONE["width"]
    expect(page.get_by_role("button", name="Publish these results")).to_be_visible()
    page.set_viewport_size(VIEWPORT)

    page.get_by_role("button", name="Publish these results").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(draft.name)
    expect(page.get_by_role("status")).to_have_text(
        "Results no. 1 are published: every report and export now shows them."
    )
    expect(page.locator("#publications li")).to_have_count(1)
    expect(page.locator("#publications li")).to_contain_text("Interim results no. 1")
    expect(page.locator("#publications li")).to_contain_text(hr_admin.email)

    # Each of the group's teams shows the group's figures: (3 * 2 + 3 * 4) / 6 = 3.0 now.
    for team in ("North", "South"):
        team_report(page, team)
        based_on = page.locator(".based-on")
        expect(based_on).to_contain_text("Interim results, published on")
        expect(based_on).to_contain_text("the campaign is still open.")
        expect(based_on).to_contain_text("Reported as one group: North + South.")
        expect(based_on).to_contain_text("Based on 6 responses from team members.")
        expect(based_on).not_to_contain_text("not in these figures")
        first = page.locator("#three-way tbody tr").first
        expect(first.locator(".score-cell")).to_have_text(["—", "3.0", "4.0", "+1.0"])
        page.go_back()

    # Support, with two, still shows no score.
    team_report(page, "Support")
    expect(page.get_by_role("heading", name="Not enough responses")).to_be_visible()
    expect(page.locator("#three-way")).to_have_count(0)
    page.go_back()

    # The organisation report has one row for the group; Support's two are left out.
    page.get_by_role("link", name="Organisation report").click()
    expect(page.locator(".based-on")).to_contain_text(
        "Based on 6 responses from team members. 2 more people’s answers are not in these "
        "figures, to protect them"
    )
    # Each cell: the score now, its likely range (six people: 3.0 ± t(5) · 1.095 / √6), the
    # gap and its range; and how many people each row counts.
    # North's own gaps are 2, South's 0: +1.0 ± t(5) · 1.095 / √6 too.
    cell = "3.0\n1.9–4.1\n+1.0\n-0.1 to +2.1"
    assert rows(page, "#team-scores") == [
        ["Acme", "6", *[cell] * 6],
        ["Sales", "6", *[cell] * 6],
        ["North + South", "6", *[cell] * 6],
        ["Support", "—", "Not enough responses"],
    ]
    row = page.locator("#team-scores tbody tr", has_text="North + South")
    expect(row.get_by_role("link", name="North + South")).to_have_attribute(
        "href", f"/campaigns/{draft.pk}/teams/{teams['north'].pk}/"
    )

    # Once published, the groups are fixed.
    page.get_by_role("link", name="Back to the campaign").click()
    page.get_by_role("link", name="Reporting groups").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Results have been published, so the groups are fixed"
    )
    expect(page.get_by_role("button", name="Split up")).to_have_count(0)
    expect(page.get_by_role("button", name="Report them as one group")).to_have_count(0)

    assert console_errors == []
