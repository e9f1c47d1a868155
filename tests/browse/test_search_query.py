"""The search box's own parser (browse/search_query.py): what a person types, read as words,
phrases, alternatives and exclusions, expanded with synonyms, and written as a to_tsquery string
and an FTS5 MATCH expression that are always safe."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from browse.search_query import (
    MAX_ADDED,
    MAX_WORD_LENGTH,
    MAX_WORDS,
    expand,
    fts5_query,
    parse,
    synonym_candidates,
    tsquery,
)

KOREA = ("dprk", "north korea", "democratic people's republic of korea")
SYNONYMS = dict.fromkeys(KOREA, KOREA)


def test_words_are_all_required():
    assert parse("north korea").terms == ("north", "korea")


def test_a_quoted_phrase_keeps_its_words_together():
    assert parse('"north korea" summit').phrases == (("north", "korea"),)


def test_an_unclosed_quote_runs_to_the_end():
    assert parse('summit "north korea').phrases == (("north", "korea"),)


def test_curly_quotes_are_quotes():
    assert parse("“north korea”").phrases == (("north", "korea"),)


def test_or_joins_the_words_on_each_side():
    assert parse('dprk or "north korea" summit').groups == (
        (("dprk",), ("north", "korea")),
        (("summit",),),
    )


def test_a_dangling_or_is_dropped():
    assert parse("or dprk or").groups == ((("dprk",),),)


def test_a_leading_hyphen_excludes_a_word_or_a_phrase():
    parsed = parse('summit -missile -"test launch"')
    assert parsed.terms == ("summit",)
    assert parsed.excluded == (("missile",), ("test", "launch"))


def test_a_hyphen_inside_a_word_joins_it():
    assert parse("non-proliferation").terms == ("non-proliferation",)


def test_punctuation_around_a_word_is_dropped():
    assert parse("(dprk), U.S.").terms == ("dprk", "U.S")


def test_hyphens_alone_ask_for_nothing():
    for text in ("-" * 40, "- - - - -", "a or " + "-" * 40, "&& || !!"):
        parsed = parse(text)
        assert parsed.excluded == ()
        assert len(parsed.words) <= 1


def test_or_after_an_exclusion_joins_nothing():
    assert parse("a -b or c").groups == ((("a",),), (("c",),))


def test_the_number_of_words_is_bounded():
    parsed = parse(" ".join(f"word{n}" for n in range(100)))
    assert len(parsed.words) == MAX_WORDS


def test_a_long_word_is_cut():
    assert parse("x" * 1000).terms == ("x" * MAX_WORD_LENGTH,)


def test_control_characters_separate_words():
    assert parse("a\x00b\x1fc").terms == ("a", "b", "c")


def test_the_tsquery_quotes_every_word():
    parsed = parse("""dprk or "north korea" -it's back\\slash""")
    assert tsquery(parsed) == ("('dprk' | ('north' <-> 'korea')) & 'back\\\\slash' & !'it''s'")


def test_nothing_to_look_for_makes_an_empty_tsquery():
    assert tsquery(parse("---")) == ""


# Outside quoted lexemes, a safe tsquery has only operators, parentheses and spaces.
_LEXEME = re.compile(r"'(?:[^'\\]|''|\\.)*'")


@settings(max_examples=300, derandomize=True)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from("-\"“ or|&!():*'\\"), max_size=400
    )
)
def test_any_text_makes_a_bounded_tsquery_of_quoted_lexemes(text):
    query = tsquery(parse(text))
    assert set(_LEXEME.sub("", query)) <= set(" &|!()<->")
    assert query.count("'") // 2 <= 3 * MAX_WORDS  # quotes inside words are doubled
    assert len(parse(text).words) + sum(map(len, parse(text).excluded)) <= MAX_WORDS


# Synonyms: a word, a run of words or a phrase equal to a member becomes all the members.


def test_a_run_of_words_that_names_a_synonym_becomes_its_group():
    parsed = expand(parse("North Korea missile"), SYNONYMS)
    assert parsed.groups == (
        (("North", "Korea"), ("dprk",), ("democratic", "people's", "republic", "of", "korea")),
        (("missile",),),
    )


def test_a_word_that_names_a_synonym_becomes_its_group():
    assert expand(parse("DPRK"), SYNONYMS).groups[0][1:] == (
        ("north", "korea"),
        ("democratic", "people's", "republic", "of", "korea"),
    )


def test_the_longest_run_wins_and_a_part_of_a_name_does_not_expand():
    assert expand(parse("korea"), SYNONYMS).groups == ((("korea",),),)
    assert expand(parse("south korea"), SYNONYMS).groups == ((("south",),), (("korea",),))


def test_an_excluded_synonym_excludes_its_group():
    assert expand(parse("summit -dprk"), SYNONYMS).excluded == (
        ("dprk",),
        ("north", "korea"),
        ("democratic", "people's", "republic", "of", "korea"),
    )


def test_an_alternative_expands_inside_its_group():
    assert expand(parse("sanctions or dprk"), SYNONYMS).groups == (
        (("sanctions",), ("dprk",), ("north", "korea"), KOREA_LONG),
    )


KOREA_LONG = ("democratic", "people's", "republic", "of", "korea")


def test_synonyms_are_compared_without_case_or_curly_apostrophes():
    assert expand(parse("Democratic People’s Republic of Korea"), SYNONYMS).groups[0][1] == (
        "dprk",
    )


def test_the_candidates_are_every_run_and_phrase():
    assert synonym_candidates(parse('north korea -"test launch"')) == {
        "north",
        "north korea",
        "korea",
        "test launch",
    }


def test_expansion_is_bounded():
    many = tuple(f"name{n}" for n in range(500))
    parsed = expand(parse("name0 " * 20), dict.fromkeys(many, many))
    assert sum(len(group) for group in parsed.groups) <= MAX_ADDED + MAX_WORDS


def test_the_fts5_query_quotes_every_word_and_phrase():
    parsed = expand(parse('north korea -"test launch" or x'), SYNONYMS)
    wanted, unwanted = fts5_query(parsed)
    assert wanted == (
        '("north korea" OR "dprk" OR "democratic people\'s republic of korea") AND ("x")'
    )
    assert unwanted == '("test launch")'


def test_a_word_fts5_holds_no_token_for_is_dropped():
    assert fts5_query(parse("missile _")) == ('("missile")', "")
    assert fts5_query(parse("_")) == ('""', "")


# Outside double-quoted strings, a safe FTS5 expression has only AND, OR, NOT, parentheses.
_STRING = re.compile(r'"(?:[^"]|"")*"')


@settings(max_examples=300, derandomize=True)
@given(
    st.text(
        alphabet=st.characters(codec="utf-8") | st.sampled_from('-"“ or|&!():*^+\\'), max_size=400
    )
)
def test_any_text_makes_an_fts5_expression_of_quoted_strings(text):
    for expression in fts5_query(expand(parse(text), SYNONYMS)):
        rest = _STRING.sub("", expression)
        assert set(rest.replace("AND", "").replace("OR", "").replace("NOT", "")) <= set(" ()")
