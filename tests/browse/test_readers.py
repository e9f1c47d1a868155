"""Query budgets: the browser, a timeline and a meeting page run a fixed number of SQL queries
whatever the size of the database. Budgets: browser 1 plus the facet index's 15 when it is built
(here on every request: the suite keeps no data version), timeline 4, meeting 6."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from browse import readers, results, search
from commitments.models import Clause, Commitment, Mention
from tests.builders import (
    make_actor,
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
    make_topic,
)

pytestmark = pytest.mark.django_db

INDEX_QUERIES = 16  # facet_index.build(): a query per facet, per kind of name, per sort
BROWSER_QUERIES = INDEX_QUERIES + 1  # the page's rows with their mentions at the columns
TIMELINE_QUERIES = 6  # the commitment, its names, its mentions with translations, later meetings,
# its published assessments and evidence (their citations and parties are read only when there are some)
MEETING_QUERIES = 8  # the meeting, participants, statements, mentions, neighbours, dropped,
# and for "Compare with…" the previous meeting of any series and the meetings to choose from


def populate(n):
    """n commitments, each mentioned at three of five meetings of one series."""
    series = make_series(slug="series")
    meetings = [
        make_meeting(
            series, datetime.date(2024, 1, 1) + datetime.timedelta(days=30 * i), slug=f"m{i}"
        )
        for i in range(5)
    ]
    statements = [make_statement(meeting) for meeting in meetings]
    topic, actor = make_topic(slug="topic"), make_actor(slug="actor")
    commitments = Commitment.objects.bulk_create(
        Commitment(title=f"Commitment {i}", slug=f"commitment-{i}") for i in range(n)
    )
    clauses = Clause.objects.bulk_create(
        Clause(statement=s, position=i + 1, text=f"We commit to item {i}.", start=0, end=20)
        for s in statements
        for i in range(n)
    )
    stages = ["pledged", "in_progress", "achieved", "reaffirmed", "expanded"]
    Mention.objects.bulk_create(
        Mention(
            clause=clauses[((i + j) % 5) * n + i],
            commitment=commitment,
            meeting=meetings[(i + j) % 5],
            published=True,
            stage=stages[(i + j) % 5],
            span_start=0,
            span_end=9,
        )
        for i, commitment in enumerate(commitments)
        for j in range(3)
    )
    Commitment.topics.through.objects.bulk_create(
        Commitment.topics.through(commitment=c, topic=topic) for c in commitments
    )
    Commitment.actors.through.objects.bulk_create(
        Commitment.actors.through(commitment=c, actor=actor) for c in commitments[::2]
    )
    return meetings


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context.captured_queries)


@pytest.mark.parametrize("n", [10, 1000])
def test_browser_runs_a_fixed_number_of_queries(client, n):
    populate(n)
    assert count_queries(client, "/") == BROWSER_QUERIES


@pytest.mark.parametrize("n", [10, 1000])
def test_filtered_browser_runs_a_fixed_number_of_queries(client, n):
    populate(n)
    url = (
        "/?q=item&topic=topic&actor=actor&stage=expanded&stage=pledged&mention_stage=expanded"
        "&series=series&meeting=m2&mentioned_after=2024-01-15&sort=meetings&page=2"
    )
    response = client.get(url)
    assert response.context["result"].commitments, "the filters must leave some rows"
    # + 3: the synonyms the text names, the commitments it matches with their relevance (the
    # index holds the rest), the clauses of the page's rows the matched words are marked in.
    assert count_queries(client, url) == BROWSER_QUERIES + 3


@pytest.mark.parametrize("n", [10, 1000])
def test_timeline_runs_a_fixed_number_of_queries(client, n):
    populate(n)
    assert count_queries(client, "/commitments/commitment-3/") == TIMELINE_QUERIES


@pytest.mark.parametrize("n", [10, 1000])
def test_meeting_page_runs_a_fixed_number_of_queries(client, n):
    populate(n)
    assert count_queries(client, "/meetings/m2/") == MEETING_QUERIES


def test_browser_reads_only_the_rows_of_its_page(client):
    populate(60)
    with CaptureQueriesContext(connection) as context:
        client.get("/?page=2")
    rows = [
        q["sql"]
        for q in context.captured_queries
        if q["sql"].startswith('SELECT "commitments_commitment"."id"') and '"id" IN (' in q["sql"]
    ]
    assert len(rows) == 1
    ids = rows[0].split('"id" IN (')[1].split(")")[0].split(",")
    assert len(ids) == results.PER_PAGE


def test_marker_strips_come_from_one_query(client):
    populate(30)
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    # Only the rows' mentions at the columns are read as rows (the facets only count them).
    mention_queries = [q for q in context.captured_queries if "span_start" in q["sql"]]
    assert len(mention_queries) == 1


def search_sql(text):
    with CaptureQueriesContext(connection) as context:
        search.text_ranks(text)
    return " ".join(q["sql"] for q in context.captured_queries)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search path")
def test_text_search_uses_full_text_search_on_postgresql():
    # The text is parsed by browse/search_query.py, never by websearch_to_tsquery.
    sql = search_sql("exercise")
    assert "@@" in sql
    assert "to_tsquery" in sql and "websearch_to_tsquery" not in sql


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search path")
def test_full_text_search_matches_word_forms(client):
    populate(3)
    Commitment.objects.filter(slug="commitment-1").update(title="Trilateral exercises")
    response = client.get("/?q=exercise")
    assert [c.slug for c in response.context["result"].commitments] == ["commitment-1"]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite full-text search path")
def test_text_search_uses_fts5_on_sqlite():
    # FTS5's own parser reads only the quoted strings browse/search_query.py writes.
    sql = search_sql("exercise")
    assert "MATCH" in sql and "bm25" in sql and "LIKE" not in sql


def test_text_search_finds_clause_text_on_any_database(client):
    populate(5)
    response = client.get("/?q=item 3")
    assert "commitment-3" in [c.slug for c in response.context["result"].commitments]


def test_timeline_silences_count_the_meetings_after_the_last_mention_of_each_series():
    series, other = make_series(), make_series()
    meetings = [
        make_meeting(series, datetime.date(2024, month, 1), slug=f"s{month}")
        for month in (1, 3, 5, 7)
    ]
    elsewhere = make_meeting(other, datetime.date(2024, 2, 1), slug="o2")
    make_meeting(other, datetime.date(2023, 12, 1), slug="o-before")
    commitment = make_commitment(slug="kept")
    for meeting in (meetings[0], meetings[2], elsewhere):
        clause = make_clause(make_statement(meeting))
        make_mention(clause, commitment, meeting=meeting)

    timeline = readers.commitment_timeline("kept")

    [gap] = timeline.silences
    assert gap.last_mentioned_at.slug == "s5" and gap.series.name == series.name
    assert [m.slug for m in gap.later_meetings] == ["s7"]
    assert [entry.meeting.slug for entry in timeline.entries] == ["s1", "o2", "s5"]


def test_timeline_names_come_ordered_and_translations_attach_to_their_clause():
    meeting = make_meeting()
    official = make_statement(meeting)
    clause = make_clause(official)
    commitment = make_commitment(slug="named")
    make_mention(clause, commitment, meeting=meeting)
    for language in ("ja", "ko"):
        translation = make_statement(meeting, language=language, translation_of=official)
        make_clause(translation, aligned_to=clause)
    for name in ("Zeta", "Alpha"):
        commitment.topics.add(make_topic(name))
        commitment.aliases.create(name=f"{name} alias")
    commitment.actors.add(
        make_actor("Zed", kind="country"), make_actor("Able", kind="organisation")
    )
    commitment.actors.add(make_actor("Bravo", kind="country"))

    timeline = readers.commitment_timeline("named")

    assert [t.name for t in timeline.topics] == ["Alpha", "Zeta"]
    assert [a.name for a in timeline.actors] == ["Bravo", "Zed", "Able"]  # by kind, then name
    assert [a.name for a in timeline.aliases] == ["Alpha alias", "Zeta alias"]
    [mention] = timeline.commitment.public_mentions
    assert mention.clause.statement == official and mention.meeting == meeting
    assert [t.statement.language for t in mention.clause.translations] == ["ja", "ko"]
    assert timeline.commitment.first_meeting is mention.meeting


def test_meeting_record_finds_the_series_neighbours_and_what_was_dropped():
    series = make_series()
    first, middle, last = (
        make_meeting(series, datetime.date(2024, month, 1), slug=f"n{month}") for month in (1, 2, 3)
    )
    make_meeting(make_series(), datetime.date(2024, 1, 15))  # another series between them
    kept, dropped = make_commitment(title="Kept"), make_commitment(title="Dropped")
    for meeting, commitments in ((first, (kept, dropped)), (middle, (kept,))):
        statement = make_statement(meeting)
        for commitment in commitments:
            make_mention(make_clause(statement, text=f"On {commitment.title}."), commitment)

    record = readers.meeting_record("n2")

    assert (record.previous.slug, record.next.slug) == ("n1", "n3")
    assert [c.title for c in record.dropped] == ["Dropped"]
    assert [o.commitment.title for _, _, _, group in record.outcomes for o in group] == ["Kept"]
    assert readers.meeting_record("n1").previous is None
    assert readers.meeting_record("n3").next is None
