"""The rating scale every statement is rated on, and the two states it is rated for.

Defined once, here: the models that store ratings read them, and the report arithmetic takes
them as the plain strings and numbers they are.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    CURRENT = "current", _("Now")
    TARGET = "target", _("Target")


CURRENT, TARGET = State.CURRENT.value, State.TARGET.value
STATES = (CURRENT, TARGET)


class Measure(models.TextChoices):
    """What a person's own score of a component can be: now, target, or their own gap."""

    CURRENT = "current", _("Now")
    TARGET = "target", _("Target")
    GAP = "gap", _("Gap")


GAP = Measure.GAP.value
MEASURES = (CURRENT, TARGET, GAP)

SCALE_MIN, SCALE_MAX = 1, 5
# A person's component score is the mean of up to MAX_COMPONENT_STATEMENTS ratings. Kept
# times PERSON_SCALE, a multiple of each possible number of ratings, it is a whole number,
# and so are sums of scores and of their squares: exact, and they add up across groups.
MAX_COMPONENT_STATEMENTS = 16
PERSON_SCALE = 720720  # the least common multiple of 1 to 16


def person_scores(
    ratings: dict[int, tuple[int | None, int | None]],
    component_of: dict[int, int],
    sizes: dict[int, int],
) -> dict[tuple[int, str], int]:
    """A person's own score of each component, times PERSON_SCALE, by (component, measure):
    the mean of the statements they rated in that state, where they rated at least half of
    the component's statements, and their gap (target − now) where they have both.
    ``sizes`` counts each component's statements."""
    rated: dict[tuple[int, str], list[int]] = {}
    for statement, values in ratings.items():
        for state, value in zip(STATES, values, strict=True):
            if value is not None:
                rated.setdefault((component_of[statement], state), []).append(value)
    scores = {
        key: sum(values) * PERSON_SCALE // len(values)
        for key, values in rated.items()
        if 2 * len(values) >= sizes[key[0]]
    }
    for component in {component for component, _state in scores}:
        if (component, CURRENT) in scores and (component, TARGET) in scores:
            scores[component, GAP] = scores[component, TARGET] - scores[component, CURRENT]
    return scores


def complete_ratings(
    ratings: dict[int, tuple[int | None, int | None]],
    component_of: dict[int, int],
    sizes: dict[int, int],
) -> dict[int, dict[int, int]]:
    """A person's ratings of now, {statement: value}, of each component where they rated
    every statement: what a component's internal consistency (Cronbach's α) is worked out
    from."""
    rated: dict[int, dict[int, int]] = {}
    for statement, (current, _target) in ratings.items():
        if current is not None:
            rated.setdefault(component_of[statement], {})[statement] = current
    return {
        component: values for component, values in rated.items() if len(values) == sizes[component]
    }


RATING_SCALE = [
    (1, _("Not at all")),
    (2, _("Rarely")),
    (3, _("Sometimes")),
    (4, _("Mostly")),
    (5, _("Fully and consistently")),
]
