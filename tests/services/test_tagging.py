"""Tagging words of a clause, changing a stage, and taking an action back (commitments/services)."""

import pytest

from commitments.models import Commitment, Mention
from commitments.services import edits, review, undo
from tests.builders import make_clause, make_commitment, make_mention, make_statement, make_topic

pytestmark = pytest.mark.django_db

TEXT = "Today, we announce the establishment of the Trilateral Secretariat in Seoul."


def clause_of(text=TEXT):
    return make_clause(statement=make_statement(body=text), text=text)


def span_of(text, words):
    start = text.index(words)
    return start, start + len(words)


def pending(clause, commitment=None, stage="pledged"):
    return make_mention(
        clause=clause,
        commitment=commitment or make_commitment("Trilateral Secretariat"),
        stage=stage,
        origin=Mention.Origin.SUGGESTED,
        review=Mention.Review.PENDING,
        score=0.8,
    )


def test_tagging_words_makes_an_accepted_editor_mention_of_exactly_those_words(editor):
    clause = clause_of()
    commitment = make_commitment("Trilateral Secretariat")
    mention = review.tag_clause(
        clause, editor, commitment, "achieved", span_of(TEXT, "Trilateral Secretariat")
    )
    assert TEXT[mention.span_start : mention.span_end] == "Trilateral Secretariat"
    assert (mention.review, mention.origin, mention.stage) == ("accepted", "editor", "achieved")
    assert mention.reviewed_by == editor
    assert mention.history.first().history_user == editor


def test_tagging_a_pair_that_was_suggested_accepts_that_row_with_the_words(editor):
    clause = clause_of()
    suggestion = pending(clause)
    mention = review.tag_clause(
        clause, editor, suggestion.commitment, "achieved", span_of(TEXT, "the establishment")
    )
    assert mention.pk == suggestion.pk
    assert Mention.objects.filter(clause=clause).count() == 1
    assert (mention.review, mention.stage) == ("accepted", "achieved")
    assert TEXT[mention.span_start : mention.span_end] == "the establishment"


def test_tagging_a_pair_already_accepted_is_refused_and_changes_nothing(editor):
    clause = clause_of()
    accepted = make_mention(clause=clause, stage="pledged")
    with pytest.raises(edits.EditError, match="already speaks of"):
        review.tag_clause(clause, editor, accepted.commitment, "achieved", (0, 5))
    accepted.refresh_from_db()
    assert (accepted.stage, accepted.span_start, accepted.version) == ("pledged", None, 1)


@pytest.mark.parametrize("span", [(10, 5), (-1, 4), (0, len(TEXT) + 1), (6, 7)])
def test_words_outside_the_clause_or_blank_are_refused(editor, span):
    clause = clause_of()
    with pytest.raises(edits.EditError, match="select them again"):
        review.tag_clause(clause, editor, make_commitment(), "pledged", span)
    assert not Mention.objects.exists()


def test_changing_the_stage_keeps_a_suggestion_pending_and_says_so_in_history(editor):
    mention = pending(clause_of(), stage="pledged")
    review.change_stage(mention, editor, "achieved", version=mention.version)
    mention.refresh_from_db()
    assert (mention.stage, mention.review, mention.version) == ("achieved", "pending", 2)
    assert mention.history.first().history_change_reason == "stage pledged -> achieved"


def test_changing_the_stage_from_an_old_version_is_refused(editor):
    mention = pending(clause_of())
    review.change_stage(mention, editor, "achieved", version=1)
    stale = Mention.objects.get(pk=mention.pk)
    with pytest.raises(edits.EditConflict, match="after you opened it"):
        review.change_stage(stale, editor, "expanded", version=1)
    stale.refresh_from_db()
    assert stale.stage == "achieved"


def test_undoing_an_accept_makes_the_suggestion_pending_again(editor):
    mention = pending(clause_of(), stage="pledged")
    steps = []
    review.accept_mention(mention, editor, version=1, stage="achieved", undo=steps)
    undo.undo(steps, editor)
    mention.refresh_from_db()
    assert (mention.review, mention.stage, mention.reviewed_by) == ("pending", "pledged", None)
    assert mention.version == 3
    assert mention.history.first().history_change_reason == "undone"
    assert mention.commitment.latest_stage == ""


def test_undoing_a_reject_makes_the_suggestion_pending_again(editor):
    mention = pending(clause_of())
    steps = []
    review.reject_mention(mention, editor, version=1, undo=steps)
    undo.undo(steps, editor)
    mention.refresh_from_db()
    assert mention.review == "pending"


def test_an_undo_after_someone_else_changed_the_mention_is_refused(editor, ingestor):
    mention = pending(clause_of())
    steps = []
    review.accept_mention(mention, editor, version=1, undo=steps)
    review.change_stage(Mention.objects.get(pk=mention.pk), ingestor, "achieved", version=2)
    with pytest.raises(edits.EditConflict):
        undo.undo(steps, editor)
    mention.refresh_from_db()
    assert (mention.review, mention.stage) == ("accepted", "achieved")


def test_undoing_a_link_to_another_commitment_restores_the_suggestion(editor):
    clause = clause_of()
    suggestion = pending(clause)
    other = make_commitment("Trilateral coordinating mechanism")
    steps = []
    review.accept_with(suggestion, editor, commitment=other, version=1, undo=steps)
    assert Mention.objects.filter(clause=clause, commitment=other, review="accepted").exists()
    undo.undo(steps, editor)
    assert not Mention.objects.filter(clause=clause, commitment=other).exists()
    suggestion.refresh_from_db()
    assert suggestion.review == "pending"
    assert "instead" not in suggestion.note


def test_undoing_a_commitment_created_from_words_deletes_it_and_its_mention(editor):
    clause = clause_of()
    steps = []
    commitment = review.create_commitment_from_clause(
        clause,
        editor,
        title="Trilateral Secretariat",
        stage="achieved",
        topics=[make_topic()],
        span=span_of(TEXT, "Trilateral Secretariat"),
        undo=steps,
    )
    assert commitment.mentions.get().span_end == TEXT.index(" in Seoul")
    undo.undo(steps, editor)
    assert not Commitment.objects.filter(pk=commitment.pk).exists()
    assert not Mention.objects.exists()
    assert Commitment.history.filter(id=commitment.pk, history_type="-").exists()


def test_a_new_commitment_needs_a_topic(editor):
    clause = clause_of()
    with pytest.raises(edits.EditError, match="at least one topic"):
        review.create_commitment_from_clause(clause, editor, title="Trilateral Secretariat")
    assert not Commitment.objects.exists()


def test_a_new_commitment_gets_the_topics_chosen(editor):
    topic = make_topic("Institutions")
    commitment = review.create_commitment_from_clause(
        clause_of(), editor, title="Trilateral Secretariat", topics=[topic]
    )
    assert list(commitment.topics.all()) == [topic]
