"""The action plan as a roadmap: each action in its phase by due date, quick wins apart from
structural changes; and the organisation report's view of every team's plan."""

import datetime

import pytest
from django.utils import timezone

from actions.models import Action
from actions.roadmap import every_plan, phase_index, roadmap
from organisations.models import Membership, Role

TODAY = timezone.localdate()


def day(offset: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=offset)


@pytest.mark.parametrize(
    ("offset", "phase"),
    [(-40, 0), (0, 0), (30, 0), (31, 1), (60, 1), (61, 2), (90, 2), (91, 3), (400, 3)],
)
def test_an_action_falls_in_its_phase_by_its_due_date(offset, phase):
    assert phase_index(day(offset), TODAY) == phase


def test_a_roadmap_puts_quick_wins_apart_from_structural_changes():
    actions = [
        Action(pk=1, title="Rota", kind="structural", due_on=day(40), status="planned"),
        Action(pk=2, title="Huddle", kind="quick_win", due_on=day(5), status="planned"),
        Action(pk=3, title="Script", kind="quick_win", due_on=day(45), status="done"),
    ]
    phases = roadmap(actions, TODAY)
    assert [str(phase.label) for phase in phases] == [
        "Next 30 days",
        "Days 31 to 60",
        "Days 61 to 90",
        "Later",
    ]
    assert [[a.title for a in p.quick_wins] for p in phases] == [["Huddle"], ["Script"], [], []]
    assert [[a.title for a in p.structural] for p in phases] == [[], ["Rota"], [], []]
    assert roadmap([], TODAY) == []


def plan(client, url, component, owner, title, offset, kind, status="planned"):
    response = client.post(
        url,
        {
            "title": title,
            "component": component.pk,
            "owner": owner.pk,
            "due_on": day(offset).isoformat(),
            "kind": kind,
            "status": status,
        },
    )
    assert response.status_code == 302, response.context["form"].errors


def test_hr_sees_every_teams_plan_and_its_progress_on_the_organisation_report(
    client, hr_admin, leader, answered, teams, six_pillars
):
    Membership.objects.create(organisation=answered.organisation, user=leader, role=Role.LEADER)
    empathy = six_pillars.components.get(key="empathy")
    recovery = six_pillars.components.get(key="recovery")
    client.force_login(hr_admin)
    team_url = f"/campaigns/{answered.pk}/teams/{teams['north'].pk}/actions/new/"
    plan(client, team_url, empathy, leader, "Weekly huddle", 10, "quick_win")
    plan(client, team_url, recovery, leader, "New escalation path", 75, "structural")
    plan(client, team_url, recovery, leader, "Apology script", 20, "quick_win", status="done")
    organisation_url = f"/campaigns/{answered.pk}/organisation/actions/new/"
    plan(client, organisation_url, empathy, hr_admin, "Listening tour", 120, "structural")

    team_page = client.get(f"/campaigns/{answered.pk}/teams/{teams['north'].pk}/")
    phases = team_page.context["roadmap"]
    assert [[a.title for a in p.quick_wins] for p in phases] == [
        ["Weekly huddle", "Apology script"],
        [],
        [],
        [],
    ]
    assert [[a.title for a in p.structural] for p in phases] == [
        [],
        [],
        ["New escalation path"],
        [],
    ]
    html = team_page.content.decode()
    assert html.index("Next 30 days") < html.index("Weekly huddle") < html.index("Days 61 to 90")

    page = client.get(f"/campaigns/{answered.pk}/organisation/")
    plans = page.context["plans"]
    assert [plan.name.strip() for plan in plans] == ["The organisation", "North"]
    assert [a.title for a in plans[0].actions] == ["Listening tour"]
    north = plans[1].progress
    assert (north.total, north.done, north.planned, north.percent_done) == (3, 1, 2, 33)
    html = page.content.decode()
    assert "1 of 3 actions done" in html
    assert "Lea" in html  # the owner by name, not by address
    assert "leader@example.com" not in html


def test_the_plans_of_teams_outside_the_list_are_left_out():
    actions = [Action(pk=1, team_id=7, due_on=TODAY, status="planned", title="Kept")]
    actions.append(Action(pk=2, team_id=8, due_on=TODAY, status="planned", title="Elsewhere"))
    plans = every_plan(actions, {7: "Seven"}, "The organisation", TODAY)
    assert [(plan.name, [a.title for a in plan.actions]) for plan in plans] == [("Seven", ["Kept"])]
