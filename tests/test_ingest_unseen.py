"""Statements written for these tests in the style of the families users ingest (not the five
source texts): the rules must be general, not fitted to five files."""

import datetime

import pytest

from commitments.ingest import parse_source, save_batch

US, JAPAN, ROK = "United States", "Japan", "Republic of Korea"

CAMP_DAVID_LIKE = """---
title: "The Spirit of Camp David: Joint Statement of Japan, the Republic of Korea, and the United States"
date: 2023-08-18
source_url: https://www.whitehouse.gov/briefing-room/statements-releases/2023/08/18/the-spirit-of-camp-david/
---

Briefing Room

Statements and Releases

The Spirit of Camp David: Joint Statement of Japan, the Republic of Korea, and the United States

August 18, 2023

We, the leaders of Japan, the Republic of Korea, and the United States, met at Camp David on \
August 18, 2023, to inaugurate a new era of trilateral partnership. Since the U.S.-Japan and \
U.S.-ROK alliances were founded, our countries have stood together.

\\*\\*\\*

We commit to hold trilateral leaders' meetings at least annually. We also commit to hold annual \
meetings of our foreign ministers, defense ministers and national security advisors. President \
Biden, President Yoon and Prime Minister Kishida welcome the launch of a trilateral \
Indo-Pacific dialogue.

We announce our intention to hold annual, named, multi-domain trilateral exercises. We will \
share real-time missile warning data on DPRK missile launches by the end of 2023.

\\###

Share

Tags
"""

STATE_READOUT = """An official website of the United States Government Here's how you know
Home
Office of the Spokesperson
Releases
Deputy Secretary Campbell's Meeting with Japanese Vice Foreign Minister Funakoshi and ROK First Vice Foreign Minister Kim
hide
Readout
Office of the Spokesperson
January 24, 2025

The below is attributable to Spokesperson Matthew Miller:

Deputy Secretary of State Kurt M. Campbell met with Japanese Vice Minister for Foreign Affairs \
Funakoshi Takehiro and Republic of Korea First Vice Foreign Minister Kim Hong Kyun in Tokyo on \
January 23, 2025. The Deputy Secretary and the Vice Ministers reaffirmed the importance of \
trilateral cooperation and discussed the next steps for the Trilateral Secretariat.

They committed to continue close coordination on the DPRK, including its cyber activities and \
illicit revenue generation, and welcomed progress on the Trilateral Maritime Security and Law \
Enforcement Cooperation Framework.

Tags
Bureau of East Asian and Pacific Affairs
Japan
Republic of Korea
Related Articles
September 12, 2024
Secretary Blinken's Call with Japanese Foreign Minister
Read More
USA.gov
Office of the Inspector General
"""

DOD_TMM_RELEASE = """An official website of the United States government
Here's how you know
Official websites use .mil
A .mil website belongs to an official U.S. Department of Defense organization in the United States.
Home : News : Releases
RELEASE | July 28, 2024
Japan-Republic of Korea-United States Trilateral Ministerial Meeting (TMM) Joint Press Statement
Share:
Print

Secretary of Defense Lloyd J. Austin III, Republic of Korea (ROK) Minister of National Defense \
Shin Won-sik, and Japan Minister of Defense Kihara Minoru met in Tokyo on July 28, 2024, for the \
second Trilateral Ministerial Meeting (TMM). The three Ministers signed the Memorandum of \
Cooperation on the Trilateral Security Cooperation Framework (TSCF).

The Ministers welcomed the progress of the trilateral exercise Freedom Edge, and committed to \
conduct it on a regular basis. They agreed to hold the next TMM in 2025 in the ROK.

Subscribe to Defense.gov Products
Choose which Defense.gov products you want delivered to your inbox.
Related Stories
Secretary Austin Meets With Japanese Counterpart
"""


def parse(text, name="unseen.txt"):
    result = parse_source(text.encode(), filename=name)
    assert result.ok, result.errors
    return result


def test_camp_david_like_leaders_statement_with_front_matter_and_white_house_lines():
    result = parse(CAMP_DAVID_LIKE)
    meta = result.metadata
    assert meta.title.startswith("The Spirit of Camp David: Joint Statement")
    assert meta.meeting_date == datetime.date(2023, 8, 18)
    assert meta.place == "Camp David"
    assert meta.series == "Trilateral Leaders' Summit"
    assert meta.publisher == "The White House"
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert {p.name for p in meta.participants} == {
        "Joseph R. Biden Jr.",
        "Yoon Suk Yeol",
        "Kishida Fumio",
    }
    assert result.body.startswith("We, the leaders of Japan")
    assert result.body.endswith("by the end of 2023.")
    for noise in ["Briefing Room", "Statements and Releases", "***", "###", "Share", "Tags"]:
        assert all(noise not in clause.text for clause in result.clauses)


def test_state_department_readout_with_banner_lines():
    result = parse(STATE_READOUT)
    meta = result.metadata
    assert meta.kind == "readout"
    assert meta.title.startswith("Deputy Secretary Campbell's Meeting with Japanese Vice")
    assert meta.meeting_date == datetime.date(2025, 1, 23)
    assert meta.published_on == datetime.date(2025, 1, 24)
    assert meta.place == "Tokyo"
    assert meta.publisher == "U.S. Department of State"
    assert meta.series == "Vice Foreign Ministerial Dialogue"
    assert any("participants' titles" in w for w in meta.warnings)
    assert [(p.name, p.country) for p in meta.participants] == [
        ("Kurt M. Campbell", US),
        ("Funakoshi Takehiro", JAPAN),
        ("Kim Hong Kyun", ROK),
    ]
    assert result.body.startswith("Deputy Secretary of State Kurt M. Campbell met with")
    assert result.body.endswith("Cooperation Framework.")
    assert "attributable" not in result.body
    assert "Related Articles" not in result.body and "Bureau of East Asian" not in result.body


def test_defense_ministers_release_with_mil_banner():
    result = parse(DOD_TMM_RELEASE)
    meta = result.metadata
    assert meta.kind == "joint_press_statement"
    assert meta.title == (
        "Japan-Republic of Korea-United States Trilateral Ministerial Meeting (TMM) Joint Press Statement"
    )
    assert meta.series == "Trilateral Ministerial Meeting"
    assert meta.series_level == "ministerial"
    assert meta.meeting_date == datetime.date(2024, 7, 28)
    assert meta.published_on == datetime.date(2024, 7, 28)
    assert meta.place == "Tokyo"
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("Lloyd J. Austin III", "Secretary of Defense", US),
        ("Shin Won-sik", "Minister of National Defense", ROK),
        ("Kihara Minoru", "Minister of Defense", JAPAN),
    ]
    assert any("is a title of United States" in w for w in meta.warnings)
    assert len(result.paragraphs) == 2
    assert "Subscribe" not in result.body and "Print" not in result.body


@pytest.mark.django_db
def test_unseen_statements_save_as_three_meetings_of_three_series():
    outcomes = save_batch(
        [
            (parse(text, name), None)
            for name, text in [
                ("camp-david.md", CAMP_DAVID_LIKE),
                ("readout.txt", STATE_READOUT),
                ("tmm.txt", DOD_TMM_RELEASE),
            ]
        ]
    )
    meetings = {o.statement.meeting.series.name: o.statement.meeting for o in outcomes}
    assert set(meetings) == {
        "Trilateral Leaders' Summit",
        "Vice Foreign Ministerial Dialogue",
        "Trilateral Ministerial Meeting",
    }
    assert meetings["Trilateral Ministerial Meeting"].place == "Tokyo"
    assert meetings["Trilateral Leaders' Summit"].place == "Camp David"
