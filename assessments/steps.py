"""The step-by-step shape shared by a leader's self-assessment and a respondent's survey."""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from frameworks.models import Component


@dataclass(frozen=True)
class Step:
    label: str
    url: str
    done: bool
    current: bool


def progress(
    components: Sequence[Component],
    done: set[int],
    current: Component | None,
    url_for: Callable[[Component], str],
    review_url: str,
) -> dict:
    """Context for ``partials/progress.html``: one step per component, then the review."""
    steps = [Step(c.name, url_for(c), c.pk in done, c == current) for c in components]
    steps.append(Step(_("Review"), review_url, False, current is None))
    number = next(i for i, step in enumerate(steps, 1) if step.current)
    return {
        "steps": steps,
        "step_number": number,
        "step_count": len(steps),
        "progress_percent": round(100 * (number - 1) / len(steps)),
    }


@dataclass(frozen=True)
class ReviewRow:
    component: Component
    statements: list  # (statement, rating or None); a rating has .current and .target
    note: str
    edit_url: str

    @property
    def complete(self) -> bool:
        return all(rating is not None for _statement, rating in self.statements)


def review_rows(
    components: Sequence[Component],
    ratings: Mapping[int, object],
    notes: Mapping[int, str],
    url_for: Callable[[Component], str],
) -> list[ReviewRow]:
    """What the review page lists: each component's statements with their ratings so far."""
    return [
        ReviewRow(
            c,
            [(s, ratings.get(s.pk)) for s in c.statements.all()],
            notes.get(c.pk, ""),
            url_for(c),
        )
        for c in components
    ]
