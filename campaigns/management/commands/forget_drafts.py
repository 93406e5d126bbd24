"""Delete the unsubmitted answers of every campaign that has closed, by HR or by its date."""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from campaigns.models import Campaign, CampaignState
from campaigns.tasks import forget_drafts


class Command(BaseCommand):
    help = "Delete the drafts of campaigns that have closed (run it daily)."

    def handle(self, *args, **options):
        closed = Campaign.objects.filter(
            Q(state=CampaignState.CLOSED)
            | Q(state=CampaignState.OPEN, closes_on__lt=timezone.localdate()),
            drafts_forgotten_on__isnull=True,
        )
        for campaign in closed:
            forgotten = forget_drafts.call(campaign.pk)
            self.stdout.write(f"{campaign}: {forgotten} unsubmitted drafts deleted.")
