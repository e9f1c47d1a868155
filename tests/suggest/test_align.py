"""align.py: a translation's clauses linked to the official text's clauses they render."""

import pytest
from django.conf import settings
from django.core.management import call_command

from commitments.align import align_texts, align_translation
from commitments.models import Clause, Statement, content_hash
from tests.builders import make_clause, make_statement

OFFICIAL = [
    "We announce the establishment of the Trilateral Secretariat to coordinate our commitments.",
    "We reaffirm our commitment to the complete denuclearization of the Korean Peninsula.",
    "We applaud the first Youth Summit and look forward to the 2025 Youth Summit in Japan.",
    "We welcome the launch of a quantum workforce program to train 40,000 students.",
]


def test_identical_texts_align_one_to_one():
    assert align_texts(OFFICIAL, OFFICIAL) == [0, 1, 2, 3]


def test_paraphrased_translation_aligns_by_content():
    translation = [
        "Today we declare that the Korea-US-Japan Secretariat is established to coordinate our will.",
        "We reaffirm our pledge to complete denuclearisation of the Korean peninsula.",
        "We appreciate the first youth summit and the 2025 youth summit to be held in Japan.",
        "We are proud of a new quantum workforce programme training 40,000 students.",
    ]
    assert align_texts(translation, OFFICIAL) == [0, 1, 2, 3]


def test_a_clause_that_renders_nothing_stays_unaligned():
    translation = [
        OFFICIAL[0],
        "I hope this will happen.",
        OFFICIAL[1],
        OFFICIAL[3],
    ]
    assert align_texts(translation, OFFICIAL) == [0, None, 1, 3]


def test_a_sentence_split_in_two_links_both_halves_to_the_official_clause():
    translation = [
        OFFICIAL[0],
        "We reaffirm our commitment to the complete denuclearization.",
        "This concerns the whole Korean Peninsula.",
        OFFICIAL[2],
    ]
    assert align_texts(translation, OFFICIAL)[:2] == [0, 1]
    assert align_texts(translation, OFFICIAL)[3] == 2


def test_two_official_clauses_rendered_as_one_link_to_the_closer_one():
    translation = [
        "We announce the establishment of the Trilateral Secretariat to coordinate our"
        " commitments, and reaffirm denuclearization of the Korean Peninsula.",
        OFFICIAL[2],
        OFFICIAL[3],
    ]
    assert align_texts(translation, OFFICIAL) == [0, 2, 3]


def test_shared_numbers_decide_between_otherwise_similar_clauses():
    official = [
        "We look forward to the 15th meeting in 2024.",
        "We look forward to the 16th meeting in 2025.",
    ]
    translation = ["We await the 16th meeting in 2025."]
    assert align_texts(translation, official) == [1]


def test_actor_aliases_count_as_the_same_name():
    official = [
        "We condemn the DPRK's launches of ballistic missiles.",
        "We support Ukraine's recovery and reconstruction.",
    ]
    translation = ["We condemn North Korea's ballistic missile launches."]
    aliases = {"DPRK": "@actor1", "North Korea": "@actor1", "Ukraine": "@actor2"}
    assert align_texts(translation, official, aliases) == [0]


def test_a_translation_in_another_script_links_only_on_shared_numbers_and_acronyms():
    official = [
        "We reaffirm the complete denuclearization of the Korean Peninsula.",
        "We look forward to the ROK's hosting of APEC in 2025.",
    ]
    translation = ["우리는 한반도의 완전한 비핵화를 재확인한다.", "2025년 APEC 개최를 기대한다."]
    assert align_texts(translation, official) == [None, 1]


def test_alignment_never_goes_backwards():
    translation = [OFFICIAL[2], OFFICIAL[0]]
    aligned = [index for index in align_texts(translation, OFFICIAL) if index is not None]
    assert aligned == sorted(aligned)
    assert len(aligned) == 1


def test_empty_statements_align_nothing():
    assert align_texts([], OFFICIAL) == []
    assert align_texts(OFFICIAL, []) == [None] * 4


def _statement_with_clauses(texts, **fields):
    statement = make_statement(body=" ".join(texts), **fields)
    for position, text in enumerate(texts, 1):
        make_clause(statement, text=text, position=position)
    return statement


@pytest.mark.django_db
def test_align_translation_sets_aligned_to_on_the_translation_clauses():
    official = _statement_with_clauses(OFFICIAL)
    translation = _statement_with_clauses(
        [OFFICIAL[0], "I hope this will happen.", OFFICIAL[2]],
        meeting=official.meeting,
        translation_of=official,
    )

    assert align_translation(translation) == 2

    linked = dict(translation.clauses.values_list("position", "aligned_to__position"))
    assert linked == {1: 1, 2: None, 3: 3}


@pytest.mark.django_db
def test_align_translation_keeps_a_link_an_editor_set():
    official = _statement_with_clauses(OFFICIAL)
    translation = _statement_with_clauses(
        [OFFICIAL[0], OFFICIAL[1]], meeting=official.meeting, translation_of=official
    )
    chosen = official.clauses.get(position=4)
    translation.clauses.filter(position=1).update(aligned_to=chosen)

    align_translation(translation)

    assert translation.clauses.get(position=1).aligned_to == chosen
    assert translation.clauses.get(position=2).aligned_to.position == 2


@pytest.mark.django_db
def test_align_translation_of_an_official_text_does_nothing():
    official = _statement_with_clauses(OFFICIAL)

    assert align_translation(official) == 0
    assert not Clause.objects.filter(aligned_to__isnull=False).exists()


@pytest.mark.django_db
def test_lima_translation_is_aligned_to_the_official_statement():
    call_command("ingest", str(settings.BASE_DIR / "fixtures" / "sources"), verbosity=0)
    official = Statement.objects.get(content_hash=_hash("000_dcc73b4c31370382.txt"))
    translation = Statement.objects.get(content_hash=_hash("001_22984fbc6c895df0.txt"))
    assert translation.translation_of == official

    align_translation(translation)

    rendered = set(
        translation.clauses.exclude(aligned_to=None).values_list("aligned_to_id", flat=True)
    )
    assert len(rendered) >= 0.9 * official.clauses.count()
    pairs = translation.clauses.exclude(aligned_to=None).values_list("text", "aligned_to__text")
    secretariat = [t for t, o in pairs if "announce the establishment of the Trilateral" in o]
    assert secretariat and all("Secretariat" in t for t in secretariat)


def _hash(name):
    return content_hash((settings.BASE_DIR / "fixtures" / "sources" / name).read_bytes())
