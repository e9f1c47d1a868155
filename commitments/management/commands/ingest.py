"""manage.py ingest PATH... : ingest source texts (files, or every file in a directory)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.ingest import IngestError, parse_source, save_parsed
from commitments.services import publication

SKIPPED_NAMES = {"readme", "readme.md", "readme.txt", ".gitkeep"}


class Command(BaseCommand):
    help = (
        "Ingest source texts: each FILE, or every file in each DIRECTORY, as drafts that only "
        "editors see until published (--publish publishes them at once). Idempotent: a text "
        "already ingested is reported with its address and left alone. Exits non-zero on errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish what is ingested (and what was already there) at once, even with "
            "suggestions awaiting review",
        )

    def handle(self, *args, paths, publish=False, **options):
        files, problems = collect_files(paths)
        for problem in problems:
            self.stderr.write(f"error: {problem}")
        results = []
        for path in files:
            try:
                raw = read_limited(path)
            except OSError as exc:
                problems.append(f"{path}: {exc.strerror or exc}")
                self.stderr.write(f"error: {path}: cannot read it ({exc.strerror or exc})")
                continue
            result = parse_source(raw, filename=path.name)
            if result.ok:
                results.append((path, result))
            else:
                problems.append(str(path))
                for error in result.errors:
                    self.stderr.write(f"error: {path}: {error}")
        # Official texts first, so a translation in the same batch finds its original.
        results.sort(key=lambda item: item[1].metadata.is_translation)
        for path, result in results:
            try:
                outcome = save_parsed(result)
            except IngestError as exc:
                problems.append(str(path))
                self.stderr.write(f"error: {path}: {exc.message}")
                continue
            self.stdout.write(f"{path}: {outcome.message}")
            if outcome.created:
                for warning in outcome.warnings:
                    self.stdout.write(f"  warning: {warning}")
            if publish:
                published = publication.publish(outcome.statement, allow_pending=True)
                self.stdout.write(f"  {published.message}")
        if problems:
            raise CommandError(f"{len(problems)} file(s) not ingested; see the errors above.")


def collect_files(paths):
    """Files named, and the files inside directories named (sorted, hidden ones skipped)."""
    files, problems = [], []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(
                sorted(
                    child
                    for child in path.iterdir()
                    if child.is_file()
                    and not child.name.startswith(".")
                    and child.name.casefold() not in SKIPPED_NAMES
                )
            )
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    return files, problems


def read_limited(path):
    """The file's bytes; a file over the size limit is read only far enough to be refused."""
    from django.conf import settings

    with path.open("rb") as handle:
        return handle.read(settings.INGEST_MAX_BYTES + 1)
