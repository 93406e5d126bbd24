"""From a gap to an action, in the browser: a leader plans on their report's top action
area, finds the action on the report and on the dashboard, and marks it in progress."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import Action, ActionStatus
from tests.browser import assert_accessible, log_in
from tests.builders import EVERY_COMPONENT, rate_all


@pytest.mark.browser
def test_a_leader_plans_an_action_from_the_report(
    live_server, six_pillars, leader, page, console_errors
):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    due = timezone.localdate() + datetime.timedelta(days=45)
    log_in(page, live_server.url, leader.email)
    report = page.goto(f"{live_server.url}/assessments/{assessment.pk}/report/")
    # The charts draw under a policy that allows no inline script (no console errors below).
    directives = report.headers["content-security-policy"].split(";")
    policy = dict(directive.strip().split(" ", 1) for directive in directives)
    assert policy["script-src"] == "'self'"

    # Recovery (2 now, 5 target) is the top action area.
    page.get_by_role("link", name="Plan an action on Recovery").click()
    expect(page.get_by_label("Component")).to_have_value(
        str(six_pillars.components.get(key="recovery").pk)
    )
    assert_accessible(page)
    page.get_by_label("What will change").fill("Call back every complaint within a day")
    page.get_by_label("Why: the motivation").fill("Customers wait too long for an answer")
    page.get_by_label("The expected benefit").fill("Fewer repeat complaints")
    page.get_by_label("The obstacles").fill("Weekend shifts")
    page.get_by_label("Due date").fill(due.isoformat())
    page.get_by_label("How we will know it worked").fill("90% within 24 hours")
    page.get_by_label("Structural change").check()
    page.get_by_role("button", name="Save the action").click()

    expect(page.get_by_text("The action is in the plan.")).to_be_visible()
    # On the roadmap: due in 45 days, among the structural changes of days 31 to 60.
    phase = page.locator(".roadmap .phase", has_text="Days 31 to 60")
    entry = phase.locator(".roadmap-action")
    expect(entry).to_have_count(1)
    expect(phase.locator("h4")).to_have_text("Structural changes")
    expect(entry).to_contain_text("Call back every complaint within a day")
    expect(entry).to_contain_text("Recovery · Lea")
    expect(entry.locator(".badge")).to_have_text("Planned")
    expect(page.locator(".roadmap-action")).to_have_count(1)  # in no other phase

    page.goto(f"{live_server.url}/dashboard/")
    listed = page.locator("#dashboard-actions a")
    expect(listed).to_contain_text("Call back every complaint within a day")
    listed.click()
    page.locator("#action-plan").get_by_role(
        "link", name="Call back every complaint within a day"
    ).click()
    page.get_by_label("Status").select_option("in_progress")
    page.get_by_role("button", name="Save the action").click()
    expect(page.locator(".roadmap-action .badge")).to_have_text("In progress")

    action = Action.objects.get()
    assert (action.assessment, action.owner, action.due_on, action.status) == (
        assessment,
        leader,
        due,
        ActionStatus.IN_PROGRESS,
    )
    assert console_errors == []
