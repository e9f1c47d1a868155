"""Derived data follows every write, whichever way it is made: plain ORM code, bulk writes, data
migrations. Each test writes, then checks every derived value against one recomputed from scratch:
the summary columns, the suggestion postings, and on PostgreSQL the search document and the data
version."""

import datetime
import importlib
import threading

import pytest
from django.apps import apps as global_apps
from django.core.management import call_command
from django.db import connection, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.db.models.signals import post_migrate, pre_migrate
from django.urls import reverse

from commitments import changes, tracking
from commitments.models import (
    COMMITMENT_SUMMARY_FIELDS,
    Commitment,
    CommitmentAlias,
    CommitmentTerm,
    Mention,
    Statement,
    SuggestionTerm,
)
from commitments.services import derived, edits, review
from commitments.suggest.index import commitment_names, commitment_vector, rebuild_index
from tests.admin_posts import change_form_data
from tests.builders import (
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_statement,
    make_topic,
)

pytestmark = pytest.mark.django_db
on_postgres = connection.vendor == "postgresql"
DOCUMENT = importlib.import_module("commitments.migrations.0003_search_documents").DOCUMENT
SUMMARY = [Commitment._meta.get_field(name).attname for name in COMMITMENT_SUMMARY_FIELDS]


def version():
    """The data version (PostgreSQL), None elsewhere."""
    if not on_postgres:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value + is_called::int FROM {derived.DATA_VERSION}")
        return cursor.fetchone()[0]


def stored(commitment_id):
    """What is stored for the commitment: summary columns, postings, search document."""
    row = Commitment.objects.filter(pk=commitment_id).values(*SUMMARY).first()
    postings = CommitmentTerm.objects.filter(commitment_id=commitment_id)
    return {
        "summary": row,
        "postings": dict(postings.values_list("term", "weight")),
        "document": _document(
            "SELECT document FROM commitments_search WHERE commitment_id = %s", commitment_id
        ),
    }


def recomputed(commitment_id):
    """The same values computed from scratch from the data as it is now."""
    commitment = Commitment.objects.filter(pk=commitment_id).first()
    if commitment is None:
        return {"summary": None, "postings": {}, "document": None}
    accepted = Mention.objects.filter(commitment_id=commitment_id, review="accepted")
    summary = derived.summarize(list(accepted.values("meeting_id", "meeting__start_date", "stage")))
    names = commitment_names(commitment.title, commitment.aliases.values_list("name", flat=True))
    mentions = accepted.values_list("clause__text", "span_start", "span_end")
    return {
        "summary": summary,
        "postings": pytest.approx(commitment_vector(names, mentions)),
        "document": _document(
            f"SELECT {DOCUMENT} FROM commitments_commitment c WHERE c.id = %s", commitment_id
        ),
    }


def _document(sql, commitment_id):
    if not on_postgres:
        return None
    with connection.cursor() as cursor:
        cursor.execute(sql, [commitment_id])
        row = cursor.fetchone()
    return row[0] if row else None


def assert_fresh(*commitments):
    for commitment in commitments:
        assert stored(commitment.pk) == recomputed(commitment.pk), commitment


@pytest.fixture
def commitment():
    return make_commitment("Trilateral Secretariat")


def accepted_mention(commitment, text="We launch the Trilateral Secretariat in Seoul.", **fields):
    return make_mention(make_clause(text=text), commitment, **fields)


@pytest.fixture
def moves_version():
    """Asserts the test's writes bumped the data version (PostgreSQL)."""
    before = version()
    yield
    if on_postgres:
        assert version() > before


# -- plain ORM writes ---------------------------------------------------------------------------


def test_a_mention_created_shows_on_its_commitment(commitment, moves_version):
    Mention.objects.create(
        clause=make_clause(text="We launch the secretariat in Seoul."),
        commitment=commitment,
        stage="achieved",
    )

    commitment.refresh_from_db()
    assert (commitment.latest_stage, commitment.mention_count) == ("achieved", 1)
    assert "seoul" in stored(commitment.pk)["postings"]
    assert_fresh(commitment)


def test_a_mention_saved_with_another_stage_changes_the_latest_stage(commitment):
    mention = accepted_mention(commitment, stage="pledged")

    mention.stage = "achieved"
    mention.save()

    assert Commitment.objects.get(pk=commitment.pk).latest_stage == "achieved"
    assert_fresh(commitment)


def test_a_mention_moved_to_another_commitment_refreshes_both(commitment):
    mention = accepted_mention(commitment)
    other = make_commitment("Freedom Edge exercise")

    mention.commitment = other
    mention.save()

    assert Commitment.objects.get(pk=commitment.pk).mention_count == 0
    assert Commitment.objects.get(pk=other.pk).mention_count == 1
    assert_fresh(commitment, other)


def test_a_queryset_update_rejecting_mentions_empties_the_summary(commitment, moves_version):
    accepted_mention(commitment)

    Mention.objects.filter(commitment=commitment).update(review=Mention.Review.REJECTED)

    assert Commitment.objects.get(pk=commitment.pk).meeting_count == 0
    assert "seoul" not in stored(commitment.pk)["postings"]
    assert_fresh(commitment)


def test_a_queryset_update_moving_mentions_refreshes_both_commitments(commitment):
    accepted_mention(commitment)
    other = make_commitment("Freedom Edge exercise")

    Mention.objects.filter(commitment=commitment).update(commitment=other)

    assert_fresh(commitment, other)
    assert Commitment.objects.get(pk=other.pk).mention_count == 1


def test_mentions_created_in_bulk_show_on_their_commitments(commitment, moves_version):
    meeting = make_meeting(start_date=datetime.date(2024, 8, 18))
    statement = make_statement(meeting)
    clauses = [make_clause(statement, text=f"Step {n} of the secretariat.") for n in (1, 2)]

    # In bulk, the denormalised meeting and publication are the caller's to give (save() reads
    # them from the clause's statement).
    Mention.objects.bulk_create(
        Mention(
            clause=c, commitment=commitment, meeting=meeting, published=True, stage="in_progress"
        )
        for c in clauses
    )

    commitment.refresh_from_db()
    assert (commitment.mention_count, commitment.last_date) == (2, datetime.date(2024, 8, 18))
    assert_fresh(commitment)


def test_mentions_updated_in_bulk_show_their_new_stage(commitment):
    mentions = [accepted_mention(commitment, text=f"Step {n}.") for n in (1, 2)]
    for mention in mentions:
        mention.stage = "stalled"

    Mention.objects.bulk_update(mentions, ["stage"])

    assert Commitment.objects.get(pk=commitment.pk).latest_stage == "stalled"
    assert_fresh(commitment)


def test_an_alias_created_then_deleted_comes_and_goes(commitment, moves_version):
    alias = CommitmentAlias.objects.create(commitment=commitment, name="Seoul Office")
    assert "offic" in stored(commitment.pk)["postings"]
    assert_fresh(commitment)

    alias.delete()

    assert "offic" not in stored(commitment.pk)["postings"]
    assert_fresh(commitment)


def test_a_renamed_commitment_answers_to_its_new_title(commitment):
    commitment.title = "Trilateral coordinating mechanism"
    commitment.save()

    assert "coordin" in stored(commitment.pk)["postings"]
    assert_fresh(commitment)


def test_a_topic_added_either_way_gives_a_new_data_version(commitment, moves_version):
    topic = make_topic("DPRK")
    before = version()
    commitment.topics.add(topic)
    middle = version()
    topic.commitments.clear()

    if on_postgres:
        assert before < middle < version()
    assert_fresh(commitment)


def test_a_topic_renamed_gives_a_new_data_version(moves_version):
    topic = make_topic("DPRK")
    before = version()

    topic.name = "North Korea"
    topic.save()

    if on_postgres:
        assert version() > before


def test_a_meeting_moved_to_another_date_moves_its_commitments(commitment):
    accepted_mention(commitment)
    meeting = Mention.objects.get(commitment=commitment).meeting

    meeting.start_date = datetime.date(2019, 3, 1)
    meeting.save()

    assert Commitment.objects.get(pk=commitment.pk).first_date == datetime.date(2019, 3, 1)
    assert_fresh(commitment)


def test_a_clause_rewritten_changes_what_its_commitments_are_found_by(commitment):
    mention = accepted_mention(commitment)
    clause = mention.clause

    clause.text = "We open the Trilateral Secretariat in Busan."
    clause.save()

    postings = stored(commitment.pk)["postings"]
    assert "busan" in postings and "seoul" not in postings
    assert_fresh(commitment)


def test_a_statement_moved_to_another_meeting_takes_its_mentions_along(commitment):
    mention = accepted_mention(commitment)
    statement = mention.clause.statement
    later = make_meeting(start_date=datetime.date(2030, 1, 1))

    Statement.objects.filter(pk=statement.pk).update(meeting=later)

    assert Mention.objects.get(pk=mention.pk).meeting_id == later.pk
    assert Commitment.objects.get(pk=commitment.pk).last_date == datetime.date(2030, 1, 1)
    assert_fresh(commitment)


def test_a_deleted_commitment_leaves_nothing_behind(commitment, moves_version):
    accepted_mention(commitment)
    CommitmentAlias.objects.create(commitment=commitment, name="TS")
    pk = commitment.pk

    commitment.delete()

    assert stored(pk) == {"summary": None, "postings": {}, "document": None}


def test_a_deleted_commitment_no_longer_counts_in_the_term_frequencies(commitment):
    accepted_mention(commitment)
    make_commitment("Trilateral Secretariat office")

    commitment.delete()

    incremental = dict(SuggestionTerm.objects.values_list("term", "commitment_count"))
    rebuild_index()
    assert dict(SuggestionTerm.objects.values_list("term", "commitment_count")) == incremental


def test_commitments_deleted_in_bulk_leave_nothing_behind(commitment):
    accepted_mention(commitment)
    other = make_commitment("Freedom Edge exercise")
    accepted_mention(other, text="We held Freedom Edge.")

    Commitment.objects.filter(pk__in=[commitment.pk, other.pk]).delete()

    assert stored(commitment.pk)["postings"] == stored(other.pk)["postings"] == {}
    assert_fresh(commitment, other)


# -- what does not change what a commitment shows -----------------------------------------------


def test_no_write_of_the_summary_columns_asks_for_a_refresh():
    assert set(SUMMARY) <= changes.RULES["commitments.Commitment"].quiet


def test_a_pending_suggestion_changes_nothing_shown(commitment):
    clause = make_clause(text="Busan hosts it.")
    before, shown = version(), stored(commitment.pk)

    make_mention(clause, commitment, review=Mention.Review.PENDING)

    assert (version(), stored(commitment.pk)) == (before, shown)


def test_claiming_a_mention_for_an_edit_changes_nothing_shown(commitment):
    mention = accepted_mention(commitment)
    before = version()

    edits.claim_mention(mention, mention.version)

    assert version() == before
    assert Mention.objects.get(pk=mention.pk).version == 2


# -- deferring -----------------------------------------------------------------------------------


def test_a_deferred_block_refreshes_once_as_it_ends(commitment):
    before = version()
    with tracking.deferred():
        with tracking.deferred():
            accepted_mention(commitment, text="First.")
        accepted_mention(commitment, text="Second.", stage="achieved")
        assert Commitment.objects.get(pk=commitment.pk).mention_count == 0  # not yet

    assert Commitment.objects.get(pk=commitment.pk).mention_count == 2
    assert_fresh(commitment)
    if on_postgres:
        assert version() == before + 1


def test_a_deferred_block_that_fails_writes_nothing(commitment):
    shown = stored(commitment.pk)

    with pytest.raises(RuntimeError), tracking.deferred():
        accepted_mention(commitment)
        raise RuntimeError("refused")

    assert not Mention.objects.filter(commitment=commitment).exists()
    assert stored(commitment.pk) == shown


def test_deferred_decorates_a_function(commitment):
    @tracking.deferred()
    def two_mentions():
        accepted_mention(commitment, text="First.")
        accepted_mention(commitment, text="Second.")
        return Commitment.objects.get(pk=commitment.pk).mention_count

    assert two_mentions() == 0
    assert Commitment.objects.get(pk=commitment.pk).mention_count == 2


def test_an_admin_save_with_inlines_refreshes_once(client, editor, commitment):
    mention = accepted_mention(commitment, stage="pledged")
    url = reverse("admin:commitments_commitment_change", args=[commitment.pk])
    client.force_login(editor)
    form = client.get(url)
    before = version()

    changes = {
        "title": "Trilateral Secretariat in Seoul",
        "aliases-0-name": "Seoul office",
        "mentions-0-stage": "achieved",
    }
    response = client.post(url, change_form_data(form, **changes))

    assert response.status_code == 302
    assert Mention.objects.get(pk=mention.pk).stage == "achieved"
    assert Commitment.objects.get(pk=commitment.pk).latest_stage == "achieved"
    assert_fresh(commitment)
    if on_postgres:
        assert version() == before + 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not on_postgres, reason="needs a server database: real concurrent sessions")
def test_two_sessions_accepting_mentions_of_one_commitment_at_once_both_count(editor):
    commitment = make_commitment("Trilateral Secretariat")
    suggestions = [
        make_mention(make_clause(text=f"Step {n}."), commitment, review=Mention.Review.PENDING)
        for n in (1, 2)
    ]
    barrier = threading.Barrier(2)

    def accept(suggestion):
        try:
            with tracking.deferred():  # both written before either refreshes
                review.accept_mention(suggestion, editor)
                barrier.wait(timeout=10)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(s,)) for s in suggestions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Commitment.objects.get(pk=commitment.pk).mention_count == 2
    assert_fresh(commitment)


# -- migrations and SQL written around Django ---------------------------------------------------


def _historical_apps():
    executor = MigrationExecutor(connection)
    return executor.loader.project_state(executor.loader.graph.leaf_nodes()).apps


def _promote_pending(apps, schema_editor):
    """A data migration: accept every pending mention, through the historical models."""
    HistoricalMention = apps.get_model("commitments", "Mention")
    HistoricalMention.objects.filter(review="pending").update(review="accepted")
    for alias in apps.get_model("commitments", "CommitmentAlias").objects.all():
        alias.name = alias.name.upper()
        alias.save()


def test_a_data_migration_keeps_derived_data_fresh(commitment):
    make_mention(make_clause(text="Busan hosts it."), commitment, review=Mention.Review.PENDING)
    CommitmentAlias.objects.create(commitment=commitment, name="Seoul office")

    _promote_pending(_historical_apps(), schema_editor=None)

    assert Commitment.objects.get(pk=commitment.pk).mention_count == 1
    assert_fresh(commitment)


def _migrate_signal(signal):
    config = global_apps.get_app_config("commitments")
    signal.send(
        sender=config, app_config=config, verbosity=0, interactive=False, using="default", plan=[]
    )


def test_writes_during_migrate_are_refreshed_once_it_ends(commitment):
    make_mention(make_clause(text="Busan hosts it."), commitment, review=Mention.Review.PENDING)

    _migrate_signal(pre_migrate)
    _promote_pending(_historical_apps(), schema_editor=None)
    assert Commitment.objects.get(pk=commitment.pk).mention_count == 0  # collected
    _migrate_signal(post_migrate)

    assert Commitment.objects.get(pk=commitment.pk).mention_count == 1
    assert_fresh(commitment)


@pytest.mark.skipif(not on_postgres, reason="search documents are PostgreSQL-only")
def test_after_migrate_or_flush_no_document_outlives_its_commitment(commitment):
    with connection.cursor() as cursor:  # what a TRUNCATE does
        cursor.execute("DELETE FROM commitments_commitmentterm")
        cursor.execute("DELETE FROM commitments_commitment")
    assert stored(commitment.pk)["document"] is not None

    _migrate_signal(post_migrate)

    assert stored(commitment.pk)["document"] is None


def test_refresh_derived_catches_up_with_sql_written_around_django(commitment):
    mention = accepted_mention(commitment, stage="pledged")
    table = Mention._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET stage = 'achieved' WHERE id = %s", [mention.pk])
    assert Commitment.objects.get(pk=commitment.pk).latest_stage == "pledged"

    call_command("refresh_derived", "--commitment", commitment.slug)

    assert Commitment.objects.get(pk=commitment.pk).latest_stage == "achieved"
    assert_fresh(commitment)


def test_refresh_derived_all_recomputes_every_commitment(commitment):
    accepted_mention(commitment)
    Commitment.objects.filter(pk=commitment.pk).update(meeting_count=F("meeting_count") + 5)

    call_command("refresh_derived", "--all")

    assert_fresh(commitment)


def test_refresh_derived_refuses_an_unknown_slug():
    with pytest.raises(Exception, match="no-such-commitment"):
        call_command("refresh_derived", "--commitment", "no-such-commitment")


# -- cost ----------------------------------------------------------------------------------------


def test_accepting_a_suggestion_costs_a_bounded_number_of_queries(
    commitment, editor, django_assert_max_num_queries
):
    for n in range(5):
        accepted_mention(commitment, text=f"Earlier step {n} of the Trilateral Secretariat.")
    suggestion = make_mention(
        make_clause(text="We open the Trilateral Secretariat in Seoul."),
        commitment,
        review=Mention.Review.PENDING,
    )

    # The decision and its history (6 with the savepoint), then the refresh: the summary (3),
    # the search document (1), the suggestion postings (10 with their savepoint), the version.
    with django_assert_max_num_queries(22):
        review.accept_mention(suggestion, editor)

    assert_fresh(commitment)


def test_rejecting_a_suggestion_refreshes_nothing(commitment, editor, django_assert_num_queries):
    accepted_mention(commitment)
    suggestion = make_mention(
        make_clause(text="Busan hosts it."), commitment, review=Mention.Review.PENDING
    )
    before, shown = version(), stored(commitment.pk)

    # The savepoint, the claim, the reload, the clause's meeting, the update, its history row.
    with django_assert_num_queries(7):
        review.reject_mention(suggestion, editor)

    assert (version(), stored(commitment.pk)) == (before, shown)
