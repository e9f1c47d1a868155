"""What a person types in the search box, read by our own code: words, "quoted phrases", `or`
between two of them, and -excluded words; expanded with synonyms (`expand`); written for
PostgreSQL (`tsquery`) or SQLite's FTS5 (`fts5_query`), every word inside quotes. Pure
functions, no database.

The text never reaches a database's own query parser. `parse` reads it into a ParsedQuery (bounded:
at most MAX_WORDS words of at most MAX_WORD_LENGTH characters, and a fixed depth: all groups must
match, one alternative of a group, every word of a phrase), and `tsquery` writes that as a
PostgreSQL to_tsquery string in which every word is a quoted lexeme, so PostgreSQL's parser
splits it as it splits the documents (hyphenated words, "U.S.") and no character of the input can
be read as an operator. What a user would expect:

- `north korea`: both words, anywhere; `"north korea"`: the phrase (an unclosed quote runs to
  the end);
- `dprk or "north korea"`: either; a dangling `or` is a word of no weight and is dropped;
- `-missile` and `-"test launch"`: without it; a hyphen inside a word joins (`non-proliferation`);
- punctuation around a word is dropped, and a token without a letter or digit is no word
  (`---`, `- - -`, `&&`), so such a query asks for nothing.
"""

import re
from dataclasses import dataclass

from commitments.rules import synonym_key

MAX_WORDS = 16  # in the whole query, phrases' words included; words past it are dropped
MAX_WORD_LENGTH = 64  # characters; a longer token is cut (no real word is that long)
QUOTES = '"“”„«»'
OR = "or"

_WORD_CHARACTER = re.compile(r"\w")
# Control characters (NUL among them) and lone surrogates: no database takes them in a string.
_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff]")
_EDGE_PUNCTUATION = re.compile(r"^\W+|\W+$")
# A quoted phrase (closed, or running to the end), or a run of other characters.
_PIECES = re.compile(rf"(-?)[{QUOTES}]([^{QUOTES}]*)[{QUOTES}]?|(\S+)")


@dataclass(frozen=True)
class ParsedQuery:
    """`groups`: each group must match, by any one of its alternatives; `excluded`: none of these
    may. An alternative or an exclusion is a tuple of words: one word, or a phrase's words."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    excluded: tuple[tuple[str, ...], ...] = ()

    @property
    def terms(self):
        """The single words every match contains."""
        return tuple(g[0][0] for g in self.groups if len(g) == 1 and len(g[0]) == 1)

    @property
    def phrases(self):
        """The phrases (several words) every match contains."""
        return tuple(g[0] for g in self.groups if len(g) == 1 and len(g[0]) > 1)

    @property
    def words(self):
        """Every word the query looks for (not the excluded ones), in order."""
        return tuple(word for group in self.groups for words in group for word in words)

    def __bool__(self):
        return bool(self.groups or self.excluded)


def _word(token):
    """The token without the punctuation around it, cut to MAX_WORD_LENGTH; '' when it has no
    letter or digit."""
    word = _EDGE_PUNCTUATION.sub("", token)[:MAX_WORD_LENGTH]
    return word if _WORD_CHARACTER.search(word) else ""


def _phrase(text):
    return tuple(word for word in map(_word, text.split()) if word)


def _items(text):
    """(excluded, words, is_or) for each piece of the text, in order."""
    for match in _PIECES.finditer(text):
        minus, quoted, token = match.groups()
        if token is None:
            yield bool(minus), _phrase(quoted), False
        elif token.lower() == OR:
            yield False, (), True
        elif token.startswith("-"):
            yield True, (_word(token.lstrip("-")),), False
        else:
            yield False, (_word(token),), False


def parse(text):
    """`text` (as typed) as a ParsedQuery, bounded to MAX_WORDS words; a repeated word, phrase
    or group counts once."""
    groups, excluded, budget = [], [], MAX_WORDS
    joining = after_positive = False
    for is_excluded, words, is_or in _items(_CONTROL.sub(" ", text or "")):
        if is_or:
            joining = after_positive  # `or` joins two things looked for, nothing else
            continue
        words = tuple(word for word in words if word)[:budget]
        if not words:
            continue
        if is_excluded:
            if words not in excluded:
                excluded.append(words)
                budget -= len(words)
        elif joining:
            if words not in groups[-1]:
                groups[-1] = (*groups[-1], words)
                budget -= len(words)
        elif (words,) not in groups:
            groups.append((words,))
            budget -= len(words)
        joining, after_positive = False, not is_excluded
        if not budget:
            break
    return ParsedQuery(tuple(dict.fromkeys(groups)), tuple(excluded))


# -- synonyms ---------------------------------------------------------------------------------

MAX_SYNONYM_WORDS = 8  # the longest synonym (commitments.models.Synonym.MAX_WORDS)
MAX_ADDED = 64  # alternatives synonyms may add to one query


def key(words):
    """How a word or phrase is compared with synonyms (commitments.rules.synonym_key)."""
    return synonym_key(" ".join(words))


def synonym_candidates(parsed):
    """The keys of every word, run of words and phrase of the query that a synonym could equal:
    what `expand` looks up (a run of separate words may stand for a phrase: north korea)."""
    found = set()
    for start, group in enumerate(parsed.groups):
        for words in group:
            found.add(key(words))
        words = ()
        for following in parsed.groups[start:]:
            if len(following) != 1 or len(words) + len(following[0]) > MAX_SYNONYM_WORDS:
                break
            words += following[0]
            found.add(key(words))
    found.update(key(words) for words in parsed.excluded)
    found.discard("")
    return found


def expand(parsed, synonyms):
    """The ParsedQuery with synonyms: `synonyms` maps a key to the keys of its group (its own
    included). A word, a phrase, or the longest run of separate words equal to a synonym becomes
    a group of alternatives: it, or any other member of its group (a run is then read as the
    phrase it spells); an excluded one excludes every member."""
    if not synonyms:
        return parsed
    budget = [MAX_ADDED]

    def alternatives(words):
        members = [words]
        for other in synonyms.get(key(words), ()):
            other_words = tuple(other.split())
            if key(other_words) != key(words) and other_words not in members and budget[0] > 0:
                members.append(other_words)
                budget[0] -= 1
        return members

    groups, start = [], 0
    while start < len(parsed.groups):
        run, words, best = start, (), None
        while run < len(parsed.groups) and len(parsed.groups[run]) == 1:
            words += parsed.groups[run][0]
            if len(words) > MAX_SYNONYM_WORDS:
                break
            if key(words) in synonyms:
                best = (run, words)
            run += 1
        if best is not None:
            groups.append(tuple(alternatives(best[1])))
            start = best[0] + 1
            continue
        members = [other for words in parsed.groups[start] for other in alternatives(words)]
        groups.append(tuple(dict.fromkeys(members)))
        start += 1
    excluded = [other for words in parsed.excluded for other in alternatives(words)]
    return ParsedQuery(tuple(dict.fromkeys(groups)), tuple(dict.fromkeys(excluded)))


# -- the databases' query languages ------------------------------------------------------------


# Weights a match may be restricted to (commitments/migrations/0003: title A, aliases B,
# summary C, clauses D): the tiers of browse/search.py.
HEAD = "AB"
UPPER = "ABC"


def lexeme_operand(word, weights=""):
    """A word as a quoted to_tsquery operand: PostgreSQL's parser reads what is inside the quotes
    as document text, never as operators. `weights`: found only with one of these weights."""
    quoted = "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"
    return f"{quoted}:{weights}" if weights else quoted


_APOSTROPHE = re.compile(r"['’]")


def _operand(words, weights=""):
    if len(words) == 1:
        return lexeme_operand(words[0], weights)
    # In a phrase, a word's apostrophe parts are lexemes of their own, as the documents count
    # them: "people's" holds two positions there ('peopl', and the stop word s).
    parts = [part for word in words for part in _APOSTROPHE.split(word) if part]
    return "(" + " <-> ".join(lexeme_operand(part, weights) for part in parts) + ")"


def tsquery(parsed, weights="", groups_only=False):
    """The ParsedQuery as a PostgreSQL to_tsquery string ('' when it asks for nothing).
    `weights`: every word found only with one of these weights; `groups_only`: without the
    excluded words."""
    parts = []
    for group in parsed.groups:
        alternatives = [_operand(words, weights) for words in group]
        parts.append(alternatives[0] if len(group) == 1 else "(" + " | ".join(alternatives) + ")")
    if not groups_only:
        parts.extend("!" + _operand(words) for words in parsed.excluded)
    return " & ".join(parts)


_FTS5_WORD = re.compile(r"[^\W_]")  # what FTS5's unicode61 tokenizer keeps: letters and digits


def _fts5_operand(words):
    """Words as one FTS5 string: a phrase FTS5 tokenizes as it tokenized the documents; inside
    double quotes no character is an operator ("" is a quote)."""
    return '"' + " ".join(words).replace('"', '""') + '"'


def fts5_query(parsed):
    """The ParsedQuery as an SQLite FTS5 MATCH expression: (what must match, what must not), each
    '' when it asks for nothing. FTS5's NOT only subtracts, so search.py runs what must not
    match on its own when nothing must."""

    def operands(alternatives):
        kept = [_fts5_operand(words) for words in alternatives if _FTS5_WORD.search("".join(words))]
        return "(" + " OR ".join(kept) + ")" if kept else ""

    # A group of no letter or digit ("_") is dropped, as PostgreSQL drops a word it holds no
    # lexeme for; a query left with nothing it wants matches nothing ('""' matches no row).
    wanted = [operand for operand in map(operands, parsed.groups) if operand]
    if parsed.groups and not wanted:
        return '""', ""
    return " AND ".join(wanted), operands(parsed.excluded)
