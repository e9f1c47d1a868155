"""Build a synthetic corpus for scale tests and benchmarks (see commitments/synthesize.py)."""

import resource
import time

from django.core.management.base import BaseCommand, CommandError

from commitments.synthesize import synthesize


def peak_rss_mb():
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Command(BaseCommand):
    help = (
        "Write a realistic synthetic corpus: N meetings with one statement of K clauses each, "
        "M commitments mentioned 1 to 30 times. Deterministic for a seed. Use a dedicated "
        "database (DATABASE_URL=...) for large sizes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--meetings", type=int, required=True, help="N meetings")
        parser.add_argument("--commitments", type=int, required=True, help="M commitments")
        parser.add_argument(
            "--clauses-per-statement", type=int, default=200, help="K clauses per statement"
        )
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--batch-size", type=int, default=5000, help="rows per bulk write (memory bound)"
        )
        parser.add_argument("--database", default="default", help="Django database alias")

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        started = time.perf_counter()
        try:
            report = synthesize(
                meetings=options["meetings"],
                commitments=options["commitments"],
                clauses_per_statement=options["clauses_per_statement"],
                seed=options["seed"],
                batch_size=options["batch_size"],
                using=options["database"],
                log=lambda message: self.stdout.write(
                    f"[{time.perf_counter() - started:7.1f} s, peak RSS {peak_rss_mb():4.0f} MB] "
                    f"{message}"
                ),
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"synthesized {report.meetings} meetings, {report.statements} statements, "
                f"{report.clauses} clauses, {report.commitments} commitments "
                f"({report.aliases} aliases), {report.mentions} mentions in {elapsed:.1f} s"
            )
        )
        if report.suggestion_index:
            self.stdout.write(report.suggestion_index)
        self.stdout.write(f"peak RSS: {peak_rss_mb():.0f} MB")
