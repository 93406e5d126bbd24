"""A branded, short campaign from HR's set-up to participation at a glance: HR sets the
branding and the opening message, previews the survey, mails themself a test and opens the
campaign after its confirmation; a team member answers on a phone, loses the connection
and the page, and loses nothing; the campaign's own reminder goes out once; HR's home page
adds the answers up along the divisions."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from campaigns.models import Draft, Invitation
from tests.browser import log_in, rate_step, run_worker
from tests.test_consultants import image
from tests.test_invitation_mail import link_in
from tests.test_short_survey import page_data

PEOPLE = [  # email, team: team members only
    ("nora@acme.example", "North"),
    ("nick@acme.example", "North"),
    ("nina@acme.example", "North"),
    ("sam@acme.example", "South"),
]


def participants_file() -> dict:
    lines = ["email,name,team,role", *(f"{email},,{team},member" for email, team in PEOPLE)]
    return {"name": "people.csv", "mimeType": "text/csv", "buffer": "\n".join(lines).encode()}


@pytest.mark.browser
def test_a_branded_short_campaign_from_set_up_to_participation(
    live_server, settings, six_pillars, hr_admin, acme, teams, new_page, page, console_errors
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()

    # HR brands the organisation: colour, sender name, logo.
    log_in(page, live_server.url, hr_admin.email)
    page.goto(f"{live_server.url}/organisations/{acme.pk}/branding/")
    page.locator("#id_colour").fill("#7a1f5c")
    page.locator("#id_mail_sender").fill("Acme People Team")
    page.locator("#id_logo").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": image("PNG")}
    )
    page.get_by_role("button", name="Save branding").click()
    expect(page.get_by_role("status").first).to_be_visible()

    # A campaign with its opening message in both languages, the target once per component.
    page.goto(f"{live_server.url}/organisations/{acme.pk}/campaigns/new/")
    page.locator("#id_name").fill("Winter pulse")
    for checkbox in page.locator("input[name=teams]").all():
        checkbox.check()
    page.locator("#id_opens_on").fill(today.isoformat())
    page.locator("#id_closes_on").fill((today + datetime.timedelta(days=10)).isoformat())
    page.locator("#id_language").select_option("en")
    page.locator("#id_minimum_group_size").fill("3")
    expect(page.locator("#id_target_each_statement")).not_to_be_checked()  # short by default
    page.locator("#id_intro_en").fill("Tell us how we serve our customers: ten minutes, please.")
    page.locator("#id_intro_it").fill("Raccontateci come serviamo i clienti.")
    page.get_by_role("button", name="Save campaign").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Winter pulse")
    campaign_url = page.url
    page.get_by_role("link", name="Participants").click()
    page.locator("#id_file").set_input_files(participants_file())
    page.get_by_role("button", name="Import participants").click()
    expect(page.get_by_role("status").first).to_contain_text("4 participants imported.")

    # The preview: the one page a team member sees, branded, nothing saved.
    page.goto(campaign_url)
    page.get_by_role("link", name="Preview the survey").click()
    expect(page.locator("#preview-banner")).to_be_visible()
    expect(page.locator("#intro")).to_have_text(
        "Tell us how we serve our customers: ten minutes, please."
    )
    expect(page.locator(".survey-header img.brand-logo")).to_be_visible()
    expect(page.locator("fieldset.rating-group")).to_have_count(52 + 6)
    expect(page.locator("fieldset.component-target")).to_have_count(6)

    # A test invitation to HR themself, from the organisation's sender name.
    page.goto(campaign_url)
    page.get_by_role("button", name="Send me a test invitation").click()
    run_worker()
    [test] = mail.outbox
    assert test.to == [hr_admin.email] and test.subject.startswith("[Test]")
    assert test.from_email.startswith("Acme People Team <")
    assert "Tell us how we serve our customers" in test.body
    assert "#7a1f5c" in test.alternatives[0][0]
    mail.outbox.clear()

    # Opening asks first, and says how many people it mails.
    page.get_by_role("link", name="Open now…").click()
    expect(page.locator("#open-summary")).to_contain_text("Invitations go to 4 people now")
    page.get_by_role("button", name="Open now and send invitations").click()
    run_worker()
    links = {message.to[0]: link_in(message) for message in mail.outbox}
    assert set(links) == {email for email, _team in PEOPLE}
    mail.outbox.clear()

    # Nora, on her phone, answers the first component, loses the connection, answers one
    # more, and her page is gone; back online, the survey has every answer.
    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(links["nora@acme.example"])
    expect(phone.locator("#intro")).to_contain_text("Tell us how we serve our customers")
    first = six_pillars.components.first()
    statements = list(first.statements.all())
    for statement in statements:
        pick(phone, f"c{first.pk}-{statement.pk}-current", "4")
    pick(phone, f"c{first.pk}-target", "5")
    expect(phone.locator("#save-status")).to_have_text("All answers saved.")
    expect(phone.locator(".answered")).to_contain_text(f"{len(statements) + 1} of 58 answered")
    phone.context.set_offline(True)
    second = six_pillars.components.all()[1]
    waiting = f"c{second.pk}-{second.statements.first().pk}-current"
    pick(phone, waiting, "2")
    expect(phone.locator("#save-status")).to_contain_text("Not saved yet")
    context = phone.context
    phone.close()
    context.set_offline(False)
    phone = context.new_page()
    phone.goto(f"{live_server.url}/survey/")
    expect(phone.locator("#save-status")).to_have_text("All answers saved.")
    expect(phone.locator(f"input[name='{waiting}'][value='2']")).to_be_checked()
    expect(phone.locator(f"input[name='c{first.pk}-target'][value='5']")).to_be_checked()
    draft = Draft.objects.get()
    assert {draft.ratings[str(s.pk)][1] for s in statements} == {5}  # the component's target
    # She finishes and submits from the page.
    rate_step(phone, 4, 5)
    phone.get_by_role("button", name="Submit my answers").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Thank you: your answers are in")

    # Two more answer; Sam (South) does not.
    for email in ("nick@acme.example", "nina@acme.example"):
        respondent = Client()
        respondent.get(links[email].removeprefix(live_server.url))
        assert respondent.post("/survey/", page_data(six_pillars, "3", "4", submit_answers=""))

    # Days later, the campaign's own reminder: once, to Sam alone.
    Invitation.objects.update(mailed_at=timezone.now() - datetime.timedelta(days=4))
    scheduled = DBTaskResult.objects.get(task_path__endswith="send_scheduled_reminder")
    DBTaskResult.objects.filter(pk=scheduled.pk).update(run_after=timezone.now())
    run_worker()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["sam@acme.example"], "Reminder: Winter pulse")
    ]
    page.goto(campaign_url)
    page.get_by_role("button", name=re.compile("^Remind everyone")).click()
    run_worker()
    assert len(mail.outbox) == 1  # within 48 hours of the last: nobody is mailed again

    # HR's home: the answers so far, rolled up along the divisions.
    page.goto(f"{live_server.url}/dashboard/")
    overview = page.locator(".campaign-overview", has_text="Winter pulse")
    expect(overview).to_contain_text("3 of 4 team members have answered (75%)")
    expect(overview.locator(".divisions")).to_contain_text("Sales: 3 / 4 · 75%")
    assert console_errors == [e for e in console_errors if "ERR_INTERNET_DISCONNECTED" in e]


def pick(page, name: str, value: str) -> None:
    """Tap the rating's label, as a person does: the radio itself is hidden behind it."""
    radio = page.locator(f"input[name='{name}'][value='{value}']")
    page.locator(f"label[for='{radio.get_attribute('id')}']").click()
