"""Accounts that resist abuse: log-in lock-outs (the admin's too), limits on sign-up, password
reset and survey links, one account per address whatever its case, and a confirmed address
before any organisation role."""

import datetime
import re

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from accounts.models import User
from organisations.models import Membership, Organisation, Role
from tests.builders import invite
from tests.test_invitation_mail import run_worker

PASSWORD = "a-long-passphrase"


def log_in(client, email, password, address="10.0.0.1", path="/accounts/login/"):
    return client.post(path, {"username": email, "password": password}, REMOTE_ADDR=address)


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_lock_the_account_then_the_right_one_is_refused(client, leader):
    statuses = {log_in(client, leader.email, f"guess-{n}").status_code for n in range(50)}
    assert statuses == {200, 429}  # the form's error five times, the lock-out page after
    response = log_in(client, leader.email, PASSWORD)
    assert response.status_code == 429
    assert "logging in is paused for 15 minutes" in response.text
    assert not logged_in(client)
    # From another network too: the account itself is locked.
    assert log_in(Client(), "LEADER@example.com", PASSWORD, address="10.9.9.9").status_code == 429


def test_the_fifth_failure_locks_and_the_lock_ends_after_the_pause(client, leader):
    for n in range(4):
        assert log_in(client, leader.email, f"guess-{n}").status_code == 200
    assert log_in(client, leader.email, "guess-4").status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert log_in(client, leader.email, PASSWORD).status_code == 302
    assert logged_in(client)


def test_failures_in_another_case_count_for_the_same_account(client, leader):
    for n, email in enumerate(["LEADER@EXAMPLE.COM", "Leader@Example.com"] * 3):
        log_in(Client(), email, f"guess-{n}", address=f"10.0.1.{n}")
    assert log_in(client, leader.email, PASSWORD, address="10.0.2.1").status_code == 429


def test_one_network_address_trying_many_accounts_is_locked_out(client, leader, other_leader):
    for n in range(5):
        log_in(client, f"someone-{n}@example.com", "guess", address="10.0.3.3")
    assert log_in(client, leader.email, PASSWORD, address="10.0.3.3").status_code == 429
    assert log_in(Client(), other_leader.email, PASSWORD, address="10.0.3.4").status_code == 302


def test_the_admin_log_in_is_locked_out_too(client, db):
    User.objects.create_superuser("root@cxlab.example", PASSWORD)
    for n in range(5):
        log_in(client, "root@cxlab.example", f"guess-{n}", path="/admin/login/")
    response = log_in(client, "root@cxlab.example", PASSWORD, path="/admin/login/")
    assert response.status_code == 429
    assert not logged_in(client)


def test_the_address_logs_in_whatever_its_case(client, leader):
    assert log_in(client, "LEADER@Example.COM", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(leader.pk)


def sign_up(client, email, address="10.0.0.1", **more):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "first_name": "Ada",
            "password1": "violet-canyon-river",
            "password2": "violet-canyon-river",
            **more,
        },
        REMOTE_ADDR=address,
    )


def test_an_address_in_another_case_is_the_same_account(client, hr_admin):
    response = sign_up(client, "HR@ACME.EXAMPLE")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["An account with this e-mail address already exists."]
    }
    assert list(User.objects.filter(email__iexact="hr@acme.example")) == [hr_admin]


def test_sign_ups_are_limited_per_network_address(client, db):
    for n in range(10):
        assert sign_up(Client(), f"new-{n}@example.com").status_code == 302
    response = sign_up(client, "new-10@example.com")
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert not User.objects.filter(email="new-10@example.com").exists()
    assert sign_up(client, "new-11@example.com", address="10.0.0.2").status_code == 302


def reset(client, email, address="10.0.0.1"):
    return client.post("/accounts/password_reset/", {"email": email}, REMOTE_ADDR=address)


def test_password_resets_are_limited_per_account_without_saying_so(client, leader):
    responses = [
        reset(Client(), email, f"10.0.4.{n}")
        for n, email in enumerate(
            ["leader@example.com", "LEADER@example.com", "leader@example.com", "leader@example.com"]
        )
    ]
    assert [r.url for r in responses] == ["/accounts/password_reset/done/"] * 4
    assert len(mail.outbox) == 3


def test_password_resets_are_limited_per_network_address(client, db):
    for n in range(10):
        assert reset(client, f"someone-{n}@example.com").status_code == 302
    assert reset(client, "someone-10@example.com").status_code == 429
    assert reset(client, "someone-10@example.com", address="10.0.0.2").status_code == 302


def test_unknown_survey_links_are_limited_per_network_address(client, campaign, teams):
    _invitation, token = invite(campaign, teams["north"], "ana@acme.example")
    for n in range(20):
        assert client.get(f"/s/guess-{n}/", REMOTE_ADDR="10.0.5.5").status_code == 404
    # After twenty unknown links, not even a real one opens from that address for a while.
    assert client.get(f"/s/{token}/", REMOTE_ADDR="10.0.5.5").status_code == 429
    assert Client().get(f"/s/{token}/", REMOTE_ADDR="10.0.5.6").url == "/survey/"


def confirmation_path(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/confirm/\S+/)", message.body).group(1)


@pytest.mark.django_db(transaction=True)  # the worker sends the confirmation
def test_a_new_account_confirms_its_address_before_creating_an_organisation(client, settings):
    settings.SITE_URL = "https://cxlab.example"
    assert sign_up(client, "ada@example.com").url == "/dashboard/"
    ada = User.objects.get(email="ada@example.com")
    assert ada.email_verified_at is None
    page = client.get("/organisations/").text
    assert "Confirm your address first" in page
    assert 'name="name"' not in page

    response = client.post("/organisations/", {"name": "Analytical", "role": "admin"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Confirm your e-mail address before creating an organisation."
    ]
    assert not Organisation.objects.exists()

    run_worker()
    [message] = mail.outbox
    assert (message.to, message.subject) == (["ada@example.com"], "Confirm your address for cxlab")
    path = confirmation_path(message)
    # A link for another account, or a damaged one, confirms nothing.
    assert Client().get(path[:-3] + "xx/").status_code == 400
    assert Client().get(path).status_code == 200  # opened on her phone, not logged in there
    ada.refresh_from_db()
    assert ada.email_verified_at is not None

    client.post("/organisations/", {"name": "Analytical", "role": "admin"})
    assert Membership.objects.get(organisation__name="Analytical").user == ada
    # The link was for confirming once; it now leads nowhere new.
    assert "Address confirmed" in Client().get(path).text


def test_accepting_an_invitation_mailed_to_the_address_confirms_it(hr_client, acme):
    newcomer = User.objects.create_user("nadia@acme.example", PASSWORD)
    hr_client.post(f"/organisations/{acme.pk}/members/", {"email": newcomer.email, "role": "admin"})
    invitation = acme.colleague_invitations.get()
    token = invitation.token  # the secret only the mailed link carries
    nadia = Client()
    nadia.force_login(newcomer)
    assert nadia.post(f"/join/{token}/").url == "/dashboard/"
    newcomer.refresh_from_db()
    assert newcomer.email_verified_at is not None
    assert acme.memberships.get(user=newcomer).role == Role.ADMIN


def test_the_confirmation_can_be_sent_again_and_not_for_a_confirmed_address(client, leader, db):
    ada = User.objects.create_user("ada@example.com", PASSWORD)
    client.force_login(ada)
    response = client.post("/accounts/confirm/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "A new link to confirm your address is on its way to ada@example.com."
    ]
    client.force_login(leader)
    assert list(client.post("/accounts/confirm/", follow=True).context["messages"]) == []


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_first_account_of_each_address_and_says_so(capsys):
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0001_initial")])
    old = executor.loader.project_state([("accounts", "0001_initial")]).apps
    OldUser = old.get_model("accounts", "User")
    first = OldUser.objects.create(email="hr-a@a.example", date_joined=timezone.now())
    later = OldUser.objects.create(
        email="HR-A@A.EXAMPLE", date_joined=timezone.now() + datetime.timedelta(days=1)
    )
    OldUser.objects.create(email="someone@a.example", date_joined=timezone.now())

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert {(u.pk, u.email, u.is_active) for u in User.objects.all()} == {
        (first.pk, "hr-a@a.example", True),
        (later.pk, f"HR-A+duplicate-{later.pk}@A.EXAMPLE", False),
        (later.pk + 1, "someone@a.example", True),
    }
    assert capsys.readouterr().out.strip() == (
        f"Account #{later.pk} (HR-A@A.EXAMPLE) duplicated #{first.pk} (hr-a@a.example) but "
        f"for case: deactivated, now HR-A+duplicate-{later.pk}@A.EXAMPLE."
    )
