"""Free-text search over commitments: which commitments match the words, and how relevant each is.

What was typed is read by our own parser (browse/search_query.py) and expanded with the synonyms
editors keep (commitments.models.SynonymGroup); the database's query parser never sees the text.
Then one query over the search documents (title, aliases, summary, the clauses of public
mentions) that commitments/services/derived.py keeps fresh:

- PostgreSQL: the GIN-indexed tsvector documents (commitments_search, english configuration),
  ranked by ts_rank over their weights (title A, aliases B, summary C, clauses D);
- SQLite: the FTS5 table commitments_search_fts (porter stemmer), ranked by bm25 with the
  column weights below.

Either way words are stemmed, all of them must match, and the matches come most relevant first.

Relevance (PostgreSQL): up to RANKED_AT_MOST public matches, by ts_rank. Beyond that a rank mostly
counts how often a word recurs in quoted clauses, and computing it reads every match: the matches
come in tiers instead, best first (every word in the title or an alias; in the title, an alias or
the summary; only in the clauses), each tier in the default order, most recent first.
`find` gives either; for searches made only of common words the facet index answers it from
memory (browse/word_sets.py) with the same result.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from browse.bitsets import bits
from browse.search_query import (
    HEAD,
    UPPER,
    expand,
    fts5_query,
    parse,
    synonym_candidates,
    tsquery,
)
from commitments.models import PUBLIC_MENTION, Commitment, CommitmentAlias, Mention, Synonym
from commitments.services.derived import SQLITE_SEARCH

SEARCH_CONFIG = "english"
RANKED_AT_MOST = 2000  # public matches ordered by ts_rank; beyond, by tiers (see above)

RANKS_SQL = (
    "SELECT commitment_id, ts_rank(document, query) "
    f"FROM commitments_search, to_tsquery('{SEARCH_CONFIG}', %s) query "
    "WHERE document @@ query ORDER BY 2 DESC"
)
# Each match's rank and tier: 0 when every word is in the title or an alias, 1 in the title, an
# alias or the summary, else 2 (the weights of commitments/migrations/0003: A, B, C, D).
RANKS_AND_TIERS_SQL = (
    "SELECT commitment_id, ts_rank(document, query), "
    "CASE WHEN document @@ head THEN 0 WHEN document @@ upper THEN 1 ELSE 2 END "
    f"FROM commitments_search, to_tsquery('{SEARCH_CONFIG}', %s) query, "
    f"to_tsquery('{SEARCH_CONFIG}', %s) head, to_tsquery('{SEARCH_CONFIG}', %s) upper "
    "WHERE document @@ query ORDER BY 2 DESC"
)

# bm25 weights of the FTS5 columns (title, aliases, summary, clauses): a word in the title or an
# alias counts far above the same word in the quoted clauses, as PostgreSQL's A and B above D.
SQLITE_WEIGHTS = (10.0, 8.0, 3.0, 1.0)
SQLITE_RANKS_SQL = (
    f"SELECT rowid, -bm25({SQLITE_SEARCH}, {', '.join(map(str, SQLITE_WEIGHTS))}) "
    f"FROM {SQLITE_SEARCH} WHERE {SQLITE_SEARCH} MATCH %s ORDER BY 2 DESC"
)
SQLITE_MATCHES_SQL = f"SELECT rowid, 0.0 FROM {SQLITE_SEARCH} WHERE {SQLITE_SEARCH} MATCH %s"
MATCHES_SQL = (
    "SELECT commitment_id, 0.0 "
    f"FROM commitments_search WHERE document @@ to_tsquery('{SEARCH_CONFIG}', %s)"
)
SQLITE_EXCLUDED_SQL = (
    "SELECT id, 0.0 FROM commitments_commitment WHERE id NOT IN "
    f"(SELECT rowid FROM {SQLITE_SEARCH} WHERE {SQLITE_SEARCH} MATCH %s)"
)


def synonyms_of(keys=None):
    """{key: keys of its group} for the synonyms among `keys`, or of every synonym when `keys`
    is None (one query; none for no keys)."""
    if keys is not None and not keys:
        return {}
    rows = Synonym.objects.values_list("group_id", "key")
    if keys is not None:
        rows = rows.filter(group__synonyms__key__in=keys)
    groups = {}
    for group_id, key in rows.order_by("group_id", "id").distinct():
        groups.setdefault(group_id, []).append(key)
    return {key: members for members in groups.values() for key in members}


def understand(text, synonyms=None):
    """What `text` asks for: parsed (bounded, operators neutralised), then expanded with the
    synonyms it names. A ParsedQuery, empty when it asks for nothing. `synonyms`: every synonym
    as synonyms_of() gives them (a facet index keeps them per data version); else read here."""
    parsed = parse(text)
    if not parsed:
        return parsed
    if synonyms is None:
        synonyms = synonyms_of(synonym_candidates(parsed))
    return expand(parsed, synonyms)


@dataclass
class Found:
    """What a search found: `matches` (a bit set of commitment ids), and their order by relevance:
    `ranks` ({id: rank}, most relevant first) or `tiers` (disjoint bit sets, best first); neither
    when no order by relevance was asked for or there is none (only excluded words)."""

    matches: int
    ranks: dict | None = None
    tiers: tuple | None = None


def find(parsed, ranked=True, words=None, universe=None):
    """What the ParsedQuery finds. `ranked`: order by relevance (else only the matches);
    `words`: the facet index's WordSets, which answer searches of common words from memory;
    `universe`: the public commitments (the matches RANKED_AT_MOST counts)."""
    if not parsed:
        return Found(0)
    ranked = ranked and bool(parsed.groups)  # only excluded words: nothing to rank by
    known = words.answer(parsed) if words is not None else None
    if known is not None:
        matches, tiers = known
        if not ranked or tiers is None:
            return Found(matches)
        if _public(matches, universe) > RANKED_AT_MOST:
            return Found(matches, tiers=tiers)
    if connection.vendor != "postgresql" or not ranked:
        ranks = text_ranks(parsed, ranked)
        return Found(bits(ranks), ranks if ranked else None)
    with connection.cursor() as cursor:
        cursor.execute(
            RANKS_AND_TIERS_SQL,
            [
                tsquery(parsed),
                tsquery(parsed, HEAD, groups_only=True),
                tsquery(parsed, UPPER, True),
            ],
        )
        rows = cursor.fetchall()
    matches = bits(row[0] for row in rows)
    if _public(matches, universe) <= RANKED_AT_MOST:
        return Found(matches, ranks={row[0]: row[1] for row in rows})
    tiers = [[], [], []]
    for commitment_id, _rank, tier in rows:
        tiers[tier].append(commitment_id)
    return Found(matches, tiers=tuple(map(bits, tiers)))


def _public(matches, universe):
    return (matches & universe if universe is not None else matches).bit_count()


def text_ranks(text, ranked=True):
    """{commitment id: relevance} of the commitments matching `text` (as typed, or understood
    already), most relevant first. Text that asks for no word matches nothing. Not `ranked`
    (a sort was chosen): every relevance is 0, and the database computes none."""
    parsed = understand(text) if isinstance(text, str) or text is None else text
    if not parsed:
        return {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(RANKS_SQL if ranked else MATCHES_SQL, [tsquery(parsed)])
        elif connection.vendor == "sqlite":
            wanted, unwanted = fts5_query(parsed)
            if wanted:
                match = f"{wanted} NOT {unwanted}" if unwanted else wanted
                cursor.execute(SQLITE_RANKS_SQL if ranked else SQLITE_MATCHES_SQL, [match])
            else:
                cursor.execute(SQLITE_EXCLUDED_SQL, [unwanted])
        else:  # another database: the portable substring match, unranked
            matches = Commitment.objects.filter(portable_match(parsed)).order_by()
            return dict.fromkeys(matches.values_list("pk", flat=True), 0.0)
        return dict(cursor.fetchall())


def portable_match(parsed):
    """A condition on commitments for a ParsedQuery (text is parsed first): each group's words
    (an alternative's words side by side) in the title, summary, an alias or a public clause,
    and none of the excluded ones. No stemming: for databases without full-text search."""
    if isinstance(parsed, str):
        parsed = parse(parsed)
    condition = Q()
    for group in parsed.groups:
        condition &= Q.create([_contains(" ".join(words)) for words in group], connector=Q.OR)
    for words in parsed.excluded:
        condition &= ~_contains(" ".join(words))
    return condition


def _contains(text):
    """A condition on commitments: `text` in the title, summary, an alias or a public clause."""
    aliases = CommitmentAlias.objects.filter(commitment_id=OuterRef("pk"), name__icontains=text)
    clauses = Mention.objects.filter(
        PUBLIC_MENTION, commitment_id=OuterRef("pk"), clause__text__icontains=text
    )
    return (
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(Exists(aliases))
        | Q(Exists(clauses))
    )
