"""Load what fixtures/ holds: the source texts, then the curated corpus. Safe to run again."""

from django.core.management import get_commands
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Ingest fixtures/sources/ and load the curated commitment corpus (idempotent)."

    def handle(self, *args, **options):
        steps = [("ingest", ["fixtures/sources"]), ("loadcorpus", [])]
        available = get_commands()
        for name, args in steps:
            if name in available:
                self.stdout.write(f"== {name}")
                self.call(name, *args)

    def call(self, name, *args):
        from django.core.management import call_command

        call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
