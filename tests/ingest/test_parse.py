"""parse_source on the five source texts: metadata, noise removed, clauses located in the body."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings

from commitments.ingest import parse_source
from commitments.models import content_hash

SOURCES = Path(settings.SOURCES_DIR)
US, JAPAN, ROK = "United States", "Japan", "Republic of Korea"


def parse(prefix):
    path = next(SOURCES.glob(f"{prefix}_*.txt"))
    return parse_source(path.read_bytes(), filename=path.name)


# Noise each text carries (DOMAIN.md): none of it may reach a clause.
NOISE = {
    "000": ["***", "\\*", "\\###", "###", "published_time", "source_url:", "tags:"],
    "001": [
        "On the occasion of the APEC summit",
        "■",
        "Joint statement of the Korea-U.S.-Japan summit (unofficial translation)",
        "Source: Policy news",
        "Comments",
        "He emphasized that the new secretariat",
        "revealed.",
    ],
    "002": [
        "top of page",
        "Writer's picture",
        "WireNews",
        "Begin Text",
        "End Text",
        "bottom of page",
        "The following is the joint statement",
    ],
    "003": [
        "Webp",
        "xcg0u0xjkbp2okga1vglapx2u7ba",
        "Official Website",
        "ORGANIZATIONS IN THIS STORY",
        "discuss regional security at trilateral meeting",
        "End text",
        "The following text was released",
    ],
    "004": [
        "An official website",
        ".mil website",
        "Home : Media",
        "NEWS | April 26, 2024",
        "U.S. Department of Defense\n",
        "CONNECT WITH US",
        "ENGAGE",
        "USINDOPACOM",
        "North Wind 25",
        "Red Flag",
        "Cabanatuan",
        "photo by",
    ],
}

# Clause counts: sentences, a very short one joined to its neighbour.
CLAUSE_RANGES = {
    "000": (58, 70),
    "001": (62, 75),
    "002": (34, 44),
    "003": (22, 28),
    "004": (17, 23),
}


@pytest.mark.parametrize("prefix", sorted(NOISE))
def test_no_noise_line_reaches_a_clause(prefix):
    result = parse(prefix)
    assert result.ok, result.errors
    for clause in result.clauses:
        for noise in NOISE[prefix]:
            assert noise.strip() not in clause.text, (noise, clause.text)


@pytest.mark.parametrize("prefix", sorted(CLAUSE_RANGES))
def test_clause_count_is_within_the_expected_range(prefix):
    low, high = CLAUSE_RANGES[prefix]
    assert low <= len(parse(prefix).clauses) <= high


@pytest.mark.parametrize("prefix", sorted(CLAUSE_RANGES))
def test_every_clause_is_located_by_its_offsets_in_the_body(prefix):
    result = parse(prefix)
    body = result.body
    positions = [clause.position for clause in result.clauses]
    assert positions == list(range(1, len(positions) + 1))
    for clause in result.clauses:
        assert body[clause.start : clause.end] == clause.text
        assert 1 <= clause.paragraph <= len(result.paragraphs)
        assert clause.text in result.paragraphs[clause.paragraph - 1]


@pytest.mark.parametrize("prefix", sorted(CLAUSE_RANGES))
def test_content_hash_is_the_sha256_of_the_raw_bytes(prefix):
    path = next(SOURCES.glob(f"{prefix}_*.txt"))
    assert parse(prefix).content_hash == content_hash(path.read_bytes())


def test_lima_leaders_statement_metadata():
    meta = parse("000").metadata
    assert meta.title == "Joint Statement of Japan, the Republic of Korea, and the United States"
    assert meta.meeting_date == datetime.date(2024, 11, 15)
    assert meta.published_on == datetime.date(2024, 11, 15)
    assert meta.series == "Trilateral Leaders' Summit"
    assert meta.series_level == "leaders"
    assert meta.ordinal is None
    assert meta.place == ""  # the White House text does not say Lima
    assert meta.kind == "joint_statement"
    assert meta.publisher == "The White House"
    assert meta.source_url.startswith("https://www.whitehouse.gov/briefing-room/")
    assert meta.language == "en"
    assert not meta.is_translation
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert {(p.name, p.title, p.country) for p in meta.participants} == {
        ("Joseph R. Biden Jr.", "President", US),
        ("Ishiba Shigeru", "Prime Minister", JAPAN),
        ("Yoon Suk Yeol", "President", ROK),
    }


def test_lima_leaders_statement_front_matter_is_kept_in_raw_text_not_in_body():
    result = parse("000")
    assert result.raw_text.startswith("---\ndate: '2024-11-15'")
    assert "source_url" not in result.body
    assert result.body.startswith("We, the leaders of Japan")
    assert result.body.endswith("in the Indo-Pacific for years to come.")


def test_lima_hard_wrapped_lines_are_reflowed_into_paragraphs():
    result = parse("000")
    assert len(result.paragraphs) == 12
    assert "\n" not in result.paragraphs[0]
    assert "the United States, convened in the spirit of Camp David" in result.paragraphs[0]


def test_unofficial_translation_metadata():
    meta = parse("001").metadata
    assert meta.title == "Joint statement of the Korea-U.S.-Japan summit (unofficial translation)"
    assert meta.is_translation and meta.is_unofficial_translation
    assert meta.meeting_date is None  # found at save time from the official text
    assert meta.series == "Trilateral Leaders' Summit"
    assert meta.place == "Peru"
    assert any("around the statement" in w for w in meta.warnings)
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert meta.publisher == "Korea Policy Briefing"  # "Source: Policy news", its section


def test_unofficial_translation_body_starts_after_the_news_summary():
    result = parse("001")
    assert result.body.startswith(
        "We, the leaders of the Republic of Korea, the United States, and Japan"
    )
    assert result.body.endswith("for years to come.")
    reasons = {segment.reason for segment in result.dropped}
    assert "introduction or news summary before the statement" in reasons


def test_vice_foreign_ministerial_seoul_metadata():
    meta = parse("002").metadata
    assert meta.title == (
        "Joint Statement on the Republic of Korea-U.S.-Japan Trilateral Vice Foreign Ministerial Meeting"
    )
    assert meta.meeting_date == datetime.date(2024, 10, 16)
    assert meta.place == "Seoul"
    assert not meta.is_virtual
    assert meta.series == "Vice Foreign Ministerial Dialogue"
    assert meta.series_level == "vice_ministerial"
    assert meta.ordinal is None
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("Kim Hong Kyun", "1st Vice Foreign Minister", ROK),
        ("Kurt M. Campbell", "Deputy Secretary of State", US),
        ("Okano Masataka", "Vice Minister for Foreign Affairs", JAPAN),
    ]
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert meta.published_on is None
    assert "No publication date found." in meta.warnings


def test_vice_foreign_minister_level_dialogue_washington_metadata():
    result = parse("003")
    meta = result.metadata
    assert meta.meeting_date == datetime.date(2024, 5, 31)
    assert meta.place == "Washington area"
    assert meta.series == "Vice Foreign Ministerial Dialogue"
    assert (
        meta.title
        == "US-Japan-South Korea officials discuss regional security at trilateral meeting"
    )
    assert any("headline" in w for w in meta.warnings)
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("", "Deputy Secretary of State", US),
        ("", "Vice Minister for Foreign Affairs", JAPAN),
        ("", "1st Vice Minister of Foreign Affairs", ROK),
    ]
    assert "Participants are named by title only." in meta.warnings
    assert set(meta.parties) == {US, JAPAN, ROK}


def test_quotation_marks_wrapped_around_each_paragraph_are_removed():
    result = parse("003")
    assert all(not p.startswith(('"', "“")) for p in result.paragraphs)
    assert result.paragraphs[0].startswith("We, the Deputy Secretary of State")
    assert result.paragraphs[-1].endswith("next Trilateral Leaders Meeting later year.")


def test_defense_trilateral_talks_metadata():
    meta = parse("004").metadata
    assert meta.title == "Joint Statement of the 14th Defense Trilateral Talks"
    assert meta.meeting_date == datetime.date(2024, 4, 24)
    assert meta.published_on == datetime.date(2024, 4, 26)
    assert meta.is_virtual
    assert meta.place == ""
    assert meta.series == "Defense Trilateral Talks"
    assert meta.ordinal == 14
    assert meta.publisher == "U.S. Department of Defense"
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("Cho Chang-rae", "Deputy Minister for National Defense Policy", ROK),
        ("Ely Ratner", "Assistant Secretary of Defense for Indo-Pacific Security Affairs", US),
        ("Kano Koji", "Director General for Defense Policy", JAPAN),
    ]


def test_defense_trilateral_talks_body_ends_before_the_news_list():
    result = parse("004")
    assert result.body.endswith(
        "agreed to hold the 15th Defense Trilateral Talks later this year in the ROK."
    )
    assert len(result.paragraphs) == 9


def test_abbreviations_and_initials_do_not_end_a_clause():
    texts = [clause.text for clause in parse("000").clauses + parse("002").clauses]
    assert not any(text.endswith(("U.S.", " M.")) for text in texts)
    assert any("Kurt M. Campbell" in text for text in texts)
    assert any("the ROK-U.S. and Japan-U.S. alliances." in text for text in texts)


def test_dropped_pieces_say_why():
    result = parse("002")
    reasons = {segment.text: segment.reason for segment in result.dropped}
    assert reasons["top of page"] == "page furniture"
    assert reasons["Begin Text:"] == "start-of-text marker"
    assert reasons["Writer's pictureWireNews"] == "byline"
