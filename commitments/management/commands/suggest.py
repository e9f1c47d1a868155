"""(Re)run the suggestion engine on one statement or on all of them."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from commitments.models import Statement
from commitments.suggest import rebuild_index, suggest_for_statement


class Command(BaseCommand):
    help = (
        "Propose pending mentions for a statement's clauses (or every statement's). Existing "
        "mentions, whatever their review, are never touched. Translations are skipped."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--statement", metavar="SLUG", help="the statement to suggest for")
        which.add_argument("--all", action="store_true", help="every statement")
        parser.add_argument(
            "--dry-run", action="store_true", help="show what would be proposed, write nothing"
        )
        parser.add_argument(
            "--reindex",
            action="store_true",
            help="rebuild the suggestion index from every commitment first",
        )

    def handle(self, *args, statement=None, all=False, dry_run=False, reindex=False, **options):
        if not (statement or all or reindex):
            raise CommandError("Say which: --statement SLUG, --all, or --reindex.")
        if statement:
            statements = list(Statement.objects.filter(slug=statement))
            if not statements:
                raise CommandError(f"No statement with the slug {statement!r}.")
        else:
            statements = (
                list(Statement.objects.order_by("meeting__start_date", "id")) if all else []
            )

        with transaction.atomic():
            if reindex:
                count = rebuild_index()
                self.stdout.write(f"Suggestion index rebuilt for {count} commitments.")
            total = 0
            for item in statements:
                if item.translation_of_id:
                    self.stdout.write(f"{item.slug}: translation, skipped (aligned instead)")
                    continue
                mentions = suggest_for_statement(item, dry_run=dry_run)
                total += len(mentions)
                verb = "would propose" if dry_run else "proposed"
                self.stdout.write(f"{item.slug}: {verb} {len(mentions)} mentions")
                if dry_run and options["verbosity"] > 1:
                    for mention in mentions:
                        self.stdout.write(
                            f"  clause {mention.clause_id} -> commitment {mention.commitment_id} "
                            f"({mention.stage}, {mention.score:.2f})"
                        )
            if dry_run:
                transaction.set_rollback(True)
        if statements:
            self.stdout.write(
                f"{'Dry run: ' if dry_run else ''}{total} suggestions over {len(statements)} statements."
            )
