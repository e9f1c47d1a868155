"""What every editor's write shares: refusals an editor can act on, guarded mentions, history.

Each service writes in one transaction and records who did it (simple-history rows carry the user
and a change reason; clause decisions go to the admin log). Mentions are guarded by their `version`:
a write claims the row with a conditional UPDATE on the version the editor saw, so a second editor
working from the same state is refused with an `EditConflict` instead of overwriting the first.
"""

from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import F

from commitments.models import Mention, Stage


class EditError(Exception):
    """A write refused with a message an editor can act on; nothing was written."""


class EditConflict(EditError):
    """Someone else changed the row since the editor loaded it."""

    def __init__(self, message, current=None, changed_by=None, changed_at=None):
        super().__init__(message)
        self.current = current
        self.changed_by = changed_by
        self.changed_at = changed_at


def last_change(obj):
    """(user, when) of the latest history row of a tracked object, or (None, None)."""
    record = obj.history.select_related("history_user").order_by("-history_date").first()
    if record is None:
        return None, None
    return record.history_user, record.history_date


def describe_mention(mention):
    """The values an editor needs to see when told that someone else changed a mention."""
    parts = [
        f"commitment “{mention.commitment}”",
        f"stage {mention.get_stage_display()}",
        f"review {mention.get_review_display()}",
    ]
    if mention.note:
        parts.append(f"note “{mention.note}”")
    return ", ".join(parts)


def _who(user):
    return user.get_username() if user else "someone (no user recorded)"


def _when(moment):
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "at an unknown time"


def mention_conflict(mention_id):
    """An EditConflict naming who changed the mention, when, and what it holds now."""
    current = Mention.objects.select_related("commitment").filter(pk=mention_id).first()
    if current is None:
        history = Mention.history.filter(id=mention_id).select_related("history_user")
        record = history.order_by("-history_date").first()
        user = record.history_user if record else None
        when = record.history_date if record else None
        return EditConflict(
            f"This mention no longer exists: {_who(user)} removed it {_when(when)}"
            + (
                f" ({record.history_change_reason})."
                if record and record.history_change_reason
                else "."
            ),
            changed_by=user,
            changed_at=when,
        )
    user, when = last_change(current)
    return EditConflict(
        f"{_who(user)} changed this mention on {_when(when)} after you opened it; "
        f"it now has {describe_mention(current)}. Your change was not saved: "
        "reload to see their version, then decide again.",
        current=current,
        changed_by=user,
        changed_at=when,
    )


def claim_mention(mention, expected_version, require_pending=False):
    """Take the mention at the version the editor saw and bump it; EditConflict if it moved on.

    The conditional UPDATE is atomic in the database, so of two editors saving from the same
    version exactly one wins (on PostgreSQL the row lock makes the second wait, then miss).
    """
    rows = Mention.objects.filter(pk=mention.pk, version=expected_version)
    if require_pending:
        rows = rows.filter(review=Mention.Review.PENDING)
    if rows.update(version=F("version") + 1) != 1:
        raise mention_conflict(mention.pk)
    mention.version = expected_version + 1


def _stage(value):
    if value in (None, ""):
        return None
    if value not in Stage.values:
        raise EditError(f"“{value}” is not a stage; choose one of: {', '.join(Stage.values)}.")
    return value


def _save(obj, user, reason):
    obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save()


def _log_clause(clause, user, message):
    # Clause carries no simple-history table; the admin log keeps who and when (its History page).
    _log(clause, user, CHANGE, message)


def _log(obj, user, flag, message):
    if user is None or not user.pk:
        return
    LogEntry.objects.log_actions(
        user_id=user.pk,
        queryset=[obj],
        action_flag=flag,
        change_message=message,
        single_object=True,
    )
