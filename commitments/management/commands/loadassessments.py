"""Load evidence and assessments (fixtures/assessments.yaml), published. Safe to run again."""

from django.core.management.base import BaseCommand, CommandError

from commitments.services.evidence_file import DEFAULT_PATH, EvidenceFileError, load, read_file


class Command(BaseCommand):
    help = (
        "Load evidence and assessments from a YAML file, published. Checks every entry first and "
        "writes nothing on any problem; never edits what exists."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH), help="the YAML file")

    def handle(self, *args, path, **options):
        try:
            report = load(read_file(path))
        except EvidenceFileError as exc:
            lines = "\n".join(f"  - {problem}" for problem in exc.problems)
            raise CommandError(
                f"{path}: not loaded, nothing written ({len(exc.problems)} problems):\n{lines}"
            ) from exc
        self.stdout.write(
            f"Created {report.evidence} evidence items and {report.assessments} assessments; "
            f"{report.evidence_kept} evidence items and {report.assessments_kept} assessments "
            "already present."
        )
