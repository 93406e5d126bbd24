"""Finish every campaign that has closed, by HR or by its date: publish its final results
and delete its unsubmitted answers."""

from django.core.management.base import BaseCommand

from campaigns.models import Campaign
from campaigns.publishing import final_publication
from campaigns.tasks import forget_drafts


class Command(BaseCommand):
    help = "Publish the final results of closed campaigns and delete their drafts (run daily)."

    def handle(self, *args, **options):
        for campaign in Campaign.objects.closed().exclude(publications__final=True):
            final_publication(campaign)
            self.stdout.write(f"{campaign}: final results published.")
        for campaign in Campaign.objects.closed().filter(drafts_forgotten_on__isnull=True):
            forgotten = forget_drafts.call(campaign.pk)
            self.stdout.write(f"{campaign}: {forgotten} unsubmitted drafts deleted.")
