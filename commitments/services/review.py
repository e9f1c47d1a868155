"""The review of suggestions: accept, reject, accept with another commitment or stage; a new
commitment from a clause; dismissing or restoring a clause's proposal."""

from django.db import transaction
from django.utils import timezone

from commitments import tracking
from commitments.models import Clause, Commitment, Mention, Stage
from commitments.services.addresses import unique_commitment_slug
from commitments.services.edits import (
    EditError,
    _log_clause,
    _save,
    _stage,
    claim_mention,
)
from commitments.services.undo import created_step, mention_step, state_of

TITLE_MAX_LENGTH = Commitment._meta.get_field("title").max_length


@transaction.atomic
def accept_mention(mention, user, version=None, stage=None, undo=None):
    """Accept a pending suggestion (optionally with another stage); refuses if already reviewed.

    With `undo` (a list), appends the steps that take the decision back (services/undo.py)."""
    stage = _stage(stage)
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    before = state_of(mention)
    if stage:
        mention.stage = stage
    mention.review = Mention.Review.ACCEPTED
    mention.reviewed_by = user
    mention.reviewed_at = timezone.now()
    _save(mention, user, "accepted")
    _record(undo, mention_step(mention, before))
    return mention


def _record(undo, *steps):
    if undo is not None:
        undo.extend(steps)


@transaction.atomic
def reject_mention(mention, user, version=None, note="", undo=None):
    """Reject a pending suggestion: the row stays, as "rejected", so it is never proposed again."""
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    before = state_of(mention)
    mention.review = Mention.Review.REJECTED
    mention.reviewed_by = user
    mention.reviewed_at = timezone.now()
    if note:
        mention.note = f"{mention.note}\n{note}".strip()
    _save(mention, user, "rejected")
    _record(undo, mention_step(mention, before))
    return mention


@transaction.atomic
def accept_with(mention, user, commitment=None, stage=None, version=None, undo=None):
    """Accept a suggestion with another commitment and/or stage.

    With another commitment, the suggested link is rejected (so it is not proposed again) and the
    clause gets an accepted editor mention of the chosen commitment; returns that mention.
    """
    stage = _stage(stage)
    if commitment is None or commitment.pk == mention.commitment_id:
        return accept_mention(mention, user, version=version, stage=stage, undo=undo)
    claim_mention(mention, mention.version if version is None else version, require_pending=True)
    mention.refresh_from_db()
    before = state_of(mention)
    now = timezone.now()
    chosen = (
        Mention.objects.select_for_update(of=("self",))
        .filter(clause_id=mention.clause_id, commitment=commitment)
        .first()
    )
    chosen_before = None
    if chosen is None:
        chosen = Mention(
            clause_id=mention.clause_id,
            commitment=commitment,
            stage=stage or mention.stage,
            origin=Mention.Origin.EDITOR,
        )
    else:
        chosen_before = state_of(chosen)
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
    _record(undo, mention_step(chosen, chosen_before), mention_step(mention, before))
    return chosen


@tracking.deferred()  # the commitment, its topics and its mention: one refresh
def create_commitment_from_clause(
    clause,
    user,
    title=None,
    stage=None,
    topics=(),
    span=None,
    only_if_unlinked=True,
    undo=None,
):
    """Create a commitment from a clause (title and stage default to the engine's proposal).

    It needs at least one topic. Gives it a unique slug and an accepted editor mention of the
    clause (of the words `span`, (start, end) into the clause text, when given); returns the
    commitment. With `only_if_unlinked`, refuses when another editor linked or dismissed the clause
    meanwhile.
    """
    clause = Clause.objects.select_for_update().select_related("statement").get(pk=clause.pk)
    title = " ".join((title or clause.proposed_title or "").split())
    if not title:
        raise EditError("Give the new commitment a title.")
    if len(title) > TITLE_MAX_LENGTH:
        raise EditError(
            f"The title is too long ({len(title)} characters; at most {TITLE_MAX_LENGTH})."
        )
    topics = list(topics)
    if not topics:
        raise EditError("Choose at least one topic for the new commitment.")
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
    start, end = clause_span(clause, span)
    commitment = Commitment(title=title, slug=unique_commitment_slug(title))
    _save(commitment, user, f"created from clause {clause}")
    commitment.topics.set(topics)
    mention = Mention(
        clause=clause,
        commitment=commitment,
        stage=stage,
        origin=Mention.Origin.EDITOR,
        review=Mention.Review.ACCEPTED,
        reviewed_by=user,
        reviewed_at=timezone.now(),
        span_start=start,
        span_end=end,
    )
    _save(mention, user, "created with its commitment")
    _log_clause(clause, user, f"Created commitment “{commitment}” ({commitment.slug}) from it.")
    _record(undo, created_step(commitment), mention_step(mention, None))
    return commitment


def clause_span(clause, span):
    """(start, end) of words of the clause, checked; (None, None) without a span."""
    if span is None:
        return None, None
    start, end = span
    text = clause.text
    if not (0 <= start < end <= len(text)) or not text[start:end].strip():
        raise EditError(
            f"The words chosen ({start}-{end}) are not inside clause {clause.position} "
            f"({len(text)} characters); select them again."
        )
    return start, end


@transaction.atomic
def change_stage(mention, user, stage, version=None, undo=None):
    """Give a mention (pending or accepted) another stage; its review is left as it is."""
    stage = _stage(stage)
    if not stage:
        raise EditError("Choose a stage.")
    claim_mention(mention, mention.version if version is None else version)
    mention.refresh_from_db()
    if mention.review == Mention.Review.REJECTED:
        raise EditError("A rejected mention has no stage to change; link the clause again.")
    before = state_of(mention)
    previous = mention.get_stage_display()
    mention.stage = stage
    _save(mention, user, f"stage {previous} -> {mention.get_stage_display()}")
    _record(undo, mention_step(mention, before))
    if mention.review == Mention.Review.ACCEPTED:
        return mention


@transaction.atomic
def tag_clause(clause, user, commitment, stage, span=None, undo=None):
    """An editor links words of a clause to a commitment: an accepted editor mention.

    A pending or rejected mention of the same pair becomes that accepted mention (with these words
    and stage); an accepted one is refused, so no editor's decision is overwritten unseen.
    """
    stage = _stage(stage)
    if not stage:
        raise EditError("Choose a stage.")
    clause = Clause.objects.select_related("statement").get(pk=clause.pk)
    start, end = clause_span(clause, span)
    mention = (
        Mention.objects.select_for_update(of=("self",))
        .filter(clause=clause, commitment=commitment)
        .first()
    )
    before = None
    if mention is None:
        mention = Mention(clause=clause, commitment=commitment, origin=Mention.Origin.EDITOR)
    elif mention.review == Mention.Review.ACCEPTED:
        raise EditError(
            f"Clause {clause.position} already speaks of “{commitment}” "
            f"({mention.get_stage_display()}, accepted); change that mention instead."
        )
    else:
        before = state_of(mention)
        mention.version += 1
    mention.stage = stage
    mention.review = Mention.Review.ACCEPTED
    mention.reviewed_by = user
    mention.reviewed_at = timezone.now()
    mention.span_start, mention.span_end = start, end
    _save(mention, user, "tagged by an editor")
    _record(undo, mention_step(mention, before))
    return mention


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
