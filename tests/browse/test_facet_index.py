import datetime
import threading
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections, transaction
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext, override_settings
from hypothesis import given
from hypothesis import strategies as st

from browse import facet_index
from browse.bitsets import bits, members
from browse.facet_index import Dimension
from browse.filters import CommitmentFilter
from browse.results import results_page
from commitments.models import Commitment
from commitments.services import derived
from tests.builders import (
    make_clause,
    make_commitment,
    make_mention,
    make_topic,
)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the data version is PostgreSQL-only"
)


# -- bit sets and dimensions (no database) ---------------------------------------------------


@given(st.sets(st.integers(min_value=0, max_value=5000)))
def test_a_bit_set_holds_exactly_its_ids(ids):
    assert list(members(bits(ids))) == sorted(ids)
    assert bits(ids).bit_count() == len(ids)


@given(
    st.dictionaries(
        st.integers(min_value=0, max_value=30),
        st.sets(st.integers(min_value=0, max_value=2000), min_size=1),
        max_size=40,
    ),
    st.sets(st.integers(min_value=0, max_value=2000)),
)
def test_walking_members_and_scanning_keys_count_the_same(groups, chosen):
    universe = bits(range(2001))
    by_commitment = sorted(
        (n, sorted(k for k, ids in groups.items() if n in ids))
        for n in set().union(*groups.values())
    )
    dimension = Dimension({k: sorted(ids) for k, ids in groups.items()}, universe, by_commitment)
    mask = bits(chosen)
    data = mask.to_bytes((mask.bit_length() + 7) >> 3, "little")

    walked = dimension.counts_by_member(mask)
    scanned = {k: dimension.count(k, mask, data) for k in groups}

    expected = {k: len(ids & chosen) for k, ids in groups.items()}
    assert scanned == expected
    assert {k: walked.get(k, 0) for k in groups} == expected


def test_commitments_outside_the_universe_never_count():
    dimension = Dimension({"a": [1, 2, 3, 900]}, universe=bits([1, 2, 3]))

    assert dimension.counts(bits([1, 2, 3])) == {"a": 3}


# -- the index against the filters' own SQL --------------------------------------------------


def test_the_index_knows_each_commitments_meetings_and_topics(facet_world):
    index = facet_index.build()
    make_topic(slug="a-second-topic", name="A second topic").commitments.add(
        Commitment.objects.get(slug="c1")
    )  # after the build: the index does not know it yet
    for commitment in Commitment.objects.filter(meeting_count__gt=0).prefetch_related("mentions"):
        meetings = {m.meeting_id for m in commitment.mentions.all() if m.review == "accepted"}
        topics = list(commitment.topics.exclude(slug="a-second-topic").order_by("name"))
        assert set(index.meetings_of(commitment.pk)) == meetings
        assert [n.slug for n in index.topics_of(commitment.pk)] == [t.slug for t in topics]
    assert [
        n.slug for n in facet_index.build().topics_of(Commitment.objects.get(slug="c1").pk)
    ] == [
        "a-second-topic",
        "topic-1",
    ]


def test_warmed_year_sets_select_what_cold_ones_do(facet_world):
    ranges = [(datetime.date(2023, 6, 1), None), (None, datetime.date(2024, 4, 15)), (None, None)]
    cold = facet_index.build()
    expected = [cold.mentioned_between(start, stop) for start, stop in ranges]

    warm = facet_index.build()
    warm.warm_years()

    assert set(warm._mentioned_in_year) == set(warm.meetings_by_year)
    assert [warm.mentioned_between(start, stop) for start, stop in ranges] == expected


# -- one index per data version (PostgreSQL) -------------------------------------------------


@pytest.fixture
def index_kept():
    facet_index.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="inline"):
        yield
    facet_index.clear()


def _topic_counts():
    return {c.label: c.count for c in results_page(CommitmentFilter()).facets["topic"]}


def _mentioned_commitment_on(topic, title):
    commitment = make_commitment(title)
    commitment.topics.add(topic)
    make_mention(clause=make_clause(), commitment=commitment)


def test_nothing_is_kept_when_turned_off(db):
    with override_settings(FACET_INDEX_SECONDS=0):
        assert facet_index.data_version() is None


@postgres_only
@pytest.mark.django_db
def test_a_write_changes_the_data_version(index_kept):
    before = facet_index.data_version()

    make_topic("Ukraine")

    assert facet_index.data_version() > before


@postgres_only
@pytest.mark.django_db
def test_the_index_is_built_once_per_data_version(facet_world, index_kept):
    with CaptureQueriesContext(connection) as first:
        results_page(CommitmentFilter(QueryDict("topic=topic-1")))
    with CaptureQueriesContext(connection) as second:
        results_page(CommitmentFilter(QueryDict("actor=actor-2&stage=pledged")))

    # The second page reads the data version, then the page's rows with their mentions; the
    # first also builds the index (whether a write is open, then 16 grouped queries: the facets,
    # the names, the sorts, and the latest assessments; then the common words in PostgreSQL's
    # statistics, whose sets a kept index keeps: browse/word_sets.py).
    assert len(second) == 2
    assert len(first) == len(second) + 18


@postgres_only
@pytest.mark.django_db
def test_counts_follow_a_new_mention(index_kept):
    topic = make_topic("Maritime security")
    _mentioned_commitment_on(topic, "Coast guards")
    assert _topic_counts()["Maritime security"] == 1

    _mentioned_commitment_on(topic, "Freedom of navigation")

    assert _topic_counts()["Maritime security"] == 2


@contextmanager
def _write_left_open(write):
    """`write()` in another session, its transaction left open until the block ends."""
    written, finish = threading.Event(), threading.Event()

    def session():
        try:
            with transaction.atomic():
                write()
                written.set()
                finish.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=session)
    thread.start()
    try:
        assert written.wait(timeout=30)
        yield
    finally:
        finish.set()
        thread.join(timeout=30)


@postgres_only
@pytest.mark.django_db(transaction=True)
@override_settings(FACET_INDEX_SECONDS=60)
def test_an_index_built_while_another_session_has_written_is_provisional():
    topic = make_topic("Maritime security")
    assert not facet_index.build().provisional

    with _write_left_open(lambda: _mentioned_commitment_on(topic, "Coast guards")):
        assert facet_index.build().provisional

    assert not facet_index.build().provisional


@postgres_only
@pytest.mark.django_db(transaction=True)
@override_settings(FACET_INDEX_SECONDS=60)
def test_a_write_open_elsewhere_than_the_indexed_tables_leaves_the_index_settled():
    with _write_left_open(lambda: User.objects.create(username="reader")):
        assert not facet_index.build().provisional


@override_settings(FACET_INDEX_SECONDS=0)
@pytest.mark.django_db
def test_no_open_write_is_looked_for_where_no_index_is_kept():
    with CaptureQueriesContext(connection) as built:
        facet_index.build()

    assert not any("pg_locks" in query["sql"] for query in built.captured_queries)


def test_an_open_write_is_told_by_the_lock_of_the_data_version_derived_bumps():
    assert facet_index.VERSIONED == (derived.DATA_VERSION,)


@postgres_only
@pytest.mark.django_db(transaction=True)
@override_settings(FACET_INDEX_SECONDS=60)
def test_an_index_built_while_another_session_renamed_a_topic_is_provisional():
    topic = make_topic("Maritime security")

    def rename():
        topic.name = "Maritime domain"
        topic.save()

    with _write_left_open(rename):
        assert facet_index.build().provisional


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_write_still_open_when_the_index_was_built_shows_once_committed(monkeypatch):
    monkeypatch.setattr(facet_index, "REBUILD_EVERY", 0)
    facet_index.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="inline"):
        topic = make_topic("Maritime security")
        _mentioned_commitment_on(topic, "Coast guards")
        assert _topic_counts()["Maritime security"] == 1

        # The write bumps the data version at once: the index is built anew, without it.
        with _write_left_open(lambda: _mentioned_commitment_on(topic, "Freedom of navigation")):
            assert _topic_counts()["Maritime security"] == 1

        assert _topic_counts()["Maritime security"] == 2
    facet_index.clear()


@contextmanager
def _rebuilt_in_background(monkeypatch, every):
    """The index kept per data version and rebuilt by a thread at most `every` seconds apart,
    with one topic counted once (the process's first index, built inline)."""
    monkeypatch.setattr(facet_index, "REBUILD_EVERY", every)
    facet_index.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="background"):
        topic = make_topic("Maritime security")
        _mentioned_commitment_on(topic, "Coast guards")
        assert _topic_counts()["Maritime security"] == 1
        yield topic
    facet_index.clear()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_previous_index_serves_until_the_next_is_built(monkeypatch):
    with _rebuilt_in_background(monkeypatch, every=0) as topic:
        _mentioned_commitment_on(topic, "Freedom of navigation")
        assert _topic_counts()["Maritime security"] == 1  # the next one is being built
        facet_index.wait_for_rebuild()

        assert _topic_counts()["Maritime security"] == 2


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_an_index_built_in_the_background_serves_with_its_unfiltered_counts_made(monkeypatch):
    with _rebuilt_in_background(monkeypatch, every=0) as topic:
        _mentioned_commitment_on(topic, "Freedom of navigation")
        _topic_counts()
        facet_index.wait_for_rebuild()
        index = facet_index.current_index()
        made = {facet: d._universe_counts for facet, d in index.dimensions.items()}

        assert made["topic"][topic.id] == 2  # counted by the thread, not by a request
        assert all(counts is not None for counts in made.values())


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_stream_of_writes_starts_a_rebuild_at_most_every_few_seconds(monkeypatch):
    with _rebuilt_in_background(monkeypatch, every=3600) as topic:
        _mentioned_commitment_on(topic, "Freedom of navigation")
        _topic_counts()
        facet_index.wait_for_rebuild()

        assert _topic_counts()["Maritime security"] == 1  # no rebuild yet: built too recently
