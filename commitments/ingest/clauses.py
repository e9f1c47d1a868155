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
    """(start, end) spans of the sentences of one paragraph of text.

    Linear in the paragraph's length: brackets and quotation marks are counted once, as the scan
    moves on, and every test at a full stop looks only at the characters next to it.
    """
    spans = []
    start = 0
    balance = _Balance(text, start)
    for match in BOUNDARY.finditer(text):
        end = match.end()
        if match.start() < start:
            continue
        if not _is_boundary(text, match, balance):
            continue
        if text[start:end].strip():
            spans.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
        balance = _Balance(text, start)
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [_trim(text, s, e) for s, e in spans]


class _Balance:
    """Open brackets and curly quotations of the sentence begun at `start`, counted up to a point
    that only moves forward."""

    def __init__(self, text, start):
        self.text = text
        self.position = start
        self.brackets = 0
        self.quotes = 0

    def up_to(self, end):
        """Count the characters before `end` not counted yet; returns self."""
        for ch in self.text[self.position : end]:
            if ch in "([":
                self.brackets += 1
            elif ch in ")]":
                self.brackets -= 1
            elif ch == "“":
                self.quotes += 1
            elif ch == "”":
                self.quotes -= 1
        self.position = max(self.position, end)
        return self


NEXT_CHARACTER = re.compile(r"\s*(\S)")
TOKEN_CHARACTERS = re.compile(r"[\w.'’-]")
LONGEST_TOKEN = 64


def _trim(text, start, end):
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _is_boundary(text, match, balance):
    following = NEXT_CHARACTER.match(text, match.end())
    first = following.group(1) if following else ""
    starts_sentence = first and (
        first.isupper()
        or first.isdigit()
        or first in "\"“‘'(["
        or "\u3040" <= first <= "\u9fff"
        or "\uac00" <= first <= "\ud7a3"
    )
    if first and not starts_sentence:
        return False
    balance.up_to(match.start() + 1)
    closing_quotes = match.group().count("”")
    if balance.brackets > 0 or balance.quotes - closing_quotes > 0:
        return False
    if match.group().startswith("."):
        # "ROK-U.S." ends in the abbreviation "U.S.".
        token = re.split(r"[-–/]", _token_before(text, match.start()))[-1]
        if len(token) == 1 and token.isupper():
            return False  # an initial: "Kurt M. Campbell"
        if token.casefold() in ABBREVIATIONS or re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]", token):
            next_word = re.compile(r"[\w’']+").match(text, following.start(1)) if first else None
            return bool(next_word) and next_word.group().casefold() in SENTENCE_STARTERS
    return True


def _token_before(text, stop):
    """The run of word characters, dots, apostrophes and hyphens that ends at the full stop."""
    begin = stop
    while begin > max(0, stop - LONGEST_TOKEN) and TOKEN_CHARACTERS.match(text[begin - 1]):
        begin -= 1
    return text[begin:stop]


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
    joined = []  # [start, end, words]
    for start, end in spans:
        words = len(text[start:end].split())
        if joined and (words < MIN_CLAUSE_WORDS or joined[-1][2] < MIN_CLAUSE_WORDS):
            joined[-1][1] = end
            joined[-1][2] += words
        else:
            joined.append([start, end, words])
    return [(start, end) for start, end, _ in joined]
