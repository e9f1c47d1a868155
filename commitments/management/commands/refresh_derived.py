"""Recompute what commitments show, after writes that went around Django (psql, COPY, loaddata)."""

from django.core.management.base import BaseCommand, CommandError

from commitments.models import Commitment
from commitments.services import derived


class Command(BaseCommand):
    help = (
        "Recompute derived data: the commitments' summary columns, their search documents "
        "(PostgreSQL), the suggestion index, and a new data version. Every write made through "
        "Django (admin, services, commands, the shell, data migrations) does this by itself; run "
        "this after writing the database any other way (SQL in psql, COPY, loaddata): with "
        "--commitment for the commitments the SQL touched, with --all after bulk changes or when "
        "unsure. A rename of a topic, actor, meeting or series in SQL needs only the new data "
        "version, which either gives."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument(
            "--all", action="store_true", help="every commitment (rebuilds the whole indexes)"
        )
        which.add_argument(
            "--commitment",
            nargs="+",
            metavar="SLUG",
            help="only these commitments (their current slugs)",
        )

    def handle(self, *args, all=False, commitment=None, **options):
        if all:
            count = derived.refresh_all()
            self.stdout.write(f"Derived data recomputed for all {count} commitments.")
            return
        found = dict(Commitment.objects.filter(slug__in=commitment).values_list("slug", "id"))
        missing = [slug for slug in commitment if slug not in found]
        if missing:
            raise CommandError(f"No commitment with the slug(s): {', '.join(missing)}.")
        derived.refresh(found.values())
        self.stdout.write(f"Derived data recomputed for {len(found)} commitment(s).")
