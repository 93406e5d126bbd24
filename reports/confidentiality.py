"""Which groups' scores may be shown: minimum group size and complementary suppression.

Groups form a tree (organisation > division > department > team). Response counts are
public (HR sees who responded), so each group's sum of ratings is what must stay hidden.
Every parent gives one equation: parent = its own direct respondents + its children.
A hidden group is safe when no combination of shown figures yields it; on a tree that holds
when every equation has either no unknown or at least two (an unknown is a hidden group
with at least one response). So:

1. Primary suppression: a group with fewer responses than the minimum is hidden.
   A group with no response is shown as "not enough responses" too, but it is no secret:
   its sum is zero.
2. Complementary suppression: while some equation has exactly one unknown, hide one more
   group in it: the parent's own direct respondents if they are not shown anyway, else the
   smallest shown child, else the parent itself.

The result is the set of groups whose scores may be shown.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from campaigns.models import SMALLEST_MINIMUM_GROUP_SIZE

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Group:
    """A group in the tree. ``responses`` counts its own direct respondents only."""

    parent: Hashable | None
    responses: int


@dataclass(frozen=True)
class Direct:
    """The direct respondents of a group that also has children: never shown on their own."""

    group: Hashable


def totals(groups: Mapping[Key, Group]) -> dict[Key, int]:
    """Responses of each group including every group below it."""
    total = {key: group.responses for key, group in groups.items()}
    for group in groups.values():
        parent = group.parent
        while parent is not None:
            total[parent] += group.responses
            parent = groups[parent].parent
    return total


def shown_groups(groups: Mapping[Key, Group], minimum: int) -> set[Key]:
    """The groups whose scores may be shown, given the minimum group size."""
    if minimum < SMALLEST_MINIMUM_GROUP_SIZE:
        raise ValueError(f"The minimum group size is never below {SMALLEST_MINIMUM_GROUP_SIZE}.")
    total = totals(groups)
    children: dict[Key, list[Key]] = {key: [] for key in groups}
    for key, group in groups.items():
        if group.parent is not None:
            children[group.parent].append(key)

    size = dict(total)
    # Direct respondents of a parent are a group of their own in its equation.
    size.update({Direct(key): groups[key].responses for key in groups if children[key]})
    hidden = {cell for cell, n in size.items() if 0 < n < minimum}
    # Direct respondents are never displayed: hiding them costs nothing.
    spare = {cell for cell in size if isinstance(cell, Direct)}

    def unknown(cell) -> bool:
        return cell in hidden and size[cell] > 0

    def parts(key) -> list:
        return [*children[key], Direct(key)] if children[key] else []

    changed = True
    while changed:
        changed = False
        for key in groups:
            cells = parts(key)
            if not cells or sum(unknown(cell) for cell in [key, *cells]) != 1:
                continue
            candidates = [cell for cell in cells if size[cell] > 0 and cell not in hidden]
            free = [cell for cell in candidates if cell in spare]
            if free:
                hidden.add(free[0])
            elif candidates:
                hidden.add(min(candidates, key=lambda cell: (size[cell], str(cell))))
            else:
                hidden.add(key)
            changed = True
    return {key for key in groups if key not in hidden and total[key] > 0}
