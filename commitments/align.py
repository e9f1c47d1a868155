"""Align a translation's clauses to the official text's clauses, so a mention shows both wordings.

A monotonic alignment by dynamic programming, as Gale-Church aligns sentences by length, but scored on
content: rapidfuzz similarity of content words (weighted by rarity), shared numbers, shared proper
nouns and acronyms (actor aliases such as "North Korea" / "DPRK" count as one name). It allows 1-1,
1-2, 2-1 pairs and skips, and links only what it is confident of; the rest stays unaligned.
"""

import math
import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from commitments.models import ActorAlias, Clause

# A pair must score above this to be worth linking rather than skipping both clauses.
MIN_SCORE = 0.22
# Merging two clauses into one pair must pay for itself.
MERGE_PENALTY = 0.1
WORD_MATCH = 84  # rapidfuzz ratio at which two content words count as the same word

_STOP_WORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "during",
        "each",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "with",
        "would",
        "you",
        "your",
        "us",
        "well",
        "including",
        "within",
        "across",
        "upon",
        "among",
        "toward",
        "towards",
        "via",
        "per",
        "since",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "also",
        "three",
        "countries",
        "country",
    ]
)
_TOKEN = re.compile(r"@\w+|[A-Za-z][A-Za-z'’]*|\d[\d,.]*\d|\d")
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ies", "ed", "es", "ly", "s")


@dataclass(frozen=True)
class ClauseFeatures:
    words: frozenset
    numbers: frozenset
    names: frozenset


def stem(word):
    """A crude English stem: enough for "strengthening" and "strengthen" to meet."""
    word = word.casefold().replace("’", "'").removesuffix("'s")
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def alias_pattern(aliases):
    """One regex for the given actor aliases {name: token}; acronyms match case-sensitively."""
    parts = []
    for name in sorted(aliases, key=len, reverse=True):
        escaped = r"\s+".join(re.escape(part) for part in name.split())
        is_acronym = name.replace(".", "").isupper()
        parts.append(escaped if is_acronym else f"(?i:{escaped})")
    if not parts:
        return None
    return re.compile(r"(?<![\w@])(?:" + "|".join(f"({p})" for p in parts) + r")(?![\w])")


def features(text, aliases=None, pattern=None):
    """Content words, numbers and names of a clause; actor aliases become one name each."""
    names = set()
    if aliases and pattern is not None:
        ordered = sorted(aliases, key=len, reverse=True)

        def replace(match):
            token = aliases[ordered[match.lastindex - 1]]
            return f" {token} "

        text = pattern.sub(replace, text)
    words, numbers = set(), set()
    for n, match in enumerate(_TOKEN.finditer(text)):
        token = match.group()
        if token.startswith("@"):
            names.add(token)
            words.add(token)
        elif token[0].isdigit():
            numbers.add(token.replace(",", "").rstrip("."))
        elif token.casefold() not in _STOP_WORDS:
            words.add(stem(token))
            is_acronym = len(token) >= 2 and token.isupper()
            if is_acronym or (n > 0 and token[0].isupper()):
                names.add(stem(token))
    return ClauseFeatures(frozenset(words), frozenset(numbers), frozenset(names))


def _idf(feature_lists):
    count = {}
    for f in feature_lists:
        for word in f.words:
            count[word] = count.get(word, 0) + 1
    total = len(feature_lists) or 1
    return {word: math.log(1 + total / n) for word, n in count.items()}


def _word_matches(left_vocab, right_vocab):
    """For each left word, the right words it is taken to mean (same stem, or close spelling)."""
    right = sorted(right_vocab)
    matches = {}
    for word in left_vocab:
        found = {word} & right_vocab
        if len(word) >= 4 and not word.startswith("@"):
            found |= {
                other
                for other, _, _ in process.extract(
                    word, right, scorer=fuzz.ratio, score_cutoff=WORD_MATCH, limit=None
                )
                if not other.startswith("@")
            }
        matches[word] = found
    return matches


class Scorer:
    """Similarity in [0, 1] of a translation clause (or two) and an official clause (or two)."""

    def __init__(self, translation, official):
        self.idf = _idf(translation + official)
        left = set().union(*(f.words for f in translation)) if translation else set()
        right = set().union(*(f.words for f in official)) if official else set()
        self.left_matches = _word_matches(left, right)
        self.right_matches = _word_matches(right, left)

    def _covered(self, words, other, matches):
        total = sum(self.idf.get(w, 1.0) for w in words)
        hit = sum(self.idf.get(w, 1.0) for w in words if matches.get(w, set()) & other)
        return hit, total

    def score(self, a, b):
        hit_a, total_a = self._covered(a.words, b.words, self.left_matches)
        hit_b, total_b = self._covered(b.words, a.words, self.right_matches)
        parts = []
        if total_a + total_b:
            parts.append((0.6, (hit_a + hit_b) / (total_a + total_b)))
        if a.numbers or b.numbers:
            parts.append((0.2, len(a.numbers & b.numbers) / len(a.numbers | b.numbers)))
        if a.names or b.names:
            union = a.names | b.names
            weight = sum(self.idf.get(w, 1.0) for w in union)
            shared = sum(self.idf.get(w, 1.0) for w in a.names & b.names)
            parts.append((0.2, shared / weight if weight else 0.0))
        if not parts:
            return 0.0
        return sum(w * v for w, v in parts) / sum(w for w, _ in parts)


def _merge(a, b):
    return ClauseFeatures(a.words | b.words, a.numbers | b.numbers, a.names | b.names)


def align_features(translation, official, min_score=MIN_SCORE):
    """For each translation clause, the index of the official clause it renders, or None."""
    n, m = len(translation), len(official)
    if not n or not m:
        return [None] * n
    scorer = Scorer(translation, official)
    one = [[scorer.score(t, o) for o in official] for t in translation]

    # best[i][j]: the best total gain aligning the first i translation and j official clauses.
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    move = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options = []
            if i:
                options.append((best[i - 1][j], "skip_t"))
            if j:
                options.append((best[i][j - 1], "skip_o"))
            if i and j:
                options.append((best[i - 1][j - 1] + one[i - 1][j - 1] - min_score, "1-1"))
            if i >= 2 and j:
                merged = _merge(translation[i - 2], translation[i - 1])
                gain = scorer.score(merged, official[j - 1]) - min_score - MERGE_PENALTY
                options.append((best[i - 2][j - 1] + 2 * gain, "2-1"))
            if i and j >= 2:
                merged = _merge(official[j - 2], official[j - 1])
                gain = scorer.score(translation[i - 1], merged) - min_score - MERGE_PENALTY
                options.append((best[i - 1][j - 2] + 2 * gain, "1-2"))
            best[i][j], move[i][j] = max(options, key=lambda option: option[0])

    aligned = [None] * n
    i, j = n, m
    while i or j:
        step = move[i][j]
        if step == "skip_t":
            i -= 1
        elif step == "skip_o":
            j -= 1
        elif step == "1-1":
            aligned[i - 1] = j - 1
            i, j = i - 1, j - 1
        elif step == "2-1":
            # Each half of a split sentence links to the official clause, if it carries any of it.
            for k in (i - 2, i - 1):
                if one[k][j - 1] >= min_score / 2:
                    aligned[k] = j - 1
            i, j = i - 2, j - 1
        else:  # 1-2: the translation clause links to the official half it renders best
            left, right = one[i - 1][j - 2], one[i - 1][j - 1]
            aligned[i - 1] = j - 2 if left >= right else j - 1
            i, j = i - 1, j - 2
    return aligned


def align_texts(translation_texts, official_texts, aliases=None):
    """Align two lists of clause texts; `aliases` maps an actor's names to one token per actor."""
    pattern = alias_pattern(aliases) if aliases else None
    translation = [features(t, aliases, pattern) for t in translation_texts]
    official = [features(t, aliases, pattern) for t in official_texts]
    return align_features(translation, official)


def actor_alias_tokens():
    """Every actor name and alias known to the database, mapped to one token per actor."""
    aliases = {}
    for actor_id, name, short_name, alias in ActorAlias.objects.values_list(
        "actor_id", "actor__name", "actor__short_name", "name"
    ):
        for value in (name, short_name, alias):
            if value and len(value) >= 2:
                aliases.setdefault(value, f"@actor{actor_id}")
    return aliases


def align_translation(statement):
    """Set aligned_to on each clause of a translation statement; returns the number aligned.

    Clauses an editor already linked are kept; the others are (re)computed.
    """
    if statement.translation_of_id is None:
        return 0
    translation = list(statement.clauses.order_by("position"))
    official = list(
        Clause.objects.filter(statement_id=statement.translation_of_id).order_by("position")
    )
    aligned = align_texts(
        [c.text for c in translation], [c.text for c in official], actor_alias_tokens()
    )
    changed = []
    for clause, index in zip(translation, aligned, strict=True):
        if clause.aligned_to_id is None and index is not None:
            clause.aligned_to = official[index]
            changed.append(clause)
    Clause.objects.bulk_update(changed, ["aligned_to"])
    return sum(1 for clause in translation if clause.aligned_to_id is not None)
