"""Free-text search (full-text with a GIN index on PostgreSQL, FTS5 on SQLite) and the indexes
that serve the browser's filters and sorts."""

import pytest
from django.db import connection

from bench.synthesize import synthesize
from browse import search
from commitments.models import Commitment, CommitmentAlias, Mention
from commitments.services.derived import SQLITE_SEARCH
from tests.builders import make_clause, make_commitment, make_mention

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the tsvector documents' table and GIN index"
)


def _found(text):
    ranks = search.text_ranks(text)
    titles = dict(Commitment.objects.filter(pk__in=ranks).values_list("pk", "title"))
    return [titles[pk] for pk in ranks]


def _mentioned(title, clause_text, **fields):
    commitment = make_commitment(title)
    make_mention(clause=make_clause(text=clause_text), commitment=commitment, **fields)
    return commitment


def test_search_finds_a_title():
    _mentioned("Trilateral Secretariat", "We launched it.")
    _mentioned("Freedom Edge exercise", "We held it.")

    assert _found("secretariat") == ["Trilateral Secretariat"]


def test_search_finds_an_alias():
    commitment = _mentioned("Minerals Security Partnership", "We joined it.")
    CommitmentAlias.objects.create(commitment=commitment, name="MSP")

    assert _found("MSP") == ["Minerals Security Partnership"]


def test_search_finds_the_text_of_an_accepted_mention():
    _mentioned("Missile warning data", "We share real-time missile warning data on launches.")

    assert _found("launches") == ["Missile warning data"]


def test_search_ignores_the_text_of_a_pending_suggestion():
    _mentioned("Missile warning data", "Data sharing on launches.", review=Mention.Review.PENDING)

    assert _found("launches") == []


def test_search_stems_english_words():
    _mentioned("Trilateral Secretariat", "We announce the establishment of the secretariat.")

    assert _found("establishing") == ["Trilateral Secretariat"]


# What a person types is read by our parser (browse/search_query.py) on both databases.


@pytest.mark.parametrize(
    "text", ["-" * 33, "- " * 40 + "x", "x or " + "-" * 40, "!!! && || (((", "'\\'\\"]
)
def test_search_of_operators_and_hyphens_raises_nothing(text):
    _mentioned("Trilateral Secretariat", "We launched it.")

    assert _found(text) == []


def test_search_excludes_a_word():
    _mentioned("Missile warning data", "We share data on launches.")
    _mentioned("Maritime data", "We share data at sea.")

    assert _found("data -missile") == ["Maritime data"]


def test_search_matches_a_quoted_phrase_only_in_order():
    _mentioned("Warning data", "We share missile warning data.")
    _mentioned("Data warning", "The data gave a warning.")

    assert _found('"warning data"') == ["Warning data"]


def test_search_matches_either_side_of_or():
    _mentioned("Trilateral Secretariat", "We launched it.")
    _mentioned("Freedom Edge exercise", "We held it.")
    _mentioned("Critical minerals", "We met.")

    assert sorted(_found("secretariat or exercise")) == [
        "Freedom Edge exercise",
        "Trilateral Secretariat",
    ]


def test_search_finds_a_hyphenated_word():
    _mentioned("Non-proliferation", "We oppose proliferation.")

    assert _found("non-proliferation") == ["Non-proliferation"]


@pytest.mark.parametrize("path", ["/", "/api/commitments", "/export/commitments.json"])
def test_a_search_of_hyphens_alone_is_answered(client, path):
    response = client.get(path, {"q": "-" * 40})

    assert response.status_code == 200


def test_title_matches_rank_above_clause_matches():
    _mentioned("Clause only", "The secretariat will coordinate our work.")
    _mentioned("Trilateral Secretariat", "We launched it.")

    assert _found("secretariat") == ["Trilateral Secretariat", "Clause only"]


def test_search_follows_a_renamed_title():
    commitment = _mentioned("Trilateral Secretariat", "We launched it.")
    commitment.refresh_from_db()

    commitment.title = "Coordination office"
    commitment.save()

    assert _found("secretariat") == []
    assert _found("coordination") == ["Coordination office"]


def test_search_follows_a_rejected_mention():
    commitment = _mentioned("Data sharing", "We share data on ballistic launches.")

    Mention.objects.filter(commitment=commitment).update(review=Mention.Review.REJECTED)

    assert _found("ballistic") == []


def test_search_follows_a_deleted_alias():
    commitment = _mentioned("Minerals Security Partnership", "We joined it.")
    alias = CommitmentAlias.objects.create(commitment=commitment, name="MSP")

    alias.delete()

    assert _found("MSP") == []


def test_synthesized_corpus_is_searchable():
    synthesize(meetings=4, commitments=10, clauses_per_statement=6, seed=1)
    table = "commitments_search" if connection.vendor == "postgresql" else SQLITE_SEARCH
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        documents = cursor.fetchone()[0]

    assert documents == 10
    assert _found("trilateral")


@postgres_only
def test_search_plan_uses_the_gin_index():
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {search.RANKS_SQL}", ["'secretariat'"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "commitments_search_document" in plan


@postgres_only
def test_browser_filters_and_sorts_have_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename IN "
            "('commitments_commitment', 'commitments_mention', 'commitments_commitment_topics', "
            "'commitments_commitment_actors', 'commitments_meeting')"
        )
        definitions = "\n".join(row[0] for row in cursor.fetchall())

    for columns in [
        "(latest_stage",
        "(last_date DESC, id)",
        "(first_date DESC, id)",
        "(meeting_count DESC, last_date DESC, id)",
        "(title, id)",
        "(topic_id",
        "(actor_id",
        "(meeting_id, review",
        "(series_id, start_date",
    ]:
        assert columns in definitions, columns
