"""Create the demo account with one submitted self-assessment, so a newcomer sees a report."""

import random

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.models import User
from assessments.models import SelfAssessment
from frameworks.models import Framework

DEMO_EMAIL = "demo@cxlab.example"
DEMO_PASSWORD = "cxlab-demo-2026"


class Command(BaseCommand):
    help = "Create (or reset) the demo leader account with one submitted self-assessment."

    def handle(self, *args, **options):
        framework = Framework.objects.get(slug="six-pillars", version=1)
        User.objects.filter(email=DEMO_EMAIL).delete()
        user = User.objects.create_user(
            DEMO_EMAIL, DEMO_PASSWORD, first_name="Demo", email_verified_at=timezone.now()
        )
        assessment = SelfAssessment.objects.create(leader=user, framework=framework)
        rng = random.Random(6)  # the same demo report every time
        for component in framework.components.prefetch_related("statements"):
            ratings = {}
            for statement in component.statements.all():
                current = rng.randint(2, 4)
                ratings[statement.pk] = (current, min(5, current + rng.randint(0, 2)))
            assessment.save_step(component, ratings, note="")
        assessment.submit()
        self.stdout.write(f"Demo account ready: {DEMO_EMAIL} / {DEMO_PASSWORD}")
