"""A new HR person's account through a real browser: the address confirmed before the
organisation, the organisation's activity, a log-in locked after wrong passwords, and her
own data downloaded."""

import datetime
import json
import re
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser import assert_accessible, log_in, run_worker

EMAIL = "ada@analytical.example"
PASSWORD = "correct-horse-battery-staple"


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.mark.browser
def test_confirm_create_see_the_activity_get_locked_out_and_take_your_data(
    live_server, six_pillars, page, new_page, console_errors
):
    # Ada signs up; the organisations page asks her to confirm her address first.
    page.goto(live_server.url + "/accounts/signup/")
    page.locator("#id_email").fill(EMAIL)
    page.locator("#id_first_name").fill("Ada")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(
        page.get_by_text(f"A link to confirm your address is on its way to {EMAIL}")
    ).to_be_visible()
    page.goto(live_server.url + "/organisations/")
    expect(page.get_by_text("Confirm your address first")).to_be_visible()
    expect(page.get_by_role("button", name="Create organisation")).to_have_count(0)
    assert_accessible(page)

    # The link in her mail confirms it.
    run_worker()
    [message] = mail.outbox
    link = re.search(r"https?://\S+/accounts/confirm/\S+/", message.body).group(0)
    page.goto(live_server.url + link[link.index("/accounts/confirm/") :])
    expect(heading(page)).to_have_text("Address confirmed")

    # Now she creates her organisation.
    page.goto(live_server.url + "/organisations/")
    page.get_by_label("Name").fill("Analytical Engines")
    page.get_by_role("button", name="Create organisation").click()
    expect(heading(page)).to_have_text("Analytical Engines")

    # She adds a team; the organisation's activity says who did it, and what.
    page.locator("#id_name").fill("Difference engines")
    page.get_by_role("button", name="Add team").click()
    page.get_by_role("link", name="Activity").click()
    expect(heading(page)).to_have_text("Activity")
    newest = page.locator("#activity tbody tr").first
    expect(newest).to_contain_text("Ada")
    expect(newest).to_contain_text("Team · Difference engines added")
    assert_accessible(page)

    # Someone tries her account with wrong passwords: after five, logging in is paused,
    # for her too, whatever she types.
    page.context.clear_cookies()
    intruder = new_page()
    for n in range(5):
        log_in(intruder, live_server.url, EMAIL, f"guess-{n}")
    expect(heading(intruder)).to_have_text("Log-in paused")
    expect(intruder.get_by_text("logging in is paused for 15 minutes")).to_be_visible()
    assert_accessible(intruder)
    log_in(page, live_server.url, EMAIL, PASSWORD)
    expect(heading(page)).to_have_text("Log-in paused")

    # A quarter of an hour later the pause is over, and her password works.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    log_in(page, live_server.url, EMAIL, PASSWORD)
    expect(page).to_have_url(re.compile(r"/dashboard/$"))

    # On her account page she downloads everything cxlab keeps about her.
    page.goto(live_server.url + "/accounts/me/")
    expect(page.get_by_text("Address confirmed on")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download my data (JSON)").click()
    mine = json.loads(Path(download.value.path()).read_text())
    assert (mine["account"]["email"], mine["account"]["first_name"]) == (EMAIL, "Ada")
    assert mine["memberships"] == [
        {"organisation": "Analytical Engines", "role": "admin", "leads": []}
    ]
    assert (mine["self_assessments"], mine["actions"]) == ([], [])

    # The browser reports each refused log-in's status (429), and nothing else.
    paused = "the server responded with a status of 429 (Too Many Requests)"
    assert [paused in error and "/accounts/login/" in error for error in console_errors] == [
        True,
        True,
    ]
