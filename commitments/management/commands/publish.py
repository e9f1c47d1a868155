"""manage.py publish SLUG... : make draft statements public."""

from django.core.management.base import BaseCommand, CommandError

from commitments.models import Statement
from commitments.services import publication


class Command(BaseCommand):
    help = (
        "Publish the statements named by their addresses (slugs): they, their meetings and the "
        "mentions editors accepted in them become public. A statement with suggestions still "
        "awaiting review is refused unless --allow-pending is given."
    )
    action = "publish"

    def add_arguments(self, parser):
        parser.add_argument("slugs", nargs="+", metavar="SLUG")
        if self.action == "publish":
            parser.add_argument(
                "--allow-pending",
                action="store_true",
                help="publish even when suggestions await review (they stay unpublished)",
            )

    def handle(self, *args, slugs, allow_pending=False, **options):
        statements = {s.slug: s for s in Statement.objects.filter(slug__in=slugs)}
        unknown = [slug for slug in slugs if slug not in statements]
        if unknown:
            raise CommandError(
                "No statement at " + ", ".join(f"“{slug}”" for slug in unknown) + "; nothing done."
            )
        refused = []
        for slug in dict.fromkeys(slugs):
            try:
                outcome = self.change(statements[slug], allow_pending)
            except publication.PublicationError as error:
                refused.append(slug)
                self.stderr.write(f"error: {slug}: {error}")
                continue
            self.stdout.write(f"{slug}: {outcome.message}")
        if refused:
            raise CommandError(f"{len(refused)} statement(s) not {self.action}ed; see above.")

    def change(self, statement, allow_pending):
        return publication.publish(statement, allow_pending=allow_pending)
