"""A new leader's whole journey through a real browser.

Sign up, start the six-pillar self-assessment, stop half-way, come back on another
"device", finish, submit, and read a gap report whose figures are known in advance.
"""

import re
from collections import Counter

import pytest
from playwright.sync_api import expect

from assessments.models import Rating
from frameworks.models import Statement
from tests.browser import assert_accessible, rate_step

EMAIL = "ada@example.com"
PASSWORD = "correct-horse-battery-staple"

# What the leader answers, component by component, in the framework's order: every
# statement gets the same "now" and "target" rating, so each score and gap is known.
PLAN = [
    # key, name, now, target, gap as displayed
    ("personalisation", "Personalisation", 2, 5, "+3.0"),  # largest gap: top action area
    ("integrity", "Integrity", 4, 4, "0.0"),  # second-best now: second strength
    ("expectations", "Expectations", 3, 5, "+2.0"),  # second action area
    ("time_and_effort", "Time and effort", 3, 4, "+1.0"),  # the step saved "for later"
    ("recovery", "Recovery", 5, 5, "0.0"),  # best now: top strength
    ("empathy", "Empathy", 2, 3, "+1.0"),
]
# The first statement of personalisation does not apply: "N/A" for now (the quick
# assessment asks a component's target once, and it stays that statement's target).
NOT_APPLICABLE = {"personalisation": {0}}
STEPS = len(PLAN) + 1  # the components, then the review


def heading(page):
    return page.get_by_role("heading", level=1)


def rate(page, key, now, target):
    """Rate one step as planned, after checking the page is that component's step."""
    expect(page).to_have_url(re.compile(rf"/assessments/\d+/step/{key}/$"))
    return rate_step(page, now, target, not_applicable=NOT_APPLICABLE.get(key, ()))


@pytest.mark.browser
def test_sign_up_rate_resume_submit_and_read_the_report(
    live_server, six_pillars, new_page, page, console_errors
):
    # A new leader opens the home page and follows "Sign up".
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Sign up", exact=True).click()
    expect(page).to_have_url(re.compile(r"/accounts/signup/$"))
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_first_name").fill("Ada")
    page.locator("#id_last_name").fill("Lovelace")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()

    # The account exists, she is logged in and lands on her dashboard.
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(heading(page)).to_have_text("Welcome, Ada")

    # She starts the six-pillar self-assessment, quick as it is by default: step 1 is the
    # first component, a target asked once after its statements.
    page.get_by_role("button", name=six_pillars.name).click()
    expect(heading(page)).to_have_text("Personalisation")
    expect(page.get_by_text(f"Step 1 of {STEPS}")).to_be_visible()

    # She rates the first three components, saving and continuing each time...
    for key, name, now, target, _gap in PLAN[:3]:
        expect(heading(page)).to_have_text(name)
        rate(page, key, now, target)
        page.get_by_role("button", name="Save and continue").click()

    # ...rates the fourth, and saves it to finish later.
    key, name, now, target, _gap = PLAN[3]
    expect(heading(page)).to_have_text(name)
    rate(page, key, now, target)
    page.get_by_role("button", name="Save and finish later").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("status")).to_contain_text("Saved. You can resume")
    page.context.close()

    # The ratings of the first four components are in the database, "N/A" as None.
    stored = Counter(
        Rating.objects.filter(assessment__leader__email=EMAIL).values_list(
            "statement__component__key", "current", "target"
        )
    )
    expected = Counter()
    for key, _name, now, target, _gap in PLAN[:4]:
        count = Statement.objects.filter(component__key=key).count()
        skipped = len(NOT_APPLICABLE.get(key, ()))
        expected[(key, now, target)] = count - skipped
        if skipped:
            expected[(key, None, target)] = skipped
    assert stored == expected
    rated = sum(expected.values())
    percent = round(
        100 * rated / Statement.objects.filter(component__framework__slug="six-pillars").count()
    )

    # Later, on another device (a fresh browser context, no cookies), she comes back:
    # the dashboard sends her to log in first, with her e-mail address.
    page = new_page()
    page.goto(live_server.url + "/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    page.locator("#id_username").fill(EMAIL)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    # Her assessment is in progress, with the share she rated, and she resumes it...
    in_progress = page.get_by_role("region", name="In progress")
    expect(in_progress).to_contain_text(six_pillars.name)
    expect(in_progress).to_contain_text(f"{percent}% rated")
    in_progress.get_by_role("link", name="Resume").click()

    # ...on the fifth component, with the first four marked as done: nothing was lost.
    expect(page).to_have_url(re.compile(r"/assessments/\d+/step/recovery/$"))
    expect(heading(page)).to_have_text("Recovery")
    expect(page.get_by_text(f"Step 5 of {STEPS}")).to_be_visible()
    done = page.get_by_role("navigation", name="Steps").locator(".text-bg-success")
    expect(done).to_have_text([f"✓ done: {name}" for _k, name, *_ in PLAN[:4]])

    # She rates the last two components and reaches the review.
    for key, name, now, target, _gap in PLAN[4:]:
        expect(heading(page)).to_have_text(name)
        rate(page, key, now, target)
        page.get_by_role("button", name="Save and continue").click()
    expect(heading(page)).to_have_text("Review and submit")
    expect(page.get_by_text("still have statements without a rating")).to_have_count(0)

    # She submits and gets her gap report.
    page.get_by_role("button", name="Submit and see my report").click()
    expect(page).to_have_url(re.compile(r"/assessments/\d+/report/$"))
    expect(heading(page)).to_have_text("Your gap report")
    expect(page.get_by_role("status")).to_have_text("Submitted. Here is your gap report.")

    # One row per component, in the framework's order, with the planned figures.
    rows = page.locator("#component-scores > tbody > tr:not(.statement-detail)")
    expect(rows).to_have_count(6)
    for row, (_key, name, now, target, gap) in zip(rows.all(), PLAN, strict=True):
        expect(row.locator("th")).to_contain_text(
            f"You rate {name} {now:.1f} today and want to reach {target:.1f}"
        )
        expect(row.locator("td")).to_have_text([f"{now:.1f}", f"{target:.1f}", gap])

    # The largest gap by design, personalisation's +3.0, is the top action area.
    action_areas = page.locator("#action-areas ~ .action-area h3")
    expect(action_areas).to_have_text(["Personalisation", "Expectations"])
    top_row = rows.filter(has=page.locator("th", has_text="Personalisation"))
    expect(top_row.locator("td").last).to_have_text("+3.0")
    # The best-rated components today are the strengths.
    expect(page.locator("#strengths ~ .strength h3")).to_have_text(["Recovery", "Integrity"])

    # Both charts are drawn.
    expect(page.locator("#radar-chart svg.main-svg").first).to_be_visible()
    expect(page.locator("#gap-chart svg.main-svg").first).to_be_visible()

    # Nothing went wrong in the browser along the way.
    assert console_errors == []

    # The report is usable with assistive technology: no serious or critical violation.
    assert_accessible(page)
