"""Clause -> candidate commitments with scores and stages: the suggestion engine.

Entry points:
- `suggest_for_statement(statement)`: marks the statement's commitment-bearing clauses, proposes
  pending mentions (origin "suggested") with a score, a stage and the matched words, and a new
  commitment's title and stage for clauses that match none. Ingestion calls it for every new
  statement; `manage.py suggest` re-runs it. A translation is skipped (it is aligned instead).
- `reindex_commitments(ids)`: keeps the index in step; commitments/services/derived.py calls it
  whenever a commitment is created, renamed or merged, its aliases change, or its mentions are
  accepted, rejected or moved (and `forget_commitments(ids)` as one is deleted).
- `rebuild_index()`: recomputes the whole index (`manage.py suggest --reindex`).

How the cost grows. Let C be the number of commitments, K the clauses already linked to them, and
S the statement's clauses with T distinct terms (T grows with the statement's length, not with C:
a 10 KB statement has a few hundred). Per statement the engine runs:
1. one document-frequency lookup for the T terms (unique index on the term): O(T log C);
2. candidate generation: for each term at most POSTINGS_PER_TERM postings, heaviest first, through
   the (term, -weight) index: O(T * (log P + POSTINGS_PER_TERM)) rows, independent of C and K;
3. precise scoring of at most CANDIDATES_PER_CLAUSE commitments per clause (MAX_CANDIDATES per
   statement): their names, aliases and index vectors (bounded by their vocabulary), rapidfuzz
   on their names and TF-IDF cosine on their vectors: O(S * CANDIDATES_PER_CLAUSE * name length);
4. one query for the existing mentions of the statement's clauses, one bulk insert, one bulk update.
Nothing loads every commitment or clause: memory and time are O(S + T * POSTINGS_PER_TERM) per
statement, plus O(log C) index seeks; the number of queries grows with T / 100 (chunks), never with
C. Reindexing a commitment reads its names and accepted mentions: O(its mentions), plus an
incremental document-frequency update per changed term.
"""

from commitments.suggest.engine import rank_commitments, suggest_for_statement, suggest_mentions
from commitments.suggest.index import rebuild_index, reindex_commitments
from commitments.suggest.scoring import analyze_clause, score_candidate
from commitments.suggest.text import carries_commitment, propose_stage
from commitments.suggest.titles import propose_title

__all__ = [
    "analyze_clause",
    "carries_commitment",
    "propose_stage",
    "propose_title",
    "rank_commitments",
    "rebuild_index",
    "reindex_commitments",
    "score_candidate",
    "suggest_for_statement",
    "suggest_mentions",
]
