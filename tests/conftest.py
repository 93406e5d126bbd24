"""Named personas and the framework fixture, shared by every test."""

import pytest
from django.core.management import call_command

from accounts.models import User
from frameworks.models import Framework


@pytest.fixture
def six_pillars(db) -> Framework:
    call_command("loaddata", "six_pillars", verbosity=0)
    return Framework.objects.get(slug="six-pillars", version=1)


@pytest.fixture
def leader(db) -> User:
    return User.objects.create_user("leader@example.com", "a-long-passphrase", first_name="Lea")


@pytest.fixture
def other_leader(db) -> User:
    return User.objects.create_user("other@example.com", "a-long-passphrase", first_name="Otto")


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client
