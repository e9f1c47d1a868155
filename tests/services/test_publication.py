"""Publishing and unpublishing a statement: the service and its commands."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from commitments.models import Meeting, Mention, Statement
from commitments.services import publication
from tests.builders import make_clause, make_commitment, make_meeting, make_mention, make_statement

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    meeting = make_meeting(published=False)
    statement = make_statement(meeting, published=False, slug="the-draft")
    commitment = make_commitment(slug="kept-promise")
    make_mention(make_clause(statement, "We commit to a kept promise."), commitment, "pledged")
    return statement


def _suggest_on(statement):
    return make_mention(make_clause(statement, "We will see."), make_commitment(), review="pending")


def test_publishing_makes_the_statement_its_meeting_and_its_accepted_mentions_public(draft):
    outcome = publication.publish(draft)

    draft.refresh_from_db()
    assert outcome.changed and draft.is_published
    assert Meeting.objects.get(pk=draft.meeting_id).published
    assert Mention.objects.get(commitment__slug="kept-promise").published
    assert draft.clauses.first().mentions.first().commitment.meeting_count == 1


def test_publishing_with_suggestions_pending_is_refused_and_says_how_many(draft):
    _suggest_on(draft)
    _suggest_on(draft)

    with pytest.raises(publication.PendingSuggestions, match="2 suggestions") as refused:
        publication.publish(draft)

    assert refused.value.count == 2
    draft.refresh_from_db()
    assert not draft.is_published


def test_publishing_anyway_keeps_the_pending_suggestions_out_of_public_view(draft):
    pending = _suggest_on(draft)

    outcome = publication.publish(draft, allow_pending=True)

    assert outcome.pending == 1
    pending.commitment.refresh_from_db()
    assert pending.commitment.meeting_count == 0


def test_unpublishing_keeps_the_meeting_public_while_another_statement_of_it_is(draft):
    publication.publish(draft)
    make_statement(draft.meeting, slug="second-text")  # published by the builder
    Meeting.objects.filter(pk=draft.meeting_id).update(published=True)

    publication.unpublish(draft)

    assert Meeting.objects.get(pk=draft.meeting_id).published
    assert not Mention.objects.get(commitment__slug="kept-promise").published


def test_unpublishing_the_only_published_statement_hides_its_meeting(draft):
    publication.publish(draft)

    publication.unpublish(draft)

    assert not Meeting.objects.get(pk=draft.meeting_id).published


def test_publishing_and_unpublishing_are_in_the_history_with_who(draft, editor):
    publication.publish(draft, editor)
    publication.unpublish(draft, editor)

    history = list(draft.history.order_by("history_date"))
    assert [h.history_change_reason for h in history[-2:]] == ["published", "unpublished"]
    assert {h.history_user for h in history[-2:]} == {editor}


def test_publishing_twice_changes_nothing(draft):
    publication.publish(draft)
    first = Statement.objects.get(pk=draft.pk).published_at

    outcome = publication.publish(draft)

    assert not outcome.changed and "already published" in outcome.message
    assert Statement.objects.get(pk=draft.pk).published_at == first


def test_the_publish_command_publishes_and_unpublish_takes_it_back(draft):
    out = StringIO()
    call_command("publish", "the-draft", stdout=out)
    assert "Published" in out.getvalue()
    assert Statement.objects.get(pk=draft.pk).is_published

    call_command("unpublish", "the-draft", stdout=out)
    assert not Statement.objects.get(pk=draft.pk).is_published


def test_the_publish_command_refuses_pending_suggestions_unless_allowed(draft):
    _suggest_on(draft)
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("publish", "the-draft", stdout=StringIO(), stderr=err)
    assert "1 suggestion" in err.getvalue()

    call_command("publish", "the-draft", "--allow-pending", stdout=StringIO())
    assert Statement.objects.get(pk=draft.pk).is_published


def test_the_publish_command_names_an_unknown_statement_and_changes_nothing(draft):
    with pytest.raises(CommandError, match="“no-such”"):
        call_command("publish", "the-draft", "no-such", stdout=StringIO())
    assert not Statement.objects.get(pk=draft.pk).is_published


def test_ingest_keeps_what_it_ingests_as_drafts_and_publish_publishes_them(tmp_path):
    from django.conf import settings

    source = next(iter(sorted(settings.SOURCES_DIR.iterdir())))
    call_command("ingest", str(source), stdout=StringIO())
    statement = Statement.objects.get()
    assert not statement.is_published and not statement.meeting.published

    call_command("ingest", "--publish", str(source), stdout=StringIO())

    statement.refresh_from_db()
    assert statement.is_published and Meeting.objects.get(pk=statement.meeting_id).published
