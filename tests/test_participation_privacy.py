"""HR follows participation by team, never by person: nothing on the participants page tells
who has answered, and "Leader (self)" is always the team's own leader.

Each attack is made as HR would make it, through the app's own pages.
"""

import re

import pytest
from django.core import mail

from accounts.models import User
from campaigns.models import Invitation
from organisations.models import Membership, Role
from tests.builders import every_statement, mailed
from tests.test_campaign_setup import upload
from tests.test_invitation_mail import run_worker


def mail_cells(client, campaign) -> dict[str, str]:
    """What the participants page shows of each person's mail, by e-mail."""
    page = client.get(f"/campaigns/{campaign.pk}/participants/").text
    rows = re.findall(
        r"<tr>\s*<td>([^<]+)</td>.*?</td>.*?</td>.*?</td>\s*<td>(.*?)</td>", page, re.S
    )
    return {email: " ".join(cell.split()) for email, cell in rows}


@pytest.mark.django_db(transaction=True)  # the mail worker runs
def test_a_reminder_leaves_nothing_on_the_page_that_tells_who_answered(hr_client, campaign, teams):
    for email in ("ann@acme.example", "bob@acme.example"):
        hr_client.post(
            f"/campaigns/{campaign.pk}/participants/add/",
            {"email": email, "team": teams["north"].pk, "rater_role": "team"},
        )
    run_worker()
    Invitation.objects.get(email="bob@acme.example").submit(
        every_statement(campaign.framework, 3, 4)
    )
    mailed(campaign)  # two days on: a reminder may go
    mail.outbox.clear()

    hr_client.post(f"/campaigns/{campaign.pk}/remind/", {"team": teams["north"].pk})
    queued = mail_cells(hr_client, campaign)
    run_worker()
    sent = mail_cells(hr_client, campaign)

    assert [message.to for message in mail.outbox] == [["ann@acme.example"]]
    # Ann has not answered and Bob has: their rows read the same, before and after.
    for cells in (queued, sent):
        assert set(cells) == {"ann@acme.example", "bob@acme.example"}
        assert cells["ann@acme.example"] == cells["bob@acme.example"]
    assert queued == sent


def test_only_a_teams_leader_is_invited_as_its_leader(hr_client, campaign, teams, leader):
    member = User.objects.create_user("max@acme.example", "a-long-passphrase")
    refused = hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {"email": member.email, "team": teams["sales"].pk, "rater_role": "self"},
    )
    assert "max@acme.example is not a leader of “Sales”" in refused.text
    file = upload(hr_client, campaign, "email,name,team,role\nmax@acme.example,Max,Sales,leader\n")
    assert "max@acme.example is not a leader of “Sales”" in file.text
    assert not Invitation.objects.exists()

    # Sales's own leader is, in either way.
    hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {"email": leader.email, "team": teams["sales"].pk, "rater_role": "self"},
    )
    assert list(Invitation.objects.values_list("email", "rater_role")) == [
        ("leader@example.com", "self")
    ]


def test_every_change_to_the_participants_is_recorded_for_every_admin(
    hr_client, campaign, teams, acme, client
):
    """Someone added after opening could be an address HR reads, answered in their name: the
    other admins see who added whom, and when."""
    hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {"email": "new@acme.example", "team": teams["north"].pk, "rater_role": "team"},
    )
    upload(hr_client, campaign, "email,name,team,role\nann@acme.example,Ann,North,member\n")
    consultant = User.objects.create_user("cons@advisers.example", "a-long-passphrase")
    Membership.objects.create(organisation=acme, user=consultant, role=Role.CONSULTANT)
    client.force_login(consultant)

    page = client.get(f"/campaigns/{campaign.pk}/participants/").text
    (record,) = re.findall(
        r'<details class="mb-3" id="participant-changes">(.*?)</details>', page, re.S
    )
    lines = [" ".join(line.split()) for line in re.findall(r"<li>(.*?)</li>", record, re.S)]
    assert [line.split(" · ", 1)[1] for line in lines] == [
        "hr@acme.example · Imported from a file (after opening): 1 person · people.csv",
        "hr@acme.example · Added (after opening): 1 person · new@acme.example",
    ]
    assert list(campaign.participant_changes.values_list("changed_by__email", flat=True)) == [
        "hr@acme.example",
        "hr@acme.example",
    ]


def test_an_organisation_can_keep_participants_to_its_own_domains(hr_client, campaign, teams):
    """HR cannot then invite an address it reads itself, to answer in its name."""
    organisation = campaign.organisation
    url = f"/organisations/{organisation.pk}/participant-domains/"
    refused = hr_client.post(url, {"participant_domains": "acme.example, x y"}, follow=True)
    assert "“x y” is not a domain such as acme.com." in refused.text
    hr_client.post(url, {"participant_domains": " ACME.example ,acme.it"})
    organisation.refresh_from_db()
    assert organisation.participant_domains == "acme.example, acme.it"

    outside = "max@mailbox.example"
    added = hr_client.post(
        f"/campaigns/{campaign.pk}/participants/add/",
        {"email": outside, "team": teams["north"].pk, "rater_role": "team"},
    )
    assert f"{outside} is not at one of the organisation&#x27;s e-mail domains" in added.text
    file = upload(
        hr_client,
        campaign,
        f"email,name,team,role\nann@acme.it,Ann,North,member\n{outside},Max,North,member\n",
    )
    assert f"{outside} is not at one of the organisation&#x27;s e-mail domains" in file.text
    assert not Invitation.objects.exists()  # nothing imported from a file with a bad line
    upload(hr_client, campaign, "email,name,team,role\nann@acme.it,Ann,North,member\n")
    assert list(Invitation.objects.values_list("email", flat=True)) == ["ann@acme.it"]
