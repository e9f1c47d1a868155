"""The selection engine against a plain reference (tests/browse/oracle.py), and its promise that
one query string gives the same commitments in the same order on every surface."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import override_settings
from django.urls import reverse

from browse import facet_index, selection
from browse.bitsets import bits
from browse.filters import ALIASES, CommitmentFilter
from browse.selection import Selection, _by_relevance, select
from commitments.models import Commitment
from tests.browse import oracle
from tests.builders import make_clause, make_commitment, make_meeting, make_mention, make_statement

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="an index is kept on PostgreSQL only"
)

QUERIES = [
    "",
    "topic=topic-0",
    "topic=topic-1&actor=actor-2",
    "stage=reaffirmed&stage=pledged",
    "latest=reaffirmed&furthest=achieved",
    "furthest=pledged&furthest=expanded&topic=topic-1",
    "latest=stalled&stage=achieved",
    "mention_stage=achieved&series=defence",
    "actor=actor-1&mention_stage=pledged&topic=topic-2",
    "q=item",
    "mentioned_after=2024-03-01&topic=topic-0",
    "mentioned_after=2023-06-01&mentioned_before=2024-12-31",  # 2024 whole, from its year's set
    "mentioned_before=2024-04-15&actor=actor-1",
    "topic=no-such-topic",
]


def _select(query):
    return Selection(facet_index.build(), CommitmentFilter(QueryDict(query)))


@pytest.mark.parametrize("query", QUERIES)
def test_every_count_is_what_choosing_it_would_leave(facet_world, query):
    chosen = _select(query)

    assert chosen.count == len(oracle.selected_ids(query))
    for facet, choices in chosen.choices().items():
        for choice in choices:
            data = QueryDict(query, mutable=True)
            data.setlist(facet, [choice.value])
            for alias in [a for a, meaning in ALIASES.items() if meaning == facet]:
                data.pop(alias, None)  # choosing it replaces what the alias chose
            assert choice.count == len(oracle.selected_ids(data.urlencode())), (facet, choice)


@pytest.mark.parametrize("sort", ["", "recent", "first", "meetings", "title"])
@pytest.mark.parametrize("query", ["", "topic=topic-1", "q=item", "q=item&actor=actor-0"])
def test_the_order_is_the_filters_own(facet_world, query, sort):
    query = f"{query}&sort={sort}" if sort else query
    chosen = _select(query)

    expected = oracle.ordered_ids(query)
    assert chosen.ordered_ids(0, len(expected)) == expected
    assert chosen.ordered_ids(2, 5) == expected[2:5]
    assert chosen.all_ids() == expected


def test_a_topic_counts_only_public_commitments(facet_world):
    choices = _select("").choices()["topic"]

    assert {c.value: c.count for c in choices}["topic-0"] == 4


def test_unknown_names_are_reported_and_left_out(facet_world):
    chosen = _select("topic=no-such-topic&actor=actor-1")

    assert chosen.problems == ["There is no topic called “no-such-topic”."]
    assert chosen.count == len(oracle.selected_ids("actor=actor-1"))


def test_the_meeting_facet_lists_the_most_recent_meetings_first(facet_world, monkeypatch):
    monkeypatch.setattr(selection, "MAX_MEETING_CHOICES", 3)
    for query in ("", "actor=actor-3"):
        choices = _select(query).meeting_choices()
        dates = [c.detail for c in choices]
        assert dates == sorted(dates, reverse=True)
        assert 0 < len(choices) <= 3


def test_relevance_reads_only_the_head_of_the_ranks_and_breaks_ties_by_the_sort():
    ranks = {5: 0.9, 3: 0.5, 9: 0.5, 1: 0.5, 7: 0.1}  # most relevant first
    position = {1: 0, 3: 2, 5: 4, 7: 1, 9: 3}
    mask = bits([1, 3, 5, 7])  # 9 is filtered out

    assert _by_relevance(ranks, mask, position, 2) == [5, 1, 3]  # the whole tie
    assert _by_relevance(ranks, mask, position, 1) == [5]
    assert _by_relevance(ranks, mask, position, 10) == [5, 1, 3, 7]


# -- one answer on every surface, even just after a write (PostgreSQL: an index is kept) --------


@pytest.fixture
def index_kept_and_rebuilt_in_the_background():
    facet_index.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="background"):
        yield
    facet_index.clear()


def _api_slugs(client, query):
    response = client.get(f"/api/commitments?{query}&per_page=100")
    assert response.status_code == 200, response.content
    return [record["slug"] for record in response.json()["results"]]


def _csv_slugs(client, query):
    response = client.get(f"{reverse('export_commitments_csv')}?{query}")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return [row["slug"] for row in csv.DictReader(io.StringIO(text))]


def _a_new_meeting_with_a_commitment():
    meeting = make_meeting(start_date=datetime.date(2026, 5, 1), slug="held-since")
    commitment = make_commitment("Made since", slug="made-since")
    make_mention(make_clause(make_statement(meeting)), commitment)
    return meeting


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_api_and_the_csv_agree_just_after_a_write(
    client, facet_world, index_kept_and_rebuilt_in_the_background
):
    for query in ("", "sort=title", "topic=topic-1"):
        assert _api_slugs(client, query) == _csv_slugs(client, query)

    meeting = _a_new_meeting_with_a_commitment()

    for query in ("", "sort=title", f"meeting={meeting.slug}"):
        api, exported = _api_slugs(client, query), _csv_slugs(client, query)
        assert api == exported
        assert "made-since" in api


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_name_that_exists_is_never_answered_no_such_while_the_index_is_rebuilt(
    client, facet_world, index_kept_and_rebuilt_in_the_background
):
    assert client.get("/").status_code == 200  # the process's index, kept

    meeting = _a_new_meeting_with_a_commitment()
    response = client.get(f"/?meeting={meeting.slug}")

    assert response.status_code == 200
    assert "There is no meeting" not in response.content.decode()
    assert "Made since" in response.content.decode()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_page_keeps_the_index_it_has_while_a_write_is_taken_in(
    client, facet_world, index_kept_and_rebuilt_in_the_background
):
    filterset = CommitmentFilter(QueryDict(""))
    before = select(filterset).count

    _a_new_meeting_with_a_commitment()

    assert select(filterset).count in (before, before + 1)  # the kept one, or the next if built
    assert select(filterset, fresh=True).count == before + 1
    assert Commitment.objects.filter(meeting_count__gt=0).count() == before + 1
