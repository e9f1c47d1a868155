"""manage.py ingest PATH... : ingest source texts (files, or every file in a directory).

What a text does not say can be given for every file named (--series, --date, --place, --title,
--publisher, --found-at, --source-url, --language, --translation-of), validated as the admin
validates it. --dry-run prints each parse as JSON and writes nothing.
"""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.ingest import IngestError, destination, parse_source, save_parsed
from commitments.ingest.given import GivenMetadataForm, given_values
from commitments.services import publication

SKIPPED_NAMES = {"readme", "readme.md", "readme.txt", ".gitkeep"}
# Option -> field of GivenMetadataForm.
GIVEN_OPTIONS = {
    "series": "series",
    "date": "meeting_date",
    "place": "place",
    "title": "title",
    "publisher": "publisher",
    "found_at": "found_at",
    "source_url": "source_url",
    "language": "language",
    "translation_of": "translation_of",
}
# Given to save_parsed, not to parse_source: they name rows of the database.
SAVE_ONLY = {"translation_of"}


class Command(BaseCommand):
    help = (
        "Ingest source texts: each FILE, or every file in each DIRECTORY, as drafts that only "
        "editors see until published (--publish publishes them at once). Idempotent: a text "
        "already ingested is reported with its address and left alone. Exits non-zero on errors."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        given = parser.add_argument_group("what the texts do not say (applies to every file)")
        given.add_argument(
            "--series", help="meeting series (a known series, an alias or a new name)"
        )
        given.add_argument("--date", help="meeting date, YYYY-MM-DD")
        given.add_argument("--place", help="where the meeting was")
        given.add_argument("--title", help="the statement's title")
        given.add_argument("--publisher", help="the institution that issued the statement")
        given.add_argument("--found-at", help="for a repost: the site the text was found on")
        given.add_argument("--source-url", help="the address the text was taken from")
        given.add_argument("--language", help="language code: en, ko, ja")
        given.add_argument("--translation-of", metavar="SLUG", help="the statement it translates")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="publish what is ingested (and what was already there) at once, even with "
            "suggestions awaiting review",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="print each parse as JSON (metadata, warnings, clauses, destination); write nothing",
        )

    def handle(self, *args, paths, dry_run=False, publish=False, **options):
        given = self.given(options)
        parse_given = {k: v for k, v in given.items() if k not in SAVE_ONLY}
        save_given = {k: v for k, v in given.items() if k in SAVE_ONLY}
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
            result = parse_source(raw, filename=path.name, given=parse_given)
            if dry_run:
                self.stdout.write(json.dumps(dry_run_report(path, result, save_given), indent=2))
            if result.ok:
                results.append((path, result))
            else:
                problems.append(str(path))
                for error in result.errors:
                    self.stderr.write(f"error: {path}: {error}")
        if not dry_run:
            self.save(results, save_given, problems, publish)
        if problems:
            raise CommandError(f"{len(problems)} file(s) not ingested; see the errors above.")

    def given(self, options):
        """The values given on the command line, cleaned by the admin's own form."""
        supplied = {
            field: options[option]
            for option, field in GIVEN_OPTIONS.items()
            if options.get(option) not in (None, "")
        }
        form = GivenMetadataForm(data=supplied)
        if not form.is_valid():
            fields = {field: option for option, field in GIVEN_OPTIONS.items()}
            messages = [
                f"--{fields[name].replace('_', '-')}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ]
            raise CommandError("; ".join(messages))
        return given_values(form, supplied)

    def save(self, results, save_given, problems, publish=False):
        # Official texts first, so a translation in the same batch finds its original.
        results.sort(key=lambda item: item[1].metadata.is_translation)
        for path, result in results:
            try:
                outcome = save_parsed(result, overrides=save_given)
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


def dry_run_report(path, result, save_given):
    """What parsing found in one file, as JSON-ready data (reads the database, writes nothing)."""
    report = {"file": str(path), "kept": result.ok, "errors": result.errors}
    if not result.ok:
        return report
    meta = result.metadata
    words, found = destination(result, save_given)
    report.update(
        {
            "metadata": {
                "title": meta.title,
                "kind": meta.kind,
                "meeting_date": _iso(meta.meeting_date),
                "end_date": _iso(meta.end_date),
                "published_on": _iso(meta.published_on),
                "place": meta.place,
                "is_virtual": meta.is_virtual,
                "series": meta.series,
                "series_known": meta.series_known,
                "ordinal": meta.ordinal,
                "participants": [
                    {"name": p.name, "known_as": p.known, "title": p.title, "country": p.country}
                    for p in meta.participants
                ],
                "parties": meta.parties,
                "publisher": meta.publisher,
                "found_at": meta.found_at,
                "is_repost": meta.is_repost,
                "source_url": meta.source_url,
                "language": meta.language,
                "is_translation": meta.is_translation,
                "is_unofficial_translation": meta.is_unofficial_translation,
            },
            "warnings": result.warnings,
            "clauses": [clause.text for clause in result.clauses],
            "destination": {"description": words, **(found.as_dict() if found else {})},
        }
    )
    return report


def _iso(date):
    return date.isoformat() if date else None


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
    with path.open("rb") as handle:
        return handle.read(settings.INGEST_MAX_BYTES + 1)
