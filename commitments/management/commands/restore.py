"""manage.py restore PATH: replace the database with a backup (see commitments/services/backups.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from commitments.services import backups


class Command(BaseCommand):
    help = (
        "Replace every table of the database with the backup's (made by manage.py backup), in "
        "one transaction: it completes or changes nothing. Stop the server first, or it waits "
        "for the server's open transactions."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, path, interactive=True, **options):
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"Replace the data of “{name}” with {path}? Type “yes”: ")
            if answer.strip().lower() != "yes":
                raise CommandError("Nothing restored.")
        try:
            backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(f"{error} Nothing restored.") from None
        self.stdout.write(f"Restored {path} into {name}.")
