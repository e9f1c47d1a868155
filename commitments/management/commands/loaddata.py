"""manage.py loaddata, then the derived data recomputed once.

Refreshing the derived data (commitment summaries, search documents, the suggestion index, the
data version: commitments.tracking) as each row arrives would work on half-loaded data and
collide with the dump's own index rows, so it is muted while the fixtures load, and everything
is recomputed once at the end (derived.refresh_all), in the same transaction: the search
documents, which a dump leaves out, included.
"""

from django.core.management.commands import loaddata
from django.db import transaction

from commitments import tracking
from commitments.services import derived


class Command(loaddata.Command):
    help = loaddata.Command.help + " The derived data is recomputed once, after the load."

    def handle(self, *fixture_labels, **options):
        with transaction.atomic(using=options.get("database")), tracking.muted():
            super().handle(*fixture_labels, **options)
            derived.refresh_all()
