"""Every failure of a mail task ends as "failed, will retry" or "failed", with its reason
where HR reads it: each failure is made for real (a header with a line break, a refused
connection, a mail server's refusals, a silent server, a broken template) and the real task
runs; what it left is read back from the database and from the participants page."""

import contextlib
import datetime
import re
import smtplib
import socket
import socketserver
import threading
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from actions.models import Action
from actions.tasks import remind_action_owner
from campaigns.models import Campaign, Invitation, MailState
from campaigns.tasks import queue_mail, queue_reminders, send_invitation, send_test_invitation
from organisations.mail import (
    ADDRESS_REFUSED,
    CONNECTION_REFUSED,
    HEADER,
    MAX_ATTEMPTS,
    TEMPLATE,
    TIMED_OUT,
    TRY_LATER,
    UNEXPECTED,
    MailFailure,
    mail_failure,
)
from organisations.models import ColleagueInvitation, Role
from organisations.tasks import send_colleague_invitation
from tests.builders import EVERY_COMPONENT, every_statement, invite, mailed, rate_all
from tests.test_invitation_mail import run_worker
from tests.test_participation_privacy import mail_cells as mail_cells_html

# The worker closes its database connection between tasks: real transactions.
pytestmark = pytest.mark.django_db(transaction=True)


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def smtp_to(settings, port: int) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = False


class SMTPHandler(socketserver.StreamRequestHandler):
    """Speaks just enough SMTP, answering each command as the server's ``replies`` say
    (by its verb: "MAIL", "RCPT"...) and "250 OK" otherwise; no greeting at all when
    ``replies`` has none."""

    def handle(self):
        replies = self.server.replies
        if replies.get("greeting") is None:
            self.server.silent.wait(10)  # until the test ends: the client times out
            return
        self.wfile.write(replies["greeting"].encode() + b"\r\n")
        for line in self.rfile:
            verb = line.decode().split(" ", 1)[0].strip().upper()
            if verb == "QUIT":
                self.wfile.write(b"221 Bye\r\n")
                return
            self.wfile.write(replies.get(verb, "250 OK").encode() + b"\r\n")


@contextlib.contextmanager
def smtp_server(settings, **replies):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPHandler)
    server.daemon_threads = True
    server.replies = {"greeting": "220 mail.example ESMTP", **replies}
    server.silent = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    smtp_to(settings, server.server_address[1])
    try:
        yield server
    finally:
        server.silent.set()
        server.shutdown()
        server.server_close()


def override_template(settings, tmp_path, name: str, text: str) -> None:
    """Put ``text`` in place of the template ``name``, as a site's own copy would."""
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]


def mailed_once(campaign, teams, email="ann@acme.example") -> Invitation:
    """One person invited and their invitation queued, then the worker run."""
    invitation, _token = invite(campaign, teams["north"], email)
    queue_mail(campaign.invitations.all())
    run_worker()
    invitation.refresh_from_db()
    return invitation


def queued_retries():
    return list(DBTaskResult.objects.filter(status="READY").order_by("enqueued_at"))


def run_retry(task) -> str:
    """Run the queued retry now, with the arguments it was queued with."""
    (retry,) = queued_retries()
    DBTaskResult.objects.filter(pk=retry.pk).delete()  # as the worker claims it
    return task.call(*retry.args_kwargs["args"])


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def mail_cells(client, campaign) -> dict[str, str]:
    """What each person's mail cell on the participants page reads, by e-mail."""
    return {email: text_of(cell) for email, cell in mail_cells_html(client, campaign).items()}


def participants_text(client, campaign) -> str:
    return text_of(client.get(f"/campaigns/{campaign.pk}/participants/").text)


def test_a_line_break_forced_into_an_address_fails_at_once_with_its_reason(
    campaign, teams, hr_client
):
    invitation, _token = invite(campaign, teams["north"], "ann@acme.example")
    # Past every form's check, as a row written by hand would be.
    Invitation.objects.filter(pk=invitation.pk).update(
        email="ann@acme.example\nBcc: x@evil.example"
    )
    queue_mail(campaign.invitations.all())

    run_worker()

    invitation.refresh_from_db()
    assert (invitation.mail_state, invitation.mail_attempts) == (MailState.FAILED, 1)
    assert invitation.mail_error == HEADER
    assert queued_retries() == []  # it would fail again
    assert mail.outbox == []
    cells = mail_cells(hr_client, campaign)
    assert list(cells.values()) == [
        "Failed: A header of the message (its subject, sender or address) has a line break."
    ]


def test_a_refused_connection_is_retried_with_backoff_then_fails_and_the_page_says_why(
    campaign, teams, settings, hr_client
):
    smtp_to(settings, closed_port())
    before = timezone.now()

    invitation = mailed_once(campaign, teams)

    assert (invitation.mail_state, invitation.mail_attempts) == (MailState.RETRYING, 1)
    assert invitation.mail_error == CONNECTION_REFUSED
    assert mail_cells(hr_client, campaign) == {
        "ann@acme.example": "Failed, will retry: The mail server refused the connection."
    }
    [retry] = queued_retries()
    assert retry.args_kwargs == {"args": [invitation.pk, False], "kwargs": {}}
    assert retry.run_after >= before + datetime.timedelta(minutes=5)

    waits = []
    for _try in range(2, MAX_ATTEMPTS + 1):
        [retry] = queued_retries()
        waits.append(retry.run_after)
        run_retry(send_invitation)
    invitation.refresh_from_db()
    assert (invitation.mail_state, invitation.mail_attempts) == (MailState.FAILED, MAX_ATTEMPTS)
    assert invitation.mail_error == CONNECTION_REFUSED
    assert queued_retries() == []
    # 5, 10 and 20 minutes: each wait twice the one before.
    assert waits[1] - waits[0] > datetime.timedelta(minutes=4)
    assert mail_cells(hr_client, campaign) == {
        "ann@acme.example": "Failed: The mail server refused the connection."
    }
    assert "Mail: 0 sent, 0 queued, 0 to retry, 1 failed, 0 not sent yet." in participants_text(
        hr_client, campaign
    )


def test_a_servers_temporary_refusal_is_retried_and_its_refusal_for_good_is_not(
    campaign, teams, settings
):
    with smtp_server(settings, MAIL="451 4.3.0 Mailbox busy, try later"):
        busy = mailed_once(campaign, teams, "ann@acme.example")
    assert (busy.mail_state, busy.mail_error) == (MailState.RETRYING, TRY_LATER)
    assert len(queued_retries()) == 1

    with smtp_server(settings, RCPT="550 5.1.1 No such user"):
        unknown = mailed_once(campaign, teams, "nobody@acme.example")
    assert (unknown.mail_state, unknown.mail_error) == (MailState.FAILED, ADDRESS_REFUSED)
    assert unknown.mail_attempts == 1
    assert len(queued_retries()) == 1  # only the busy one's


def test_a_server_that_never_answers_is_a_timeout_tried_again(campaign, teams, settings):
    with smtp_server(settings, greeting=None):
        settings.EMAIL_TIMEOUT = 0.5
        invitation = mailed_once(campaign, teams)
    assert (invitation.mail_state, invitation.mail_error) == (MailState.RETRYING, TIMED_OUT)


@pytest.mark.parametrize(
    "broken",
    [
        "{% if %}Hello{% endif %}",  # cannot be read
        '{% include "survey/mail/nowhere.txt" %}',  # fails as it is rendered
    ],
)
def test_a_broken_invitation_template_fails_at_once_with_its_reason(
    campaign, teams, settings, tmp_path, hr_client, broken
):
    override_template(settings, tmp_path, "survey/mail/invitation.txt", broken)

    invitation = mailed_once(campaign, teams)

    assert (invitation.mail_state, invitation.mail_attempts) == (MailState.FAILED, 1)
    assert invitation.mail_error == TEMPLATE
    assert queued_retries() == []
    assert mail_cells(hr_client, campaign) == {
        "ann@acme.example": "Failed: The message's template has an error."
    }


def test_a_failed_reminder_is_counted_on_the_campaign_never_on_a_persons_row(
    campaign, teams, settings, hr_client
):
    """Reminders go only to those who have not answered: Ann's failed reminder must leave
    her row as Bob's, who has answered; the campaign counts it, with its reason."""
    invite(campaign, teams["north"], "ann@acme.example")
    bob, _token = invite(campaign, teams["north"], "bob@acme.example")
    bob.submit(every_statement(campaign.framework, 3, 4))
    mailed(campaign)
    rows_before = mail_cells(hr_client, campaign)
    smtp_to(settings, closed_port())

    assert queue_reminders(campaign) == 1
    run_worker()

    campaign.refresh_from_db()
    assert (campaign.reminders_retrying, campaign.reminders_failed) == (1, 0)
    assert campaign.reminder_error == CONNECTION_REFUSED
    [retry] = queued_retries()
    ann = Invitation.objects.get(email="ann@acme.example")
    assert retry.args_kwargs == {"args": [ann.pk, True, 1], "kwargs": {}}
    rows = mail_cells(hr_client, campaign)
    assert rows == rows_before
    assert rows["ann@acme.example"] == rows["bob@acme.example"] == "Sent"
    assert (
        "1 reminder failed, will retry. Last reason: The mail server refused the connection."
        in participants_text(hr_client, campaign)
    )

    for _try in range(2, MAX_ATTEMPTS + 1):
        run_retry(send_invitation)
    campaign.refresh_from_db()
    assert (campaign.reminders_retrying, campaign.reminders_failed) == (0, 1)
    assert queued_retries() == []
    assert mail_cells(hr_client, campaign) == rows_before
    text = participants_text(hr_client, campaign)
    assert "1 reminder failed. Last reason: The mail server refused the connection." in text
    assert "will retry." not in text
    assert Invitation.objects.get(email="ann@acme.example").reminders_sent == 0


def test_a_reminder_that_goes_on_a_later_try_leaves_no_failure_behind(
    campaign, teams, settings, hr_client
):
    invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign)
    smtp_to(settings, closed_port())
    queue_reminders(campaign)
    run_worker()
    assert Campaign.objects.values_list("reminders_retrying", flat=True).get() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # back up
    assert run_retry(send_invitation) == "sent"

    campaign.refresh_from_db()
    assert (campaign.reminders_retrying, campaign.reminders_failed) == (0, 0)
    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]
    assert (
        'id="reminder-failures"'
        not in hr_client.get(f"/campaigns/{campaign.pk}/participants/").text
    )


def test_a_reminder_with_a_broken_template_fails_at_once(campaign, teams, settings, tmp_path):
    invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign)
    override_template(settings, tmp_path, "survey/mail/invitation.html", "{% endblock %}")
    queue_reminders(campaign)
    run_worker()
    campaign.refresh_from_db()
    assert (campaign.reminders_retrying, campaign.reminders_failed) == (0, 1)
    assert campaign.reminder_error == TEMPLATE
    assert queued_retries() == []


@pytest.fixture
def action(leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    return Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.first(),
        title="Shorten the returns form",
        owner=leader,
        due_on=timezone.localdate() + datetime.timedelta(days=3),
    )


def test_an_action_reminder_refused_a_connection_is_retried_then_fails(action, settings):
    smtp_to(settings, closed_port())
    due_on = action.due_on.isoformat()
    before = timezone.now()

    assert remind_action_owner.call(action.pk, due_on) == (
        "retrying: The mail server refused the connection."
    )
    [retry] = queued_retries()
    assert retry.args_kwargs == {"args": [action.pk, due_on, 1], "kwargs": {}}
    assert retry.run_after >= before + datetime.timedelta(minutes=5)
    outcomes = [run_retry(remind_action_owner) for _try in range(2, MAX_ATTEMPTS + 1)]
    assert outcomes == [
        "retrying: The mail server refused the connection.",
        "retrying: The mail server refused the connection.",
        "failed: The mail server refused the connection.",
    ]
    assert queued_retries() == []
    action.refresh_from_db()
    assert action.reminded_for is None  # not reminded: a new date queues a new one


def test_an_action_reminder_with_a_broken_template_fails_at_once(action, settings, tmp_path):
    override_template(settings, tmp_path, "actions/mail/reminder.txt", "{% for %}")
    assert remind_action_owner.call(action.pk, action.due_on.isoformat()) == (
        "failed: The message's template has an error."
    )
    assert queued_retries() == []
    action.refresh_from_db()
    assert action.reminded_for is None


def test_an_invitation_to_join_refused_a_connection_is_retried(acme, hr_admin, settings):
    invitation = ColleagueInvitation(
        organisation=acme, email="new@acme.example", role=Role.MEMBER, invited_by=hr_admin
    )
    invitation.new_token()
    invitation.save()
    smtp_to(settings, closed_port())
    assert send_colleague_invitation.call(invitation.pk) == (
        "retrying: The mail server refused the connection."
    )
    [retry] = queued_retries()
    assert retry.args_kwargs == {"args": [invitation.pk, 1], "kwargs": {}}


def test_hrs_test_invitation_with_a_broken_template_fails_with_its_reason(
    campaign, settings, tmp_path
):
    override_template(settings, tmp_path, "survey/mail/invitation.txt", "{% if %}")
    assert send_test_invitation.call(campaign.pk, "hr@acme.example", "Hanna") == (
        "failed: The message's template has an error."
    )
    assert queued_retries() == []


@pytest.mark.parametrize(
    "error, failure",
    [
        (smtplib.SMTPRecipientsRefused({"a@x.example": (450, b"busy")}), (True, TRY_LATER)),
        (
            smtplib.SMTPRecipientsRefused({"a@x.example": (450, b"x"), "b@x.example": (550, b"")}),
            (False, ADDRESS_REFUSED),
        ),
        (smtplib.SMTPServerDisconnected("gone"), (True, "The mail server closed the connection.")),
        (
            smtplib.SMTPAuthenticationError(535, b"no"),
            (False, "The mail server refused cxlab's sign-in."),
        ),
        (smtplib.SMTPAuthenticationError(454, b"later"), (True, TRY_LATER)),
        (socket.gaierror("no such host"), (True, "The mail server could not be reached.")),
        (ValueError("Invalid address"), (False, UNEXPECTED)),
    ],
)
def test_each_kind_of_failure_is_told_apart(error, failure):
    assert mail_failure(error) == MailFailure(*failure)
