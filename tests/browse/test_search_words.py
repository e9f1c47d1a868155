"""What a search finds and in which order, the same on SQLite (FTS5) and PostgreSQL (tsvector):
stemmed words, all of them, synonyms both ways, titles and aliases above quoted text."""

import pytest

from browse import search
from commitments.models import Commitment, CommitmentAlias, Synonym, SynonymGroup
from commitments.services import synonyms
from tests.builders import make_clause, make_commitment, make_mention

pytestmark = pytest.mark.django_db


def _found(text):
    ranks = search.text_ranks(text)
    titles = dict(Commitment.objects.filter(pk__in=ranks).values_list("pk", "title"))
    return [titles[pk] for pk in ranks]


def _mentioned(title, clause_text):
    commitment = make_commitment(title)
    make_mention(clause=make_clause(text=clause_text), commitment=commitment)
    return commitment


def _group(*terms):
    group = SynonymGroup.objects.create(note=terms[0])
    for term in terms:
        Synonym.objects.create(group=group, term=term)
    return group


@pytest.fixture
def korea():
    Synonym.objects.all().delete()  # whatever the migration seeded: each test says its own
    return _group("DPRK", "North Korea", "Democratic People's Republic of Korea")


def test_a_word_finds_its_other_forms():
    _mentioned("Test launches", "They condemned the ballistic missiles.")
    _mentioned("Warning data", "We share data on each missile launch.")

    assert sorted(_found("missile")) == ["Test launches", "Warning data"]
    assert sorted(_found("missiles")) == ["Test launches", "Warning data"]
    assert sorted(_found("launched")) == ["Test launches", "Warning data"]


def test_several_words_must_all_match_anywhere():
    _mentioned("Missile warning", "We share real-time data with partners.")
    _mentioned("Missile defense", "We build interceptors.")
    _mentioned("Data centres", "We share cloud capacity.")

    assert _found("missile data") == ["Missile warning"]
    assert _found("data missile") == ["Missile warning"]


def test_a_synonym_finds_the_other_name(korea):
    _mentioned("Condemn launches", "We condemn the DPRK's ballistic missile launches.")
    _mentioned("Maritime data", "We share maritime data.")

    assert _found("North Korea missile") == ["Condemn launches"]
    assert _found('"north korea"') == ["Condemn launches"]


def test_a_synonym_works_both_ways(korea):
    _mentioned("Condemn launches", "North Korea launched missiles again.")
    _mentioned("Sanctions", "The Democratic People's Republic of Korea evades sanctions.")

    assert sorted(_found("DPRK")) == ["Condemn launches", "Sanctions"]
    assert _found("dprk missile") == ["Condemn launches"]
    assert _found("north korea sanctions") == ["Sanctions"]


def test_words_that_only_contain_a_synonym_do_not_expand(korea):
    _mentioned("Peninsula", "Korea and Japan met.")
    _mentioned("Launches", "The DPRK launched.")

    assert _found("korea") == ["Peninsula"]  # a member is the whole name, not a word of it


def test_an_excluded_synonym_excludes_every_name(korea):
    _mentioned("Launches", "North Korea launched missiles.")
    _mentioned("Defense", "Missile defense drills.")

    assert _found("missile -dprk") == ["Defense"]


def test_an_editor_adding_a_synonym_changes_what_is_found():
    _mentioned("Critical minerals", "The Minerals Security Partnership met in Lima.")
    assert _found("MSP") == []

    group = SynonymGroup.objects.create(note="MSP")
    Synonym.objects.create(group=group, term="MSP")
    Synonym.objects.create(group=group, term="Minerals Security Partnership")

    assert _found("MSP") == ["Critical minerals"]
    group.delete()
    assert _found("MSP") == []


def test_a_title_match_ranks_above_a_clause_match():
    _mentioned("Coordination office", "The secretariat will coordinate our work.")
    _mentioned("Trilateral Secretariat", "We launched it.")

    assert _found("secretariat") == ["Trilateral Secretariat", "Coordination office"]


def test_an_alias_match_ranks_above_a_clause_match():
    _mentioned("Supply chains", "The MSP will finance mines.")
    aliased = _mentioned("Critical minerals", "We launched it.")
    CommitmentAlias.objects.create(commitment=aliased, name="MSP")

    assert _found("msp") == ["Critical minerals", "Supply chains"]


def test_a_match_of_more_words_ranks_higher():
    _mentioned("Missile warning", "We share data.")
    _mentioned("Missile defense", "We build interceptors.")

    assert _found("missile or warning")[0] == "Missile warning"


def test_a_query_of_exclusions_only_finds_the_rest():
    _mentioned("Missile warning", "We share data.")
    _mentioned("Maritime", "We patrol.")

    assert _found("-missile") == ["Maritime"]


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '""',
        '" OR "',
        "NEAR(a b)",
        "title:missile",
        "missile*",
        "^missile",
        "a AND OR NOT b",
        "_",
        "missile _",
        "'; DROP TABLE commitments_commitment; --",
        "<script>alert(1)</script>",
        '"unclosed phrase',
        "{title clauses}: x",
    ],
)
def test_the_fts5_and_tsquery_syntax_of_hostile_text_is_never_read(text):
    _mentioned("Missile warning", "We share data on missile launches.")

    found = _found(text)  # raises nothing

    assert found in ([], ["Missile warning"])


def test_fts5_column_filters_are_read_as_words():
    _mentioned("Data", "Under the title: missile warning.")

    # Read as a column filter it would look for "missile" in the title "Data"; it is the words.
    assert _found("title:missile") == ["Data"]


def test_seeded_names_and_acronyms_defined_by_texts():
    Synonym.objects.all().delete()
    synonyms.seed()
    synonyms.learn(synonyms.defined_acronyms(["We back the Young Leaders Network (YLN)."]))
    _mentioned("Leaders", "The YLN met in Seoul.")
    _mentioned("China", "The PRC was invited.")

    assert _found("young leaders network") == ["Leaders"]
    assert _found("People's Republic of China") == ["China"]
