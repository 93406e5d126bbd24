"""Dates, times and "not applicable" by the reader's language: "1 December 2026" and
"1 dicembre 2026", 24-hour times, "n.a." in Italian."""

import datetime

import pytest
from django.utils import formats, timezone, translation

from campaigns.models import ParticipantChange
from tests.builders import invite

ITALIAN_MONTHS = (
    "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre"
)
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
)


@pytest.mark.parametrize(
    "language, written",
    [
        ("en", ["1 December 2026", "1 Dec 2026", "1 Dec 2026, 21:04"]),
        ("it", ["1 dicembre 2026", "01/12/2026", "01/12/2026 21:04"]),
    ],
)
def test_each_language_writes_dates_its_own_way(language, written):
    day = datetime.date(2026, 12, 1)
    moment = timezone.make_aware(datetime.datetime(2026, 12, 1, 21, 4))
    with translation.override(language):
        assert [
            formats.date_format(day),
            formats.date_format(day, "SHORT_DATE_FORMAT"),
            formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT"),
        ] == written


@pytest.mark.parametrize("language, months", [("en", ENGLISH_MONTHS), ("it", ITALIAN_MONTHS)])
def test_the_campaign_page_names_its_dates_in_the_readers_language(
    hr_client, campaign, language, months
):
    ParticipantChange.record(campaign, None, ParticipantChange.Kind.ADDED, 1, "ann@acme.example")
    page = hr_client.get(f"/campaigns/{campaign.pk}/", HTTP_ACCEPT_LANGUAGE=language).text
    closes = campaign.closes_on
    assert f"{closes.day} {months.split()[closes.month - 1]} {closes.year}" in page
    changes = hr_client.get(
        f"/campaigns/{campaign.pk}/participants/", HTTP_ACCEPT_LANGUAGE=language
    ).text
    assert " a.m." not in changes and " p.m." not in changes


def test_not_applicable_reads_in_italian(client, campaign, teams):
    _invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    page = client.get(client.get(f"/s/{token}/", follow=True).redirect_chain[-1][0]).text
    assert "n.a.<span" in page and "N/A" not in page  # the campaign is in Italian
