import pytest
from django.test import Client

from assessments.models import ComponentNote, Rating, SelfAssessment
from tests.builders import EVERY_COMPONENT, rate_all


def step_data(component, current="3", target="4", **overrides):
    """A complete POST for one step: every statement rated ``current``/``target``."""
    data = {}
    for statement in component.statements.all():
        data[f"{statement.pk}-current"] = current
        data[f"{statement.pk}-target"] = target
    data.update(overrides)
    return data


@pytest.fixture
def assessment(leader, six_pillars):
    return SelfAssessment.objects.create(
        leader=leader, framework=six_pillars, target_each_statement=True
    )


def step_url(assessment, key):
    return f"/assessments/{assessment.pk}/step/{key}/"


def test_starting_opens_the_first_component(leader_client, six_pillars, leader):
    response = leader_client.post("/assessments/start/", {"framework": six_pillars.pk})
    assessment = SelfAssessment.objects.get(leader=leader)
    assert response.url == f"/assessments/{assessment.pk}/"
    assert leader_client.get(response.url).url == step_url(assessment, "personalisation")


def test_starting_twice_resumes_the_assessment_in_progress(leader_client, six_pillars, leader):
    leader_client.post("/assessments/start/", {"framework": six_pillars.pk})
    leader_client.post("/assessments/start/", {"framework": six_pillars.pk})
    assert SelfAssessment.objects.filter(leader=leader).count() == 1


def test_a_step_saves_ratings_and_note_and_moves_on(leader_client, assessment, six_pillars):
    component = six_pillars.components.get(key="personalisation")
    first = component.statements.first()
    data = step_data(component, note="Talk to the team")
    data[f"{first.pk}-current"] = "na"

    response = leader_client.post(step_url(assessment, "personalisation"), data)

    assert response.status_code == 302
    assert response.url == step_url(assessment, "integrity")
    ratings = Rating.objects.filter(assessment=assessment)
    assert ratings.count() == 9
    assert ratings.get(statement=first).current is None
    assert ratings.get(statement=first).target == 4
    assert {r.current for r in ratings.exclude(statement=first)} == {3}
    assert ComponentNote.objects.get(assessment=assessment).text == "Talk to the team"


def test_saving_again_updates_in_place(leader_client, assessment, six_pillars):
    component = six_pillars.components.get(key="empathy")
    leader_client.post(step_url(assessment, "empathy"), step_data(component, "2", "3"))
    leader_client.post(step_url(assessment, "empathy"), step_data(component, "4", "5"))
    ratings = Rating.objects.filter(assessment=assessment)
    assert ratings.count() == 8
    assert set(ratings.values_list("current", "target")) == {(4, 5)}


def test_save_and_finish_later_goes_to_the_dashboard_and_resume_returns(
    leader_client, assessment, six_pillars
):
    for key in ("personalisation", "integrity"):
        component = six_pillars.components.get(key=key)
        response = leader_client.post(
            step_url(assessment, key), step_data(component, save_and_exit="")
        )
    assert response.url == "/dashboard/"
    dashboard = leader_client.get("/dashboard/").content.decode()
    assert f"/assessments/{assessment.pk}/" in dashboard
    assert "42% rated" in dashboard  # 9 + 13 = 22 of 52 statements
    assert leader_client.get(f"/assessments/{assessment.pk}/").url == step_url(
        assessment, "expectations"
    )


def test_the_last_step_leads_to_review_then_submit_to_the_report(
    leader_client, leader, six_pillars
):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT, submit=False)
    empathy = six_pillars.components.get(key="empathy")
    quick = {f"{s.pk}-current": "3" for s in empathy.statements.all()} | {"target": "4"}
    response = leader_client.post(step_url(assessment, "empathy"), quick)
    assert response.url == f"/assessments/{assessment.pk}/review/"
    assert leader_client.get(response.url).status_code == 200

    response = leader_client.post(f"/assessments/{assessment.pk}/submit/")
    assert response.url == f"/assessments/{assessment.pk}/report/"
    assessment.refresh_from_db()
    assert assessment.is_submitted


def test_submitting_an_incomplete_assessment_is_refused(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, {"personalisation": (3, 4)}, submit=False)
    response = leader_client.post(f"/assessments/{assessment.pk}/submit/", follow=True)
    assert "Rate every statement" in response.content.decode()
    assessment.refresh_from_db()
    assert not assessment.is_submitted


def test_a_double_click_on_submit_submits_once(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT, submit=False)
    leader_client.post(f"/assessments/{assessment.pk}/submit/")
    first = SelfAssessment.objects.get(pk=assessment.pk).submitted_at
    response = leader_client.post(f"/assessments/{assessment.pk}/submit/")
    assert response.url == f"/assessments/{assessment.pk}/report/"
    assert SelfAssessment.objects.get(pk=assessment.pk).submitted_at == first


def test_a_leader_can_take_the_assessment_again(leader_client, leader, six_pillars):
    rate_all(leader, six_pillars, EVERY_COMPONENT)
    leader_client.post("/assessments/start/", {"framework": six_pillars.pk})
    assert SelfAssessment.objects.filter(leader=leader).count() == 2
    assert SelfAssessment.objects.in_progress().filter(leader=leader).count() == 1


@pytest.mark.parametrize("bad_value", ["0", "6", "3.5", "three", "", "-1", "99999999999999999999"])
def test_a_rating_off_the_scale_is_a_form_error_and_is_dropped(
    leader_client, assessment, six_pillars, bad_value
):
    component = six_pillars.components.get(key="expectations")
    *others, last = component.statements.all()
    data = step_data(component, note="So far")
    data[f"{last.pk}-target"] = bad_value
    response = leader_client.post(step_url(assessment, "expectations"), data)
    assert response.status_code == 200
    assert "Some statements still need a rating" in response.content.decode()
    # Nothing typed is lost, and nothing off the scale is kept.
    saved = Rating.objects.filter(assessment=assessment)
    assert set(saved.values_list("statement", "current", "target")) == {
        (s.pk, 3, 4) for s in others
    }
    assessment.refresh_from_db()
    assert assessment.pending == {f"{last.pk}-current": "3"}
    assert ComponentNote.objects.get(assessment=assessment).text == "So far"


def test_a_missing_rating_is_a_form_error(leader_client, assessment, six_pillars):
    component = six_pillars.components.get(key="expectations")
    data = step_data(component)
    del data[f"{component.statements.first().pk}-current"]
    response = leader_client.post(step_url(assessment, "expectations"), data)
    assert response.status_code == 200
    assert "Choose a rating" in response.content.decode()
    # The step stays where it is; the other five statements are saved.
    assert Rating.objects.filter(assessment=assessment).count() == 5


def test_a_statement_from_another_component_is_ignored(leader_client, assessment, six_pillars):
    expectations = six_pillars.components.get(key="expectations")
    foreign = six_pillars.components.get(key="empathy").statements.first()
    data = step_data(expectations, **{f"{foreign.pk}-current": "5", f"{foreign.pk}-target": "5"})
    leader_client.post(step_url(assessment, "expectations"), data)
    assert not Rating.objects.filter(statement=foreign).exists()
    assert Rating.objects.filter(assessment=assessment).count() == 6


def test_an_oversized_note_is_a_form_error(leader_client, assessment, six_pillars):
    component = six_pillars.components.get(key="expectations")
    response = leader_client.post(
        step_url(assessment, "expectations"), step_data(component, note="x" * 4001)
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 4000 characters" in response.content.decode()
    # The ratings are kept; the note as far as it may go, the whole of it still on the page.
    assert Rating.objects.filter(assessment=assessment).count() == 6
    assert len(ComponentNote.objects.get(assessment=assessment).text) == 4000


def test_a_component_of_another_framework_is_404(leader_client, assessment):
    assert leader_client.get(step_url(assessment, "no-such-component")).status_code == 404


def test_someone_elses_assessment_is_404_everywhere(client, other_leader, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT, submit=False)
    client.force_login(other_leader)
    component = six_pillars.components.get(key="personalisation")
    for url in (
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/review/",
        step_url(assessment, "personalisation"),
        f"/assessments/{assessment.pk}/report/",
    ):
        assert client.get(url).status_code == 404, url
    assert (
        client.post(
            step_url(assessment, "personalisation"), step_data(component, "1", "1")
        ).status_code
        == 404
    )
    assert client.post(f"/assessments/{assessment.pk}/submit/").status_code == 404
    assert set(
        Rating.objects.filter(statement__component=component).values_list("current", flat=True)
    ) == {2}
    assert not SelfAssessment.objects.get(pk=assessment.pk).is_submitted


def test_a_submitted_assessment_cannot_be_changed(leader_client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    component = six_pillars.components.get(key="personalisation")
    response = leader_client.post(
        step_url(assessment, "personalisation"), step_data(component, "5", "5")
    )
    assert response.status_code == 404
    assert set(
        Rating.objects.filter(statement__component=component).values_list("current", flat=True)
    ) == {2}
    # Going back to a step in the browser shows the report instead of a form.
    assert (
        leader_client.get(step_url(assessment, "personalisation")).url
        == f"/assessments/{assessment.pk}/report/"
    )


def test_anonymous_visitors_are_sent_to_log_in(client, leader, six_pillars):
    assessment = rate_all(leader, six_pillars, EVERY_COMPONENT)
    response = client.get(f"/assessments/{assessment.pk}/report/")
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_the_dashboard_lists_assessments_with_dates(
    leader_client, leader, six_pillars, django_assert_num_queries
):
    rate_all(leader, six_pillars, EVERY_COMPONENT)
    rate_all(leader, six_pillars, EVERY_COMPONENT)
    rate_all(leader, six_pillars, {"empathy": (1, 2)}, submit=False)
    # session, user, assessments with progress, frameworks, organisations (the switcher),
    # the open actions (the teams the user leads are a subquery of it) and the open
    # campaigns the user runs (none)
    with django_assert_num_queries(7):
        response = leader_client.get("/dashboard/")
    page = response.content.decode()
    assert page.count("Open report") == 2
    assert page.count(">Resume<") == 1


@pytest.mark.parametrize("framework", ["", "abc", "999999", "1; DROP TABLE"])
def test_starting_on_an_unknown_framework_is_404(leader_client, six_pillars, framework):
    response = leader_client.post("/assessments/start/", {"framework": framework})
    assert response.status_code == 404
    assert not SelfAssessment.objects.exists()


def test_a_post_without_the_csrf_token_is_refused(leader, six_pillars):
    client = Client(enforce_csrf_checks=True)
    client.force_login(leader)
    response = client.post("/assessments/start/", {"framework": six_pillars.pk})
    assert response.status_code == 403
    assert not SelfAssessment.objects.exists()


def test_a_saved_step_shows_its_ratings_again(leader_client, assessment, six_pillars):
    component = six_pillars.components.get(key="expectations")
    first = component.statements.first()
    data = step_data(component, "2", "5", note="Keep it")
    data[f"{first.pk}-target"] = "na"
    leader_client.post(step_url(assessment, "expectations"), data)
    page = leader_client.get(step_url(assessment, "expectations")).content.decode()
    assert f'name="{first.pk}-current" id="id_{first.pk}-current_1" value="2" checked' in page
    assert f'name="{first.pk}-target" id="id_{first.pk}-target_5" value="na" checked' in page
    assert page.count(" checked") == 12
    assert "Keep it</textarea>" in page
