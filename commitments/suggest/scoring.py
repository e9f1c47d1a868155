"""Scoring a clause against one candidate commitment: pure functions, no ORM.

Two signals, combined into a score in [0, 1]:
- name: how much of one of the commitment's names (title, aliases, acronyms) occurs in the clause
  as a tight run of words (exact stems, acronyms and their expansions, rapidfuzz for near spellings),
  weighted by the rarity of each word; it also gives the highlighted span;
- wording: TF-IDF cosine between the clause and the words of the clauses already linked to the
  commitment (from the index vector).
"""

import math
import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from commitments.suggest.index import NAME_WEIGHT as INDEXED_NAME_WEIGHT
from commitments.suggest.text import (
    STOP_WORDS,
    Token,
    acronym_definitions,
    acronym_of,
    actor_terms,
    carries_commitment,
    clean,
    initials_match,
    is_acronym,
    tokenize,
)
from commitments.suggest.text import name_terms as name_terms_of

# rapidfuzz ratio at which two stems count as one word (a typo, "multidomain" ~ "multi-domain").
FUZZY_CUTOFF = 88
FUZZY_CREDIT = 0.8
MAX_GAP = 4  # tokens between two words of one name occurrence
# Weights fitted on the curated corpus by leaving each meeting out (bench/suggest_quality.py).
NAME_WEIGHT = 0.75
WORDING_WEIGHT = 0.9
WORDING_SCALE = 1.5
WHOLE_NAME_EVIDENCE = 1.0  # share of a rare word's evidence a multi-word name written out gets
INSIDE_ANOTHER_NAME = 0.4
CITED = 0.5  # words cited as the measure of something else ("in violation of UNSC resolutions")  # words of a name that are part of a longer proper name in the clause


@dataclass
class ClauseAnalysis:
    text: str
    tokens: list[Token]
    terms: list[str]  # content terms, plus the expansions of the acronyms the clause uses
    carries: bool
    expansions: dict = field(default_factory=dict)  # acronym term -> expansion terms


def analyze_clause(text, definitions=None):
    """Tokens, terms (with acronym expansions both ways) and whether the clause carries a commitment."""
    tokens = tokenize(text)
    own = [t.term for t in tokens if t.term]
    present = set(own)
    expansions, extra = {}, []
    for acronym, expansion in (definitions or {}).items():
        expansion_terms = list(name_terms_of(expansion))
        if not expansion_terms:
            continue
        if acronym in present:
            expansions[acronym] = expansion_terms
            extra.extend(t for t in expansion_terms if t not in present)
        elif all(t in present for t in expansion_terms):
            extra.append(acronym)
    extra.extend(a for a in spelt_acronyms(tokens) if a not in present)
    return ClauseAnalysis(text, tokens, own + extra, carries_commitment(text), expansions)


def spelt_acronyms(tokens, longest=6):
    """Initials of runs of capitalised words, so that "Trilateral Ministerial Meeting" meets "TMM"."""
    found = set()
    run = []
    for token in [*tokens, None]:
        if token is not None and (token.raw[:1].isupper() or (run and token.raw in STOP_WORDS)):
            run.append(token)
            continue
        while run and run[-1].raw in STOP_WORDS:
            run.pop()
        for i in range(len(run)):
            if run[i].raw in STOP_WORDS:
                continue
            for j in range(i + 2, min(len(run), i + longest) + 1):
                words = [t.raw for t in run[i:j] if t.raw not in STOP_WORDS]
                if (
                    run[j - 1].raw not in STOP_WORDS
                    and len(words) >= 3
                    and not is_acronym(words[0])
                ):
                    found.add("".join(w[0] for w in words).lower())
        run = []
    return found


def statement_definitions(body):
    """Acronym definitions a statement makes ("Minerals Security Partnership (MSP)")."""
    return acronym_definitions(body)


@dataclass
class NameMatch:
    score: float = 0.0  # share of the name's idf-weighted words found, times their density
    span: tuple | None = None
    name: str = ""
    evidence: float = 0.0  # the idf of the words found: rare words say more than common ones


def _fuzzy_hits(name_terms, clause_terms):
    """Name terms missing from the clause that a clause term spells nearly the same."""
    hits = {}
    choices = [t for t in set(clause_terms) if len(t) >= 5]
    for term in name_terms:
        if term in clause_terms or len(term) < 5 or not choices:
            continue
        best = process.extractOne(term, choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        if best:
            hits[best[0]] = term
    return hits


def spelt_out(analysis, acronym):
    """The span of a run of capitalised clause words that spells `acronym` (TMM: Trilateral
    Ministerial Meeting), or None."""
    tokens = analysis.tokens
    for i, first in enumerate(tokens):
        if not first.raw[:1].isupper() or first.raw[0].lower() != acronym[0]:
            continue
        for size in range(2, len(acronym) + 4):
            run = tokens[i : i + size]
            if len(run) < size or not run[-1].raw[:1].isupper():
                continue
            if any(t.raw.lower() not in STOP_WORDS and not t.raw[:1].isupper() for t in run):
                break
            if initials_match(acronym, [t.raw for t in run]):
                return (run[0].start, run[-1].end)
    return None


def match_name(analysis, name, idf):
    """The best tight occurrence of `name` in the clause: share of its (idf-weighted) words, span."""
    name_terms = list(name_terms_of(name))
    if not name_terms:
        return NameMatch()
    own_terms = {t.term for t in analysis.tokens}
    if len(name_terms) == 1 and is_acronym(name.strip()) and name_terms[0] not in own_terms:
        span = spelt_out(analysis, name_terms[0])
        return NameMatch(1.0, span, name, idf.rarest) if span else NameMatch()
    weights = {t: idf(t) for t in name_terms}
    total = sum(weights.values())
    own_acronym = acronym_of(name)
    # An acronym that stands for the whole name is as specific as a name gets; not a country's or
    # a body's ("UNSC"): many commitments speak of it.
    whole_name_acronyms = {own_acronym, *(name_terms if len(name_terms) == 1 else ())}
    whole_name_acronyms -= {"", *actor_terms()}
    clause_terms = {t.term for t in analysis.tokens if t.term}
    fuzzy = _fuzzy_hits(name_terms, clause_terms)

    hits = []  # (token index, {name terms it stands for: credit})
    for i, token in enumerate(analysis.tokens):
        if not token.term:
            continue
        if token.term in weights:
            hits.append((i, {token.term: 1.0}))
        elif own_acronym and token.term == own_acronym:
            hits.append((i, dict.fromkeys(name_terms, 1.0)))
        elif token.term in analysis.expansions:
            stands_for = {t: 1.0 for t in analysis.expansions[token.term] if t in weights}
            if stands_for:
                hits.append((i, stands_for))
        elif token.term in fuzzy:
            hits.append((i, {fuzzy[token.term]: FUZZY_CREDIT}))
    if not hits:
        return NameMatch()

    groups, current = [], [hits[0]]
    for hit in hits[1:]:
        if hit[0] - current[-1][0] <= MAX_GAP + 1:
            current.append(hit)
        else:
            groups.append(current)
            current = [hit]
    groups.append(current)

    best = NameMatch(name=name)
    for group in groups:
        credit = {}
        for _, stands_for in group:
            for term, value in stands_for.items():
                credit[term] = max(credit.get(term, 0.0), value)
        evidence = sum(weights[t] * c for t, c in credit.items())
        if any(
            analysis.tokens[i].term in whole_name_acronyms and is_acronym(analysis.tokens[i].raw)
            for i, _ in group
        ):
            evidence = max(evidence, idf.rarest)
        window = analysis.tokens[group[0][0] : group[-1][0] + 1]
        if _other_ordinal(analysis.tokens[max(0, group[0][0] - 2) : group[-1][0] + 1], name_terms):
            continue  # "the 16th DTT" is not "the 15th DTT"
        # Words of the name scattered among other words are weaker than the name as written.
        density = len(group) / sum(1 for t in window if t.term)
        inside = _inside_another_name(analysis, window, name)
        # Written out whole: two words at least besides a country's or a body's name ("UNSC
        # resolutions" is the setting of many commitments, not one of them).
        whole = density == 1 and len(set(name_terms) - actor_terms()) > 1
        if whole and not inside and all(credit.get(t) == 1.0 for t in name_terms):
            # A name of several words written out whole is specific, however common its words.
            evidence = max(evidence, WHOLE_NAME_EVIDENCE * idf.rarest)
        score = min(1.0, evidence / total) * density**0.5
        if inside:
            score *= INSIDE_ANOTHER_NAME
        if _cited(analysis.text, window[0].start):
            score *= CITED
        if score > best.score:
            best = NameMatch(score, (window[0].start, window[-1].end), name, evidence)
    return best


# What a statement cites as the measure of something else is not what the clause speaks of.
_CITING = re.compile(
    r"\b(?:in accordance with|in line with|consistent with|in (?:clear )?violation of|"
    r"violat(?:e|es|ed|ing|ions? of))\s+(?:(?:the|all|any|multiple|relevant|its|their|"
    r"several|numerous)\s+)*$",
    re.IGNORECASE,
)


def _cited(text, start):
    return bool(_CITING.search(clean(text[max(0, start - 80) : start])))


_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)")


def _other_ordinal(tokens, name_terms):
    """Whether the words name another occurrence than the name's own ordinal (15th)."""
    wanted = {t for t in name_terms if _ORDINAL.fullmatch(t)}
    found = {t.term for t in tokens if _ORDINAL.fullmatch(t.term)}
    return bool(wanted and found and not wanted & found)


def _names_another_occurrence(analysis, names):
    """Whether the commitment is one occurrence of a series (its names carry an ordinal: "Hold
    the 15th Defense Trilateral Talks") and the clause speaks of others only (the 16th)."""
    wanted = {t for name in names for t in name_terms_of(name) if _ORDINAL.fullmatch(t)}
    found = {t.term for t in analysis.tokens if _ORDINAL.fullmatch(t.term)}
    return bool(wanted and found and not wanted & found)


def _capitalised(token):
    return token.raw[:1].isupper()


def _inside_another_name(analysis, window, name):
    """Whether the matched words are the first words of a longer proper name of the clause, whose
    head is another noun ("economic security" in "the Trilateral Economic Security Dialogue"):
    a capitalised word after them that the commitment's own name does not have. (Words before
    only make the name more specific: "Trilateral Global Leadership Youth Summit".)"""
    tokens = analysis.tokens
    last = tokens.index(window[-1])
    if last + 1 >= len(tokens) or not _capitalised(tokens[last]):
        return False
    following = tokens[last + 1]
    if following.start - tokens[last].end > 1:
        return False  # punctuation between: "Japan, Korea" or "(TMM)"
    named = {word.lower() for word in re.findall(r"[\w']+", name)}
    return (
        _capitalised(following)
        and following.term != ""
        and following.raw.lower() not in named
        and following.term not in actor_terms()
    )


def clause_vector(analysis, idf):
    vector = {}
    for term in analysis.terms:
        vector[term] = vector.get(term, 0.0) + 1.0
    return {t: tf * idf(t) for t, tf in vector.items()}


@dataclass
class WordingVector:
    """The TF-IDF vector of the words of a commitment's linked clauses (not its names)."""

    weights: dict
    norm: float


def wording_vector(names, commitment_terms, idf):
    """A commitment's linked wording: its index vector less the names' share, weighted by idf."""
    named = {t for name in names for t in name_terms_of(name)} | {acronym_of(n) for n in names}
    weights = {}
    for term, weight in commitment_terms.items():
        if term in named:
            weight -= INDEXED_NAME_WEIGHT
        if weight > 1e-9:
            weights[term] = weight * idf(term)
    return WordingVector(weights, math.sqrt(sum(w * w for w in weights.values())))


def cosine(clause_vec, wording):
    """Cosine between a clause's TF-IDF vector and a commitment's linked wording."""
    if not clause_vec or not wording.norm:
        return 0.0
    weights = wording.weights
    dot = sum(w * weights[t] for t, w in clause_vec.items() if t in weights)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(w * w for w in clause_vec.values())) * wording.norm)


@dataclass
class Candidate:
    commitment_id: int
    score: float
    span: tuple | None
    name_score: float
    wording: float
    evidence: float = 0.0


def score_candidate(analysis, commitment_id, names, wording, idf, clause_vec=None):
    """Score one commitment for one clause: names (with span) and wording, combined in [0, 1].

    `wording` is the commitment's WordingVector (see wording_vector)."""
    if _names_another_occurrence(analysis, names):
        return Candidate(commitment_id, 0.0, None, 0.0, 0.0)
    best = NameMatch()
    for name in names:
        found = match_name(analysis, name, idf)
        if found.score > best.score:
            best = found
    clause_vec = clause_vec if clause_vec is not None else clause_vector(analysis, idf)
    similarity = cosine(clause_vec, wording)
    # A name match counts fully once its words carry as much evidence as one word no other
    # commitment uses: two common words ("trilateral cooperation") are not enough.
    name_signal = best.score * min(1.0, best.evidence / idf.rarest)
    # Wording similarity to whole clauses stays low (~0.4) even for a true paraphrase; scale it.
    wording_signal = min(1.0, similarity * WORDING_SCALE)
    score = 1 - (1 - NAME_WEIGHT * name_signal) * (1 - WORDING_WEIGHT * wording_signal)
    return Candidate(
        commitment_id,
        max(0.0, min(1.0, score)),
        best.span,
        best.score,
        similarity,
        best.evidence,
    )
