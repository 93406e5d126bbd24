"""Invitation and reminder mail, sent by the background worker, retried when it fails."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.models import Invitation, MailState
from campaigns.tasks import queue_mail, queue_reminders, send_invitation
from organisations.mail import MAX_ATTEMPTS
from organisations.models import Logo
from tests.builders import every_statement, invite, mailed
from tests.test_consultants import image

# The worker closes its database connection between tasks, as a long-running process
# should: tests that run it use real transactions rather than one rolled back at the end.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def link_in(message) -> str:
    return next(line for line in message.body.splitlines() if "/s/" in line)


def test_the_worker_mails_each_person_their_link_in_the_campaigns_language(
    campaign, teams, settings, client
):
    settings.SITE_URL = "https://cxlab.example"
    invitation, token = invite(campaign, teams["north"], "ann@acme.example", name="Ann")

    assert queue_mail(campaign.invitations.all()) == 1
    assert mail.outbox == []  # nothing leaves before the worker runs
    run_worker()

    [message] = mail.outbox
    assert message.to == ["ann@acme.example"]
    assert message.subject == "Il tuo invito: Spring pulse"
    assert message.body.startswith("Ciao Ann,")
    assert link_in(message) == f"https://cxlab.example/s/{token}/"
    assert client.get(f"/s/{token}/").status_code == 302
    invitation.refresh_from_db()
    assert invitation.mail_state == MailState.SENT
    assert (invitation.mail_attempts, invitation.reminders_sent) == (1, 0)
    assert invitation.mailed_at is not None


def test_reminders_go_only_to_those_who_have_not_answered_and_carry_the_same_link(campaign, teams):
    _, pending_token = invite(campaign, teams["north"], "ann@acme.example")
    answered, _ = invite(campaign, teams["north"], "bob@acme.example")
    answered.submit(every_statement(campaign.framework, 3, 4))
    mailed(campaign)

    queue_reminders(campaign)
    run_worker()

    [message] = mail.outbox
    assert message.to == ["ann@acme.example"]
    assert message.subject == "Promemoria: Spring pulse"
    assert pending_token in link_in(message)  # a half-finished draft is still there
    assert Invitation.objects.get(email="ann@acme.example").reminders_sent == 1


def test_a_reminder_queued_before_someone_answers_is_not_sent_after(campaign, teams):
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign)
    assert queue_reminders(campaign) == 1
    invitation.submit(every_statement(campaign.framework, 3, 4))
    run_worker()
    assert mail.outbox == []


def test_a_failed_message_is_retried_later_then_marked_failed(campaign, teams, settings):
    # A real SMTP connection to a port where nothing listens.
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 5
    invitation, _ = invite(campaign, teams["north"], "ann@acme.example")
    queue_mail(campaign.invitations.all())
    before = timezone.now()

    run_worker()

    invitation.refresh_from_db()
    assert invitation.mail_state == MailState.RETRYING
    assert invitation.mail_attempts == 1
    assert "refused" in invitation.mail_error.lower()
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": [invitation.pk, False], "kwargs": {}}
    assert retry.run_after >= before + datetime.timedelta(minutes=5)

    for _attempt in range(2, MAX_ATTEMPTS + 1):
        send_invitation.call(invitation.pk, False)
    invitation.refresh_from_db()
    assert (invitation.mail_state, invitation.mail_attempts) == (MailState.FAILED, MAX_ATTEMPTS)
    assert mail.outbox == []


def test_a_leader_is_told_their_own_ratings_are_shown_as_theirs(campaign, teams):
    """Only team members' answers are anonymous: a leader's invitation must not say theirs are."""
    invite(campaign, teams["sales"], "lea@acme.example", rater_role="self")
    invite(campaign, teams["north"], "ann@acme.example")
    queue_mail(campaign.invitations.all())
    run_worker()
    body = {message.to[0]: " ".join(message.body.split()) for message in mail.outbox}
    assert "le tue valutazioni compaiono accanto a quelle del team" in body["lea@acme.example"]
    assert "senza il tuo nome" not in body["lea@acme.example"]
    assert "senza il tuo nome" in body["ann@acme.example"]


def test_the_mail_speaks_for_the_organisation_in_its_own_words(campaign, teams, acme, client):
    acme.mail_sender = "Acme HR"
    acme.save()
    campaign.language = "en"
    campaign.intro_en = "We want to hear from every team before the spring plan."
    campaign.intro_it = "Vogliamo sentire ogni team prima del piano di primavera."
    campaign.invitation_text = "Tell us how your team serves its customers today."
    campaign.save()
    _invitation, token = invite(campaign, teams["north"], "ann@acme.example", name="Ann")
    queue_mail(campaign.invitations.all())
    run_worker()
    [message] = mail.outbox
    assert message.from_email.startswith("Acme HR <")
    text = message.body
    assert text.index("every team before the spring plan") < text.index("Tell us how your team")
    assert "invites you to" not in text  # HR's words in place of the usual ones
    assert f"/s/{token}/" in text and "closes on" in text  # added for them
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    assert html.count(f"/s/{token}/") == 3  # the button, and the link written out
    assert "Tell us how your team serves its customers today." in html
    # The survey opens with the same message.
    step = client.get(client.get(f"/s/{token}/", follow=True).redirect_chain[-1][0]).text
    assert "every team before the spring plan" in step.split('id="intro"')[1][:200]
    assert "Vogliamo" not in text + html + step


@pytest.mark.parametrize(
    "language, english, italian, read",
    [
        ("it", "Hello all", "Ciao a tutti", "Ciao a tutti"),
        ("en", "Hello all", "Ciao a tutti", "Hello all"),
        ("it", "Hello all", "", "Hello all"),  # only one written: that one
        ("en", "", "", ""),
    ],
)
def test_the_opening_message_is_read_in_the_campaigns_language(
    campaign, language, english, italian, read
):
    campaign.language, campaign.intro_en, campaign.intro_it = language, english, italian
    assert campaign.intro == read


def test_the_mail_carries_the_organisations_logo_inside_it(campaign, teams, acme):
    Logo.objects.create(organisation=acme, image=image("PNG"), content_type="image/png")
    invite(campaign, teams["north"], "ann@acme.example")
    queue_mail(campaign.invitations.all())
    run_worker()
    [message] = mail.outbox
    raw = message.message()
    assert raw.get_content_type() == "multipart/related"
    [picture] = [part for part in raw.walk() if part.get_content_type() == "image/png"]
    assert picture["Content-ID"] == "<organisation-logo>"
    assert picture.get_payload(decode=True) == image("PNG")
    assert 'src="cid:organisation-logo"' in message.alternatives[0][0]


def test_a_line_break_typed_into_a_name_does_not_stop_the_mail(campaign, teams, acme):
    campaign.name = "Spring\npulse"
    campaign.save()
    acme.mail_sender = "Acme\r\nPeople Team"
    acme.save()
    invitation, _token = invite(campaign, teams["north"], "ann@acme.example")
    queue_mail(campaign.invitations.all())
    run_worker()

    [message] = mail.outbox
    assert message.subject == "Il tuo invito: Spring pulse"
    assert message.from_email.startswith("Acme People Team <")
    invitation.refresh_from_db()
    assert invitation.mail_state == MailState.SENT
