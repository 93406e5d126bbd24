"""A respondent on a phone loses nothing: each answer is saved as it is given, an answer given
while the connection is down waits in the browser and goes once it is back, even through a
reload."""

import pytest
from playwright.sync_api import expect

from campaigns.models import Draft
from tests.builders import invite


def radio(page, statement: int, state: str, value: str):
    return page.locator(f"input[name='{statement}-{state}'][value='{value}']")


def choose(page, statement: int, state: str, value: str) -> None:
    """Click the rating's label, as a person does: the radio itself is hidden behind it."""
    page.locator(f"label[for='{radio(page, statement, state, value).get_attribute('id')}']").click()


@pytest.mark.browser
def test_a_respondent_loses_nothing_to_a_lost_connection(
    live_server, campaign, teams, six_pillars, new_page, console_errors
):
    campaign.language = "en"
    campaign.save()
    _invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    first, second, third = (
        s.pk for s in six_pillars.components.get(key="personalisation").statements.all()[:3]
    )
    phone = new_page()
    context = phone.context
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(f"{live_server.url}/s/{token}/")
    status = phone.locator("#save-status")

    choose(phone, first, "current", "4")
    expect(status).to_have_text("All answers saved.")
    expect(phone.locator("fieldset.statement.answer-saved")).to_have_count(1)
    assert Draft.objects.get().pending == {f"{first}-current": "4"}

    # The connection drops: the answer waits in the browser, and the page says so.
    context.set_offline(True)
    choose(phone, second, "current", "2")
    expect(status).to_contain_text("Not saved yet")
    assert f"{second}-current" not in Draft.objects.get().pending

    # The page is closed while offline; back online, the step opens again: nothing is lost,
    # and what waited in the browser is sent.
    url = phone.url
    phone.close()
    context.set_offline(False)
    phone = context.new_page()
    phone.goto(url)
    status = phone.locator("#save-status")
    expect(status).to_have_text("All answers saved.")
    assert Draft.objects.get().pending == {f"{first}-current": "4", f"{second}-current": "2"}
    expect(radio(phone, first, "current", "4")).to_be_checked()
    expect(radio(phone, second, "current", "2")).to_be_checked()

    # A second tab on the same step keeps what the first gave.
    other = context.new_page()
    other.goto(phone.url)
    choose(other, third, "target", "5")
    expect(other.locator("#save-status")).to_have_text("All answers saved.")
    choose(phone, first, "target", "na")
    expect(status).to_have_text("All answers saved.")
    draft = Draft.objects.get()
    assert draft.ratings == {str(first): [4, None]}
    assert draft.pending == {f"{second}-current": "2", f"{third}-target": "5"}
    # The one error: the save tried while offline, as the page said.
    assert [e for e in console_errors if "ERR_INTERNET_DISCONNECTED" not in e] == []
