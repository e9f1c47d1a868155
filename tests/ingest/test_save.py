"""save_parsed / save_batch: one meeting per meeting, translations attached, idempotent, atomic."""

import datetime
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, connections

from commitments import align, suggest
from commitments.ingest import IngestError, parse_source, save_batch, save_parsed
from commitments.models import (
    Actor,
    ActorAlias,
    Clause,
    Meeting,
    MeetingSeries,
    Participation,
    Statement,
)
from tests.builders import make_actor

pytestmark = pytest.mark.django_db

SOURCES = Path(settings.SOURCES_DIR)


def parsed(prefix):
    path = next(SOURCES.glob(f"{prefix}_*.txt"))
    return parse_source(path.read_bytes(), filename=path.name)


def ingest_all(prefixes=("000", "001", "002", "003", "004")):
    return save_batch([(parsed(prefix), None) for prefix in prefixes])


def table_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Actor, ActorAlias, Clause, Meeting, MeetingSeries, Participation, Statement)
    }


def statement(prefix):
    return Statement.objects.get(content_hash=parsed(prefix).content_hash)


def test_five_texts_make_four_meetings_and_five_statements():
    outcomes = ingest_all()
    assert all(outcome.created for outcome in outcomes)
    assert Statement.objects.count() == 5
    assert Meeting.objects.count() == 4
    assert set(MeetingSeries.objects.values_list("name", flat=True)) == {
        "Trilateral Leaders' Summit",
        "Vice Foreign Ministerial Dialogue",
        "Defense Trilateral Talks",
    }


def test_translation_is_a_second_statement_of_the_lima_meeting():
    ingest_all()
    official, translation = statement("000"), statement("001")
    assert translation.meeting_id == official.meeting_id
    assert translation.translation_of == official
    assert translation.is_unofficial_translation
    assert official.translation_of is None
    assert official.meeting.start_date == datetime.date(2024, 11, 15)


@pytest.mark.parametrize("order", [("001", "000"), ("000", "001")])
def test_translation_finds_its_original_whatever_the_order_in_the_batch(order):
    save_batch([(parsed(prefix), None) for prefix in order])
    assert Meeting.objects.count() == 1
    assert statement("001").translation_of == statement("000")


def test_translation_ingested_later_joins_the_existing_meeting():
    save_parsed(parsed("000"))
    outcome = save_parsed(parsed("001"))
    assert outcome.statement.meeting == statement("000").meeting
    assert outcome.statement.translation_of == statement("000")
    assert Meeting.objects.count() == 1


def test_translation_fills_the_place_the_official_text_lacked_but_keeps_a_warning():
    ingest_all(["000", "001"])
    meeting = statement("000").meeting
    assert meeting.place == "Peru"
    assert any("around the statement" in w for w in statement("001").ingest_warnings)


def test_translation_without_date_and_without_original_is_refused():
    with pytest.raises(IngestError, match="no meeting date found"):
        save_parsed(parsed("001"))
    assert Statement.objects.count() == 0


def test_meetings_have_date_place_series_and_ordinal():
    ingest_all()
    dtt = statement("004").meeting
    assert (dtt.title, dtt.start_date, dtt.is_virtual, dtt.ordinal) == (
        "14th Defense Trilateral Talks",
        datetime.date(2024, 4, 24),
        True,
        14,
    )
    seoul = statement("002").meeting
    assert (seoul.start_date, seoul.place, seoul.series.level) == (
        datetime.date(2024, 10, 16),
        "Seoul",
        "vice_ministerial",
    )
    washington = statement("003").meeting
    assert (washington.start_date, washington.place) == (
        datetime.date(2024, 5, 31),
        "Washington area",
    )
    assert washington.series == seoul.series


def test_statement_keeps_raw_text_and_gets_clean_body_and_clauses():
    ingest_all(["004"])
    saved = statement("004")
    path = next(SOURCES.glob("004_*.txt"))
    assert saved.raw_text == path.read_text(encoding="utf-8")
    assert "CONNECT WITH US" not in saved.body
    assert saved.published_on == datetime.date(2024, 4, 26)
    assert saved.publisher == "U.S. Department of Defense"
    assert saved.source_name == path.name
    clauses = list(saved.clauses.order_by("position"))
    assert len(clauses) == len(parsed("004").clauses)
    assert all(saved.body[c.start : c.end] == c.text for c in clauses)


def test_participants_become_people_with_title_and_country():
    ingest_all(["002"])
    meeting = statement("002").meeting
    campbell = Participation.objects.get(meeting=meeting, actor__name="Kurt M. Campbell")
    assert campbell.role == "Deputy Secretary of State"
    assert campbell.country.name == "United States"
    assert campbell.actor.kind == Actor.Kind.PERSON
    assert campbell.actor.country.name == "United States"
    parties = Participation.objects.filter(meeting=meeting, is_party=True)
    assert {p.actor.name for p in parties} == {"United States", "Japan", "Republic of Korea"}
    assert set(statement("002").parties.values_list("name", flat=True)) == {
        "United States",
        "Japan",
        "Republic of Korea",
    }


def test_participants_named_by_title_only_are_their_countries_with_that_role():
    ingest_all(["003"])
    meeting = statement("003").meeting
    roles = dict(Participation.objects.filter(meeting=meeting).values_list("actor__name", "role"))
    assert roles == {
        "United States": "Deputy Secretary of State",
        "Japan": "Vice Minister for Foreign Affairs",
        "Republic of Korea": "1st Vice Minister of Foreign Affairs",
    }


def test_actors_are_matched_through_their_aliases():
    korea = make_actor("Korea (Republic of)", short_name="ROK")
    ActorAlias.objects.create(actor=korea, name="R.O.K.")
    ingest_all(["002", "004"])
    assert Actor.objects.filter(kind="country", aliases__normalized="rok").get() == korea
    assert not Actor.objects.filter(name="Republic of Korea").exists()
    assert korea in statement("004").parties.all()
    assert ActorAlias.objects.get(normalized="republic of korea").actor == korea


def test_same_person_at_two_meetings_is_one_actor():
    ingest_all(["000", "001"])
    assert Actor.objects.filter(kind="person", name="Joseph R. Biden Jr.").count() == 1


def test_reingesting_same_text_changes_nothing_and_says_where_it_is():
    ingest_all()
    before = table_counts()
    outcomes = ingest_all()
    assert table_counts() == before
    for outcome in outcomes:
        assert not outcome.created
        assert outcome.statement.get_absolute_url() in outcome.message
        assert "already present" in outcome.message


def test_same_text_twice_in_one_batch_is_saved_once():
    outcomes = save_batch([(parsed("004"), None), (parsed("004"), None)])
    assert [o.created for o in outcomes] == [True, False]
    assert Statement.objects.count() == 1


def test_failure_mid_save_rolls_everything_back(monkeypatch):
    calls = []

    def failing_suggest(statement):
        calls.append(statement)
        if len(calls) == 3:
            raise RuntimeError("suggestion engine crashed")

    monkeypatch.setattr(suggest, "suggest_for_statement", failing_suggest)
    before = table_counts()
    with pytest.raises(RuntimeError):
        ingest_all()
    assert len(calls) == 3
    assert table_counts() == before


def test_save_aligns_translations_and_runs_suggestions(monkeypatch):
    aligned, suggested = [], []
    monkeypatch.setattr(align, "align_translation", aligned.append)
    monkeypatch.setattr(suggest, "suggest_for_statement", suggested.append)
    ingest_all(["000", "001"])
    assert aligned == [statement("001")]
    assert suggested == [statement("000"), statement("001")]


def test_editor_overrides_replace_what_was_found():
    outcome = save_parsed(
        parsed("000"),
        overrides={"title": "Lima joint statement", "place": "Lima, Peru", "ordinal": 4},
    )
    assert outcome.statement.title == "Lima joint statement"
    assert outcome.statement.meeting.place == "Lima, Peru"
    assert outcome.statement.meeting.ordinal == 4


def test_a_result_with_errors_is_refused_before_anything_is_written():
    bad = parse_source(b"", filename="empty.txt")
    with pytest.raises(IngestError, match="empty.txt"):
        save_batch([(parsed("004"), None), (bad, None)])
    assert Statement.objects.count() == 0


def test_same_text_from_other_bytes_is_not_saved_twice():
    save_parsed(parsed("004"))
    path = next(SOURCES.glob("004_*.txt"))
    crlf = parse_source(path.read_bytes().replace(b"\n", b"\r\n"), filename="copy.txt")
    outcome = save_parsed(crlf)
    assert not outcome.created
    assert outcome.statement == statement("004")
    assert Statement.objects.count() == 1


def test_a_database_refusal_becomes_a_clear_error_and_writes_nothing(monkeypatch):
    from django.db import IntegrityError

    def clash(statement):
        raise IntegrityError("UNIQUE constraint failed: commitments_statement.content_hash")

    monkeypatch.setattr(suggest, "suggest_for_statement", clash)
    with pytest.raises(IngestError, match="nothing was saved"):
        ingest_all(["004"])
    assert table_counts()["Statement"] == 0


def test_an_editor_may_say_a_text_is_no_translation():
    outcome = save_parsed(
        parsed("001"),
        overrides={"is_translation": False, "meeting_date": datetime.date(2024, 11, 15)},
    )
    assert outcome.statement.translation_of is None
    assert not outcome.statement.is_unofficial_translation


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs a server database: real concurrent sessions"
)
def test_the_same_text_saved_by_two_sessions_at_once_is_made_once_and_reported_to_both():
    barrier, outcomes = threading.Barrier(2), []

    def save():
        try:
            result = parsed("004")
            barrier.wait(timeout=10)
            outcomes.append(save_parsed(result).created)
        except IngestError as error:
            outcomes.append(str(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes, key=str) == [False, True]
    assert Statement.objects.count() == 1
