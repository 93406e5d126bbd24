"""Small builders for assessment data, so tests say what matters and nothing else."""

import datetime

from django.utils import timezone

from assessments.models import SelfAssessment
from campaigns.models import Invitation, MailState, release_sealed
from frameworks.models import Framework, Statement


def rate_all(
    leader,
    framework: Framework,
    ratings: dict[str, tuple[int | None, int | None]],
    *,
    submit: bool = True,
) -> SelfAssessment:
    """An assessment where every statement of a component gets that component's rating.

    ``ratings`` maps component key to (current, target); components left out are not rated.
    """
    assessment = SelfAssessment.objects.create(leader=leader, framework=framework)
    for component in framework.components.prefetch_related("statements"):
        if component.key in ratings:
            rating = ratings[component.key]
            assessment.save_step(
                component, {s.pk: rating for s in component.statements.all()}, note=""
            )
    if submit:
        assessment.submit()
    return assessment


# When the personas confirmed their addresses (a new account's have none yet).
CONFIRMED = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))

EVERY_COMPONENT = {
    "personalisation": (2, 4),
    "integrity": (4, 4),
    "expectations": (3, 5),
    "time_and_effort": (3, 4),
    "recovery": (2, 5),
    "empathy": (5, 5),
}


def invite(campaign, team, email, **fields):
    invitation = Invitation(campaign=campaign, team=team, email=email, **fields)
    token = invitation.new_token()
    invitation.save()
    return invitation, token


def mailed(campaign, days_ago=3):
    """Mark the campaign's invitations sent ``days_ago``: reminders wait 48 hours after one."""
    campaign.invitations.update(
        mail_state=MailState.SENT,
        mailed_at=timezone.now() - datetime.timedelta(days=days_ago),
        reminded_at=None,
    )


def every_statement(framework, current, target):
    pks = Statement.objects.filter(component__framework=framework).values_list("pk", flat=True)
    return {pk: (current, target) for pk in pks}


def respond(campaign, team, count, current, target, role="team", start=0):
    """``count`` people of ``team`` answer every statement ``current`` now, ``target`` target."""
    for number in range(start, start + count):
        invitation, _ = invite(
            campaign, team, f"{team.name}{role}{number}@acme.example", rater_role=role
        )
        invitation.submit(every_statement(campaign.framework, current, target))
    release_sealed(campaign, everything=True)  # as when it closes


def export(client, campaign, file_format="csv"):
    """Ask for an export as the logged-in user, build it as the worker would, download it."""
    from reports.models import ResultsExport
    from reports.tasks import build_results_export

    client.post(f"/campaigns/{campaign.pk}/exports/", {"format": file_format})
    built = ResultsExport.objects.filter(campaign=campaign).latest("pk")
    build_results_export.call(built.pk)
    return client.get(f"/campaigns/{campaign.pk}/exports/{built.pk}/download/")
