"""The usual survey: every statement rated for now, the target once per component, on one
page saved answer by answer; and a leader's quick self-assessment, the same way."""

import re

import pytest
from django.test import Client

from assessments.models import SelfAssessment
from campaigns.models import Draft, Invitation, SealedResponse, release_sealed
from campaigns.publishing import publish
from tests.builders import invite
from tests.test_nothing_lost import checked


@pytest.fixture
def short(campaign):
    campaign.target_each_statement = False
    campaign.save()
    return campaign


def page_data(framework, now="3", target="4", **extra):
    """Everything the page posts once every question has an answer: the statements'
    ratings of now, and each component's target."""
    data = {}
    for component in framework.components.all():
        for statement in component.statements.all():
            data[f"c{component.pk}-{statement.pk}-current"] = now
        data[f"c{component.pk}-target"] = target
    return data | extra


def opened(campaign, team, email):
    client = Client()
    invitation, token = invite(campaign, team, email)
    client.get(f"/s/{token}/")
    return client, invitation


def radio_groups(page: str) -> set[str]:
    return set(re.findall(r'type="radio" class="btn-check" name="([^"]+)"', page))


def test_the_link_opens_one_page_asking_a_target_once_per_component(short, teams, six_pillars):
    client, _ = opened(short, teams["north"], "ann@acme.example")
    page = client.get("/survey/").text
    components = list(six_pillars.components.all())
    statements = [(c, s) for c in components for s in c.statements.all()]
    assert radio_groups(page) == {f"c{c.pk}-{s.pk}-current" for c, s in statements} | {
        f"c{c.pk}-target" for c in components
    }
    assert len(radio_groups(page)) == 52 + 6  # 104 with a target on every statement
    assert all(c.name_it in page for c in components)  # the campaign speaks Italian


def test_a_component_target_is_each_of_its_statements_target(short, teams, six_pillars):
    client, _ = opened(short, teams["north"], "ann@acme.example")
    component = six_pillars.components.get(key="recovery")
    first, *others = component.statements.all()
    client.post("/survey/", {"autosave": "1", f"c{component.pk}-target": "5"})
    client.post("/survey/", {"autosave": "1", f"c{component.pk}-{first.pk}-current": "2"})
    draft = Draft.objects.get()
    assert draft.ratings == {str(first.pk): [2, 5]}
    assert draft.pending == {f"{s.pk}-target": "5" for s in others}
    # The connection drops, the page reloads: both answers are there.
    page = client.get("/survey/").text
    assert checked(page, f"c{component.pk}-target") == "5"
    assert checked(page, f"c{component.pk}-{first.pk}-current") == "2"
    assert checked(page, f"c{component.pk}-{others[0].pk}-current") is None


def test_the_page_submits_without_javascript(short, teams, six_pillars):
    client, invitation = opened(short, teams["north"], "ann@acme.example")
    response = client.post("/survey/", page_data(six_pillars, "2", "4", submit_answers=""))
    assert response.url == "/survey/"
    invitation.refresh_from_db()
    assert invitation.responded
    sealed = SealedResponse.objects.get()
    assert set(map(tuple, sealed.ratings.values())) == {(2, 4)}
    assert len(sealed.ratings) == 52
    assert "Grazie" in client.get("/survey/").text
    assert not Draft.objects.exists()


def test_an_unfinished_page_keeps_its_answers_and_says_what_is_missing(short, teams, six_pillars):
    client, invitation = opened(short, teams["north"], "ann@acme.example")
    empathy = six_pillars.components.get(key="empathy")
    data = page_data(six_pillars, submit_answers="")
    del data[f"c{empathy.pk}-target"]
    response = client.post("/survey/", data)
    assert response.status_code == 200
    assert 'id="missing"' in response.text
    assert "Scegli un obiettivo" in response.text  # the empathy target's own error
    invitation.refresh_from_db()
    assert not invitation.responded
    assert len(Draft.objects.get().ratings) == 52 - empathy.statements.count()
    # The missing target given, the page submits.
    client.post("/survey/", {f"c{empathy.pk}-target": "4", "submit_answers": ""})
    invitation.refresh_from_db()
    assert invitation.responded


def test_save_and_finish_later_on_the_page(short, teams, six_pillars):
    client, _ = opened(short, teams["north"], "ann@acme.example")
    first = six_pillars.components.first()
    statement = first.statements.first()
    response = client.post(
        "/survey/", {f"c{first.pk}-{statement.pk}-current": "1", "save_and_exit": ""}
    )
    assert "Le risposte date finora sono salvate" in response.text
    assert Draft.objects.get().pending == {f"{statement.pk}-current": "1"}


def test_comments_are_kept_per_component_and_leaders_leave_none(short, teams, six_pillars):
    client, _ = opened(short, teams["north"], "ann@acme.example")
    empathy = six_pillars.components.get(key="empathy")
    client.post("/survey/", {"autosave": "1", f"c{empathy.pk}-note": "Più ascolto"})
    assert Draft.objects.get().notes == {str(empathy.pk): "Più ascolto"}
    leader = Client()
    _, token = invite(short, teams["sales"], "lead@acme.example", rater_role="self")
    leader.get(f"/s/{token}/")
    assert "-note" not in leader.get("/survey/").text


def test_gaps_and_the_statements_that_drive_them_read_from_a_component_target(
    short, teams, six_pillars, hr_admin
):
    """Five people rate one statement of recovery 1 now and the rest 4, with a target of 5
    for the component: its gap is 5 less the mean of now, and that statement drives it."""
    recovery = six_pillars.components.get(key="recovery")
    low, *rest = recovery.statements.all()
    for number in range(5):
        client, _ = opened(short, teams["north"], f"p{number}@acme.example")
        data = page_data(six_pillars, "4", "5", submit_answers="")
        data[f"c{recovery.pk}-{low.pk}-current"] = "1"
        assert client.post("/survey/", data).status_code == 302
    release_sealed(short, everything=True)
    publish(short)
    hr = Client()
    hr.force_login(hr_admin)
    report = hr.get(f"/campaigns/{short.pk}/teams/{teams['north'].pk}/").context["result"].report
    row = next(r for r in report.rows if r.component == recovery)
    now = (1 + 4 * len(rest)) / (1 + len(rest))
    assert float(row.score.current) == pytest.approx(now)
    assert float(row.score.target) == 5
    assert float(row.score.gap) == pytest.approx(5 - now)
    area = next(a for a in report.action_areas if a.row.component == recovery)
    assert area.statements[0].statement == low
    assert float(area.statements[0].score.gap) == 4


def test_the_preview_is_the_same_one_page_and_saves_nothing(short, hr_client, six_pillars):
    page = hr_client.get(f"/campaigns/{short.pk}/preview/").text
    assert len(radio_groups(page)) == 58
    assert "data-autosave" not in page
    response = hr_client.post(f"/campaigns/{short.pk}/preview/", page_data(six_pillars))
    assert response.url == f"/campaigns/{short.pk}/"
    assert not Draft.objects.exists()
    assert not Invitation.objects.filter(campaign=short).exists()


def test_a_quick_self_assessment_asks_a_target_once_per_component(
    leader_client, leader, six_pillars
):
    six = six_pillars
    leader_client.post("/assessments/start/", {"framework": six.pk, "detail": "quick"})
    assessment = SelfAssessment.objects.get(leader=leader)
    assert not assessment.target_each_statement
    component = six.components.get(key="integrity")
    url = f"/assessments/{assessment.pk}/step/{component.key}/"
    page = leader_client.get(url).text
    statements = list(component.statements.all())
    assert radio_groups(page) == {f"{s.pk}-current" for s in statements} | {"target"}
    data = {f"{s.pk}-current": "2" for s in statements} | {"target": "4"}
    assert leader_client.post(url, data).status_code == 302
    assert set(assessment.ratings.values_list("current", "target")) == {(2, 4)}
    assert checked(leader_client.get(url).text, "target") == "4"


def test_a_detailed_self_assessment_asks_a_target_for_every_statement(
    leader_client, leader, six_pillars
):
    six = six_pillars
    leader_client.post("/assessments/start/", {"framework": six.pk, "detail": "detailed"})
    assessment = SelfAssessment.objects.get(leader=leader)
    assert assessment.target_each_statement
    component = six.components.get(key="integrity")
    page = leader_client.get(f"/assessments/{assessment.pk}/step/{component.key}/").text
    assert radio_groups(page) == {
        f"{s.pk}-{state}" for s in component.statements.all() for state in ("current", "target")
    }
