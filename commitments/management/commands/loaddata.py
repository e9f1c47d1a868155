"""manage.py loaddata, with the derived data of a dump loaded as it was.

A dump (manage.py dumpdata) holds the derived data as well: commitment summaries, the suggestion
index. Refreshing them as each row arrives (commitments.tracking) would work on half-loaded data,
change what the dump holds and collide with the dump's own index rows, so the refresh is muted
while a fixture loads. The search documents (PostgreSQL) are rebuilt by the database's triggers.
"""

from django.core.management.commands import loaddata

from commitments import tracking


class Command(loaddata.Command):
    help = loaddata.Command.help + " Derived data is loaded as the dump holds it."

    def handle(self, *fixture_labels, **options):
        with tracking.muted():
            return super().handle(*fixture_labels, **options)
