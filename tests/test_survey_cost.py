"""What a survey page costs: the framework read once per process and shared by every page,
which must never show one campaign's statements, or one language's words, on another's."""

import re

import pytest
from django.test import Client

from campaigns.models import Campaign, CampaignState
from frameworks import steps
from tests.builders import invite


@pytest.fixture(autouse=True)
def no_framework_read_yet(monkeypatch):
    """Each test starts as a process that has shown no survey page."""
    monkeypatch.setattr(steps, "_components", {})


def opened(campaign, team, email) -> Client:
    browser = Client()
    _invitation, token = invite(campaign, team, email)
    browser.get(f"/s/{token}/")
    return browser


def radio_titles(page: str) -> set[str]:
    return set(re.findall(r'<label class="btn [^"]+" for="[^"]+" title="([^"]+)">', page))


def test_a_step_reads_the_framework_once_then_three_queries_a_page(
    campaign, teams, six_pillars, django_assert_num_queries, monkeypatch
):
    browser = opened(campaign, teams["north"], "ann@acme.example")
    first, second = list(six_pillars.components.all())[:2]
    browser.get(f"/survey/{first.key}/")  # the draft made
    monkeypatch.setattr(steps, "_components", {})
    # The invitation with its campaign, framework and organisation, the draft, the logo's
    # date (no session: the link's token is in a cookie); the first page of the process
    # also the components and their statements.
    with django_assert_num_queries(5):
        assert browser.get(f"/survey/{second.key}/").status_code == 200
    with django_assert_num_queries(3):
        assert browser.get(f"/survey/{first.key}/").status_code == 200
    with django_assert_num_queries(3):
        assert browser.get("/survey/review/").status_code == 200


def test_saving_a_step_locks_and_writes_the_draft_once(
    campaign, teams, six_pillars, django_assert_num_queries
):
    browser = opened(campaign, teams["north"], "ann@acme.example")
    first = six_pillars.components.first()
    browser.get(f"/survey/{first.key}/")
    data = {f"{s.pk}-{state}": "3" for s in first.statements.all() for state in steps.STATES}
    # The invitation; the draft's row locked, read and written in a transaction of its
    # own (4).
    with django_assert_num_queries(5):
        assert browser.post(f"/survey/{first.key}/", data).status_code == 302


def open_beside(campaign, framework, name) -> Campaign:
    """An open English campaign of ``framework`` over the same teams and dates."""
    other = Campaign.objects.create(
        organisation=campaign.organisation,
        framework=framework,
        name=name,
        opens_on=campaign.opens_on,
        closes_on=campaign.closes_on,
        language="en",
        state=CampaignState.OPEN,
        target_each_statement=True,
    )
    other.teams.set(campaign.teams.all())
    return other


def test_two_campaigns_of_two_frameworks_each_show_their_own_statements(
    campaign, teams, six_pillars, seed_framework
):
    habits = seed_framework("seven-habits")
    other = open_beside(campaign, framework=habits, name="Habits")
    pillars_browser = opened(campaign, teams["north"], "ann@acme.example")
    habits_browser = opened(other, teams["north"], "bob@acme.example")
    for framework, browser, other_framework in (
        (six_pillars, pillars_browser, habits),
        (habits, habits_browser, six_pillars),
        (six_pillars, pillars_browser, habits),
    ):
        component = framework.components.first()
        page = browser.get(f"/survey/{component.key}/").content.decode()
        names = set(re.findall(r'name="(\d+)-current"', page))
        assert names == {str(s.pk) for s in component.statements.all()}
        assert not names & {
            str(pk) for pk in other_framework.components.values_list("statements", flat=True)
        }
        assert browser.get("/survey/").url == f"/survey/{component.key}/"


def test_two_campaigns_in_two_languages_each_show_their_own_words(campaign, teams, six_pillars):
    english = open_beside(campaign, framework=six_pillars, name="In English")
    italian_browser = opened(campaign, teams["north"], "ann@acme.example")
    english_browser = opened(english, teams["north"], "bob@acme.example")
    first = six_pillars.components.first()
    statement = first.statements.first()
    for _round in range(2):  # each language drawn after the other's, in one process
        italian = italian_browser.get(f"/survey/{first.key}/").content.decode()
        english_page = english_browser.get(f"/survey/{first.key}/").content.decode()
        assert radio_titles(italian) == {
            "Per niente",
            "Raramente",
            "A volte",
            "Per lo più",
            "Pienamente e con costanza",
            "Non applicabile",
        }
        assert radio_titles(english_page) == {
            "Not at all",
            "Rarely",
            "Sometimes",
            "Mostly",
            "Fully and consistently",
            "Not applicable",
        }
        assert italian.count(" n.a.<span") == english_page.count(" N/A<span") == 18
        assert statement.text_it in italian and statement.text_en not in italian
        assert statement.text_en in english_page and statement.text_it not in english_page


def test_a_step_shows_what_the_draft_holds_checked_and_an_error_escaped(
    campaign, teams, six_pillars
):
    browser = opened(campaign, teams["north"], "ann@acme.example")
    first = six_pillars.components.first()
    rated, unrated = list(first.statements.all())[:2]
    page = browser.post(
        f"/survey/{first.key}/", {f"{rated.pk}-current": "2", f"{rated.pk}-target": "na"}
    ).content.decode()
    assert re.findall(r'id="(id_\d+-\w+_\d)" value="\w+" checked', page) == [
        f"id_{rated.pk}-current_1",
        f"id_{rated.pk}-target_5",
    ]
    assert page.count('<div class="text-danger small mt-1">') == 2 * (first.statements.count() - 1)
    assert f'name="{unrated.pk}-current" id="id_{unrated.pk}-current_0" value="1" required>' in (
        page
    )
