"""Load what fixtures/ holds: the source texts, the curated corpus, then suggestions. Safe to rerun."""

from django.conf import settings
from django.core.management.base import BaseCommand

from commitments.services.evidence_file import DEFAULT_PATH as ASSESSMENTS


class Command(BaseCommand):
    help = "Ingest fixtures/sources/, load the curated corpus, suggest links, load assessments (idempotent)."

    def handle(self, *args, **options):
        self.stdout.write("== ingest")
        # The bundled texts were reviewed when the corpus was curated: they load as published.
        self.call("ingest", "--publish", str(settings.SOURCES_DIR))
        # The curated corpus refers to the ingested statements, so it always comes second.
        self.stdout.write("== loadcorpus")
        self.call("loadcorpus")
        # Suggestions made at ingest time knew no commitments yet: propose links against the corpus
        # now, so the editors' review queue shows what the engine would add (never re-proposes).
        self.stdout.write("== suggest")
        self.call("suggest", "--all")
        # Evidence and assessments of the corpus's commitments, where the file is there.
        if ASSESSMENTS.exists():
            self.stdout.write("== loadassessments")
            self.call("loadassessments", str(ASSESSMENTS))

    def call(self, name, *args):
        from django.core.management import call_command

        call_command(name, *args, stdout=self.stdout, stderr=self.stderr)
