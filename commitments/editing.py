"""The editors' writing services: review suggestions, create and merge commitments, guard edits.

Each public function is one transaction and records who did it (simple-history rows carry the user
and a change reason; clause decisions go to the admin log). Mentions are guarded by their `version`:
a write claims the row with a conditional UPDATE on the version the editor saw, so a second editor
working from the same state is refused with an `EditConflict` instead of overwriting the first.
A merge tags every history row it writes ("merge#<hex>: ...") so `undo_merge` can take it back.
"""

import re
import uuid

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

from .models import (
    Actor,
    Clause,
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    Mention,
    Stage,
    Topic,
    normalize_alias,
)
from .suggest import reindex_commitments
from .summaries import refresh_commitment_summaries

SLUG_MAX_LENGTH = Commitment._meta.get_field("slug").max_length
TITLE_MAX_LENGTH = Commitment._meta.get_field("title").max_length


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


def reindex(commitment_ids):
    """Keep the suggestion engine's index of what these commitments are known by in step."""
    ids = sorted({cid for cid in commitment_ids if cid})
    if ids:
        reindex_commitments(ids)


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


@transaction.atomic
def accept_mention(mention, user, version=None, stage=None):
    """Accept a pending suggestion (optionally with another stage); refuses if already reviewed."""
    stage = _stage(stage)
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    if stage:
        mention.stage = stage
    mention.review = Mention.Review.ACCEPTED
    mention.reviewed_by = user
    mention.reviewed_at = timezone.now()
    _save(mention, user, "accepted")
    reindex([mention.commitment_id])
    return mention


@transaction.atomic
def reject_mention(mention, user, version=None, note=""):
    """Reject a pending suggestion: the row stays, as "rejected", so it is never proposed again."""
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    mention.review = Mention.Review.REJECTED
    mention.reviewed_by = user
    mention.reviewed_at = timezone.now()
    if note:
        mention.note = f"{mention.note}\n{note}".strip()
    _save(mention, user, "rejected")
    return mention


@transaction.atomic
def accept_with(mention, user, commitment=None, stage=None, version=None):
    """Accept a suggestion with another commitment and/or stage.

    With another commitment, the suggested link is rejected (so it is not proposed again) and the
    clause gets an accepted editor mention of the chosen commitment; returns that mention.
    """
    stage = _stage(stage)
    if commitment is None or commitment.pk == mention.commitment_id:
        return accept_mention(mention, user, version=version, stage=stage)
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    now = timezone.now()
    chosen = (
        Mention.objects.select_for_update(of=("self",))
        .filter(clause_id=mention.clause_id, commitment=commitment)
        .first()
    )
    if chosen is None:
        chosen = Mention(
            clause_id=mention.clause_id,
            commitment=commitment,
            stage=stage or mention.stage,
            origin=Mention.Origin.EDITOR,
        )
    else:
        chosen.version += 1
        if stage:
            chosen.stage = stage
    chosen.review = Mention.Review.ACCEPTED
    chosen.reviewed_by = user
    chosen.reviewed_at = now
    _save(chosen, user, f"accepted instead of {mention.commitment.slug}")

    mention.review = Mention.Review.REJECTED
    mention.reviewed_by = user
    mention.reviewed_at = now
    mention.note = f"{mention.note}\nAn editor linked the clause to “{commitment}” instead.".strip()
    _save(mention, user, f"rejected for {commitment.slug}")
    reindex([commitment.pk])
    return chosen


def unique_commitment_slug(title, exclude_pk=None):
    """A slug from the title that no commitment has and no earlier address (redirect) uses."""
    base = (slugify(title) or "commitment")[: SLUG_MAX_LENGTH - 6].strip("-") or "commitment"
    taken_commitments = Commitment.objects.exclude(pk=exclude_pk)
    candidate, n = base, 1
    while (
        taken_commitments.filter(slug=candidate).exists()
        or CommitmentRedirect.objects.filter(old_slug=candidate).exists()
    ):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def clause_is_linked(clause):
    """True when the clause has a mention an editor accepted or must still review."""
    return clause.mentions.exclude(review=Mention.Review.REJECTED).exists()


@transaction.atomic
def create_commitment_from_clause(clause, user, title=None, stage=None, only_if_unlinked=True):
    """Create a commitment from a clause (title and stage default to the engine's proposal).

    Gives it a unique slug and an accepted editor mention of the clause; returns the commitment.
    With `only_if_unlinked`, refuses when another editor linked or dismissed the clause meanwhile.
    """
    clause = Clause.objects.select_for_update().select_related("statement").get(pk=clause.pk)
    title = " ".join((title or clause.proposed_title or "").split())
    if not title:
        raise EditError("Give the new commitment a title.")
    if len(title) > TITLE_MAX_LENGTH:
        raise EditError(
            f"The title is too long ({len(title)} characters; at most {TITLE_MAX_LENGTH})."
        )
    stage = _stage(stage) or clause.proposed_stage or Stage.PLEDGED
    if only_if_unlinked:
        if clause.proposal_dismissed:
            raise EditError(f"Clause {clause} was dismissed by another editor meanwhile.")
        linked = clause.mentions.exclude(review=Mention.Review.REJECTED).select_related(
            "commitment", "reviewed_by"
        )
        if linked:
            names = ", ".join(f"“{m.commitment}”" for m in linked)
            raise EditError(f"Clause {clause} is already linked to {names}; nothing was created.")
    commitment = Commitment(title=title, slug=unique_commitment_slug(title))
    _save(commitment, user, f"created from clause {clause}")
    mention = Mention(
        clause=clause,
        commitment=commitment,
        stage=stage,
        origin=Mention.Origin.EDITOR,
        review=Mention.Review.ACCEPTED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
    )
    _save(mention, user, "created with its commitment")
    _log_clause(clause, user, f"Created commitment “{commitment}” ({commitment.slug}) from it.")
    reindex([commitment.pk])
    return commitment


def dismiss_proposal(clause, user):
    """Record that the clause needs no new commitment; it leaves the review queue."""
    _set_dismissed(
        clause,
        user,
        True,
        refusal=f"The proposal of clause {clause} was already dismissed.",
        log="Dismissed the proposed new commitment.",
    )


def restore_proposal(clause, user):
    """Undo a dismissal: the clause's proposed commitment returns to the review queue."""
    _set_dismissed(
        clause,
        user,
        False,
        refusal=f"The proposal of clause {clause} is not dismissed.",
        log="Restored the proposed new commitment to the review queue.",
    )


@transaction.atomic
def _set_dismissed(clause, user, dismissed, refusal, log):
    # Conditional on the current value: of two editors, the second is told, not silently repeated.
    updated = Clause.objects.filter(pk=clause.pk, proposal_dismissed=not dismissed).update(
        proposal_dismissed=dismissed
    )
    if not updated:
        raise EditError(refusal)
    clause.proposal_dismissed = dismissed
    _log_clause(clause, user, log)


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


def record_slug_change(commitment, old_slug):
    """Keep an earlier address answering: old slug -> 301 to the commitment."""
    if not old_slug or old_slug == commitment.slug:
        return
    # The new slug is live again: it must not also redirect.
    CommitmentRedirect.objects.filter(old_slug=commitment.slug).delete()
    CommitmentRedirect.objects.update_or_create(
        old_slug=old_slug, defaults={"commitment": commitment}
    )


def slug_taken_by_other(slug, commitment_pk=None):
    """The commitment that already answers at `slug` (live or as an earlier address), if not ours."""
    live = Commitment.objects.filter(slug=slug).exclude(pk=commitment_pk).first()
    if live:
        return live
    moved = CommitmentRedirect.objects.select_related("commitment").filter(old_slug=slug).first()
    if moved and moved.commitment_id != commitment_pk:
        return moved.commitment
    return None


def _merge_duplicate(kept, dropped, source, user, tag):
    """Fold `dropped` (source's mention of a clause) into `kept` (the target's): no decision lost."""
    lines = [
        f"Merged from “{source}” ({source.slug}): stage {dropped.get_stage_display()}, "
        f"{dropped.get_review_display()}"
        + (f" by {_who(dropped.reviewed_by)}" if dropped.reviewed_by_id else "")
        + "."
    ]
    if dropped.note:
        lines.append(dropped.note)
    kept.note = "\n".join([kept.note, *lines]).strip()
    decided = {Mention.Review.ACCEPTED, Mention.Review.REJECTED}
    takes_over = (
        dropped.review == Mention.Review.ACCEPTED and kept.review != Mention.Review.ACCEPTED
    ) or (dropped.review in decided and kept.review == Mention.Review.PENDING)
    if takes_over:
        # An editor's decision on the source outranks a pending (or contrary) one on the target.
        for field in MENTION_DECISION_FIELDS:
            if field.startswith("span_") and dropped.span_start is None:
                continue  # keep the target's highlighted words when the source had none
            setattr(kept, field, getattr(dropped, field))
    kept.version += 1
    _save(kept, user, f"{tag}: kept, {source.slug}'s mention folded in")
    dropped._history_user = user
    dropped._change_reason = f"{tag}: folded into mention {kept.pk}"[:100]
    dropped.delete()


MENTION_DECISION_FIELDS = [
    "stage",
    "review",
    "reviewed_by_id",
    "reviewed_at",
    "origin",
    "span_start",
    "span_end",
]
MERGE_TAG = re.compile(r"^merge#[0-9a-f]+")


@transaction.atomic
def merge_commitments(source, target, user):
    """Merge `source` into `target` and delete `source`; returns a short report of what moved.

    Mentions, aliases, topics, actors and earlier addresses move to the target; the source's title
    becomes an alias; its slug answers with a 301 to the target. History records who did it, each
    row's reason starting with the merge's tag ("merge#<hex>") so `undo_merge` can find them.
    """
    if source.pk == target.pk:
        raise EditError("A commitment cannot be merged into itself.")
    source = Commitment.objects.select_for_update().get(pk=source.pk)
    target = Commitment.objects.select_for_update().get(pk=target.pk)
    tag = f"merge#{uuid.uuid4().hex[:10]}"
    report = {"moved": 0, "folded": 0, "aliases": 0, "redirects": 0, "tag": tag}

    target_by_clause = {m.clause_id: m for m in target.mentions.select_for_update(of=("self",))}
    for mention in source.mentions.select_for_update(of=("self",)).select_related("reviewed_by"):
        kept = target_by_clause.get(mention.clause_id)
        if kept is not None:
            _merge_duplicate(kept, mention, source, user, tag)
            report["folded"] += 1
            continue
        mention.commitment = target
        mention.version += 1
        _save(mention, user, f"{tag}: moved from {source.slug} to {target.slug}")
        report["moved"] += 1

    known = {normalize_alias(target.title)} | {
        normalize_alias(name) for name in target.aliases.values_list("name", flat=True)
    }
    for alias in source.aliases.all():
        if normalize_alias(alias.name) in known:
            alias._history_user = user
            alias._change_reason = f"{tag}: duplicate of an alias of {target.slug}"[:100]
            alias.delete()
            continue
        known.add(normalize_alias(alias.name))
        alias.commitment = target
        _save(alias, user, f"{tag}: moved from {source.slug} to {target.slug}")
        report["aliases"] += 1
    if normalize_alias(source.title) not in known:
        title_alias = CommitmentAlias(commitment=target, name=source.title)
        _save(title_alias, user, f"{tag}: title of {source.slug}")
        report["aliases"] += 1

    topics, actors = list(source.topics.all()), list(source.actors.all())
    target.topics.add(*topics)
    target.actors.add(*actors)
    if not target.summary.strip() and source.summary.strip():
        target.summary = source.summary

    addresses = list(CommitmentRedirect.objects.filter(commitment=source))
    CommitmentRedirect.objects.filter(pk__in=[a.pk for a in addresses]).update(commitment=target)
    report["redirects"] = len(addresses)
    _log(
        source,
        user,
        DELETION,
        f"Merged into “{target}” ({target.slug}); {tag}; "
        f"topics={','.join(str(t.pk) for t in topics)}; "
        f"actors={','.join(str(a.pk) for a in actors)}; "
        f"addresses={','.join(a.old_slug for a in addresses)}",
    )
    old_slug, source_pk = source.slug, source.pk
    source._history_user = user
    source._change_reason = f"{tag}: merged into {target.slug}"[:100]
    source.delete()
    try:
        with transaction.atomic():
            CommitmentRedirect.objects.create(old_slug=old_slug, commitment=target)
    except IntegrityError:
        CommitmentRedirect.objects.filter(old_slug=old_slug).update(commitment=target)
    report["redirects"] += 1
    _save(target, user, f"{tag}: merged {old_slug} into this")

    refresh_commitment_summaries([target.pk])
    # The source's postings went with it; the target now answers to its names and mentions too.
    reindex([target.pk, source_pk])
    return report


def merged_away():
    """History rows of commitments deleted by a merge and not restored since, latest first."""
    live = Commitment.objects.values("pk")
    return (
        Commitment.history.filter(history_type="-", history_change_reason__startswith="merge#")
        .exclude(id__in=live)
        .select_related("history_user")
        .order_by("-history_date")
    )


def _tagged(model, tag, kind, history_type):
    return model.history.filter(
        history_type=history_type, history_change_reason__startswith=f"{tag}: {kind}"
    ).order_by("history_date")


def _ids(text, key):
    found = re.search(rf"{key}=([^;]*)", text or "")
    return [item for item in (found.group(1).split(",") if found else []) if item]


@transaction.atomic
def undo_merge(history_id, user):
    """Bring back a commitment merged away, with what moved with it; returns (commitment, notes).

    Its mentions and aliases return (as they are now); mentions and aliases folded into the target
    are recreated; the target's mentions that took over its decisions get their earlier values back
    unless edited since; its address and earlier addresses answer for it again.
    """
    record = Commitment.history.filter(history_id=history_id, history_type="-").first()
    found = MERGE_TAG.match(record.history_change_reason or "") if record else None
    if found is None:
        raise EditError("That history row is not a merge.")
    tag = found.group(0)
    if Commitment.objects.filter(pk=record.id).exists():
        raise EditError(f"“{record.title}” is already back.")
    if Commitment.objects.filter(slug=record.slug).exists():
        raise EditError(f"Another commitment now lives at /{record.slug}/: rename it first.")
    notes = []
    commitment = record.instance
    _save(commitment, user, f"{tag}: undone, restored")
    target_ids = {commitment.pk}
    moved = CommitmentRedirect.objects.filter(old_slug=record.slug).first()
    if moved:
        target_ids.add(moved.commitment_id)
        moved.delete()

    for row in _tagged(Mention, tag, "moved", "~"):
        mention = Mention.objects.filter(pk=row.id).first()
        if mention is None or mention.commitment_id != row.commitment_id:
            notes.append(f"A mention of clause {row.clause_id} was changed since; left as it is.")
            continue
        target_ids.add(mention.commitment_id)
        mention.commitment_id = commitment.pk
        mention.version += 1
        _save(mention, user, f"{tag}: undone, moved back")
    for row in _tagged(Mention, tag, "folded", "-"):
        if Mention.objects.filter(clause_id=row.clause_id, commitment_id=commitment.pk).exists():
            continue
        mention = row.instance
        mention.version += 1
        _save(mention, user, f"{tag}: undone, recreated")
    for row in _tagged(Mention, tag, "kept", "~"):
        mention = Mention.objects.filter(pk=row.id).first()
        before = row.prev_record
        if mention is None or before is None or mention.version != row.version:
            notes.append(f"Mention {row.id} of the target was edited since; left as it is.")
            continue
        for field in [*MENTION_DECISION_FIELDS, "note"]:
            setattr(mention, field, getattr(before, field))
        mention.version += 1
        _save(mention, user, f"{tag}: undone, earlier values back")

    for row in _tagged(CommitmentAlias, tag, "moved", "~"):
        alias = CommitmentAlias.objects.filter(pk=row.id, commitment_id=row.commitment_id).first()
        if alias is not None:
            alias.commitment_id = commitment.pk
            _save(alias, user, f"{tag}: undone, moved back")
    for row in _tagged(CommitmentAlias, tag, "duplicate", "-"):
        if not commitment.aliases.filter(name=row.name).exists():
            _save(row.instance, user, f"{tag}: undone, recreated")
    for row in _tagged(CommitmentAlias, tag, "title", "+"):
        alias = CommitmentAlias.objects.filter(pk=row.id).first()
        if alias is not None:
            alias._history_user = user
            alias._change_reason = f"{tag}: undone"
            alias.delete()

    entry = (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(Commitment),
            object_id=str(record.id),
            change_message__contains=tag,
        )
        .order_by("-action_time")
        .first()
    )
    message = entry.change_message if entry else ""
    commitment.topics.set(Topic.objects.filter(pk__in=_ids(message, "topics")))
    commitment.actors.set(Actor.objects.filter(pk__in=_ids(message, "actors")))
    CommitmentRedirect.objects.filter(old_slug__in=_ids(message, "addresses")).update(
        commitment=commitment
    )
    if entry is None:
        notes.append("Its topics, actors and earlier addresses were not recorded; set them again.")
    _log(commitment, user, ADDITION, f"Restored: {tag} undone.")
    refresh_commitment_summaries(target_ids)
    reindex(target_ids)
    return commitment, notes
