"""What cxlab keeps about one person with an account, for that person: the download of their
own data, and what deleting their account removes.

It reads every app (accounts, organisations, assessments, actions, and the report arithmetic
for their scores), so it sits here at the top of the imports, as the dashboard does.

Nothing from a team survey is in it, or could be: a survey response holds a campaign, a team
and a rater role, never a person, an invitation or an account (see ``campaigns.models``). An
invitation names an address, not an account, and is the organisation's record: a participant
asks its HR, who can erase it (``campaigns.erasure``).
"""

from django.db import transaction
from django.db.models import Exists, OuterRef

from actions.models import Action
from assessments.models import SelfAssessment
from organisations import audit
from organisations.models import SETTING_UP, ColleagueInvitation, Membership, Organisation, Role
from reports.numbers import exported
from reports.read import assessment_report


def moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def personal_data(user) -> dict:
    """The person's account, memberships, self-assessments (ratings, scores, notes and
    reflections) and the actions they own, as plain JSON values."""
    return {
        "account": {
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "joined": moment(user.date_joined),
            "last_login": moment(user.last_login),
            "address_confirmed": moment(user.email_verified_at),
        },
        "memberships": memberships(user),
        "self_assessments": [
            assessment_data(assessment)
            for assessment in SelfAssessment.objects.filter(leader=user)
            .select_related("framework")
            .prefetch_related("ratings", "notes", "reflection_answers__question")
            .order_by("started_at", "pk")
        ],
        "actions": [
            action_data(action)
            for action in Action.objects.filter(owner=user)
            .select_related("component", "assessment__framework", "campaign__organisation", "team")
            .order_by("created_at", "pk")
        ],
    }


def memberships(user) -> list[dict]:
    found = []
    for membership in user.memberships.select_related("organisation").order_by(
        "organisation__name", "pk"
    ):
        organisation = membership.organisation
        names = dict(organisation.teams.values_list("pk", "name"))
        led = organisation.teams.filter(leaders=user)
        found.append(
            {
                "organisation": organisation.name,
                "role": membership.role,
                "leads": [team.label(names) for team in led],
            }
        )
    return found


def assessment_data(assessment: SelfAssessment) -> dict:
    """One self-assessment: per component its scores as the report writes them, the
    person's ratings (None: not applicable), answers not yet saved as a rating, their note
    and their answers to the reflection questions."""
    ratings = {r.statement_id: (r.current, r.target) for r in assessment.ratings.all()}
    pending = {}
    for key, value in assessment.pending.items():
        statement, state = key.split("-")
        pending.setdefault(int(statement), {})[state] = int(value) if value.isdigit() else None
    notes = {note.component_id: note.text for note in assessment.notes.all()}
    reflections = {}
    for answer in assessment.reflection_answers.all():
        reflections.setdefault(answer.question.component_id, []).append(
            {"question": answer.question.text, "answer": answer.text}
        )
    components = []
    for row in assessment_report(assessment).rows:
        component = row.component
        statements = []
        for statement in component.statements.all():
            if statement.pk in ratings:
                current, target = ratings[statement.pk]
                given = {"current": current, "target": target}
            elif statement.pk in pending:
                given = {"unsaved": pending[statement.pk]}
            else:
                continue
            statements.append({"key": statement.key, "text": statement.text, **given})
        components.append(
            {
                "key": component.key,
                "name": component.name,
                "current": exported(row.score.current),
                "target": exported(row.score.target),
                "gap": exported(row.score.gap),
                "statements": statements,
                "note": notes.get(component.pk, ""),
                "reflections": reflections.get(component.pk, []),
            }
        )
    framework = assessment.framework
    return {
        "framework": framework.slug,
        "framework_version": framework.version,
        "framework_name": framework.name,
        "started_at": moment(assessment.started_at),
        "submitted_at": moment(assessment.submitted_at),
        "target_each_statement": assessment.target_each_statement,
        "components": components,
    }


def action_data(action: Action) -> dict:
    if action.assessment_id:
        plan = {"self_assessment_started_at": moment(action.assessment.started_at)}
    else:
        plan = {
            "organisation": action.campaign.organisation.name,
            "campaign": action.campaign.name,
            "team": action.team.name if action.team_id else None,
        }
    return {
        "title": action.title,
        "component": action.component.key,
        "motivation": action.motivation,
        "benefits": action.benefits,
        "obstacles": action.obstacles,
        "success_measure": action.success_measure,
        "due_on": moment(action.due_on),
        "status": action.status,
        "kind": action.kind,
        "created_at": moment(action.created_at),
        "plan": plan,
    }


def organisations_left_without_admin(user) -> list[Organisation]:
    """The organisations that would have nobody left to run them if the user went: those
    where they are the only admin, and those with no admin at all where they are the only
    consultant. Someone must stay who can see to its people's data."""
    others = Membership.objects.filter(organisation=OuterRef("pk")).exclude(user=user)
    own_role = Membership.objects.filter(organisation=OuterRef("pk"), user=user)
    return list(
        Organisation.objects.filter(memberships__user=user, memberships__role__in=SETTING_UP)
        .annotate(
            is_admin=Exists(own_role.filter(role=Role.ADMIN)),
            other_admin=Exists(others.filter(role=Role.ADMIN)),
            other_setting_up=Exists(others.filter(role__in=SETTING_UP)),
        )
        .filter(other_admin=False)
        .exclude(is_admin=False, other_setting_up=True)
        .order_by("name")
    )


def plan_actions(user):
    """The actions the user owns in organisations' plans (not their own assessments'): they
    go with the account, unless someone gives them to another owner first."""
    return Action.objects.filter(owner=user, assessment__isnull=True).select_related(
        "campaign__organisation"
    )


@transaction.atomic
def delete_account(user) -> None:
    """Delete the account and what is the person's alone: their self-assessments (ratings,
    notes, reflections, their own actions), the actions they own in organisations' plans,
    their memberships and team leaderships, their exports, the invitations to join addressed
    to them. What they did for an organisation stays, naming nobody: a publication, a change
    to participants, an invitation sent, an action they planned for someone else."""
    if organisations_left_without_admin(user):
        raise ValueError("The last admin of an organisation cannot delete their account.")
    Action.objects.filter(owner=user).delete()
    ColleagueInvitation.objects.filter(email__iexact=user.email).delete()
    # Leaderships and memberships first, while the account is there to name in the audit
    # trail's entries for them (as anyone's removal is recorded); deleting it then clears
    # their actor, as it does every entry's the person made.
    for team in user.led_teams.all():
        team.leaders.remove(user)
    user.memberships.all().delete()
    audit.forget_actor(user)
    user.delete()


def deletion_summary(user) -> dict:
    """What the deletion page lists."""
    return {
        "assessments": SelfAssessment.objects.filter(leader=user).count(),
        "plan_actions": list(plan_actions(user).order_by("due_on", "pk")),
        "memberships": list(
            user.memberships.select_related("organisation").order_by("organisation__name")
        ),
    }
