"""Cutting a body into clauses: sentences, aware of abbreviations, initials, quotes, brackets."""

from commitments.ingest.clauses import cut_clauses, split_sentences


def sentences(text):
    return [text[start:end] for start, end in split_sentences(text)]


def test_sentences_end_at_full_stops():
    assert sentences("We met today. We agreed on a plan! Did we? Yes, we did.") == [
        "We met today.",
        "We agreed on a plan!",
        "Did we?",
        "Yes, we did.",
    ]


def test_abbreviations_do_not_end_a_sentence():
    text = (
        "The U.S. and the U.N. met in Washington, D.C. on Jan. 5 with Mr. Kim and Amb. Lee of "
        "No. 10 Downing St. and Acme Inc. representatives. They agreed."
    )
    assert sentences(text) == [text[: text.index(" They")], "They agreed."]


def test_an_abbreviation_followed_by_a_new_sentence_ends_it():
    assert sentences("We thank the U.S. The meeting closed.") == [
        "We thank the U.S.",
        "The meeting closed.",
    ]


def test_initials_do_not_end_a_sentence():
    text = "Deputy Secretary Kurt M. Campbell and Joseph R. Biden Jr. attended the talks."
    assert sentences(text) == [text]


def test_a_full_stop_inside_brackets_or_quotes_ends_nothing():
    text = (
        "They welcomed the plan (adopted in 2023. It was revised since) and said “We will act. "
        "We must.” Then they left the room."
    )
    assert sentences(text) == [
        "They welcomed the plan (adopted in 2023. It was revised since) and said “We will act. We must.”",
        "Then they left the room.",
    ]


def test_a_lowercase_continuation_is_no_new_sentence():
    text = "Inflation fell to 2.5 percent. approx. numbers are used here."
    assert len(sentences(text)) == 1


def test_a_very_short_sentence_joins_its_neighbour():
    clauses = cut_clauses(["We met. The three ministers reaffirmed their commitment to peace."])
    assert [c.text for c in clauses] == [
        "We met. The three ministers reaffirmed their commitment to peace."
    ]


def test_clauses_carry_paragraph_numbers_and_offsets_into_the_joined_body():
    paragraphs = [
        "The leaders met in Seoul on May 1, 2024. They adopted a statement.",
        "They will meet again next year in Tokyo.",
    ]
    body = "\n\n".join(paragraphs)
    clauses = cut_clauses(paragraphs)
    assert [(c.position, c.paragraph) for c in clauses] == [(1, 1), (2, 1), (3, 2)]
    assert all(body[c.start : c.end] == c.text for c in clauses)


def test_japanese_sentences_end_at_the_ideographic_full_stop():
    assert sentences("三か国は会合を行った。協力を確認した。") == [
        "三か国は会合を行った。",
        "協力を確認した。",
    ]


def test_a_paragraph_of_thousands_of_sentences_is_cut_at_every_one():
    sentence = "The U.S. and Mr. Kim (of No. 10) said “We act. We must.” They agreed. "
    text = sentence * 3000
    spans = split_sentences(text)
    assert len(spans) == 6000
    assert (
        text[spans[0][0] : spans[0][1]]
        == "The U.S. and Mr. Kim (of No. 10) said “We act. We must.”"
    )
