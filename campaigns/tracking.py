"""Participation at a glance: each open campaign's answers so far, added up along its teams,
what comes next and what needs HR's attention. Counts of people only, never who answered."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from campaigns.models import (
    CampaignState,
    CampaignTeam,
    DailyAnswers,
    Invitation,
    MailState,
    RaterRole,
)
from campaigns.tasks import reminder_day

BAR_HEIGHT = 40  # of the chart of answers over time


def percent_of(part: int, whole: int) -> int | None:
    """A whole percentage, halves up, as every figure of cxlab is rounded; None of nobody."""
    return (200 * part + whole) // (2 * whole) if whole else None


@dataclass
class Participation:
    invited: int = 0
    responded: int = 0
    mail_failed: int = 0

    def __iadd__(self, other: "Participation") -> "Participation":
        self.invited += other.invited
        self.responded += other.responded
        self.mail_failed += other.mail_failed
        return self

    @property
    def rate(self) -> int | None:
        return percent_of(self.responded, self.invited)


@dataclass
class Overview:
    campaign: object
    total: Participation
    # The top teams of its tree, each with everyone below it: (name, participation).
    divisions: list[tuple[str, Participation]] = field(default_factory=list)
    # Teams with people invited and fewer answers than the minimum: no result of their own.
    below_minimum: int = 0
    # Team members' answers on each day since it opened: (day, how many).
    days: list[tuple] = field(default_factory=list)

    @property
    def busiest(self) -> int:
        return max((n for _day, n in self.days), default=0)

    @property
    def bars(self) -> list[tuple[int, int, int, object, int]]:
        """For the chart of answers over time, 10 units a day and 40 high: each day's (x,
        top, height, day, answers)."""
        busiest = self.busiest or 1
        found = []
        for n, (day, answered) in enumerate(self.days):
            height = round(BAR_HEIGHT * answered / busiest)
            found.append((10 * n, BAR_HEIGHT - height, height, day, answered))
        return found

    @property
    def reminder_day(self):
        day = reminder_day(self.campaign)
        return None if day is None or self.campaign.reminded_for == day else day


@dataclass
class Client:
    """An organisation's open campaigns, and their team members' answers added up: what a
    consultant working for several reads first."""

    organisation: object
    overviews: list[Overview]
    total: Participation


def by_client(found: list[Overview]) -> list[Client]:
    """The overviews under each organisation, in the order first met."""
    clients: dict[int, Client] = {}
    for overview in found:
        organisation = overview.campaign.organisation
        client = clients.setdefault(organisation.pk, Client(organisation, [], Participation()))
        client.overviews.append(overview)
        client.total += overview.total
    return list(clients.values())


def overviews(campaigns: Iterable) -> list[Overview]:
    """The overview of each campaign (open ones, as the dashboard shows): three queries,
    whatever the number of campaigns, teams and people."""
    campaigns = [c for c in campaigns if c.state == CampaignState.OPEN]
    if not campaigns:
        return []
    counts: dict[tuple[int, int], Participation] = {}
    for campaign, team, invited, responded, failed in (
        Invitation.objects.filter(campaign__in=campaigns, rater_role=RaterRole.TEAM)
        .values_list("campaign", "team")
        .annotate(
            invited=Count("pk"),
            responded=Count("pk", filter=Q(responded=True)),
            failed=Count("pk", filter=Q(mail_state=MailState.FAILED)),
        )
        .order_by()
    ):
        counts[campaign, team] = Participation(invited, responded, failed)
    trees: dict[int, dict[int, tuple[int | None, str]]] = {c.pk: {} for c in campaigns}
    for campaign, team, parent, name in CampaignTeam.objects.filter(
        campaign__in=campaigns
    ).values_list("campaign", "team", "parent", "team__name"):
        trees[campaign][team] = (parent, name)
    answered_on: dict[int, dict] = {c.pk: {} for c in campaigns}
    for campaign, day, answered in DailyAnswers.objects.filter(campaign__in=campaigns).values_list(
        "campaign", "day", "answered"
    ):
        answered_on[campaign][day] = answered
    today = timezone.localdate()
    found = []
    for campaign in campaigns:
        tree = trees[campaign.pk]
        total, below = Participation(), 0
        tops = division_level(tree)
        divisions = {team: (tree[team][1], Participation()) for team in tops}
        for team in tree:
            own = counts.get((campaign.pk, team), Participation())
            total += own
            if own.invited and own.responded < campaign.minimum_group_size:
                below += 1
            division = team
            while division not in divisions and tree[division][0] in tree:
                division = tree[division][0]
            if division in divisions:  # a team above the divisions counts in the total only
                divisions[division][1].__iadd__(own)
        first = max(min(campaign.opens_on, today), today - datetime.timedelta(days=MAX_DAYS - 1))
        days = [
            (day, answered_on[campaign.pk].get(day, 0))
            for day in (first + datetime.timedelta(days=n) for n in range((today - first).days + 1))
        ]
        found.append(Overview(campaign, total, list(divisions.values()), below, days))
    return found


MAX_DAYS = 60  # the chart of answers over time shows at most this many days


def division_level(tree: dict[int, tuple[int | None, str]]) -> list[int]:
    """The teams to break a campaign's participation down by: its top teams or, under a
    single top team (the whole company), the first level with more than one."""
    level = [team for team, (parent, _name) in tree.items() if parent not in tree]
    while len(level) == 1:
        below = [team for team, (parent, _name) in tree.items() if parent == level[0]]
        if not below:
            break
        level = below
    return level
