"""Suggesting mentions for a statement's clauses through the index (see the package docstring)."""

import math
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection, transaction
from simple_history.utils import bulk_create_with_history

from commitments.models import (
    Clause,
    Commitment,
    CommitmentTerm,
    Mention,
    Stage,
    SuggestionTerm,
)
from commitments.suggest.index import chunked, commitment_names, titles_and_aliases
from commitments.suggest.scoring import (
    analyze_clause,
    clause_vector,
    score_candidate,
    statement_definitions,
    wording_vector,
)
from commitments.suggest.text import propose_stage
from commitments.suggest.titles import propose_title

POSTINGS_PER_TERM = 100  # candidate generation reads at most this many postings per clause term
CANDIDATES_PER_CLAUSE = 12  # precisely scored per clause
MAX_CANDIDATES = 400  # precisely scored per statement
# Fitted on the curated corpus by leaving each meeting out (bench/suggest_quality.py):
THRESHOLD = 0.68  # lowest score suggested for a clause that carries a commitment
# A clause without a commitment cue (a condemnation, a description) is matched too, for it may
# restate a standing position editors track; it needs stronger evidence and never yields a new
# commitment.
THRESHOLD_WITHOUT_CUE = 0.8
RELATIVE = 0.8  # a further suggestion for the same clause scores at least this share of the best
MAX_PER_CLAUSE = 3  # plus one per WORDS_PER_EXTRA content words: long clauses name more things
WORDS_PER_EXTRA = 15
TERMS_PER_QUERY = 100  # SQLite allows 500 terms in a compound SELECT


@dataclass
class Suggestion:
    clause_id: int
    commitment_id: int
    score: float
    stage: str
    span: tuple | None


class Idf:
    """Inverse document frequency over commitments: log((N + 1) / (df + 1)) + 1."""

    def __init__(self, total, frequencies):
        self.total = total
        self.frequencies = dict(frequencies)
        self._memo = {}

    def __call__(self, term):
        value = self._memo.get(term)
        if value is None:
            frequency = self.frequencies.get(term, 0)
            value = self._memo[term] = math.log((self.total + 1) / (frequency + 1)) + 1
        return value

    def add(self, frequencies):
        self.frequencies.update(frequencies)
        self._memo.clear()

    @property
    def rarest(self):
        """The idf of a word no commitment uses yet."""
        return math.log(self.total + 1) + 1


def _frequencies(terms):
    found = {}
    for chunk in chunked(sorted(terms), 500):
        found.update(
            SuggestionTerm.objects.filter(term__in=chunk).values_list("term", "commitment_count")
        )
    return found


def _top_postings(terms):
    """[(commitment id, term, weight)]: the heaviest POSTINGS_PER_TERM postings of each term."""
    table = CommitmentTerm._meta.db_table
    rows = []
    for chunk in chunked(sorted(terms), TERMS_PER_QUERY):
        part = (
            f"SELECT * FROM (SELECT commitment_id, term, weight FROM {table} "
            f"WHERE term = %s ORDER BY weight DESC LIMIT {POSTINGS_PER_TERM}) AS p{{}}"
        )
        sql = " UNION ALL ".join(part.format(i) for i in range(len(chunk)))
        with connection.cursor() as cursor:
            cursor.execute(sql, chunk)
            rows.extend(cursor.fetchall())
    return rows


def _candidate_details(ids):
    """Names and full index vectors of the candidate commitments."""
    titles, aliases = titles_and_aliases(ids)
    vectors = defaultdict(dict)
    for chunk in chunked(ids, 500):
        for cid, term, weight in CommitmentTerm.objects.filter(commitment_id__in=chunk).values_list(
            "commitment_id", "term", "weight"
        ):
            vectors[cid][term] = weight
    names = {cid: commitment_names(title, aliases[cid]) for cid, title in titles.items()}
    return names, vectors


def _known_before(commitment_ids, date):
    """The commitments among these with an accepted mention at a meeting before `date`."""
    if date is None or not commitment_ids:
        return set()
    return set(
        Mention.objects.filter(
            commitment_id__in=commitment_ids,
            review=Mention.Review.ACCEPTED,
            meeting__start_date__lt=date,
        )
        .values_list("commitment_id", flat=True)
        .distinct()
    )


def _overlap(a, b):
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def select(scored, limit):
    """The candidates to suggest for a clause, best first: those naming words of their own (a
    span no better candidate covers) each stand on their own; those competing for the same words
    (or matched by wording alone) need RELATIVE of the best score among them."""
    chosen = []
    for candidate in scored:
        rivals = [c for c in chosen if c.span is None or _overlap(c.span, candidate.span)]
        if candidate.span is None and chosen:
            rivals = chosen
        if rivals and candidate.score < RELATIVE * rivals[0].score:
            continue
        if rivals and any(_inside(candidate.span, c.span) for c in rivals):
            continue  # its words are part of a longer name a better candidate matched
        chosen.append(candidate)
        if len(chosen) >= limit:
            break
    return chosen


def _inside(inner, outer):
    return (
        inner is not None
        and outer is not None
        and outer[0] <= inner[0]
        and inner[1] <= outer[1]
        and inner != outer
    )


def stage_for(text, span, known_before):
    """The stage a clause gives a commitment: a promise made again is a reaffirmation."""
    stage = propose_stage(text, span)
    if stage == Stage.PLEDGED and known_before:
        return Stage.REAFFIRMED
    return stage


def suggest_mentions(clauses, definitions=None, meeting_date=None):
    """Score clauses (id, text) against the indexed commitments: ({clause id: analysis}, [Suggestion]).

    Reads the index only; writes nothing. With `meeting_date`, a promise of a commitment already
    mentioned at an earlier meeting is proposed as "reaffirmed" rather than "pledged".
    """
    analyses = {cid: analyze_clause(text, definitions) for cid, text in clauses}
    scored_clauses = {cid: a for cid, a in analyses.items() if a.terms}
    if not scored_clauses:
        return analyses, []
    clause_terms = {t for a in scored_clauses.values() for t in a.terms}
    frequencies = _frequencies(clause_terms)
    if not frequencies:
        return analyses, []
    idf = Idf(Commitment.objects.count(), frequencies)

    postings = defaultdict(list)
    for cid, term, weight in _top_postings(frequencies):
        postings[term].append((cid, weight))
    shortlist = {}
    for clause_id, analysis in scored_clauses.items():
        rough = defaultdict(float)
        for term in set(analysis.terms):
            for cid, weight in postings.get(term, ()):
                rough[cid] += weight * idf(term)
        shortlist[clause_id] = sorted(rough, key=rough.get, reverse=True)[:CANDIDATES_PER_CLAUSE]
    wanted = list(dict.fromkeys(cid for ids in shortlist.values() for cid in ids))[:MAX_CANDIDATES]
    names, vectors = _candidate_details(wanted)
    idf.add(_frequencies({t for v in vectors.values() for t in v} - set(frequencies)))
    wordings = {cid: wording_vector(names[cid], vectors.get(cid, {}), idf) for cid in names}

    chosen = {}
    for clause_id, analysis in scored_clauses.items():
        vec = clause_vector(analysis, idf)
        scored = [
            score_candidate(analysis, cid, names[cid], wordings[cid], idf, vec)
            for cid in shortlist[clause_id]
            if cid in names
        ]
        threshold = THRESHOLD if analysis.carries else THRESHOLD_WITHOUT_CUE
        scored = sorted((c for c in scored if c.score >= threshold), key=lambda c: -c.score)
        words = sum(1 for t in analysis.tokens if t.term)
        chosen[clause_id] = select(scored, MAX_PER_CLAUSE + words // WORDS_PER_EXTRA)
    known = _known_before({c.commitment_id for cs in chosen.values() for c in cs}, meeting_date)
    suggestions = [
        Suggestion(
            clause_id,
            c.commitment_id,
            c.score,
            stage_for(scored_clauses[clause_id].text, c.span, c.commitment_id in known),
            c.span,
        )
        for clause_id, candidates in chosen.items()
        for c in candidates
    ]
    return analyses, suggestions


def rank_commitments(text, limit=8, definitions=None):
    """The commitments whose names and wording best match `text` (an editor's selected words),
    best first, as [(commitment id, score)], with no threshold: the desk's first choices."""
    analysis = analyze_clause(text, definitions)
    frequencies = _frequencies(set(analysis.terms)) if analysis.terms else {}
    if not frequencies:
        return []
    idf = Idf(Commitment.objects.count(), frequencies)
    rough = defaultdict(float)
    for cid, term, weight in _top_postings(frequencies):
        rough[cid] += weight * idf(term)
    shortlist = sorted(rough, key=rough.get, reverse=True)[: limit * 2]
    names, vectors = _candidate_details(shortlist)
    idf.add(_frequencies({t for v in vectors.values() for t in v} - set(frequencies)))
    scored = [
        score_candidate(
            analysis, cid, names[cid], wording_vector(names[cid], vectors.get(cid, {}), idf), idf
        )
        for cid in shortlist
        if cid in names
    ]
    scored.sort(key=lambda c: -c.score)
    return [(c.commitment_id, c.score) for c in scored[:limit]]


@transaction.atomic
def suggest_for_statement(statement, dry_run=False):
    """Mark the statement's commitment-bearing clauses and propose mentions for them.

    Returns the new pending mentions (unsaved when dry_run). A translation is skipped: its clauses
    are aligned to the official text's, not suggested. An existing mention for a (clause,
    commitment) pair, whatever its review, is never touched nor proposed again.
    """
    if statement.translation_of_id:
        return []
    clauses = list(
        Clause.objects.filter(statement_id=statement.id)
        .order_by("position")
        .only(
            "id",
            "text",
            "carries_commitment",
            "proposed_title",
            "proposed_stage",
            "proposal_dismissed",
        )
    )
    if not clauses:
        return []
    analyses, suggestions = suggest_mentions(
        [(c.id, c.text) for c in clauses],
        statement_definitions(statement.body),
        statement.meeting.start_date,
    )
    existing, live = set(), set()
    for clause_id, commitment_id, review in Mention.objects.filter(
        clause__statement_id=statement.id
    ).values_list("clause_id", "commitment_id", "review"):
        existing.add((clause_id, commitment_id))
        if review != Mention.Review.REJECTED:
            live.add(clause_id)
    mentions = [
        Mention(
            clause_id=s.clause_id,
            commitment_id=s.commitment_id,
            meeting_id=statement.meeting_id,
            published=statement.published_at is not None,
            stage=s.stage,
            origin=Mention.Origin.SUGGESTED,
            review=Mention.Review.PENDING,
            score=round(s.score, 4),
            span_start=s.span[0] if s.span else None,
            span_end=s.span[1] if s.span else None,
        )
        for s in suggestions
        if (s.clause_id, s.commitment_id) not in existing
    ]
    # A clause whose only links were rejected may well need a new commitment.
    linked = live | {m.clause_id for m in mentions}
    changed = []
    for clause in clauses:
        analysis = analyses[clause.id]
        carries = analysis.carries
        title, stage = "", ""
        if clause.proposal_dismissed:
            title, stage = clause.proposed_title, clause.proposed_stage  # the editor's call stands
        elif carries and clause.id not in linked:
            title, stage = propose_title(clause.text), propose_stage(clause.text)
        new = (carries, title, stage)
        if new != (clause.carries_commitment, clause.proposed_title, clause.proposed_stage):
            clause.carries_commitment, clause.proposed_title, clause.proposed_stage = new
            changed.append(clause)
    if dry_run:
        return mentions
    Clause.objects.bulk_update(
        changed, ["carries_commitment", "proposed_title", "proposed_stage"], batch_size=500
    )
    return bulk_create_with_history(
        mentions,
        Mention,
        batch_size=500,
        default_user=statement.ingested_by,
        default_change_reason="suggested",
    )
