"""Searches for common words, answered from memory (PostgreSQL).

PostgreSQL answers a search by reading every matching document to check and rank it: about 1 to
2 µs a match, so 50 to 100 ms for a word found in half of 100,000 commitments. For the words
many documents hold, the facet index keeps the answer instead: the words that PostgreSQL's own
statistics of the search documents (pg_stats.most_common_elems, kept by ANALYZE) find in at least
COMMON_SHARE of them. For each such word (a lexeme: stemmed, as the documents hold it), a
WordSet: the commitments whose document holds it at all, in the title or an alias (weights A, B),
and in the title, an alias or the summary (A to C).

A search whose every word (each alternative its synonyms add, each excluded word) is one of them
is answered from these sets: the matches are the AND of each group's OR, less the excluded
words'; the tiers of browse/search.py are the same AND and OR over the other two sets. A search
with a phrase or a word not kept goes to the database, which gives the same answer
(tests/browse/test_word_sets.py).

The sets follow the data without being made again: each search document records the data
version of its last refresh (`changed`, commitments/migrations/0015_search_changed.py), and a new
index takes over the previous index's sets (`carried`), re-reading only the documents changed
since. A new process makes them in a thread once its first index serves (`warm`); a search that
needs a set not made yet makes it there and then.
"""

import re
import time
from dataclasses import dataclass

from django.db import connection

from browse.bitsets import bits
from browse.search_query import HEAD, UPPER, lexeme_operand

COMMON_SHARE = 0.02  # kept: a word in at least this share of the search documents
# Carried sets are read again word by word instead when more documents than this changed since
# (a bulk load): re-reading costs about 0.1 ms per changed document, and the new index waits.
MAX_CARRIED_CHANGES = 10_000
MAX_WORDS_READ = 10_000  # lexemes of query words remembered per index

_ONE_LEXEME = re.compile(r"^'([^']+)'$")  # a tsquery of one plain lexeme, as PostgreSQL prints it


@dataclass(frozen=True)
class WordSet:
    anywhere: int
    head: int  # in the title or an alias
    upper: int  # in the title, an alias or the summary


class WordSets:
    """The sets of the common words of one facet index. `as_of`: a data version such that every
    document changed at or before it is in the sets (None: unknown, so not carried)."""

    def __init__(self, common=None, sets=None, as_of=None):
        """`common`: {lexeme: the share of the documents holding it}; `sets`: {lexeme:
        WordSet}."""
        self.common, self.sets, self.as_of = common or {}, dict(sets or {}), as_of
        self._lexemes = {}  # word as typed -> its lexeme, or None when it is not one plain lexeme
        self.superseded = False  # a newer index took over: stop warming

    def answer(self, parsed):
        """(matches, tiers) of a ParsedQuery made only of common words, else None. `tiers` is
        None when the query has no word to look for (only excluded ones)."""
        alternatives = [words for group in parsed.groups for words in group]
        if any(len(words) != 1 for words in alternatives + list(parsed.excluded)):
            return None  # a phrase: the database checks the words' positions
        if not self.common:
            return None
        lexemes = self._lexemes_of([words[0] for words in alternatives + list(parsed.excluded)])
        if not all(lexeme in self.common for lexeme in lexemes.values()):
            return None
        anywhere = head = upper = None
        for group in parsed.groups:
            found = [self.word_set(lexemes[words[0]]) for words in group]
            either = [_union(s.anywhere for s in found), _union(s.head for s in found)]
            either.append(_union(s.upper for s in found))
            if anywhere is None:
                anywhere, head, upper = either
            else:
                anywhere, head, upper = anywhere & either[0], head & either[1], upper & either[2]
        if anywhere is None:  # only excluded words: every document without them
            anywhere = self._all_documents()
        for words in parsed.excluded:
            anywhere &= ~self.word_set(lexemes[words[0]]).anywhere
        if head is None:
            return anywhere, None
        head, upper = head & anywhere, upper & anywhere
        return anywhere, (head, upper & ~head, anywhere & ~upper)

    def word_set(self, lexeme):
        """The WordSet of a common lexeme: kept, or read now (one indexed query)."""
        found = self.sets.get(lexeme)
        if found is None:
            found = self.sets[lexeme] = _read_word(lexeme)
        return found

    def warm(self):
        """Read every common word's set not kept yet, the commonest first (a thread, once the
        index serves). It rests as long as it works, so that it takes at most half a core from
        the requests: at 100,000 commitments 9 to 11 s of work (314 words, 3.3 million
        matches, 10 MB of sets), once per process."""
        for lexeme in sorted(self.common, key=self.common.get, reverse=True):
            if self.superseded:
                return
            if lexeme not in self.sets:
                started = time.monotonic()
                self.word_set(lexeme)
                time.sleep(time.monotonic() - started)

    def _lexemes_of(self, words):
        """{word: its lexeme} as to_tsquery reads the word (None: no lexeme, or several)."""
        missing = [word for word in words if word not in self._lexemes]
        if missing:
            if len(self._lexemes) > MAX_WORDS_READ:
                self._lexemes = {}
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT w, to_tsquery('english', q)::text FROM unnest(%s::text[], %s::text[])"
                    " AS t(w, q)",
                    [missing, [lexeme_operand(word) for word in missing]],
                )
                for word, query in cursor.fetchall():
                    lexeme = _ONE_LEXEME.match(query)
                    self._lexemes[word] = lexeme.group(1) if lexeme else None
        return {word: self._lexemes.get(word) for word in words}

    def _all_documents(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT array_agg(commitment_id) FROM commitments_search")
            return bits(cursor.fetchone()[0] or ())


def _union(sets):
    found = 0
    for one in sets:
        found |= one
    return found


def _read_word(lexeme):
    """A lexeme's WordSet, from the GIN index and the rows it points to."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(commitment_id), "
            "array_agg(commitment_id) FILTER (WHERE document @@ %s::tsquery), "
            "array_agg(commitment_id) FILTER (WHERE document @@ %s::tsquery) "
            "FROM commitments_search WHERE document @@ %s::tsquery",
            [lexeme_operand(lexeme, HEAD), lexeme_operand(lexeme, UPPER), lexeme_operand(lexeme)],
        )
        anywhere, head, upper = cursor.fetchone()
    return WordSet(bits(anywhere or ()), bits(head or ()), bits(upper or ()))


def common_words():
    """{lexeme: share} of the lexemes PostgreSQL's statistics find in at least COMMON_SHARE of
    the search documents (none before the table is first analyzed)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT e, f FROM pg_stats, unnest(most_common_elems::text::text[], "
            "most_common_elem_freqs) AS t(e, f) WHERE schemaname = current_schema() "
            "AND tablename = 'commitments_search' AND attname = 'document' "
            "AND e IS NOT NULL AND f >= %s",
            [COMMON_SHARE],
        )
        return dict(cursor.fetchall())


def carried(previous, version, provisional):
    """The WordSets of a new kept index at data `version`: the previous index's sets of the
    words still common, with the documents changed since re-read (none on SQLite).
    `provisional`: a write was open, so the sets cannot vouch for `version`."""
    if connection.vendor != "postgresql":
        return WordSets()
    common = common_words()
    as_of = None if provisional or version is None else version
    if previous is not None:
        previous.superseded = True
    if previous is None or previous.as_of is None:
        return WordSets(common, as_of=as_of)
    kept = {lexeme: found for lexeme, found in dict(previous.sets).items() if lexeme in common}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_agg(commitment_id) FROM commitments_search WHERE changed > %s",
            [previous.as_of],
        )
        changed = cursor.fetchone()[0] or []
        if len(changed) > MAX_CARRIED_CHANGES:
            return WordSets(common, as_of=as_of)
        if changed and kept:
            cursor.execute(
                "SELECT u.lexeme, array_agg(s.commitment_id), "
                "array_agg(s.commitment_id) FILTER (WHERE u.weights && %s::text[]), "
                "array_agg(s.commitment_id) FILTER (WHERE u.weights && %s::text[]) "
                "FROM commitments_search s, unnest(s.document) u "
                "WHERE s.changed > %s AND u.lexeme = ANY(%s) GROUP BY 1",
                [list(HEAD), list(UPPER), previous.as_of, list(kept)],
            )
            found = {row[0]: row[1:] for row in cursor.fetchall()}
            stale = ~bits(changed)
            for lexeme, old in kept.items():
                fresh = [bits(ids or ()) for ids in found.get(lexeme, ((), (), ()))]
                kept[lexeme] = WordSet(
                    old.anywhere & stale | fresh[0],
                    old.head & stale | fresh[1],
                    old.upper & stale | fresh[2],
                )
    # Not provisional, so as of `version`; else only as of the previous sets' version.
    return WordSets(common, kept, as_of if as_of is not None else previous.as_of)
