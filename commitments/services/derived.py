"""Derived data, kept fresh one way: whatever writes a change, what commitments show follows.

Derived from what editors write: each commitment's summary columns (COMMITMENT_SUMMARY_FIELDS),
its search document (PostgreSQL: table commitments_search, built by trilat_search_refresh; SQLite:
the FTS5 table commitments_search_fts, rows written by SQLITE_DOCUMENTS below), its
postings in the suggestion index (reindex_commitments), and the data version (PostgreSQL: the
trilat_data_version sequence) that tells the facet index and the page cache to rebuild.

Writes are reported by the domain's change tracking (commitments/tracking.py, by the rules of
commitments/changes.py), which calls `refresh(ids)` here: at once, at the end of a
`tracking.deferred()` block, or after `migrate`. Services that write many rows open such a block.

Raw SQL (psql, COPY) passes none of this: run `manage.py refresh_derived` after it.
"""

from itertools import groupby

from django.db import connection, transaction
from django.db.models import Max

from commitments.changes import ACCEPTED
from commitments.tracking import deleting, muted

DATA_VERSION = "trilat_data_version"
BATCH = 2000  # commitments per query when refreshing many


def refresh(commitment_ids):
    """Bump the data version once, then recompute the summaries, search documents (stamped with
    that version) and suggestion postings of these commitments (ids of deleted ones are fine)."""
    from commitments.models import Commitment
    from commitments.suggest.index import chunked, reindex_commitments

    ids = sorted({int(cid) for cid in commitment_ids if cid} - deleting())
    with transaction.atomic(savepoint=False), muted():
        version = _bump_data_version()
        for batch in chunked(ids, BATCH):
            # Locked first, so that a concurrent refresh of the same commitments waits for this
            # transaction, then reads what it wrote (NO KEY: mentions' foreign key checks pass).
            locked = Commitment.objects.filter(id__in=batch).select_for_update(no_key=True)
            _refresh_summaries(locked, {"commitment_id__in": batch})
            _refresh_search_documents(batch, version)
        if ids:
            reindex_commitments(ids)


def refresh_all(batch_size=5000):
    """Recompute every commitment's derived data (bulk loaders, raw SQL); returns how many."""
    from commitments.models import Commitment
    from commitments.suggest.index import rebuild_index

    with transaction.atomic(), muted():
        version = _bump_data_version()
        top = Commitment.objects.aggregate(top=Max("id"))["top"] or 0
        for low in range(0, top + 1, batch_size):
            span = {"gte": low, "lt": low + batch_size}
            commitments = Commitment.objects.filter(**{f"id__{k}": v for k, v in span.items()})
            _refresh_summaries(commitments, {f"commitment_id__{k}": v for k, v in span.items()})
        _refresh_all_search_documents(version)
        count = rebuild_index()
    return count


# -- summaries -------------------------------------------------------------------------------


def summarize(mentions):
    """Summary column values (by attname) from one commitment's accepted mentions (dicts with
    meeting_id, meeting__start_date and stage): the furthest stage any mention gave it, and the
    latest word (the last meeting's stage with the most news)."""
    from commitments.models import furthest, most_news

    if not mentions:
        return {
            "furthest_stage": "",
            "latest_stage": "",
            "first_meeting_id": None,
            "last_meeting_id": None,
            "first_date": None,
            "last_date": None,
            "meeting_count": 0,
            "mention_count": 0,
        }
    ordered = sorted(mentions, key=lambda m: (m["meeting__start_date"], m["meeting_id"]))
    by_meeting = [list(group) for _, group in groupby(ordered, key=lambda m: m["meeting_id"])]
    first, last = by_meeting[0], by_meeting[-1]
    return {
        "furthest_stage": furthest(m["stage"] for m in ordered),
        "latest_stage": most_news(m["stage"] for m in last),
        "first_meeting_id": first[0]["meeting_id"],
        "last_meeting_id": last[0]["meeting_id"],
        "first_date": first[0]["meeting__start_date"],
        "last_date": last[0]["meeting__start_date"],
        "meeting_count": len(by_meeting),
        "mention_count": len(ordered),
    }


def _summary_fields():
    from commitments.models import COMMITMENT_SUMMARY_FIELDS, Commitment

    return [Commitment._meta.get_field(name) for name in COMMITMENT_SUMMARY_FIELDS]


def _refresh_summaries(commitments, mentions_of):
    """Write the summaries of `commitments` that differ from their accepted mentions' (the
    Mention lookup `mentions_of` selects the same commitments' mentions)."""
    from commitments.models import Mention

    names = [field.attname for field in _summary_fields()]
    current = {row[0]: row[1:] for row in commitments.order_by("id").values_list("id", *names)}
    rows = (
        # Public mentions only: accepted by an editor, in a published statement.
        Mention.objects.filter(review=ACCEPTED, published=True, **mentions_of)
        .order_by("commitment_id")
        .values("commitment_id", "meeting_id", "meeting__start_date", "stage")
    )
    grouped = {cid: list(group) for cid, group in groupby(rows, key=lambda m: m["commitment_id"])}
    stale = []
    for cid, values in current.items():
        summary = summarize(grouped.get(cid, []))
        fresh = tuple(summary[name] for name in names)
        if fresh != values:
            stale.append((cid, fresh))
    if stale:
        _write_summaries(stale)


def _write_summaries(rows):
    """Set the summary columns of [(commitment id, values in _summary_fields order)]: one UPDATE
    from arrays on PostgreSQL, bulk_update elsewhere; no history rows either way."""
    from commitments.models import Commitment

    fields = _summary_fields()
    if connection.vendor != "postgresql":
        updates = [
            Commitment(id=cid, **dict(zip([f.attname for f in fields], values, strict=True)))
            for cid, values in rows
        ]
        Commitment.objects.bulk_update(updates, [f.name for f in fields], batch_size=500)
        return
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    sql = (
        f"UPDATE {quote(Commitment._meta.db_table)} AS c SET "
        + ", ".join(f"{column} = s.{column}" for column in columns)
        + f" FROM unnest(%s::bigint[], {arrays}) AS s(id, {', '.join(columns)}) WHERE c.id = s.id"
    )
    params = [[cid for cid, _ in rows]] + [
        list(column) for column in zip(*(v for _, v in rows), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- search documents and the data version -----------------------------------------------------

SQLITE_SEARCH = "commitments_search_fts"  # made by migration 0013_search_synonyms
# One row per commitment (rowid = its id), in the columns bm25 weighs (browse/search.py): its
# title, aliases, summary and the clauses of its public mentions, as PostgreSQL's document has.
SQLITE_DOCUMENTS = f"""
INSERT INTO {SQLITE_SEARCH} (rowid, title, aliases, summary, clauses)
SELECT c.id, c.title,
    coalesce((SELECT group_concat(a.name, ' ') FROM commitments_commitmentalias a
              WHERE a.commitment_id = c.id), ''),
    coalesce(c.summary, ''),
    coalesce((SELECT group_concat(t.text, ' ') FROM (
        SELECT cl.text FROM commitments_mention m JOIN commitments_clause cl ON cl.id = m.clause_id
        WHERE m.commitment_id = c.id AND m.review = 'accepted' AND m.published ORDER BY m.id) t), '')
FROM commitments_commitment c
"""


def _refresh_search_documents(ids, version):
    if not ids:
        return
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT trilat_search_refresh(%s::bigint[], %s)", [list(ids), version])
    elif connection.vendor == "sqlite":
        marks = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {SQLITE_SEARCH} WHERE rowid IN ({marks})", list(ids))
            cursor.execute(f"{SQLITE_DOCUMENTS} WHERE c.id IN ({marks})", list(ids))


def _refresh_all_search_documents(version):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT trilat_search_refresh_all(%s)", [version])
        elif connection.vendor == "sqlite":
            cursor.execute(f"DELETE FROM {SQLITE_SEARCH}")
            cursor.execute(SQLITE_DOCUMENTS)


def _bump_data_version():
    """The new data version (None on SQLite, which has none: it rebuilds per page). Taken in
    the writing transaction: the facet index sees the sequence's lock until it commits, and
    knows a write is open (browse/facet_index.py); the search documents it refreshes record it
    (browse/word_sets.py re-reads those changed since an index's version)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{DATA_VERSION}')")
            return cursor.fetchone()[0]
    return None


def _drop_orphan_search_documents():
    # A TRUNCATE (Django's flush) of commitments leaves their documents behind.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DELETE FROM commitments_search s WHERE NOT EXISTS "
                "(SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id)"
            )
        elif connection.vendor == "sqlite":
            cursor.execute(
                f"DELETE FROM {SQLITE_SEARCH} "
                "WHERE rowid NOT IN (SELECT id FROM commitments_commitment)"
            )


def forget(commitment_ids):
    """The suggestion postings of commitments about to be deleted go first (their rows go last)."""
    from commitments.suggest.index import forget_commitments

    forget_commitments(commitment_ids)


def after_migrate(commitment_ids):
    """Once migrations are done: drop the search documents of commitments no longer there (a
    flush truncates them), refresh what data migrations changed."""
    _drop_orphan_search_documents()
    refresh(commitment_ids)
