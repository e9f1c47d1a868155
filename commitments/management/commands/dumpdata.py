"""manage.py dumpdata, without the derived full-text search documents.

`commitments.CommitmentSearch` is derived (PostgreSQL only; other databases have no such table):
manage.py loaddata recomputes it after loading the rows it is made of, so a dump leaves it out.
The project's "json" format keeps timestamps to the microsecond (trilat/serializers).
"""

from django.core.management.commands import dumpdata

DERIVED = ["commitments.CommitmentSearch"]


class Command(dumpdata.Command):
    help = dumpdata.Command.help + " The derived search documents are left out (rebuilt on load)."

    def handle(self, *app_labels, **options):
        options["exclude"] = [*(options.get("exclude") or []), *DERIVED]
        return super().handle(*app_labels, **options)
