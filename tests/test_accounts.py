import os
import subprocess
import sys

from django.core import mail

from accounts.models import User


def test_sign_up_logs_the_new_leader_in(client, db):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.com",
            "first_name": "Nora",
            "last_name": "",
            "password1": "plum-harbour-sketch",
            "password2": "plum-harbour-sketch",
        },
    )
    assert response.url == "/dashboard/"
    assert client.get("/dashboard/").context["user"].email == "new@example.com"


def test_sign_up_with_a_taken_email_is_a_form_error(client, leader):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "leader@example.com",
            "first_name": "Again",
            "password1": "plum-harbour-sketch",
            "password2": "plum-harbour-sketch",
        },
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_log_in_with_email_and_log_out(client, leader):
    response = client.post(
        "/accounts/login/", {"username": "leader@example.com", "password": "a-long-passphrase"}
    )
    assert response.url == "/dashboard/"
    response = client.post("/accounts/logout/")
    assert response.url == "/"
    assert client.get("/dashboard/").status_code == 302


def test_password_change(leader_client, leader):
    response = leader_client.post(
        "/accounts/password_change/",
        {
            "old_password": "a-long-passphrase",
            "new_password1": "violet-canyon-river",
            "new_password2": "violet-canyon-river",
        },
    )
    assert response.url == "/accounts/password_change/done/"
    leader.refresh_from_db()
    assert leader.check_password("violet-canyon-river")


def test_password_reset_sends_a_working_link(client, leader):
    client.post("/accounts/password_reset/", {"email": "leader@example.com"})
    (message,) = mail.outbox
    assert message.to == ["leader@example.com"]
    link = next(line for line in message.body.splitlines() if "/accounts/reset/" in line)
    path = link[link.index("/accounts/reset/") :].strip()
    form_url = client.get(path).url  # Django swaps the token for a session marker
    response = client.post(
        form_url, {"new_password1": "amber-meadow-lantern", "new_password2": "amber-meadow-lantern"}
    )
    assert response.url == "/accounts/reset/done/"
    leader.refresh_from_db()
    assert leader.check_password("amber-meadow-lantern")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    assert response.url == "/accounts/password_reset/done/"
    assert mail.outbox == []


def settings_value(name, **environment):
    code = f"from django.conf import settings; print(settings.{name})"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cxlab.settings", **environment}
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_mail_goes_to_the_console_unless_smtp_is_configured():
    assert settings_value("EMAIL_BACKEND", EMAIL_HOST="") == (
        "django.core.mail.backends.console.EmailBackend"
    )
    assert settings_value("EMAIL_BACKEND", EMAIL_HOST="smtp.example.com") == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def test_a_person_sets_the_name_cxlab_shows_for_them(leader_client, leader):
    assert "Lea" in leader_client.get("/accounts/me/").content.decode()
    response = leader_client.post("/accounts/me/", {"first_name": "Leah", "last_name": "Rossi"})
    assert response.status_code == 302
    leader.refresh_from_db()
    assert leader.name == "Leah Rossi"
    assert ">Leah Rossi</a>" in leader_client.get("/dashboard/").content.decode()
    refused = leader_client.post("/accounts/me/", {"first_name": "", "last_name": "Rossi"})
    assert refused.context["form"].errors.keys() == {"first_name"}


def test_a_session_lasts_a_working_day_unless_the_device_is_remembered(client, leader):
    credentials = {"username": "leader@example.com", "password": "a-long-passphrase"}
    client.post("/accounts/login/", credentials)
    assert client.session.get_expiry_age() == 8 * 60 * 60
    client.post("/accounts/logout/")
    client.post("/accounts/login/", credentials | {"remember": "on"})
    assert client.session.get_expiry_age() == 30 * 24 * 60 * 60
    assert "Keep me logged in" in client.get("/accounts/login/").content.decode()
