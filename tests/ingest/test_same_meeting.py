"""Texts of one meeting become one meeting, whatever their language: matched by series and date,
or proposed (with why) by a date a day apart or by date and parties."""

from pathlib import Path

import pytest

from commitments.ingest import destination, parse_source, save_batch, save_parsed
from commitments.models import Actor, ActorAlias, Meeting, Participation, Statement

pytestmark = pytest.mark.django_db

TEXTS = Path(__file__).parent / "texts"

ENGLISH_FM = """Joint Statement of the Trilateral Foreign Ministers' Meeting
Office of the Spokesperson
September 23, 2024

Secretary of State Antony J. Blinken, Republic of Korea Minister of Foreign Affairs Cho Tae-yul \
and Japanese Minister for Foreign Affairs Kamikawa Yoko met in New York on September 23, 2024, on \
the margins of the UN General Assembly. The Secretary and the Foreign Ministers reaffirmed that \
trilateral cooperation has reached a new level since the Camp David Summit.
"""

NEWS_REPOST = """Top diplomats of US, Japan, South Korea meet in New York
(Kyodo) The foreign ministers of Japan, South Korea and the United States met in New York on \
September 23, 2024, and pledged to institutionalize their cooperation, according to a joint \
statement. U.S. Secretary of State Antony Blinken, Japanese Foreign Minister Yoko Kamikawa and \
South Korean Foreign Minister Cho Tae-yul attended.
"""

KOREAN_NEXT_DAY = """한미일 외교장관회의 공동성명
2024년 9월 24일
조태열 외교부 장관, 토니 블링컨 국무장관, 가미카와 요코 외무대신은 오늘 뉴욕에서 한미일 외교장관회의를 \
개최하였다. 3국 장관은 한미일 협력의 제도화를 지속해 나가기로 하였다.
"""

SECOND_DOCUMENT_NO_SERIES = """Trilateral Commitment to Consult
September 23, 2024
Japan, the Republic of Korea and the United States commit to consult one another promptly on \
regional challenges, provocations and threats affecting their collective interests.
"""


def parsed(text, name):
    result = parse_source(text.encode(), filename=name)
    assert result.ok, result.errors
    return result


def korean_original():
    path = TEXTS / "fm-joint-statement-ko.txt"
    return parse_source(path.read_bytes(), filename=path.name)


def test_an_english_statement_its_korean_original_and_a_repost_are_one_meeting():
    outcomes = save_batch(
        [
            (parsed(NEWS_REPOST, "repost.txt"), None),
            (korean_original(), None),
            (parsed(ENGLISH_FM, "english.txt"), None),
        ]
    )
    assert Meeting.objects.count() == 1
    assert {o.statement.meeting_id for o in outcomes} == {Meeting.objects.get().id}
    repost = outcomes[0].statement
    assert repost.is_repost and repost.found_at == "Kyodo"


def test_a_text_posted_the_next_day_is_proposed_with_why():
    save_parsed(parsed(ENGLISH_FM, "english.txt"))
    words, found = destination(parsed(KOREAN_NEXT_DAY, "korean.txt"))
    assert not found.sure
    assert words.startswith("Proposed: the meeting on record")
    assert "one day apart" in words


def test_a_proposed_meeting_is_joined_with_a_warning():
    save_parsed(parsed(ENGLISH_FM, "english.txt"))
    outcome = save_parsed(parsed(KOREAN_NEXT_DAY, "korean.txt"))
    assert Meeting.objects.count() == 1
    assert any("Joined the meeting on record" in w for w in outcome.warnings)


def test_an_editor_may_decline_the_proposed_meeting():
    save_parsed(parsed(ENGLISH_FM, "english.txt"))
    save_parsed(parsed(KOREAN_NEXT_DAY, "korean.txt"), overrides={"join_proposed": False})
    assert Meeting.objects.count() == 2


def test_a_second_document_naming_no_series_is_proposed_by_date_and_parties():
    save_parsed(parsed(ENGLISH_FM, "english.txt"))
    result = parsed(SECOND_DOCUMENT_NO_SERIES, "consult.txt")
    assert result.metadata.series == ""
    words, found = destination(result)
    assert found.meeting == Meeting.objects.get()
    assert "same date and parties" in words


def test_a_text_with_no_series_and_no_meeting_to_join_asks_for_the_series():
    words, found = destination(parsed(SECOND_DOCUMENT_NO_SERIES, "consult.txt"))
    assert found.meeting is None
    assert "needs a meeting series" in words


def test_participants_resolve_to_one_actor_per_person_across_languages():
    save_batch([(parsed(ENGLISH_FM, "english.txt"), None), (korean_original(), None)])
    cho = Actor.objects.filter(kind=Actor.Kind.PERSON, aliases__name="조태열")
    assert cho.count() == 1
    assert cho.get().name == "Cho Tae-yul"
    assert Actor.objects.filter(kind=Actor.Kind.PERSON).count() == 3
    assert Participation.objects.filter(actor__kind=Actor.Kind.PERSON).count() == 3


def test_an_existing_actor_found_by_any_alias_is_reused():
    biden = Actor.objects.create(kind=Actor.Kind.PERSON, name="Joe Biden", slug="joe-biden")
    ActorAlias.objects.create(actor=biden, name="Joe Biden")
    path = TEXTS / "leaders-principles-no-series.txt"
    save_parsed(parse_source(path.read_bytes(), filename=path.name))
    assert Actor.objects.filter(kind=Actor.Kind.PERSON, name__contains="Biden").count() == 1
    assert Participation.objects.filter(actor=biden).exists()
    assert biden.aliases.filter(name="Joseph R. Biden Jr.").exists()


def test_the_dprk_and_china_are_actors_never_parties():
    save_parsed(parsed(ENGLISH_FM + "They condemned the DPRK and urged China to act.\n", "e.txt"))
    statement = Statement.objects.get()
    assert set(statement.parties.values_list("name", flat=True)) == {
        "United States",
        "Japan",
        "Republic of Korea",
    }
