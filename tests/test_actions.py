"""Action plans: created from each kind of report, seen by the people concerned and nobody
else, printed in the PDFs, and reminded to their owner before they fall due."""

import datetime
import io

import pypdf
import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import User
from actions.models import Action, ActionStatus
from actions.tasks import remind_action_owner, schedule_reminder
from organisations.models import Membership, Organisation, Role
from tests.builders import EVERY_COMPONENT, rate_all

TODAY = timezone.localdate()


def plan(**fields):
    return {
        "title": "Call back every complaint within a day",
        "motivation": "Customers wait too long",
        "benefits": "Fewer repeat complaints",
        "obstacles": "Shifts at weekends",
        "due_on": (TODAY + datetime.timedelta(days=30)).isoformat(),
        "success_measure": "90% called back within 24 hours",
        "status": "planned",
        "kind": "quick_win",
        **fields,
    }


@pytest.fixture
def assessment(leader, six_pillars):
    return rate_all(leader, six_pillars, EVERY_COMPONENT)


def test_a_leader_plans_from_their_report_and_sees_it_everywhere(
    leader_client, leader, assessment, six_pillars
):
    url = f"/assessments/{assessment.pk}/actions/new/"
    form = leader_client.get(url + "?component=recovery").context["form"]
    recovery = six_pillars.components.get(key="recovery")
    assert form.initial["component"] == recovery
    assert list(form.fields["owner"].queryset) == [leader]  # their own plan

    response = leader_client.post(url, plan(component=recovery.pk, owner=leader.pk))

    action = Action.objects.get()
    assert response.url == f"/assessments/{assessment.pk}/report/#action-plan"
    assert (action.assessment, action.owner, action.created_by, action.component) == (
        assessment,
        leader,
        leader,
        recovery,
    )
    report = leader_client.get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert "Call back every complaint within a day" in report.split('id="action-plan"')[1]
    dashboard = leader_client.get("/dashboard/")
    assert list(dashboard.context["actions"]) == [action]
    pdf = leader_client.get(f"/assessments/{assessment.pk}/report.pdf?language=en").content
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "Call back every complaint within a day" in text
    assert "Why: Customers wait too long" in text


def test_nobody_else_plans_on_or_sees_a_leaders_actions(
    client, other_leader, leader, assessment, six_pillars
):
    action = Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.first(),
        title="Private",
        owner=leader,
        due_on=TODAY,
    )
    client.force_login(other_leader)
    assert client.get(f"/assessments/{assessment.pk}/actions/new/").status_code == 404
    assert client.get(f"/actions/{action.pk}/edit/").status_code == 404
    assert list(client.get("/dashboard/").context["actions"]) == []


def test_hr_plans_for_a_team_and_its_leader_owns_it(
    client, hr_admin, leader, answered, teams, six_pillars
):
    Membership.objects.create(organisation=answered.organisation, user=leader, role=Role.LEADER)
    outsider = User.objects.create_user("out@globex.example", "a-long-passphrase")
    url = f"/campaigns/{answered.pk}/teams/{teams['sales'].pk}/actions/new/"
    client.force_login(hr_admin)
    empathy = six_pillars.components.get(key="empathy").pk
    refused = client.post(url, plan(component=empathy, owner=outsider.pk))
    assert "Select a valid choice" in refused.content.decode()  # not of this organisation

    client.post(url, plan(component=empathy, owner=leader.pk))

    action = Action.objects.get()
    assert (action.campaign, action.team, action.owner) == (answered, teams["sales"], leader)
    client.force_login(leader)
    assert list(client.get("/dashboard/").context["actions"]) == [action]
    page = client.get(f"/campaigns/{answered.pk}/teams/{teams['sales'].pk}/")
    assert page.context["actions"] == [action]
    # A leader of a team does not plan for the whole organisation.
    organisation_url = f"/campaigns/{answered.pk}/organisation/actions/new/"
    assert client.get(organisation_url).status_code == 404


def test_another_organisations_hr_sees_none_of_it(client, hr_admin, answered, teams, six_pillars):
    action = Action.objects.create(
        campaign=answered,
        component=six_pillars.components.first(),
        title="Organisation-wide",
        owner=hr_admin,
        due_on=TODAY,
    )
    globex = Organisation.objects.create(name="Globex", slug="globex")
    other_hr = User.objects.create_user("hr@globex.example", "a-long-passphrase")
    Membership.objects.create(organisation=globex, user=other_hr, role=Role.ADMIN)
    client.force_login(other_hr)
    assert client.get(f"/actions/{action.pk}/edit/").status_code == 404
    assert client.get(f"/campaigns/{answered.pk}/organisation/actions/new/").status_code == 404
    client.force_login(hr_admin)
    assert client.get(f"/campaigns/{answered.pk}/organisation/").context["actions"] == [action]


def test_the_owner_is_reminded_a_week_before_the_due_date(leader, assessment, six_pillars):
    action = Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.first(),
        title="Shorten the returns form",
        owner=leader,
        due_on=TODAY + datetime.timedelta(days=30),
    )
    assert schedule_reminder(action)
    task = DBTaskResult.objects.get()
    assert task.args_kwargs == {"args": [action.pk, action.due_on.isoformat()], "kwargs": {}}
    assert timezone.localtime(task.run_after) == timezone.make_aware(
        datetime.datetime.combine(TODAY + datetime.timedelta(days=23), datetime.time(8))
    )

    assert remind_action_owner.call(action.pk, action.due_on.isoformat()) == "sent"
    (message,) = mail.outbox
    assert message.to == [leader.email]
    assert message.subject.endswith(": Shorten the returns form")
    assert f"/assessments/{assessment.pk}/report/#action-plan" in message.body
    # Once per due date; a moved date or a finished action is not reminded.
    assert remind_action_owner.call(action.pk, action.due_on.isoformat()) == "skipped"
    assert remind_action_owner.call(action.pk, TODAY.isoformat()) == "skipped"
    action.status = ActionStatus.DONE
    action.due_on = TODAY + datetime.timedelta(days=40)
    action.save()
    assert not schedule_reminder(action)
    assert remind_action_owner.call(action.pk, action.due_on.isoformat()) == "skipped"
    assert len(mail.outbox) == 1


def test_an_action_due_within_a_week_is_reminded_at_once(leader, assessment, six_pillars):
    action = Action.objects.create(
        assessment=assessment,
        component=six_pillars.components.first(),
        title="Soon",
        owner=leader,
        due_on=TODAY + datetime.timedelta(days=2),
    )
    before = timezone.now()
    schedule_reminder(action)
    assert DBTaskResult.objects.get().run_after >= before


def test_an_action_needs_what_and_when(leader_client, assessment, leader, six_pillars):
    response = leader_client.post(
        f"/assessments/{assessment.pk}/actions/new/",
        plan(title="", due_on="", component=six_pillars.components.first().pk, owner=leader.pk),
    )
    assert response.context["form"].errors.keys() == {"title", "due_on"}
    assert not Action.objects.exists()


def test_a_line_break_in_an_actions_title_does_not_stop_its_reminder(leader, assessment):
    action = Action.objects.create(
        assessment=assessment,
        component=assessment.framework.components.first(),
        title="Shorten the\r\nreturns form",
        owner=leader,
        due_on=TODAY + datetime.timedelta(days=3),
    )
    assert remind_action_owner.call(action.pk, action.due_on.isoformat()) == "sent"
    (message,) = mail.outbox
    assert message.subject.endswith(": Shorten the returns form")
