"""Queue, for the worker, the erasure of the participants of every campaign closed for longer
than its organisation keeps their names and addresses."""

from django.core.management.base import BaseCommand

from campaigns.erasure import erase_expired_participants


class Command(BaseCommand):
    help = "Queue the erasure of participants' names and addresses past retention (run daily)."

    def handle(self, *args, **options):
        erase_expired_participants.enqueue()
        self.stdout.write("Erasure of participants past their retention queued for the worker.")
