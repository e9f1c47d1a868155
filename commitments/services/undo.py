"""Taking back an editor's last action: the services record, for each row they write, how to undo it.

A step is a plain dict (it travels through a form, signed by the editors' views):
- `{"mention": id, "version": v, "before": {...}}`: the mention, left at version v, gets the
  decision fields it had before (`before` is None: the action created it, undoing deletes it);
- `{"commitment": id, "updated_at": iso}`: a commitment the action created, deleted again.

Undoing is itself a guarded edit: if anyone changed a row since (its version or last change time
moved on), nothing is undone and the editor is told who changed what. It is recorded in history.
"""

from django.utils.dateparse import parse_datetime

from commitments import tracking
from commitments.models import Commitment, Mention
from commitments.services.edits import EditConflict, _save, claim_mention

# The fields of a mention an editor's decision sets; undo puts them back.
DECISION_FIELDS = [
    "commitment_id",
    "stage",
    "review",
    "origin",
    "reviewed_by_id",
    "reviewed_at",
    "note",
    "span_start",
    "span_end",
]


def state_of(mention):
    """The decision fields of a mention, as plain values."""
    state = {name: getattr(mention, name) for name in DECISION_FIELDS}
    if state["reviewed_at"] is not None:
        state["reviewed_at"] = state["reviewed_at"].isoformat()
    return state


def mention_step(mention, before):
    """The step that takes a mention back to `before` (None: deletes it, the action made it)."""
    return {"mention": mention.pk, "version": mention.version, "before": before}


def created_step(commitment):
    """The step that deletes a commitment the action created."""
    return {"commitment": commitment.pk, "updated_at": commitment.updated_at.isoformat()}


@tracking.deferred()  # every row taken back: one refresh
def undo(steps, user, reason="undone"):
    """Take back the recorded steps, last first; EditConflict (nothing undone) if any row moved on.

    Returns the ids of the commitments whose mentions changed.
    """
    touched = set()
    for step in reversed(steps):
        if "mention" in step:
            touched |= _undo_mention(step, user, reason)
        else:
            touched |= _undo_commitment(step, user, reason)
    return touched


def _undo_mention(step, user, reason):
    mention = Mention.objects.filter(pk=step["mention"]).first()
    if mention is None:
        raise EditConflict("The mention was deleted since; nothing was undone.")
    commitment_before = mention.commitment_id
    claim_mention(mention, step["version"])
    before = step["before"]
    if before is None:
        mention._history_user = user
        mention._change_reason = reason[:100]
        mention.delete()
        return {commitment_before}
    mention.refresh_from_db()
    for name, value in before.items():
        if name == "reviewed_at" and value is not None:
            value = parse_datetime(value)
        setattr(mention, name, value)
    _save(mention, user, reason)
    return {commitment_before, mention.commitment_id}


def _undo_commitment(step, user, reason):
    commitment = Commitment.objects.filter(pk=step["commitment"]).first()
    if commitment is None:
        return set()
    if commitment.updated_at != parse_datetime(step["updated_at"]):
        raise EditConflict(
            f"“{commitment}” was edited since it was created; nothing was undone "
            "(delete it from its admin page if it is not wanted)."
        )
    if commitment.mentions.exists():
        raise EditConflict(
            f"“{commitment}” has mentions added since it was created; nothing was undone."
        )
    commitment._history_user = user
    commitment._change_reason = reason[:100]
    commitment.delete()
    return {step["commitment"]}
