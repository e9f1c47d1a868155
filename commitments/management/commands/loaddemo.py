"""Load what fixtures/ holds: the source texts, then the curated corpus. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Ingest fixtures/sources/ and load the curated commitment corpus (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("== ingest")
        self.call("ingest", str(settings.SOURCES_DIR))
        # The curated corpus refers to the ingested statements, so it always comes second.
        self.stdout.write("== loadcorpus")
        self.call("loadcorpus")

    def call(self, name, *args):
        from django.core.management import call_command

        call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
