"""The project's own texts, one per family editors meet (tests/ingest/texts/, written for the
project), against the values kept next to them in expected.yaml."""

import datetime
from pathlib import Path

import pytest
import yaml

from commitments.ingest import parse_source

TEXTS = Path(__file__).parent / "texts"
EXPECTED = yaml.safe_load((TEXTS / "expected.yaml").read_text(encoding="utf-8"))
KEPT = sorted(name for name, expected in EXPECTED.items() if expected["kept"])


def parse(name):
    return parse_source((TEXTS / name).read_bytes(), filename=name)


def expected_date(value):
    return value if value is None or isinstance(value, datetime.date) else None


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_text_is_kept_exactly_when_it_is_a_statement_of_the_parties(name):
    result = parse(name)
    assert result.ok == EXPECTED[name]["kept"], result.errors


@pytest.mark.parametrize("name", KEPT)
def test_meeting_date(name):
    meta = parse(name).metadata
    assert meta.meeting_date == expected_date(EXPECTED[name]["meeting_date"])
    if "end_date" in EXPECTED[name]:
        assert meta.end_date == EXPECTED[name]["end_date"]


@pytest.mark.parametrize("name", KEPT)
def test_series(name):
    assert parse(name).metadata.series == EXPECTED[name]["series"]


@pytest.mark.parametrize("name", KEPT)
def test_place(name):
    assert (parse(name).metadata.place or None) == EXPECTED[name]["place"]


@pytest.mark.parametrize("name", KEPT)
def test_language(name):
    assert parse(name).metadata.language == EXPECTED[name]["language"]


@pytest.mark.parametrize("name", KEPT)
def test_participants_are_the_people_who_met_each_known_once(name):
    people = [p.known or p.name for p in parse(name).metadata.participants]
    assert sorted(people) == sorted(EXPECTED[name]["participants"])


@pytest.mark.parametrize("name", KEPT)
def test_parties_are_only_the_three_countries_that_issued_it(name):
    assert sorted(parse(name).metadata.parties) == sorted(EXPECTED[name]["parties"])


@pytest.mark.parametrize("name", KEPT)
def test_publisher_is_an_institution_and_the_outlet_is_kept_apart(name):
    meta = parse(name).metadata
    assert (meta.publisher or None) == EXPECTED[name]["publisher"]
    assert meta.found_at == EXPECTED[name]["found_at"]
    assert meta.is_repost == EXPECTED[name]["is_repost"]


@pytest.mark.parametrize("name", KEPT)
def test_what_is_missing_is_left_empty_with_a_warning(name):
    meta = parse(name).metadata
    warnings = " ".join(parse(name).warnings)
    if meta.place == "" and not meta.is_virtual:
        assert "No place found." in warnings
    if not meta.publisher:
        assert "No publisher found." in warnings


def test_a_text_naming_no_party_is_refused_saying_why():
    result = parse("not-a-statement.txt")
    assert "names none of the parties" in result.errors[0]
    assert "United States, Japan and Republic of Korea" in result.errors[0]


def test_a_machine_translation_is_an_unofficial_translation_with_a_warning():
    meta = parse("tri-chod-machine-translated.txt").metadata
    assert meta.is_translation and meta.is_unofficial_translation
    assert any("machine-translated" in w for w in meta.warnings)


def test_a_page_cut_off_mid_word_keeps_its_last_clause():
    result = parse("vice-fm-cut-at-2000-bytes.txt")
    assert len((TEXTS / "vice-fm-cut-at-2000-bytes.txt").read_bytes()) == 2000
    assert result.clauses[-1].text.endswith("their partne")


def test_distributor_lines_stay_out_of_the_body():
    result = parse("dtt-distributor-header-footer.txt")
    assert "Distributed" not in result.body and "solely responsible" not in result.body
    assert result.metadata.published_on == datetime.date(2024, 11, 15)


def test_a_news_agency_tag_is_dropped_from_the_first_paragraph():
    result = parse("secretariat-launch-news-agency.txt")
    assert result.body.startswith("South Korea, the United States and Japan officially launched")
    assert any(s.reason == "news agency's tag" for s in result.dropped)


def test_an_era_date_gives_the_year_of_a_day_given_without_one():
    meta = parse("tmm-readout-ja.txt").metadata
    assert meta.published_on == datetime.date(2024, 7, 28)
    assert any("without a year" in w for w in meta.warnings)


def test_a_weekday_is_the_last_one_before_publication_with_a_warning():
    meta = parse("fm-news-rewrite-weekday.txt").metadata
    assert meta.meeting_date.strftime("%A") == "Saturday"
    assert any("as a weekday" in w for w in meta.warnings)
