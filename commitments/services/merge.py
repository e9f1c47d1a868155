"""Merging commitments, and taking a merge back.

A merge tags every history row it writes ("merge#<hex>: ...") so `undo_merge` can find them.
"""

import re
import uuid

from django.contrib.admin.models import ADDITION, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from commitments import tracking
from commitments.models import (
    Actor,
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    Mention,
    Topic,
    normalize_alias,
)
from commitments.services.edits import EditError, _log, _save, _who


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


@tracking.deferred()
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
    old_slug = source.slug
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


@tracking.deferred()
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
    moved = CommitmentRedirect.objects.filter(old_slug=record.slug).first()
    if moved:
        moved.delete()

    for row in _tagged(Mention, tag, "moved", "~"):
        mention = Mention.objects.filter(pk=row.id).first()
        if mention is None or mention.commitment_id != row.commitment_id:
            notes.append(f"A mention of clause {row.clause_id} was changed since; left as it is.")
            continue
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
    return commitment, notes
