"""Create a demo organisation with N teams and M responses, in bulk."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from campaigns.demo import create_demo_organisation
from frameworks.models import Framework
from organisations.models import Membership, Organisation, Role


class Command(BaseCommand):
    help = "Create a demo organisation with an open campaign, N teams and M responses."

    def add_arguments(self, parser):
        parser.add_argument("--name", default="Demo Company")
        parser.add_argument("--teams", type=int, default=12)
        parser.add_argument("--responses", type=int, default=150)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--language", choices=dict(settings.LANGUAGES), default="en")
        parser.add_argument(
            "--admin", metavar="EMAIL", help="An existing account to make the organisation's HR."
        )
        parser.add_argument(
            "--consultant", metavar="EMAIL", help="An existing account to make its consultant."
        )

    def handle(self, *args, name, teams, responses, seed, language, **options):
        if teams < 1 or responses < 0:
            raise CommandError("Give at least one team and no negative number of responses.")
        people = []
        for role in (Role.ADMIN, Role.CONSULTANT):
            if email := options[role]:
                if not (user := User.objects.filter(email__iexact=email).first()):
                    raise CommandError(f"No account uses {email}.")
                people.append((user, role))
        organisation = Organisation.objects.filter(name=name).first()
        if organisation:
            self.stdout.write(f"{name} is already there: give another --name for a new one.")
        else:
            started = time.perf_counter()
            framework = Framework.objects.get(slug="six-pillars", version=1)
            campaign = create_demo_organisation(name, teams, responses, framework, seed, language)
            organisation = campaign.organisation
            self.stdout.write(
                f"{name}: {teams} teams, {responses} responses (+{teams} leaders) "
                f"in {time.perf_counter() - started:.1f} s; campaign {campaign.pk}."
            )
        for user, role in people:
            Membership.objects.update_or_create(
                organisation=organisation, user=user, defaults={"role": role}
            )
            self.stdout.write(f"{user.email} is its {role.label}.")
