"""Scoring a clause against one candidate commitment: pure functions, no ORM.

Two signals, combined into a score in [0, 1]:
- name: how much of one of the commitment's names (title, aliases, acronyms) occurs in the clause
  as a tight run of words (exact stems, acronyms and their expansions, rapidfuzz for near spellings),
  weighted by the rarity of each word; it also gives the highlighted span;
- wording: TF-IDF cosine between the clause and the words of the clauses already linked to the
  commitment (from the index vector).
"""

import math
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .text import Token, acronym_definitions, acronym_of, carries_commitment, terms, tokenize

FUZZY_CUTOFF = (
    88  # rapidfuzz ratio for two stems to count as the same word (institutionalize ~ ...)
)
FUZZY_CREDIT = 0.8
MAX_GAP = 4  # tokens between two words of one name occurrence
NAME_WEIGHT = 0.75
WORDING_WEIGHT = 0.9


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
        expansion_terms = terms(expansion)
        if not expansion_terms:
            continue
        if acronym in present:
            expansions[acronym] = expansion_terms
            extra.extend(t for t in expansion_terms if t not in present)
        elif all(t in present for t in expansion_terms):
            extra.append(acronym)
    return ClauseAnalysis(text, tokens, own + extra, carries_commitment(text), expansions)


def statement_definitions(body):
    """Acronym definitions a statement makes ("Minerals Security Partnership (MSP)")."""
    return acronym_definitions(body)


@dataclass
class NameMatch:
    score: float = 0.0
    span: tuple | None = None
    name: str = ""


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


def match_name(analysis, name, idf):
    """The best tight occurrence of `name` in the clause: share of its (idf-weighted) words, span."""
    name_terms = list(dict.fromkeys(terms(name)))
    if not name_terms:
        return NameMatch()
    weights = {t: idf(t) for t in name_terms}
    total = sum(weights.values())
    own_acronym = acronym_of(name)
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
        score = sum(weights[t] * c for t, c in credit.items()) / total
        if score > best.score:
            first, last = analysis.tokens[group[0][0]], analysis.tokens[group[-1][0]]
            best = NameMatch(score, (first.start, last.end), name)
    return best


def clause_vector(analysis, idf):
    vector = {}
    for term in analysis.terms:
        vector[term] = vector.get(term, 0.0) + 1.0
    return {t: tf * idf(t) for t, tf in vector.items()}


def cosine(clause_vec, commitment_terms, idf):
    """Cosine between a clause's TF-IDF vector and a commitment's index vector (weights x idf)."""
    if not clause_vec or not commitment_terms:
        return 0.0
    dot = sum(
        w * commitment_terms[t] * idf(t) for t, w in clause_vec.items() if t in commitment_terms
    )
    if not dot:
        return 0.0
    norm_clause = math.sqrt(sum(w * w for w in clause_vec.values()))
    norm_commitment = math.sqrt(sum((w * idf(t)) ** 2 for t, w in commitment_terms.items()))
    return dot / (norm_clause * norm_commitment)


@dataclass
class Candidate:
    commitment_id: int
    score: float
    span: tuple | None
    name_score: float
    wording: float


def score_candidate(analysis, commitment_id, names, commitment_terms, idf, clause_vec=None):
    """Score one commitment for one clause: names (with span) and wording, combined in [0, 1]."""
    best = NameMatch()
    for name in names:
        found = match_name(analysis, name, idf)
        if found.score > best.score:
            best = found
    clause_vec = clause_vec if clause_vec is not None else clause_vector(analysis, idf)
    wording = cosine(clause_vec, commitment_terms, idf)
    # Wording similarity to whole clauses stays low (~0.3) even for a true paraphrase; scale it.
    wording_signal = min(1.0, wording * 2.0)
    score = 1 - (1 - NAME_WEIGHT * best.score) * (1 - WORDING_WEIGHT * wording_signal)
    return Candidate(commitment_id, max(0.0, min(1.0, score)), best.span, best.score, wording)
