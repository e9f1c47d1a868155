"""manage.py unpublish SLUG... : make published statements drafts again."""

from commitments.management.commands import publish
from commitments.services import publication


class Command(publish.Command):
    help = (
        "Make the statements named by their addresses (slugs) drafts again: they, and what "
        "followed from them (mentions, stages, their meeting if no other statement of it is "
        "published), leave the public pages."
    )
    action = "unpublish"

    def change(self, statement, allow_pending):
        return publication.unpublish(statement)
