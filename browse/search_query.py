"""What a person types in the search box, read by our own code: words, "quoted phrases", `or`
between two of them, and -excluded words. Pure functions, no database.

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


def _lexeme(word):
    """A word as a quoted to_tsquery operand: PostgreSQL's parser reads what is inside the quotes
    as document text, never as operators."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def _operand(words):
    if len(words) == 1:
        return _lexeme(words[0])
    return "(" + " <-> ".join(map(_lexeme, words)) + ")"


def tsquery(parsed):
    """The ParsedQuery as a PostgreSQL to_tsquery string ('' when it asks for nothing)."""
    parts = []
    for group in parsed.groups:
        alternatives = [_operand(words) for words in group]
        parts.append(alternatives[0] if len(group) == 1 else "(" + " | ".join(alternatives) + ")")
    parts.extend("!" + _operand(words) for words in parsed.excluded)
    return " & ".join(parts)
