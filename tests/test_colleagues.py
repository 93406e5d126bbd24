"""HR adds a colleague (HR, consultant, leader) by e-mail, whether or not they have an account:
an invitation to join, accepted only by the account with that address."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import User
from organisations.models import ColleagueInvitation, Membership, Role
from tests.test_invitation_mail import run_worker


def invite_colleague(hr_client, acme, email, role="leader"):
    response = hr_client.post(
        f"/organisations/{acme.pk}/members/", {"email": email, "role": role}, follow=True
    )
    assert response.redirect_chain == [(f"/organisations/{acme.pk}/", 302)]
    return [str(m) for m in response.context["messages"]]


def join_link(message) -> str:
    return re.search(r"https?://\S+/join/[^/\s]+/", message.body).group(0)


@pytest.mark.django_db(transaction=True)  # the worker runs
def test_a_colleague_without_an_account_is_invited_and_joins_on_accepting(
    hr_client, acme, settings
):
    settings.SITE_URL = "https://cxlab.example"
    said = invite_colleague(hr_client, acme, "Nadia@Acme.example", "consultant")
    assert said == [
        "An invitation to join is on its way to nadia@acme.example: they join once they accept it."
    ]
    assert not Membership.objects.filter(user__email="nadia@acme.example").exists()
    page = hr_client.get(f"/organisations/{acme.pk}/").text
    assert "nadia@acme.example" in page.split('id="invited"')[1][:400]

    run_worker()
    [message] = mail.outbox
    assert message.to == ["nadia@acme.example"]
    assert message.subject == "Join Acme on cxlab"
    assert message.from_email.startswith("Acme <")
    assert "invites you to join Acme on cxlab, as Consultant" in message.body
    assert message.alternatives[0][1] == "text/html"
    path = join_link(message).removeprefix(settings.SITE_URL)

    # She has no account: the link sends her to sign up with that address, then back.
    nadia = Client()
    page = nadia.get(path).text
    assert "log in with nadia@acme.example" in page
    signup = f"/accounts/signup/?next={path}&email=nadia%40acme.example"
    assert signup.replace("&", "&amp;") in page
    assert nadia.get(signup).context["form"]["email"].value() == "nadia@acme.example"
    response = nadia.post(
        "/accounts/signup/",
        {
            "email": "nadia@acme.example",
            "first_name": "Nadia",
            "last_name": "Neri",
            "password1": "a-long-passphrase-1",
            "password2": "a-long-passphrase-1",
            "next": path,
        },
    )
    assert response.url == path
    assert nadia.post(path).url == "/dashboard/"
    membership = Membership.objects.get(user__email="nadia@acme.example")
    assert (membership.organisation, membership.role) == (acme, Role.CONSULTANT)
    # Once accepted, the link is spent.
    assert Client().get(path).status_code == 404


def test_whoever_the_address_belongs_to_hr_is_told_the_same(hr_client, acme, leader):
    known = invite_colleague(hr_client, acme, leader.email)
    unknown = invite_colleague(hr_client, acme, "nobody@x.example")
    assert [line.replace(leader.email, "X") for line in known] == [
        line.replace("nobody@x.example", "X") for line in unknown
    ]
    assert not Membership.objects.filter(user=leader).exists()  # not until they accept
    assert not User.objects.filter(email="nobody@x.example").exists()


@pytest.mark.django_db(transaction=True)  # the worker runs
def test_only_the_account_with_the_invited_address_can_accept(hr_client, acme, leader):
    invite_colleague(hr_client, acme, "lea@acme.example", "admin")
    run_worker()
    path = "/" + join_link(mail.outbox[0]).split("/", 3)[3]
    # The link forwarded, or a look-alike account: shown, but accepting does nothing.
    other = Client()
    other.force_login(leader)
    page = other.get(path).text
    assert "This invitation is for lea@acme.example" in page
    assert other.post(path).status_code == 200
    assert not Membership.objects.filter(user=leader).exists()
    # The invited address, written in capitals on the account, is the same address.
    lea = User.objects.create_user("LEA@acme.example", "a-long-passphrase")
    invited = Client()
    invited.force_login(lea)
    invited.post(path)
    assert Membership.objects.get(user=lea).role == Role.ADMIN


def test_a_member_changes_role_at_once(hr_client, acme, leader):
    Membership.objects.create(organisation=acme, user=leader, role=Role.MEMBER)
    said = invite_colleague(hr_client, acme, leader.email.upper(), "leader")
    assert said == [f"{leader.email} is Leader now."]
    assert Membership.objects.get(user=leader).role == Role.LEADER
    assert not ColleagueInvitation.objects.exists()


@pytest.mark.django_db(transaction=True)  # the worker runs
def test_a_withdrawn_or_old_invitation_leads_nowhere(hr_client, acme):
    invite_colleague(hr_client, acme, "first@acme.example")
    invite_colleague(hr_client, acme, "second@acme.example")
    first, second = ColleagueInvitation.objects.order_by("pk")
    hr_client.post(f"/organisations/{acme.pk}/invitations/{first.pk}/withdraw/")
    ColleagueInvitation.objects.filter(pk=second.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    run_worker()
    assert mail.outbox == []  # withdrawn, or too old, before the worker came to them
    for invitation in (first, second):
        assert Client().get(f"/join/{invitation.token}/").status_code == 404
    page = hr_client.get(f"/organisations/{acme.pk}/").text
    assert 'id="invited"' not in page


def test_inviting_again_replaces_the_pending_invitation(hr_client, acme):
    invite_colleague(hr_client, acme, "ann@acme.example", "leader")
    invite_colleague(hr_client, acme, "ann@acme.example", "admin")
    [invitation] = ColleagueInvitation.objects.all()
    assert invitation.role == Role.ADMIN


@pytest.mark.parametrize("email", ["not an address", "a" * 250 + "@x.example"])
def test_a_bad_address_invites_nobody(hr_client, acme, email):
    hr_client.post(f"/organisations/{acme.pk}/members/", {"email": email, "role": "leader"})
    assert not ColleagueInvitation.objects.exists()
