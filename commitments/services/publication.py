"""Publication: a statement is a draft, seen only by editors, until an editor publishes it.

Publishing makes public the statement, its meeting (a meeting is public once one of its statements
is), and the mentions an editor accepted in it, with every fact that follows from them: the
commitments' stages and dates, "not mentioned since", what the meeting did. Unpublishing takes them
back. Both are recorded in the statement's history with who did it.
"""

from dataclasses import dataclass

from django.utils import timezone

from commitments import tracking
from commitments.models import Meeting, Mention, Statement
from commitments.services import synonyms


class PublicationError(Exception):
    """A publication refused with a message an editor can act on; nothing was written."""


class PendingSuggestions(PublicationError):
    """Publishing would make public a statement whose suggestions are not all reviewed."""

    def __init__(self, statement, count):
        super().__init__(
            f"“{statement}” still has {count} suggestion{'' if count == 1 else 's'} awaiting "
            "review; publish anyway only if they can wait (they stay unpublished until accepted)."
        )
        self.count = count


@dataclass
class Outcome:
    statement: Statement
    changed: bool
    pending: int = 0

    @property
    def message(self):
        if not self.changed:
            state = "published" if self.statement.is_published else "a draft"
            return f"“{self.statement}” was already {state}."
        if self.statement.is_published:
            waiting = f" ({self.pending} suggestions still await review)" if self.pending else ""
            return f"Published “{self.statement}”{waiting}."
        return f"Unpublished “{self.statement}”: it is a draft again."


def pending_suggestions(statement):
    """How many suggested mentions of the statement's clauses await an editor's review."""
    return Mention.objects.filter(
        clause__statement=statement, review=Mention.Review.PENDING
    ).count()


@tracking.deferred()
def publish(statement, user=None, allow_pending=False):
    """Publish the statement; with suggestions still pending, only if `allow_pending`."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if statement.is_published:
        return Outcome(statement, changed=False)
    pending = pending_suggestions(statement)
    if pending and not allow_pending:
        raise PendingSuggestions(statement, pending)
    statement.published_at = timezone.now()
    _save(statement, user, "published")
    _follow(statement)
    # What it defines ("Long Name (LN)") is found by search under either name from now on.
    synonyms.learn_from_statement(statement)
    return Outcome(statement, changed=True, pending=pending)


@tracking.deferred()
def unpublish(statement, user=None):
    """Make the statement a draft again: it, and what followed from it, leave the public pages."""
    statement = Statement.objects.select_for_update().get(pk=statement.pk)
    if not statement.is_published:
        return Outcome(statement, changed=False)
    statement.published_at = None
    _save(statement, user, "unpublished")
    _follow(statement)
    return Outcome(statement, changed=True)


def _save(statement, user, reason):
    statement._history_user = user
    statement._change_reason = reason
    statement.save(update_fields=["published_at"])


def _follow(statement):
    """Bring the statement's mentions and its meeting in step with its publication."""
    # The derived data (stages, dates, search documents, the data version) follows these writes.
    Mention.objects.filter(clause__statement=statement).update(published=statement.is_published)
    published = Statement.objects.filter(
        meeting_id=statement.meeting_id, published_at__isnull=False
    ).exists()
    Meeting.objects.filter(pk=statement.meeting_id).update(published=published)
