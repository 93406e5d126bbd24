"""Reminders that respect people: at most one per person in 48 hours however often HR asks,
none within 48 hours of the invitation, and each campaign's own some days before it closes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from campaigns.models import Invitation
from campaigns.tasks import REMIND_AT, queue_reminders, send_scheduled_reminder
from tests.builders import every_statement, invite, mailed
from tests.test_invitation_mail import run_worker

pytestmark = pytest.mark.django_db(transaction=True)  # the mail worker runs


def reminded(hr_client, campaign, **data) -> list[str]:
    mail.outbox.clear()
    hr_client.post(f"/campaigns/{campaign.pk}/remind/", data)
    run_worker()
    return sorted(message.to[0] for message in mail.outbox)


def test_however_often_hr_clicks_a_person_gets_one_reminder_in_48_hours(hr_client, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign)
    assert reminded(hr_client, campaign) == ["ann@acme.example"]
    assert reminded(hr_client, campaign) == []
    assert reminded(hr_client, campaign, team=teams["north"].pk) == []
    page = hr_client.get(f"/campaigns/{campaign.pk}/").text
    assert "Nobody to remind" in page
    # Two days later, one more.
    Invitation.objects.update(reminded_at=timezone.now() - datetime.timedelta(hours=49))
    assert reminded(hr_client, campaign) == ["ann@acme.example"]


def test_nobody_is_reminded_within_48_hours_of_their_invitation(hr_client, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign, days_ago=1)
    assert reminded(hr_client, campaign) == []


def test_each_team_shows_when_it_was_last_reminded(hr_client, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    answered, _ = invite(campaign, teams["south"], "sam@acme.example")
    answered.submit(every_statement(campaign.framework, 3, 4))
    mailed(campaign)
    reminded(hr_client, campaign)
    page = hr_client.get(f"/campaigns/{campaign.pk}/")
    rows = {team.name: team.reminded_at for team in page.context["teams"]}
    # North had someone to remind; South, whose one person answered, had nobody.
    assert rows["North"] is not None and rows["South"] is None
    assert page.text.count('class="small text-body-secondary d-block last-reminded"') == 1


def test_a_campaign_sends_its_own_reminder_once_days_before_it_closes(hr_client, draft, teams):
    today = timezone.localdate()
    draft.opens_on, draft.closes_on = today, today + datetime.timedelta(days=4)
    draft.save()
    tomorrow = today + datetime.timedelta(days=1)
    invite(draft, teams["north"], "ann@acme.example")
    hr_client.post(f"/campaigns/{draft.pk}/open/")
    scheduled = DBTaskResult.objects.get(task_path__endswith="send_scheduled_reminder")
    # Three days before closing, at nine.
    assert scheduled.run_after == timezone.make_aware(
        datetime.datetime.combine(tomorrow, REMIND_AT)
    )
    draft.refresh_from_db()
    assert draft.reminded_for is None
    page = hr_client.get(f"/campaigns/{draft.pk}/").text
    assert "a reminder goes to everyone who has not answered" in page

    mailed(draft)
    mail.outbox.clear()
    assert send_scheduled_reminder.call(draft.pk, tomorrow.isoformat()) == 1
    run_worker()
    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]
    # Once for its day, however often the task runs.
    assert send_scheduled_reminder.call(draft.pk, tomorrow.isoformat()) == "skipped"
    assert "a reminder goes to everyone" not in hr_client.get(f"/campaigns/{draft.pk}/").text


def test_moving_the_closing_date_moves_the_campaigns_reminder(hr_client, campaign, teams):
    invite(campaign, teams["north"], "ann@acme.example")
    mailed(campaign)
    old_day = campaign.closes_on - datetime.timedelta(days=3)
    campaign.closes_on += datetime.timedelta(days=7)
    campaign.save()
    # The reminder queued for the old day finds it is no longer the campaign's.
    assert send_scheduled_reminder.call(campaign.pk, old_day.isoformat()) == "skipped"
    assert queue_reminders(campaign) == 1  # while HR can still remind by hand
