"""Common words answered from memory (browse/word_sets.py) give what the database gives, and
follow writes from one index to the next; searches with many matches are ordered by tiers."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from browse import facet_index, search, word_sets
from browse.search import find, understand
from browse.word_sets import WordSets, carried, common_words
from commitments.models import CommitmentAlias
from tests.builders import make_clause, make_commitment, make_meeting, make_mention, make_statement

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's statistics and tsvector documents"
)


def _mentioned(title, clause, day, summary="", alias=""):
    """A public commitment mentioned on 2024-01-`day` (a later day: more recent)."""
    commitment = make_commitment(title, summary=summary)
    if alias:
        CommitmentAlias.objects.create(commitment=commitment, name=alias)
    meeting = make_meeting(start_date=datetime.date(2024, 1, day))
    make_mention(make_clause(make_statement(meeting, body=clause), clause), commitment)
    return commitment


@pytest.fixture
def corpus(db):
    found = {
        "title": _mentioned("Maritime cooperation", "We pledge to patrol.", 1),
        "alias": _mentioned("Coast guards", "We pledge it.", 2, alias="Security cooperation"),
        "summary": _mentioned("Drills", "We hold drills.", 3, summary="Cooperation at sea"),
        "clauses": _mentioned("Chips", "Cooperation on semiconductor security.", 4),
        "recent": _mentioned("Minerals", "Deeper cooperation on minerals.", 5),
        "neither": _mentioned("Health", "We fund vaccines and maritime research.", 6),
    }
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE commitments_search")
    return found


def _universe():
    return facet_index.build().universe


QUERIES = [
    "cooperation",
    "maritime cooperation",
    "cooperation -semiconductor",
    "cooperation or vaccines",
    "-cooperation",
    "security",
]


def test_the_common_words_are_those_of_the_statistics(corpus):
    common = common_words()

    assert {"cooper", "maritim", "secur"} <= common.keys()
    assert all(word_sets.COMMON_SHARE <= share <= 1 for share in common.values())


@pytest.mark.parametrize("ranked_at_most", [0, 1000])
@pytest.mark.parametrize("text", QUERIES)
def test_memory_and_database_find_the_same(corpus, monkeypatch, text, ranked_at_most):
    monkeypatch.setattr(search, "RANKED_AT_MOST", ranked_at_most)
    parsed, universe = understand(text), _universe()
    words = WordSets(common_words())

    assert words.answer(parsed) is not None  # answered from memory
    for ranked in (True, False):
        assert find(parsed, ranked, words, universe) == find(parsed, ranked, None, universe)


@pytest.mark.parametrize("text", ['"maritime cooperation"', "vaccines", "cooperation fishing"])
def test_a_phrase_or_a_word_not_kept_goes_to_the_database(corpus, monkeypatch, text):
    monkeypatch.setattr(word_sets, "COMMON_SHARE", 0.5)  # only cooperation is common
    words = WordSets(common_words())

    assert "cooper" in words.common and "vaccin" not in words.common
    assert words.answer(understand(text)) is None


def _api_titles(client, query, **more):
    response = client.get("/api/commitments", {"q": query, "per_page": 100, **more})
    assert response.status_code == 200
    return [record["title"] for record in response.json()["results"]]


def test_many_matches_come_by_where_the_words_are_then_most_recent(client, corpus, monkeypatch):
    monkeypatch.setattr(search, "RANKED_AT_MOST", 2)

    assert _api_titles(client, "cooperation") == [
        "Coast guards",  # an alias, more recent than
        "Maritime cooperation",  # the title
        "Drills",  # the summary
        "Minerals",  # only the clauses, more recent than
        "Chips",
    ]
    assert _api_titles(client, "cooperation", sort="title") == [  # a sort chosen: that order
        "Chips",
        "Coast guards",
        "Drills",
        "Maritime cooperation",
        "Minerals",
    ]


def test_a_phrase_with_many_matches_gets_its_tiers_from_the_database(corpus, monkeypatch):
    monkeypatch.setattr(search, "RANKED_AT_MOST", 0)
    found = find(understand('"maritime cooperation"'), universe=_universe())

    head, summary, clauses = found.tiers
    assert found.ranks is None and found.matches == head == 1 << corpus["title"].pk
    assert summary == clauses == 0


def test_few_matches_come_by_rank(client, corpus):
    titles = _api_titles(client, "cooperation")

    assert titles[:2] == ["Maritime cooperation", "Coast guards"]  # title (A) above alias (B)
    assert set(titles) == {"Maritime cooperation", "Coast guards", "Drills", "Minerals", "Chips"}


def _version():
    return facet_index.data_version()


def test_a_new_index_carries_the_sets_over_a_write(corpus):
    with override_settings(FACET_INDEX_SECONDS=60):
        before = carried(None, _version(), provisional=False)
        for lexeme in ("cooper", "maritim", "secur"):
            before.word_set(lexeme)
        corpus["neither"].title = "Health cooperation"  # the word gained, in the title
        corpus["neither"].save()
        corpus["title"].title = "Maritime patrols"  # and lost
        corpus["title"].save()
        corpus["alias"].delete()
        after = carried(before, _version(), provisional=False)

    assert after.as_of > before.as_of
    assert after.sets.keys() == before.sets.keys()
    universe = _universe()  # a deleted commitment's bits may stay: no mask holds it
    for lexeme, kept in after.sets.items():
        fresh = word_sets._read_word(lexeme)
        for name in ("anywhere", "head", "upper"):
            assert getattr(kept, name) & universe == getattr(fresh, name) & universe, lexeme
    cooperation = after.sets["cooper"]
    assert _has(cooperation.head, corpus["neither"]) and not _has(cooperation.head, corpus["title"])


def test_a_provisional_index_does_not_vouch_for_its_version(corpus):
    with override_settings(FACET_INDEX_SECONDS=60):
        first = carried(None, _version(), provisional=False)
        first.word_set("cooper")
        corpus["recent"].save()
        second = carried(first, _version(), provisional=True)

    assert second.as_of == first.as_of  # the next index reads again what changed since


def _has(mask, commitment):
    return bool(mask >> commitment.pk & 1)


def test_the_sets_of_an_index_made_for_one_request_are_not_carried(corpus):
    assert carried(None, None, provisional=False).as_of is None
    assert not facet_index.build().words.common  # none kept: its searches go to the database


@pytest.mark.django_db(transaction=True)
def test_a_kept_index_answers_from_memory_and_follows_a_write(client, monkeypatch):
    facet_index.clear()
    monkeypatch.setattr(search, "RANKED_AT_MOST", 1)
    _mentioned("Maritime cooperation", "We pledge to patrol.", 1)
    _mentioned("Drills", "Cooperation at sea.", 2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE commitments_search")
    try:
        with (
            override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="background"),
            CaptureQueriesContext(connection) as asked,
        ):
            assert _api_titles(client, "cooperation") == ["Maritime cooperation", "Drills"]
            _mentioned("Cooperation on health", "We fund vaccines.", 3)
            # Data out waits for an index of the new data: its sets are the previous ones', with
            # the new commitment's document read.
            assert _api_titles(client, "cooperation") == [
                "Cooperation on health",
                "Maritime cooperation",
                "Drills",
            ]
    finally:
        facet_index.clear()
    assert not [q for q in asked.captured_queries if "ts_rank" in q["sql"]]  # none ranked by SQL
