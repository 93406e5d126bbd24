"""HR sees the survey before opening it: branded as the organisation's, previewed as a team
member sees it (nothing saved), and the invitation mailed to themself as a test."""

import pytest
from django.core import mail

from campaigns.models import Draft, Invitation
from organisations.models import Logo
from tests.builders import invite
from tests.test_consultants import image
from tests.test_invitation_mail import run_worker


def test_hr_previews_the_survey_as_a_team_member_sees_it_and_nothing_is_saved(
    hr_client, draft, six_pillars
):
    draft.language = "en"
    draft.save()
    first, second = list(six_pillars.components.all())[:2]
    page = hr_client.get(f"/campaigns/{draft.pk}/preview/")
    assert page.status_code == 200
    assert "Nothing you choose here is saved." in page.text
    assert "data-autosave" not in page.text
    assert draft.organisation.name in page.text.split("</header>")[0]
    statement = first.statements.first()
    moved = hr_client.post(
        f"/campaigns/{draft.pk}/preview/{first.key}/", {f"{statement.pk}-current": "3"}
    )
    assert moved.url == f"/campaigns/{draft.pk}/preview/{second.key}/"
    assert not Draft.objects.exists() and not Invitation.objects.exists()


def test_the_preview_is_hrs_alone(client, leader, draft):
    client.force_login(leader)
    assert client.get(f"/campaigns/{draft.pk}/preview/").status_code == 404


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_hr_mails_themself_a_test_invitation(hr_client, hr_admin, draft, settings):
    settings.SITE_URL = "https://cxlab.example"
    draft.language = "en"
    draft.save()
    hr_client.post(f"/campaigns/{draft.pk}/test-invitation/")
    run_worker()
    [message] = mail.outbox
    assert message.to == [hr_admin.email]
    assert message.subject.startswith("[Test]")
    assert f"https://cxlab.example/campaigns/{draft.pk}/preview/" in message.body
    assert not Invitation.objects.exists()  # nobody was invited


def test_the_survey_carries_the_organisations_logo_for_its_respondents_only(
    client, campaign, teams
):
    Logo.objects.create(
        organisation=campaign.organisation, image=image("PNG"), content_type="image/png"
    )
    _invitation, token = invite(campaign, teams["north"], "ann@acme.example")
    assert client.get("/survey/logo/").status_code == 404  # no link opened in this browser
    step = client.get(client.get(f"/s/{token}/", follow=True).redirect_chain[-1][0]).text
    assert 'src="/survey/logo/?v=' in step.split("</header>")[0]
    logo = client.get("/survey/logo/")
    assert (logo.status_code, logo["Content-Type"]) == (200, "image/png")
    assert bytes(logo.content) == image("PNG")
