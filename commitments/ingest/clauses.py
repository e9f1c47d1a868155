"""The body -> clauses: sentences (a very short one joins its neighbour), located by offsets.

Aware of abbreviations (U.S., U.N., D.C., Mr., No., Inc., Jan.-Dec.), initials (Kurt M. Campbell),
quotations and parentheses: a full stop inside brackets or an open quotation ends no clause.
"""

import re
from dataclasses import dataclass

_ABBREVIATIONS = """
    u.s u.n u.k d.c u.s.a e.u p.m a.m mr mrs ms dr prof no nos inc ltd co corp jr sr st gen lt col
    maj capt cmdr adm sgt amb sen rep gov pres dept govt vs etc e.g i.e cf al approx fig op art para
    jan feb mar apr jun jul aug sep sept oct nov dec mt ft
"""
ABBREVIATIONS = set(_ABBREVIATIONS.split())
# Words that start a sentence even right after an abbreviation like "U.S.".
SENTENCE_STARTERS = {
    "the",
    "we",
    "they",
    "it",
    "this",
    "these",
    "those",
    "our",
    "in",
    "on",
    "as",
    "japan",
    "today",
    "he",
    "she",
    "both",
    "all",
    "each",
    "together",
    "furthermore",
    "moreover",
    "additionally",
    "finally",
    "also",
    "president",
    "prime",
    "their",
    "its",
    "there",
    "such",
    "building",
}
BOUNDARY = re.compile(r"[.!?]+['\"”’)\]]*(?=\s+|$)|[。！？]+[」』）]*")
MIN_CLAUSE_WORDS = 4


@dataclass(frozen=True)
class ParsedClause:
    position: int
    paragraph: int
    text: str
    start: int
    end: int


def split_sentences(text):
    """(start, end) spans of the sentences of one paragraph of text."""
    spans = []
    start = 0
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if not _is_boundary(text, start, match):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [_trim(text, s, e) for s, e in spans]


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text, start, match):
    rest = text[match.end() :].lstrip()
    starts_sentence = rest and (
        rest[0].isupper()
        or rest[0].isdigit()
        or rest[0] in "\"“‘'(["
        or "\u3040" <= rest[0] <= "\u9fff"
        or "\uac00" <= rest[0] <= "\ud7a3"
    )
    if rest and not starts_sentence:
        return False
    sentence = text[start : match.start() + 1]
    if _open_brackets(sentence) > 0 or _inside_quote(sentence, match.group()):
        return False
    if match.group().startswith("."):
        word = re.search(r"([\w.'’-]+)\.$", text[: match.start() + 1])
        # "ROK-U.S." ends in the abbreviation "U.S.".
        token = re.split(r"[-–/]", word.group(1))[-1] if word else ""
        if len(token) == 1 and token.isupper():
            return False  # an initial: "Kurt M. Campbell"
        if token.casefold() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
            next_word = re.match(r"[\w’']+", rest)
            return bool(next_word) and next_word.group().casefold() in SENTENCE_STARTERS
    return True


def _open_brackets(text):
    return text.count("(") - text.count(")") + text.count("[") - text.count("]")


def _inside_quote(sentence, punctuation):
    """An open curly quotation (closed later) keeps the sentence going."""
    opened = sentence.count("“") - sentence.count("”") - punctuation.count("”")
    return opened > 0


def cut_clauses(paragraphs, separator="\n\n"):
    """Clauses of a body made of `paragraphs` joined by `separator`, with offsets into that body."""
    clauses = []
    offset = 0
    for number, paragraph in enumerate(paragraphs, start=1):
        spans = _join_short(paragraph, split_sentences(paragraph))
        for start, end in spans:
            clauses.append(
                ParsedClause(
                    position=len(clauses) + 1,
                    paragraph=number,
                    text=paragraph[start:end],
                    start=offset + start,
                    end=offset + end,
                )
            )
        offset += len(paragraph) + len(separator)
    return clauses


def _join_short(text, spans):
    """A sentence of fewer than MIN_CLAUSE_WORDS words joins the one before it (or after it)."""
    joined = []
    for start, end in spans:
        short = len(text[start:end].split()) < MIN_CLAUSE_WORDS
        previous_short = (
            joined and len(text[joined[-1][0] : joined[-1][1]].split()) < MIN_CLAUSE_WORDS
        )
        if joined and (short or previous_short):
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined
