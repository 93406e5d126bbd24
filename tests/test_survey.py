"""Answering a campaign from an invitation link: no account, saved as you go, one response."""

import datetime
import io
import logging

import pytest
from django.core.management import call_command
from django.test import Client

from campaigns.models import (
    Campaign,
    Comment,
    Draft,
    GroupCount,
    Invitation,
    RatingTally,
    Response,
    SealedResponse,
    release_sealed,
)
from tests.builders import invite
from tests.test_invitation_mail import run_worker


@pytest.fixture
def member(campaign, teams):
    invitation, token = invite(campaign, teams["north"], "ann@acme.example", name="Ann")
    return invitation, token


def step_data(component, current="3", target="4", **extra):
    data = {}
    for statement in component.statements.all():
        data[f"{statement.pk}-current"] = current
        if target is not None:
            data[f"{statement.pk}-target"] = target
    return {**data, **extra}


def answer_everything(client, token, framework, current="3", target="4"):
    for component in framework.components.all():
        response = client.post(f"/survey/{component.key}/", step_data(component, current, target))
        assert response.status_code == 302, response.content.decode()[:500]


def test_the_link_opens_the_first_step_in_the_campaigns_language(client, member):
    _, token = member
    response = client.get(f"/s/{token}/")
    assert response.url == "/survey/"  # the link is the only address that carries the token
    response = client.get(response.url)
    assert response.url == "/survey/personalisation/"
    page = client.get(response.url).content.decode()
    assert '<html lang="it">' in page
    assert "Personalizzazione" in page
    assert "Log in" not in page and "Accedi" not in page


def test_the_token_is_kept_in_a_signed_cookie_for_the_survey_pages_only(client, member):
    """No session is made for a respondent; the cookie goes to no page but the survey's,
    scripts cannot read it, and a cookie changed by hand, or another link's token written
    into it, opens nothing."""
    from django.contrib.sessions.models import Session

    _, token = member
    response = client.get(f"/s/{token}/")
    cookie = response.cookies["survey"]
    assert (cookie["path"], cookie["httponly"], cookie["samesite"]) == ("/survey/", True, "Lax")
    assert cookie["max-age"] == 8 * 60 * 60
    assert "sessionid" not in response.cookies and not Session.objects.exists()
    assert client.get("/survey/personalisation/").status_code == 200
    assert not Session.objects.exists()

    _other, other_token = invite(member[0].campaign, member[0].team, "bob@acme.example")
    forged = Client()
    forged.cookies["survey"] = cookie.value.replace(token, other_token)
    forged.cookies["survey"]["path"] = "/survey/"
    assert forged.get("/survey/personalisation/").status_code == 404
    forged.cookies["survey"] = other_token
    assert forged.get("/survey/personalisation/").status_code == 404


def test_over_https_the_survey_cookie_is_sent_only_over_https(client, member, settings):
    settings.SESSION_COOKIE_SECURE = True  # as the production settings have it with HTTPS
    cookie = client.get(f"/s/{member[1]}/").cookies["survey"]
    assert cookie["secure"] is True


def test_answers_are_saved_per_step_and_resume_from_the_same_link(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    for key in ("personalisation", "integrity"):
        component = six_pillars.components.get(key=key)
        extra = {"save_and_exit": ""} if key == "integrity" else {}
        client.post(f"/survey/{key}/", step_data(component, **extra))
    assert Draft.objects.get().ratings  # stored, keyed by nothing that names Ann
    # Another device: a fresh client with the same link resumes at the third component.
    device = Client()
    device.get(f"/s/{token}/")
    assert device.get("/survey/").url == "/survey/expectations/"


def test_submitting_stores_an_anonymous_response_and_forgets_the_draft(client, member, six_pillars):
    invitation, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    answer_everything(client, token, six_pillars)
    response = client.post("/survey/submit/")
    assert response.url == "/survey/"
    assert "Grazie" in client.get(response.url).content.decode()
    assert not Draft.objects.exists()
    invitation.refresh_from_db()
    assert invitation.responded
    # Sealed, until its team has enough answers waiting (or the campaign closes).
    assert (SealedResponse.objects.count(), Response.objects.count()) == (1, 0)
    release_sealed(invitation.campaign, everything=True)
    assert Response.objects.count() == 1
    assert GroupCount.objects.get().responses == 1
    assert RatingTally.objects.filter(count=1).count() == 52 * 2


def test_a_second_submission_is_never_a_second_response(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    answer_everything(client, token, six_pillars)
    client.post("/survey/submit/")
    again = client.post("/survey/submit/")  # double click, second tab
    assert again.status_code == 200
    assert "Grazie" in again.content.decode()
    assert SealedResponse.objects.count() == 1


def test_an_incomplete_survey_cannot_be_submitted(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    component = six_pillars.components.get(key="empathy")
    client.post("/survey/empathy/", step_data(component))
    response = client.post("/survey/submit/")
    assert response.url == "/survey/review/"
    assert not Response.objects.exists()


def test_comments_are_stored_apart_from_the_ratings(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    answer_everything(client, token, six_pillars)
    empathy = six_pillars.components.get(key="empathy")
    client.post("/survey/empathy/", step_data(empathy, note="More listening, please"))
    client.post("/survey/submit/")
    release_sealed(Campaign.objects.get(), everything=True)
    comment = Comment.objects.get()
    assert (comment.component, comment.text) == (empathy, "More listening, please")
    assert {f.name for f in Comment._meta.get_fields()} == {
        "id",
        "campaign",
        "team",
        "rater_role",
        "component",
        "text",
        "publication",  # the first publication that shows it
        "shuffle",  # its random place among the others
    }


def test_no_target_question_when_the_campaign_asks_none(client, member, campaign, six_pillars):
    campaign.team_rates_target = False
    campaign.save()
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    page = client.get("/survey/personalisation/").content.decode()
    assert "-target" not in page
    answer_everything(client, token, six_pillars, target=None)
    client.post("/survey/submit/")
    assert not RatingTally.objects.filter(state="target", count__gt=0).exists()


def test_an_unknown_link_gets_a_clear_page(client, db):
    response = client.get("/s/not-a-real-token/")
    assert response.status_code == 404
    assert "recognise this link" in response.content.decode()


def test_a_closed_campaign_gets_a_clear_page(client, member, campaign):
    campaign.closes_on = campaign.opens_on = datetime.date(2020, 1, 1)
    campaign.save()
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    response = client.get("/survey/personalisation/")
    assert response.status_code == 410
    assert "non è aperto" in response.content.decode()


def test_a_bad_rating_is_dropped_and_the_rest_kept(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    component = six_pillars.components.get(key="expectations")
    first, *others = component.statements.all()
    data = step_data(component)
    data[f"{first.pk}-current"] = "7"
    response = client.post("/survey/expectations/", data)
    assert response.status_code == 200
    assert "Le risposte date finora sono salvate" in response.content.decode()
    draft = Draft.objects.get()
    # The other statements are complete; the first waits for a rating of now.
    assert draft.ratings == {str(s.pk): [3, 4] for s in others}
    assert draft.pending == {f"{first.pk}-target": "4"}


def test_the_invitation_is_not_reachable_from_the_response(member):
    # Nothing in Response, its ratings, the tallies or the comments points to a person.
    for model in (Response, RatingTally, GroupCount, Comment, Draft):
        related = {f.related_model for f in model._meta.get_fields() if f.is_relation}
        assert Invitation not in related
        assert not any(getattr(m, "USERNAME_FIELD", None) for m in related if m)


def test_a_saved_step_shows_its_answers_again(client, member, six_pillars):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    component = six_pillars.components.get(key="recovery")
    client.post("/survey/recovery/", step_data(component, "4", "na", note="Faster"))
    device = Client()
    device.get(f"/s/{token}/")
    page = device.get("/survey/recovery/").content.decode()
    assert page.count('value="4" checked') == 10  # recovery: 6 + 4 statements
    assert page.count('value="na" checked') == 10
    assert "Faster</textarea>" in page


@pytest.mark.django_db(transaction=True)  # the worker runs
def test_closing_a_campaign_forgets_the_answers_nobody_submitted(
    client, member, six_pillars, hr_admin, teams
):
    _, token = member
    client.get(f"/s/{token}/")  # the link leaves its token in a cookie
    client.post("/survey/personalisation/", step_data(six_pillars.components.first()))
    answered, answered_token = invite(member[0].campaign, teams["north"], "bob@acme.example")
    Client().get(f"/s/{answered_token}/", follow=True)
    other = Draft.objects.create(key="a draft of another campaign")
    assert Draft.objects.count() == 3

    client.force_login(hr_admin)
    client.post(f"/campaigns/{answered.campaign_id}/close/")
    run_worker()
    assert list(Draft.objects.all()) == [other]


def test_a_survey_page_that_fails_logs_no_link(client, member, caplog):
    """A link is its respondent's key: the log line of a page that failed does not carry it."""
    _, token = member
    assert client.get(f"/s/{token}/no-such-component/").status_code == 404
    (record,) = [record for record in caplog.records if record.name == "django.request"]
    console = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert console.filter(record)
    line = console.format(record)
    assert "Not Found: /s/…/no-such-component/" in line
    assert token not in line


def test_no_address_after_the_link_carries_its_token(client, member, six_pillars):
    """The token would otherwise sit in the browser's history, Referer headers and logs."""
    _, token = member
    visited, pages = [f"/s/{token}/"], []

    def went(response):
        visited.extend(url for url, _status in response.redirect_chain)
        pages.append(response.content.decode())

    went(client.get(visited[0], follow=True))
    for component in six_pillars.components.all():
        went(client.post(f"/survey/{component.key}/", step_data(component), follow=True))
    went(client.post("/survey/submit/", follow=True))
    assert visited[-1] == "/survey/" and "Grazie" in pages[-1]
    assert [url for url in visited if token in url] == [f"/s/{token}/"]
    assert not [page for page in pages if token in page]


def test_the_daily_clean_up_forgets_the_drafts_of_campaigns_closed_by_their_date(
    client, member, campaign, six_pillars
):
    _, token = member
    client.get(f"/s/{token}/")
    client.post("/survey/personalisation/", step_data(six_pillars.components.first()))
    other = Draft.objects.create(key="a draft of another campaign")
    call_command("forget_drafts", stdout=io.StringIO())
    assert Draft.objects.count() == 2  # still open: the answers may yet be submitted

    campaign.closes_on = campaign.opens_on = datetime.date(2026, 1, 1)
    campaign.save()
    report = io.StringIO()
    call_command("forget_drafts", stdout=report)
    assert report.getvalue() == (
        "Spring pulse: final results published.\nSpring pulse: 1 unsubmitted drafts deleted.\n"
    )
    assert list(Draft.objects.all()) == [other]
    call_command("forget_drafts", stdout=report)  # once per campaign
    assert report.getvalue().count("Spring pulse") == 2
