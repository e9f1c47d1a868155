"""manage.py backup [PATH]: a backup of the whole database (see commitments/services/backups.py)."""

from django.core.management.base import BaseCommand, CommandError

from commitments.services import backups


class Command(BaseCommand):
    help = (
        "Write a backup of the whole database: pg_dump's custom format on PostgreSQL, a copy of "
        "the database file on SQLite. Prints where it went."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="default: backups/trilat-DATE-TIME.dump")

    def handle(self, *args, path=None, **options):
        try:
            written = backups.backup(path or backups.default_path())
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(written))
