"""HR sees the survey before opening it: branded as the organisation's, previewed as a team
member sees it (nothing saved), and the invitation mailed to themself as a test."""

import pytest
from django.core import mail

from campaigns.models import Draft, Invitation
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
