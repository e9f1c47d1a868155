"""The opening paragraph that names who met, where and when: mostly capitalised names and
titles, yet statement text. Statements written for these tests (not the five source texts)."""

from commitments.ingest import parse_source
from commitments.ingest.clean import HEADING, PROSE, classify

NAMES_ONLY_OPENING = """U.S. Department of Defense
Release
Australia-Japan-United States Defense Ministers' Meeting Joint Statement
Feb. 3, 2025
Australian Deputy Prime Minister Richard Marles, Japanese Minister of Defense Nakatani Gen, and U.S. Secretary of Defense Pete Hegseth met in Singapore, on February 2, 2025.

The Ministers welcomed the progress of trilateral exercises and committed to deepen cooperation on maritime security in the region.

The Ministers decided to hold the next meeting in Australia later this year.
Secretary Hegseth Greets Troops In Guam
"""


def test_a_names_only_opening_with_a_meeting_verb_is_statement_prose():
    line = (
        "Australian Deputy Prime Minister Richard Marles, Japanese Minister of Defense Nakatani "
        "Gen, and U.S. Secretary of Defense Pete Hegseth met in Singapore, on February 2, 2025."
    )
    assert classify(line)[0] == PROSE


def test_a_title_case_headline_with_a_meeting_verb_is_still_a_heading():
    assert classify("Secretary Hegseth Meets Japanese Minister Nakatani In Singapore")[0] == HEADING
    assert classify("Defense Ministers Held Talks In Singapore On Regional Security")[0] == HEADING


def test_a_standalone_names_only_opening_starts_the_body():
    result = parse_source(NAMES_ONLY_OPENING.encode(), "unseen.txt")
    assert result.ok, result.errors
    assert result.paragraphs[0].startswith("Australian Deputy Prime Minister Richard Marles")
    assert result.metadata.place == "Singapore"
    dropped = [segment.text for segment in result.dropped]
    assert "Secretary Hegseth Greets Troops In Guam" in dropped
    assert "Release" in dropped
    assert not any("Greets Troops" in paragraph for paragraph in result.paragraphs)


def test_a_names_only_opening_that_met_virtually_or_today_is_statement_prose():
    names = (
        "Japanese Minister for Foreign Affairs Tanaka Gen, Republic of Korea Minister of Foreign "
        "Affairs Ahn Gyu-back, and U.S. Secretary of State Jane Doe"
    )
    assert classify(names + " met virtually.")[0] == PROSE
    assert classify(names + " met today.")[0] == PROSE
    assert classify(names + " Meet Virtually")[0] != PROSE
