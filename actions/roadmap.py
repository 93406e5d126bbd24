"""Action plans as a roadmap: each action in the next 30, 60 or 90 days or later, by its due
date, quick wins apart from structural changes; and how far each team's plan has got.

Pure functions of the actions and a day, so a page and a PDF printed the same day agree.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import ActionKind, ActionStatus

# A phase holds the actions due within this many days (an overdue one in the first); the last,
# without a limit, everything after.
PHASES = [(30, _("Next 30 days")), (60, _("Days 31 to 60")), (90, _("Days 61 to 90"))]
LATER = _("Later")


@dataclass
class Phase:
    label: str
    quick_wins: list = field(default_factory=list)
    structural: list = field(default_factory=list)

    @property
    def actions(self) -> list:
        return self.quick_wins + self.structural

    @property
    def kinds(self) -> tuple[list, list]:
        return self.quick_wins, self.structural


def phase_index(due_on: datetime.date, today: datetime.date) -> int:
    days = (due_on - today).days
    return next((i for i, (limit, _label) in enumerate(PHASES) if days <= limit), len(PHASES))


def roadmap(actions: Iterable, today: datetime.date) -> list[Phase]:
    """The four phases, in order, each with its actions by due date; empty when there are
    no actions at all."""
    ordered = sorted(actions, key=lambda a: (a.due_on, a.pk))
    if not ordered:
        return []
    phases = [Phase(label) for _limit, label in PHASES] + [Phase(LATER)]
    for action in ordered:
        phase = phases[phase_index(action.due_on, today)]
        kind = phase.quick_wins if action.kind == ActionKind.QUICK_WIN else phase.structural
        kind.append(action)
    return phases


@dataclass(frozen=True)
class Progress:
    total: int
    done: int
    in_progress: int
    planned: int
    dropped: int
    overdue: int

    @property
    def percent_done(self) -> int:
        """Of the actions not dropped, the share done."""
        kept = self.total - self.dropped
        return round(100 * self.done / kept) if kept else 0


def progress(actions: list, today: datetime.date) -> Progress:
    statuses = [action.status for action in actions]
    return Progress(
        total=len(actions),
        done=statuses.count(ActionStatus.DONE),
        in_progress=statuses.count(ActionStatus.IN_PROGRESS),
        planned=statuses.count(ActionStatus.PLANNED),
        dropped=statuses.count(ActionStatus.DROPPED),
        overdue=sum(1 for action in actions if action.is_open and action.due_on < today),
    )


@dataclass(frozen=True)
class TeamPlan:
    name: str  # the team's place in the hierarchy, or the organisation's own plan
    actions: list
    progress: Progress


def every_plan(actions: Iterable, names: dict, organisation: str, today) -> list[TeamPlan]:
    """A campaign's plans, the organisation's own first, then each team's in the order of
    ``names`` (team pk to label), which also leaves out the teams not in it."""
    by_team: dict = {}
    for action in actions:
        by_team.setdefault(action.team_id, []).append(action)
    order = [None, *names]
    labels = {None: organisation, **names}
    return [
        TeamPlan(labels[key], by_team[key], progress(by_team[key], today))
        for key in order
        if key in by_team
    ]


def plan_context(actions: Iterable) -> dict:
    """What a report's action plan shows: the actions, and the same as a roadmap from today."""
    actions = list(actions)
    return {"actions": actions, "roadmap": roadmap(actions, timezone.localdate())}
