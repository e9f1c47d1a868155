"""Load the curated commitment corpus (fixtures/corpus.yaml) into the database. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from commitments.services.corpus import DEFAULT_PATH, CorpusError, load_corpus, read_corpus


class Command(BaseCommand):
    help = (
        "Load the curated corpus: topics, commitments and their mentions. Creates what is missing, "
        "never edits what exists. The statements it refers to must be ingested first."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="the corpus YAML")

    def handle(self, *args, path, verbosity=1, **options):
        try:
            report = load_corpus(read_corpus(path))
        except CorpusError as exc:
            lines = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                f"{path}: not loaded, nothing written ({len(exc.problems)} problems):\n{lines}"
            ) from exc
        for note in report.notes:
            self.stdout.write(f"note: {note}")
        for redirect in report.redirected:
            self.stdout.write(f"merged away, not re-created: {redirect}")
        for slug in report.deleted:
            self.stdout.write(f"deleted by an editor, not re-created: {slug}")
        self.stdout.write(
            f"Created {len(report.topics)} topics, {len(report.actors)} actors, "
            f"{len(report.commitments)} commitments ({report.aliases} aliases), "
            f"{report.mentions} mentions; {report.mentions_kept} mentions already present."
        )
        if verbosity >= 1:
            for label, names in [
                ("topic", report.topics),
                ("actor", report.actors),
                ("commitment", report.commitments),
            ]:
                for name in names:
                    self.stdout.write(f"  + {label} {name}")
