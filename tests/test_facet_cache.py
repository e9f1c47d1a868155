import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext, override_settings

from commitments import facet_cache, queries
from commitments.filters import CommitmentFilter
from tests.builders import make_clause, make_commitment, make_mention, make_topic

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the data version is PostgreSQL-only"
)


@pytest.fixture
def cache_on():
    facet_cache.clear()
    with override_settings(FACET_CACHE_SECONDS=60):
        yield
    facet_cache.clear()


def _filterset(query=""):
    return CommitmentFilter(QueryDict(query) or None, queryset=queries.public_commitments())


def _topic_counts():
    facets = queries.browse(_filterset()).facets
    return {choice.label: choice.count for choice in facets["topic"]}


def test_filter_key_ignores_page_and_sort():
    plain = facet_cache.filter_key(_filterset("topic=dprk"))

    assert facet_cache.filter_key(_filterset("topic=dprk&page=2&sort=title")) == plain
    assert facet_cache.filter_key(_filterset("topic=ukraine")) != plain


def test_nothing_is_remembered_when_turned_off():
    with override_settings(FACET_CACHE_SECONDS=0):
        assert facet_cache.data_version() is None


@postgres_only
def test_a_write_changes_the_data_version(cache_on):
    before = facet_cache.data_version()

    make_topic("Ukraine")

    assert facet_cache.data_version() > before


@postgres_only
def test_the_same_filter_again_skips_the_facet_queries(cache_on):
    make_mention(clause=make_clause(), commitment=make_commitment("Secretariat"))
    with CaptureQueriesContext(connection) as first:
        queries.browse(_filterset())
    with CaptureQueriesContext(connection) as second:
        queries.browse(_filterset())

    assert len(second) < len(first) - 5


@postgres_only
def test_counts_follow_a_new_mention(cache_on):
    topic = make_topic("Maritime security")
    first = make_commitment("Coast guards")
    first.topics.add(topic)
    make_mention(clause=make_clause(), commitment=first)
    assert _topic_counts()["Maritime security"] == 1

    second = make_commitment("Freedom of navigation")
    second.topics.add(topic)
    make_mention(clause=make_clause(), commitment=second)

    assert _topic_counts()["Maritime security"] == 2
