"""The words a search matched, marked in a browser row: its title, and a snippet of the first
public clause that holds one. For the page's rows only (20), never for the whole match set.

A word is marked when its stem (the suggestion's light stemmer, commitments/suggest/text.py)
is the stem of a word the query looks for, synonyms included; stop words are never marked. The
databases stem with their own rules (porter, snowball english), so a mark can, rarely, differ
from what the database matched. Marks are data: (text, marked) pairs the template prints with
autoescaping, so nothing typed or stored is ever written as HTML.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from commitments.models import PUBLIC_MENTION, Mention
from commitments.suggest.text import STOP_WORDS, stem

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$")
SNIPPET_BEFORE = 60  # characters of context before the first marked word
SNIPPET_LENGTH = 200
MAX_CLAUSES = 50  # clauses looked at per row


@dataclass
class Marked:
    """A text cut into parts, each (text, marked)."""

    parts: list

    @property
    def any(self):
        return any(marked for _text, marked in self.parts)


@lru_cache(maxsize=50_000)  # a page's rows repeat their words; a bounded vocabulary
def _stem(word):
    word = _POSSESSIVE.sub("", word.lower())
    return "" if word in STOP_WORDS else stem(word)


def query_stems(parsed):
    """The stems of every word the query looks for (not the excluded ones)."""
    stems = {_stem(token) for word in parsed.words for token in _WORD.findall(word)}
    stems.discard("")
    return frozenset(stems)


def mark(text, stems):
    """`text` as a Marked: its words with a stem in `stems` marked."""
    parts, last = [], 0
    for match in _WORD.finditer(text):
        if _stem(match.group()) in stems:
            between = text[last : match.start()]
            if parts and parts[-1][1] and last and not between.strip():
                # Marked words one space apart are one mark: the page's {% spaceless %} would
                # drop a space standing alone between two tags.
                parts[-1] = (parts[-1][0] + between + match.group(), True)
            else:
                if between:
                    parts.append((between, False))
                parts.append((match.group(), True))
            last = match.end()
    if last < len(text):
        parts.append((text[last:], False))
    return Marked(parts)


def snippet(text, stems):
    """The part of `text` around its first marked word (at most SNIPPET_LENGTH characters, cut
    at spaces, an ellipsis where cut), as a Marked; None when no word is marked."""
    first = next((m for m in _WORD.finditer(text) if _stem(m.group()) in stems), None)
    if first is None:
        return None
    start = max(0, first.start() - SNIPPET_BEFORE)
    if start:
        start = text.find(" ", start, first.start()) + 1 or first.start()
    stop = min(len(text), start + SNIPPET_LENGTH)
    if stop < len(text):
        space = text.rfind(" ", first.end(), stop)
        stop = space if space > 0 else stop
    marked = mark(text[start:stop].strip(), stems)
    if start:
        marked.parts.insert(0, ("… ", False))
    if stop < len(text):
        marked.parts.append((" …", False))
    return marked


def mark_rows(rows, parsed):
    """Set each row's `title_marks` and `snippet` (Marked, or None) for the query: one query
    reads the clauses of the rows' public mentions."""
    stems = query_stems(parsed)
    if not stems or not rows:
        return
    for row in rows:
        row.title_marks = mark(row.title, stems)
    clauses = (
        Mention.objects.filter(PUBLIC_MENTION, commitment_id__in=[row.id for row in rows])
        .order_by("commitment_id", "id")
        .values_list("commitment_id", "clause__text")
    )
    found, seen = {}, {}
    for commitment_id, text in clauses:  # a page's rows: a few hundred clauses at most
        if commitment_id in found or seen.get(commitment_id, 0) >= MAX_CLAUSES:
            continue
        seen[commitment_id] = seen.get(commitment_id, 0) + 1
        lowered = text.lower()
        if not any(stem in lowered for stem in stems):
            continue  # a stem is (but for a few irregular verbs) the start of its words
        marked = snippet(text, stems)
        if marked is not None:
            found[commitment_id] = marked
    for row in rows:
        row.snippet = found.get(row.id)
