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

SCALE_MIN, SCALE_MAX = 1, 5
RATING_SCALE = [
    (1, _("Not at all")),
    (2, _("Rarely")),
    (3, _("Sometimes")),
    (4, _("Mostly")),
    (5, _("Fully and consistently")),
]
