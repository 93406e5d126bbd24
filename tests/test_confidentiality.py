"""Minimum group size and complementary suppression: no hidden group can be computed."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reports.confidentiality import Direct, Group, shown_groups, totals


def tree(**groups):
    """tree(org=(None, 0), sales=("org", 6)): key=(parent, own direct respondents)."""
    return {key: Group(parent, responses) for key, (parent, responses) in groups.items()}


def test_a_group_below_the_minimum_is_hidden_and_one_with_none_is_not_shown():
    groups = tree(a=(None, 5), b=(None, 4), c=(None, 0))
    assert shown_groups(groups, minimum=5) == {"a"}


def test_the_minimum_is_never_below_three():
    with pytest.raises(ValueError):
        shown_groups(tree(a=(None, 2)), minimum=2)


def test_the_subtraction_attack_is_stopped():
    # org = 6 + 7 + 3 = 16. Hiding "small" alone would let anyone compute it as
    # org - north - south, so the smallest shown sibling (north, 6) is hidden too.
    groups = tree(org=(None, 0), north=("org", 6), south=("org", 7), small=("org", 3))
    assert shown_groups(groups, minimum=5) == {"org", "south"}


def test_two_small_siblings_protect_each_other():
    groups = tree(org=(None, 0), north=("org", 6), a=("org", 3), b=("org", 4))
    assert shown_groups(groups, minimum=5) == {"org", "north"}


def test_an_empty_sibling_protects_nothing():
    # "empty" has no response: its sum is known to be zero, so "small" still needs a partner.
    groups = tree(
        org=(None, 0), north=("org", 6), south=("org", 8), small=("org", 2), empty=("org", 0)
    )
    assert shown_groups(groups, minimum=5) == {"org", "south"}


def test_direct_respondents_of_a_parent_are_hidden_first():
    # The department's own 5 respondents are never shown on their own, so hiding them
    # protects the small team at no cost to what is shown.
    groups = tree(dept=(None, 5), big=("dept", 9), small=("dept", 3))
    assert shown_groups(groups, minimum=5) == {"dept", "big"}


def test_protection_reaches_down_the_tree():
    # org = north + south. south is small; the complement north (12) is hidden, but
    # north = n1 + n2 would give it back, so one of north's teams is hidden as well.
    groups = tree(
        org=(None, 0), north=("org", 0), n1=("north", 5), n2=("north", 7), south=("org", 4)
    )
    shown = shown_groups(groups, minimum=5)
    assert shown == {"org", "n2"}


def test_totals_include_every_group_below():
    groups = tree(org=(None, 1), north=("org", 2), n1=("north", 3))
    assert totals(groups) == {"org": 6, "north": 5, "n1": 3}


# The attack, done properly: every shown group's response count and rating sum is public.
# Can any hidden group's sum be solved for? Linear algebra says: a hidden group's sum is
# determined iff its unit vector lies in the row space of the equations over the unknowns.


def recoverable(groups, shown, minimum):
    """The groups below the minimum whose rating sums can be solved for."""
    cells = list(groups)
    children = {key: [k for k, g in groups.items() if g.parent == key] for key in groups}
    cells += [Direct(key) for key in groups if children[key]]
    size = totals(groups) | {Direct(k): groups[k].responses for k in groups if children[k]}
    unknowns = [c for c in cells if c not in shown and size[c] > 0]
    index = {c: i for i, c in enumerate(unknowns)}
    rows = []
    for key in groups:
        if not children[key]:
            continue
        row = np.zeros(len(unknowns))
        for cell, sign in [(key, 1), *((part, -1) for part in [*children[key], Direct(key)])]:
            if cell in index:
                row[index[cell]] += sign
        rows.append(row)
    if not unknowns or not rows:
        return set()
    matrix = np.array(rows)
    rank = np.linalg.matrix_rank(matrix)
    return {
        cell
        for cell, i in index.items()
        if size[cell] < minimum
        and np.linalg.matrix_rank(np.vstack([matrix, np.eye(len(unknowns))[i]])) == rank
    }


@st.composite
def trees(draw):
    count = draw(st.integers(min_value=1, max_value=12))
    groups = {}
    for i in range(count):
        parent = draw(st.sampled_from([None, *range(i)])) if i else None
        groups[i] = Group(parent, draw(st.integers(min_value=0, max_value=12)))
    return groups


@settings(max_examples=300, deadline=None)
@given(trees(), st.integers(min_value=3, max_value=6))
def test_no_hidden_group_can_be_computed_from_the_shown_ones(groups, minimum):
    shown = shown_groups(groups, minimum)
    total = totals(groups)
    assert all(total[key] >= minimum for key in shown)
    assert recoverable(groups, shown, minimum) == set()
