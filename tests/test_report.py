import json
import re

import pytest

from assessments.models import ReflectionAnswer
from tests.builders import EVERY_COMPONENT, rate_all


def report_url(assessment):
    return f"/assessments/{assessment.pk}/report/"


def keys(highlights):
    return [h.row.component.key for h in highlights]


def test_report_names_strengths_and_action_areas(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    report = leader_client.get(report_url(assessment)).context["report"]
    # Highest current: empathy 5 (gap 0), then integrity 4 (gap 0).
    assert keys(report.strengths) == ["empathy", "integrity"]
    # Largest gap: recovery 3; personalisation and expectations tie at 2, and
    # personalisation's lower current (2 < 3) puts it first.
    assert keys(report.action_areas) == ["recovery", "personalisation"]
    recovery = report.action_areas[0].row
    assert (recovery.score.current, recovery.score.target, recovery.score.gap) == (2, 5, 3)
    assert len(report.action_areas[0].statements) == 3
    assert {r.key for r in recovery.resources} >= {"your-staff", "colleagues", "experts", "coaches"}


def test_report_page_shows_each_number_with_its_explanation(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    page = leader_client.get(report_url(assessment)).content.decode()
    assert "You rate Recovery 2.0 today and want to reach 5.0: a gap of +3.0 points." in page
    assert "You rate Empathy 5.0 today and want to reach 5.0: a gap of 0.0 points." in page
    assert page.count('class="card border-success mb-3 strength"') == 2
    assert page.count('class="card border-warning mb-3 action-area"') == 2
    # One rater: no likely range, and the page says why.
    assert "likely range" not in page.split('id="no-interval"')[0].split('id="component-scores"')[1]
    assert "there is no spread of several people’s answers" in page


def test_report_is_in_italian_with_italian_framework_text(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    page = leader_client.get(report_url(assessment), HTTP_ACCEPT_LANGUAGE="it").content.decode()
    assert "Punti di forza" in page
    assert "Recupero" in page
    assert "3,0" in page  # Italian decimal comma


def test_not_applicable_everywhere_gives_no_score_not_zero(leader_client, leader, six_pillars):
    ratings = {**EVERY_COMPONENT, "integrity": (None, None)}
    assessment = rate_all(leader, six_pillars, ratings)
    response = leader_client.get(report_url(assessment))
    integrity = next(r for r in response.context["report"].rows if r.component.key == "integrity")
    assert (integrity.score.current, integrity.score.target, integrity.score.gap) == (None,) * 3
    assert "No score: every statement here was marked" in response.content.decode()
    assert "integrity" not in keys(response.context["report"].strengths)


def chart(page, element_id):
    found = re.search(rf'<script id="{element_id}" type="application/json">(.*?)</script>', page)
    return json.loads(found.group(1))


def test_charts_carry_the_report_figures(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    page = leader_client.get(report_url(assessment)).content.decode()
    radar = chart(page, "radar-data")
    current, target = radar["data"]
    assert current["r"] == [2.0, 4.0, 3.0, 3.0, 2.0, 5.0, 2.0]  # closed shape: first point again
    assert target["r"] == [4.0, 4.0, 5.0, 4.0, 5.0, 5.0, 4.0]
    (bars,) = chart(page, "gap-data")["data"]
    assert bars["x"] == [
        "Recovery",
        "Personalisation",
        "Expectations",
        "Time and effort",
        "Integrity",
        "Empathy",
    ]
    assert bars["y"] == [3.0, 2.0, 2.0, 1.0, 0.0, 0.0]
    assert '<script src="/static/plotly/plotly.min.js">' in page


def test_the_report_waits_for_submission(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, {"empathy": (3, 4)}, submit=False)
    response = leader_client.get(report_url(assessment))
    assert response.url == f"/assessments/{assessment.pk}/"


@pytest.mark.parametrize("assessments", [2, 5])
def test_report_query_count_does_not_grow_with_assessments(
    leader_client, leader, six_pillars, django_assert_num_queries, assessments
):
    for _ in range(assessments):
        assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    # session, user, assessment + framework, components, statements, resources,
    # questions, ratings, reflection answers, notes, the organisations (for the switcher
    # and the branding), the leader's assessments on the framework and their scores, the
    # action plan, the plan made after the previous assessment
    with django_assert_num_queries(15):
        response = leader_client.get(report_url(assessment))
    assert response.status_code == 200


def reflection_url(assessment, key):
    return f"/assessments/{assessment.pk}/report/reflections/{key}/"


def test_reflections_are_saved_and_shown_again(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    response = leader_client.post(
        reflection_url(assessment, "recovery"),
        {
            "recovery-strengths": "We answer fast",
            "recovery-actions": "Let people decide",
            "recovery-resources": "A coach",
        },
    )
    assert response.url == report_url(assessment) + "#reflect-recovery"
    answers = ReflectionAnswer.objects.filter(assessment=assessment)
    assert {(a.question.kind, a.text) for a in answers} == {
        ("strengths", "We answer fast"),
        ("actions", "Let people decide"),
        ("resources", "A coach"),
    }
    assert (
        "Let people decide</textarea>" in leader_client.get(report_url(assessment)).content.decode()
    )


def test_an_oversized_reflection_saves_nothing(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    response = leader_client.post(
        reflection_url(assessment, "recovery"),
        {"recovery-strengths": "ok", "recovery-actions": "x" * 4001},
        follow=True,
    )
    assert "Keep each answer under 4000 characters." in response.content.decode()
    assert not ReflectionAnswer.objects.exists()


def test_reflections_on_someone_elses_report_are_404(client, leader, other_leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    client.force_login(other_leader)
    response = client.post(reflection_url(assessment, "recovery"), {"recovery-strengths": "x"})
    assert response.status_code == 404
    assert not ReflectionAnswer.objects.exists()


def test_reflections_on_an_unknown_component_are_404(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    response = leader_client.post(reflection_url(assessment, "nope"), {"nope-strengths": "x"})
    assert response.status_code == 404


def test_reflections_wait_for_submission(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT, submit=False)
    response = leader_client.post(
        reflection_url(assessment, "recovery"), {"recovery-strengths": "x"}
    )
    assert response.status_code == 404
