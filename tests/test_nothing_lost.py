"""Nothing a respondent or a leader gives is lost: each answer is kept as it is given, a step
left half done keeps what it holds, "Back" keeps the step, and two tabs keep both."""

from types import SimpleNamespace

import pytest

from assessments.models import Rating, ReflectionAnswer, SelfAssessment
from campaigns.models import Draft
from frameworks.steps import merge_answers
from tests.builders import EVERY_COMPONENT, invite, rate_all

STATEMENTS = [SimpleNamespace(pk=1), SimpleNamespace(pk=2)]
BOTH = ("current", "target")


def test_answers_merge_field_by_field_and_complete_a_statement_once_both_are_in():
    first = merge_answers(STATEMENTS, BOTH, {}, {}, {"1-current": "3"})
    assert (first.complete, first.pending) == ({}, {"1-current": "3"})
    second = merge_answers(STATEMENTS, BOTH, {}, first.pending, {"1-target": "na", "2-target": "5"})
    assert second.complete == {1: (3, None)}  # "not applicable" is an answer
    assert second.pending == {"2-target": "5"}
    # A later answer replaces its field only: statement 1's target stays "not applicable".
    third = merge_answers(STATEMENTS, BOTH, second.complete, second.pending, {"1-current": "4"})
    assert third.complete == {1: (4, None)}
    assert third.pending == {"2-target": "5"}


def test_a_step_that_asks_for_now_only_completes_with_now():
    found = merge_answers(STATEMENTS, ("current",), {}, {}, {"1-current": "2"})
    assert (found.complete, found.pending) == ({1: (2, None)}, {})


@pytest.fixture
def survey(client, campaign, teams, six_pillars):
    campaign.language = "en"
    campaign.save()
    _invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    component = six_pillars.components.get(key="expectations")
    return client, component, list(component.statements.all())


def checked(page: str, name: str) -> str | None:
    """The value of the radio ``name`` the page shows checked."""
    for chunk in page.split("<input")[1:]:
        if f'name="{name}"' in chunk and "checked" in chunk.split(">")[0]:
            return chunk.split('value="')[1].split('"')[0]
    return None


def test_each_answer_is_saved_as_it_is_given(survey):
    client, component, statements = survey
    response = client.post(
        f"/survey/{component.key}/", {"autosave": "1", f"{statements[0].pk}-current": "2"}
    )
    assert response.json() == {"saved": True}
    assert Draft.objects.get().pending == {f"{statements[0].pk}-current": "2"}
    # The connection drops, the page reloads: the answer is there.
    page = client.get(f"/survey/{component.key}/").text
    assert checked(page, f"{statements[0].pk}-current") == "2"
    assert checked(page, f"{statements[0].pk}-target") is None


def test_two_tabs_on_one_step_keep_what_either_gave(survey):
    client, component, statements = survey
    first, second = statements[0].pk, statements[1].pk
    # Each tab sends only the answer just given.
    client.post(f"/survey/{component.key}/", {"autosave": "1", f"{first}-current": "4"})
    client.post(f"/survey/{component.key}/", {"autosave": "1", f"{second}-current": "1"})
    client.post(f"/survey/{component.key}/", {"autosave": "1", f"{first}-target": "5"})
    draft = Draft.objects.get()
    assert draft.ratings == {str(first): [4, 5]}
    assert draft.pending == {f"{second}-current": "1"}


def test_save_and_finish_later_keeps_a_half_filled_step(survey):
    client, component, statements = survey
    half = {f"{s.pk}-current": "3" for s in statements[:3]} | {f"{statements[0].pk}-target": "4"}
    response = client.post(f"/survey/{component.key}/", {**half, "save_and_exit": ""})
    assert response.status_code == 200
    assert "Your answers so far are saved" in response.text
    draft = Draft.objects.get()
    assert draft.ratings == {str(statements[0].pk): [3, 4]}
    assert set(draft.pending) == {f"{s.pk}-current" for s in statements[1:3]}


def test_back_keeps_the_step(survey, six_pillars):
    client, component, statements = survey
    response = client.post(
        f"/survey/{component.key}/", {f"{statements[0].pk}-current": "5", "back": ""}
    )
    previous = six_pillars.components.get(order=component.order - 1)
    assert response.url == f"/survey/{previous.key}/"
    page = client.get(f"/survey/{component.key}/").text
    assert checked(page, f"{statements[0].pk}-current") == "5"


def test_a_leaders_half_filled_step_is_kept(leader_client, leader, six_pillars):
    assessment = SelfAssessment.objects.create(
        leader=leader, framework=six_pillars, target_each_statement=True
    )
    component = six_pillars.components.get(key="recovery")
    statements = list(component.statements.all())
    url = f"/assessments/{assessment.pk}/step/{component.key}/"
    leader_client.post(url, {"autosave": "1", f"{statements[0].pk}-current": "2"})
    leader_client.post(url, {"autosave": "1", "note": "Complaints take too long"})
    response = leader_client.post(
        url,
        {f"{statements[0].pk}-target": "5", f"{statements[1].pk}-target": "4", "save_and_exit": ""},
    )
    assert response.url == "/dashboard/"
    assessment.refresh_from_db()
    assert list(
        Rating.objects.filter(assessment=assessment).values_list("statement", "current", "target")
    ) == [(statements[0].pk, 2, 5)]
    assert assessment.pending == {f"{statements[1].pk}-target": "4"}
    page = leader_client.get(url).text
    assert checked(page, f"{statements[0].pk}-target") == "5"
    assert checked(page, f"{statements[1].pk}-target") == "4"
    assert "Complaints take too long" in page


def test_reflections_save_as_they_are_typed_and_keep_each_other(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    url = f"/assessments/{assessment.pk}/report/reflections/"
    recovery, empathy = (f"{url}recovery/", f"{url}empathy/")
    # Typing in one component's box, then in another's: each saves its own answer alone.
    saved = leader_client.post(recovery, {"autosave": "1", "recovery-strengths": "We answer fast"})
    assert saved.json() == {"saved": True}
    leader_client.post(empathy, {"autosave": "1", "empathy-actions": "Listen first"})
    leader_client.post(recovery, {"autosave": "1", "recovery-resources": "A coach"})
    answers = ReflectionAnswer.objects.filter(assessment=assessment)
    assert {(a.question.component.key, a.question.kind, a.text) for a in answers} == {
        ("recovery", "strengths", "We answer fast"),
        ("recovery", "resources", "A coach"),
        ("empathy", "actions", "Listen first"),
    }
