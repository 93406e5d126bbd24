"""Who may see what. Every page lists and fetches through these functions; nothing else
decides it, so this module is the whole answer.

Rights come from three facts this app keeps: a membership of an organisation, the role it
gives (its HR and its consultants set the organisation up: ``SETTING_UP``), and leading a
team, which covers every team below it.

| what                              | who may see it                                          |
|-----------------------------------|---------------------------------------------------------|
| an organisation, its logo         | its members                                             |
| its set-up, campaigns' set-up,    | its HR and its consultants                              |
| organisation reports and PDFs     |                                                         |
| a team, and its report            | HR and consultants of its organisation; the leaders of  |
|                                   | the team or of a team above it                          |
| a campaign                        | HR and consultants of its organisation; the leaders of  |
|                                   | a team in it                                            |
| a self-assessment and its report  | the leader who took it, nobody else                     |
| an action                         | the leader whose assessment it is from, its owner,      |
|                                   | whoever sees its team, and the campaign's HR            |
| a results export                  | the person who asked for it, while they see the campaign|

The things other apps keep (campaigns, assessments, actions, built files) are filtered
through the QuerySet the page hands in, by the paths of their fields: this module imports no
app above this one, and every rule stays a chainable, lazy QuerySet that runs no query until
the page reads it. A survey respondent has no account: their invitation link is their key
(``campaigns.survey``).
"""

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith
from django.shortcuts import get_object_or_404

from organisations.models import SETTING_UP, Organisation, Team


def organisations(user) -> QuerySet:
    """The organisations the user belongs to, in any role."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).distinct()


def administered(user) -> QuerySet:
    """The organisations the user sets up: as its HR, or as a consultant working for it."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user, memberships__role__in=SETTING_UP)


def teams(user) -> QuerySet:
    """Every team of an organisation the user sets up; the teams they lead and every team
    below those."""
    if not user.is_authenticated:
        return Team.objects.none()
    # A team is below a led one, or is one, when the led team's path starts its own.
    led_above = Team.objects.filter(StartsWith(OuterRef("path"), F("path")), leaders=user)
    return Team.objects.filter(Q(organisation__in=administered(user)) | Exists(led_above))


def campaigns(user, campaigns: QuerySet) -> QuerySet:
    """Campaigns of organisations the user sets up, and those covering a team they may see."""
    if not user.is_authenticated:
        return campaigns.none()
    return campaigns.filter(campaign_seen(user))


def campaign_seen(user, path: str = "") -> Q:
    """The condition on a campaign (reached through ``path``) that ``campaigns`` applies:
    two subqueries, so that a campaign of hundreds of teams is one row, not one a team."""
    return Q(**{f"{path}organisation__in": administered(user)}) | Q(
        **{f"{path}pk__in": teams(user).values("campaigns")}
    )


def administered_campaigns(user, campaigns: QuerySet) -> QuerySet:
    """Campaigns the user sets up: their settings, people, organisation report and PDFs."""
    return campaigns.filter(organisation__in=administered(user))


def assessments(user, assessments: QuerySet) -> QuerySet:
    """A leader's own self-assessments, and nobody else's."""
    if not user.is_authenticated:
        return assessments.none()
    return assessments.filter(leader=user)


def actions(user, actions: QuerySet) -> QuerySet:
    """A leader's own actions, the actions they own, those of the teams they may see, and
    every action of the campaigns they set up."""
    if not user.is_authenticated:
        return actions.none()
    return actions.filter(
        Q(assessment__leader=user)
        | Q(owner=user)
        | Q(team__in=teams(user))
        | Q(campaign__organisation__in=administered(user))
    ).distinct()


def organisation_pdfs(user, pdfs: QuerySet) -> QuerySet:
    """Organisation PDFs are for the people who set the campaign up."""
    return pdfs.filter(campaign__organisation__in=administered(user))


def results_exports(user, exports: QuerySet) -> QuerySet:
    """A user's own exports, of campaigns they still see: each holds the teams its
    requester could see when it was built."""
    if not user.is_authenticated:
        return exports.none()
    return exports.filter(campaign_seen(user, "campaign__"), requested_by=user)


def logos(user, logos: QuerySet) -> QuerySet:
    """An organisation's logo, for its own people only."""
    return logos.filter(organisation__in=organisations(user))


def get_administered(user, pk) -> Organisation:
    """An organisation the user sets up, or a 404."""
    return get_object_or_404(administered(user), pk=pk)
