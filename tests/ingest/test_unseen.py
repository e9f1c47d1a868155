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


MOFA_JAPAN_READOUT = """Ministry of Foreign Affairs of Japan
Japanese
Home > Foreign Policy > Regional Affairs > Asia
Japan-U.S.-ROK Foreign Ministers' Meeting
September 23, 2025
(Provisional translation)
On September 22, commencing at 10:00 a.m. for approximately 40 minutes (local time), Mr. IWAYA \
Takeshi, Minister for Foreign Affairs of Japan, held a Japan-U.S.-ROK Foreign Ministers' Meeting \
with the Honorable Marco Rubio, Secretary of State of the United States, and H.E. Mr. Cho Hyun, \
Minister of Foreign Affairs of the Republic of Korea, in New York. The overview is as follows.
1. The three Ministers confirmed that they would continue to closely coordinate on North Korea, \
including the nuclear and missile issues, and the abductions issue.
2. The three Ministers also exchanged views on regional affairs and confirmed that they would \
further strengthen Japan-U.S.-ROK cooperation.
Back to Asia
Page Top
"""

TRI_CHOD_RELEASE = """U.S. Department of Defense
Joint Chiefs of Staff
News | July 18, 2024
Trilateral Chiefs of Defense Meeting Joint Press Release

Chairman of the Joint Chiefs of Staff Gen. CQ Brown, Jr., Republic of Korea Chairman of the Joint \
Chiefs of Staff Adm. Kim Myung Soo, and Japan Chief of Staff, Joint Staff Gen. Yoshida Yoshihide \
met in Tokyo on July 18, 2024, for the Trilateral Chiefs of Defense (Tri-CHOD) meeting.

The three Chiefs of Defense discussed regional security issues and reaffirmed the importance of \
trilateral cooperation. They agreed to hold the next Tri-CHOD in 2025 in the United States.

Related Links
"""

LATER_DTT = """Joint Statement on the 15th Defense Trilateral Talks
The Republic of Korea hosted the 15th Defense Trilateral Talks in Seoul on November 14, 2024. The \
U.S. delegation was led by Acting Assistant Secretary of Defense for Indo-Pacific Security Affairs \
Jedidiah P. Royal, the ROK delegation by Deputy Minister for National Defense Policy Cho Chang-rae, \
and the Japanese delegation by Director General for Defense Policy Kano Koji.
The officials welcomed the signing of the Memorandum of Cooperation on the Trilateral Security \
Cooperation Framework and the successful conduct of Freedom Edge.
"""

WHITE_HOUSE_FACT_SHEET = """The White House
Briefing Room
Statements and Releases
FACT SHEET: Trilateral Leaders' Summit Outcomes
November 15, 2024

Today, President Biden met with President Yoon Suk Yeol of the Republic of Korea and Prime \
Minister Ishiba Shigeru of Japan in Lima, Peru, for a Trilateral Leaders' Summit. The leaders \
announced the establishment of a Trilateral Secretariat.

Security Cooperation

The leaders welcomed the second iteration of Freedom Edge. The three countries will continue to \
share real-time missile warning data.

###
"""


def test_mofa_japan_readout_with_appositive_participants_and_a_day_without_year():
    meta = parse(MOFA_JAPAN_READOUT).metadata
    assert meta.title == "Japan-U.S.-ROK Foreign Ministers' Meeting"
    assert meta.series == "Foreign Ministers' Meeting"
    assert meta.meeting_date == datetime.date(2025, 9, 22)
    assert meta.published_on == datetime.date(2025, 9, 23)
    assert any("without a year" in w for w in meta.warnings)
    assert meta.place == "New York"
    assert meta.is_translation and meta.is_unofficial_translation
    assert meta.publisher == "Ministry of Foreign Affairs of Japan"
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("IWAYA Takeshi", "Minister for Foreign Affairs", JAPAN),
        ("Marco Rubio", "Secretary of State", US),
        ("Cho Hyun", "Minister of Foreign Affairs", ROK),
    ]


def test_chiefs_of_defense_release_with_ranks_and_suffixes():
    result = parse(TRI_CHOD_RELEASE)
    meta = result.metadata
    assert meta.title == "Trilateral Chiefs of Defense Meeting Joint Press Release"
    assert meta.kind == "joint_press_statement"
    assert meta.series == "Trilateral Chiefs of Defense"
    assert [(p.name, p.title, p.country) for p in meta.participants] == [
        ("CQ Brown Jr.", "Chairman of the Joint Chiefs of Staff", US),
        ("Kim Myung Soo", "Chairman of the Joint Chiefs of Staff", ROK),
        ("Yoshida Yoshihide", "Chief of Staff, Joint Staff", JAPAN),
    ]
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert "Related Links" not in result.body


def test_later_defense_talks_with_delegations_led_by():
    meta = parse(LATER_DTT).metadata
    assert (meta.series, meta.ordinal, meta.place) == ("Defense Trilateral Talks", 15, "Seoul")
    assert meta.meeting_date == datetime.date(2024, 11, 14)
    assert [p.name for p in meta.participants] == [
        "Jedidiah P. Royal",
        "Cho Chang-rae",
        "Kano Koji",
    ]
    assert [p.country for p in meta.participants] == [US, ROK, JAPAN]


def test_fact_sheet_met_today_keeps_section_headings_and_ignores_the_host_country():
    result = parse(WHITE_HOUSE_FACT_SHEET)
    meta = result.metadata
    assert meta.kind == "fact_sheet"
    assert meta.meeting_date == datetime.date(2024, 11, 15)
    assert meta.place == "Lima, Peru"
    assert set(meta.parties) == {US, JAPAN, ROK}
    assert [p.name for p in meta.participants] == [
        "Joseph R. Biden Jr.",
        "Yoon Suk Yeol",
        "Ishiba Shigeru",
    ]
    assert "Security Cooperation" in result.paragraphs
    assert result.body.endswith("share real-time missile warning data.")


ROK_MOFA_PRESS_RELEASE = """Ministry of Foreign Affairs, Republic of Korea
Home > Press > Press Releases
Press Releases
Outcome of the Republic of Korea-Japan-U.S. Trilateral Foreign Ministers' Meeting
Date 2024-09-23  Hit 1234
Author : Press Release
1. Minister of Foreign Affairs Cho Tae-yul, U.S. Secretary of State Antony J. Blinken and \
Japanese Minister for Foreign Affairs Kamikawa Yoko held a Trilateral Foreign Ministers' Meeting \
on September 23 in New York on the margins of the UN General Assembly.
2. The three Ministers reaffirmed that the trilateral cooperation among the ROK, the U.S. and \
Japan has reached a new level since the Camp David Summit, and agreed to continue to \
institutionalize it.
List
Previous Post
Next Post
"""


def test_rok_mofa_press_release_with_labelled_date_and_an_unnamed_country():
    result = parse(ROK_MOFA_PRESS_RELEASE)
    meta = result.metadata
    assert (
        meta.title
        == "Outcome of the Republic of Korea-Japan-U.S. Trilateral Foreign Ministers' Meeting"
    )
    assert meta.kind == "readout"
    assert meta.series == "Foreign Ministers' Meeting"
    assert meta.published_on == datetime.date(2024, 9, 23)
    assert meta.meeting_date == datetime.date(2024, 9, 23)
    assert meta.publisher == "Ministry of Foreign Affairs, Republic of Korea"
    assert [(p.name, p.country) for p in meta.participants] == [
        ("Cho Tae-yul", ROK),
        ("Antony J. Blinken", US),
        ("Kamikawa Yoko", JAPAN),
    ]
    assert any("remaining party" in w for w in meta.warnings)
    assert len(result.paragraphs) == 2
    assert "Previous Post" not in result.body and "Hit 1234" not in result.body


NEW_SERIES = """Joint Statement of the 2nd Trilateral Space Security Dialogue

U.S. Assistant Secretary of State for Arms Control John Doe, Japan Director General for Space \
Policy Sato Hanako, and Republic of Korea Director General for Space Affairs Park Min-jun met in \
Tokyo on March 3, 2025. The three sides committed to deepen cooperation on space situational \
awareness and to hold the next dialogue in 2026.
"""


@pytest.mark.django_db
def test_an_unknown_series_is_created_from_the_name_found_with_a_warning():
    result = parse(NEW_SERIES)
    meta = result.metadata
    assert (meta.series, meta.ordinal, meta.series_known) == (
        "Trilateral Space Security Dialogue",
        2,
        False,
    )
    assert meta.series_level == "working"
    assert any("not a known series" in w for w in meta.warnings)
    statement = save_batch([(result, None)])[0].statement
    assert statement.meeting.series.name == "Trilateral Space Security Dialogue"
    assert statement.meeting.series.level == "working"
    assert statement.meeting.title == "2nd Trilateral Space Security Dialogue"


FACT_SHEET_WITH_LISTS = """FACT SHEET: Trilateral Defense Cooperation
RELEASE | November 15, 2024

Today the leaders of Japan, the Republic of Korea, and the United States met in Lima, Peru, and \
highlighted the following outcomes of their defense cooperation.

Defense Cooperation
• Conducting Freedom Edge, a multi-domain trilateral exercise
• Sharing real-time missile warning data on DPRK launches
• Signing a Memorandum of Cooperation on the Trilateral Security Cooperation Framework

Economic Security
• Launching an early warning system for supply chain disruptions

The leaders will review these efforts at their next summit.

Related Links
• Joint Statement of Japan, the Republic of Korea, and the United States
"""


def test_fact_sheet_list_items_and_section_headings_stay_in_the_body():
    result = parse(FACT_SHEET_WITH_LISTS)
    assert "• Sharing real-time missile warning data on DPRK launches" in result.paragraphs
    assert "Economic Security" in result.paragraphs
    assert result.body.endswith("at their next summit.")
    assert "Related Links" not in result.body
    assert result.metadata.kind == "fact_sheet"


EARLIER_DTT = """Joint Statement of the 13th Defense Trilateral Talks
The 13th Defense Trilateral Talks (DTT) were held in Washington, D.C. on March 5, 2023. The U.S. \
delegation was led by Principal Deputy Assistant Secretary of Defense for Indo-Pacific Security \
Affairs Jedidiah P. Royal, the Japanese delegation by Director General for Defense Policy Masuda \
Kazuo, and the ROK delegation by Deputy Minister for National Defense Policy Heo Tae-keun.
The three sides agreed to hold the DTT annually and to continue trilateral missile warning exercises.
"""

CAMP_DAVID_WITHOUT_DATE_IN_TEXT = """Briefing Room
Statements and Releases
The Spirit of Camp David: Joint Statement of Japan, the Republic of Korea, and the United States
August 18, 2023

We, the leaders of Japan, the Republic of Korea (ROK), and the United States, convened at Camp \
David to inaugurate a new era of trilateral partnership.

We will hold trilateral leaders' meetings at least annually, and we commit to hold annual meetings \
of our foreign ministers, defense ministers, and national security advisors.
"""


def test_passive_were_held_with_delegations_and_a_dotted_place():
    meta = parse(EARLIER_DTT).metadata
    assert (meta.ordinal, meta.place, meta.meeting_date) == (
        13,
        "Washington, D.C.",
        datetime.date(2023, 3, 5),
    )
    assert [(p.name, p.country) for p in meta.participants] == [
        ("Jedidiah P. Royal", US),
        ("Masuda Kazuo", JAPAN),
        ("Heo Tae-keun", ROK),
    ]


def test_meeting_date_falls_back_to_the_publication_date_with_a_warning():
    meta = parse(CAMP_DAVID_WITHOUT_DATE_IN_TEXT).metadata
    assert meta.meeting_date == meta.published_on == datetime.date(2023, 8, 18)
    assert any("took the publication date" in w for w in meta.warnings)
    assert meta.place == "Camp David"


BLOG_REPOST_WITH_COMMENTS = """Skip to content
Menu
Asia Policy Watch
Posted on May 1, 2024 by admin
Joint Statement on the Trilateral Vice Foreign Ministerial Meeting

Photo: the three delegations in Tokyo (MOFA)

The Deputy Secretary of State of the United States Kurt M. Campbell, the Vice Minister for Foreign \
Affairs of Japan Okano Masataka and the 1st Vice Minister of Foreign Affairs of the Republic of \
Korea Kim Hong Kyun met in Tokyo on April 30, 2024.

They reaffirmed their commitment to the complete denuclearization of the Korean Peninsula and \
committed to finalize the trilateral coordinating mechanism.

Share this:
Twitter
Facebook
Like this:
Related
3 thoughts on "Joint Statement on the Trilateral Vice Foreign Ministerial Meeting"
John Smith says:
May 2, 2024 at 10:15 am
Great to see the three allies working together so closely on these issues of regional importance.
Reply
Leave a Reply Cancel reply
"""


def test_blog_repost_drops_buttons_captions_and_reader_comments():
    result = parse(BLOG_REPOST_WITH_COMMENTS)
    meta = result.metadata
    assert meta.published_on == datetime.date(2024, 5, 1)
    assert meta.meeting_date == datetime.date(2024, 4, 30)
    assert meta.place == "Tokyo"
    assert len(result.paragraphs) == 2
    for noise in ["Skip to content", "Photo:", "Share this", "John Smith", "Great to see", "Reply"]:
        assert noise not in result.body
