"""The in-memory facet index: the engine behind browse/selection.py (which commitments a filter
leaves, in which order, with which counts). Nothing outside the selection reads it directly.

Counting facets in SQL scans the links of every commitment the other filters leave: at 100,000
commitments a second per page, for each new filter combination. Instead each process keeps, for
every choice of every facet (topic, actor, furthest stage, latest word, stage at a mention, series,
meeting),
the set of public commitments it selects: a bit set (a Python int, bit n for commitment id n)
when the set is large, a sorted array of ids when it is small. A filter is the AND of the OR of
its chosen sets; a choice's count is how many commitments its set shares with the filter
without that facet (each facet's counts ignore its own choice).

The index also holds each sort's order of the public commitments, so a page's ids come from it
and SQL reads only the rows shown; dates use the meetings' sets. Free text is answered by SQL
(browse/search.py), except searches made only of common words, whose sets the index keeps
(browse/word_sets.py), with the synonyms a search expands with.

The index is built once per data version (PostgreSQL's `trilat_data_version` sequence, bumped by
every write that changes what a commitment shows: commitments/services/derived.py) and lives at most FACET_INDEX_SECONDS; the next one is
built in the background while the previous one serves (`current_index`). Where there is no data
version (SQLite, or FACET_INDEX_SECONDS = 0) it is built for each request.
"""

import datetime
import logging
import threading
import time
from array import array
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, chain

from django.conf import settings
from django.db import connection, connections

from browse.bitsets import as_bytes, bits, has, members
from browse.filters import SORTS
from browse.outcomes import latest_ratings
from browse.readers import public_actors
from browse.search import synonyms_of
from browse.word_sets import WordSets, carried
from commitments.evidence import SCOPES
from commitments.models import (
    Commitment,
    Meeting,
    MeetingSeries,
    Mention,
    Topic,
)
from commitments.services.derived import DATA_VERSION

# Under a stream of writes (an editor tagging), a process starts a rebuild at most this often:
# each costs a second or so of CPU, and the lists then lag the writes by up to this much more.
REBUILD_EVERY = 5


# -- sets of commitment ids by facet ---------------------------------------------------------


class Dimension:
    """For each key (a topic id, a stage...) the public commitments it selects; with many keys
    also each commitment's keys, to count by walking a small filter's members instead of
    every key's set."""

    def __init__(self, groups, universe, by_commitment=None):
        """groups: {key: ids}; by_commitment: [(commitment id, keys)] ascending."""
        size = universe.bit_length()
        # A bit set costs size/8 bytes and counts at C speed; an array of ids costs 8 bytes a
        # member and counts in Python: bit sets from 1 commitment in 256 on.
        dense_from = max(size >> 8, 1)
        # Sets may hold commitments that are not public: every mask counted against them is
        # within the universe, so they never count.
        self.sets = {
            key: bits(ids) if len(ids) >= dense_from else array("l", ids)
            for key, ids in groups.items()
        }
        self.universe, self._universe_counts = universe, None
        self.keys = list(self.sets)
        self.pairs = sum(
            (s & universe).bit_count() if isinstance(s, int) else len(s) for s in self.sets.values()
        )
        self.starts = self.flat = None
        if by_commitment is not None:
            # Each commitment's keys, flattened: those of commitment c are flat[starts[c]:starts[c+1]].
            lengths = [0] * (size + 1)
            flat = array("l")
            for commitment_id, keys in by_commitment:
                if commitment_id < size:
                    lengths[commitment_id + 1] = len(keys)
                    flat.extend(keys)
            self.starts, self.flat = array("l", accumulate(lengths)), flat

    def keys_of(self, commitment_id):
        """A commitment's keys (with `by_commitment`)."""
        if commitment_id + 1 >= len(self.starts):
            return self.flat[0:0]
        return self.flat[self.starts[commitment_id] : self.starts[commitment_id + 1]]

    def union(self, keys):
        """The commitments selected by any of `keys` (a bit set)."""
        mask, sparse = 0, []
        for key in keys:
            found = self.sets.get(key, 0)
            if isinstance(found, int):
                mask |= found
            else:
                sparse.extend(found)
        return mask | bits(sparse)

    def count(self, key, mask, data):
        """How many commitments of `key` are in `mask` (`data`: the mask's bytes)."""
        found = self.sets.get(key)
        if found is None:
            return 0
        if isinstance(found, int):
            return (found & mask).bit_count()
        return sum(1 for n in found if has(data, n))

    def counts(self, mask):
        """Every key's count within `mask`, by whichever way costs less."""
        if mask == self.universe:
            if self._universe_counts is None:
                self._universe_counts = self._counts(mask)
            return self._universe_counts
        return self._counts(mask)

    def _counts(self, mask):
        if self.walk_costs_less(mask.bit_count(), mask.bit_length()):
            return self.counts_by_member(mask)
        data = as_bytes(mask)
        return {key: self.count(key, mask, data) for key in self.keys}

    def walk_costs_less(self, population, size, scan=None):
        if self.starts is None:
            return False
        if scan is None:
            scan = sum((size >> 9) if isinstance(s, int) else len(s) for s in self.sets.values())
        walk = population * self.pairs / max(size, 1) + (size >> 5)
        return walk < scan

    def counts_by_member(self, mask):
        starts, flat = self.starts, self.flat
        last = len(starts) - 1
        return Counter(
            chain.from_iterable(flat[starts[n] : starts[n + 1]] for n in members(mask) if n < last)
        )


# -- the index -------------------------------------------------------------------------------


@dataclass
class FacetEntry:
    """An entry of a named facet (a topic, actor, series or meeting): its id, address name,
    name, and what the pages show beside it."""

    id: int
    slug: str
    name: str
    kind: str = ""  # an actor's kind, a series' level
    date: object = None  # a meeting's start date
    series: str = ""  # a meeting's series, by name


@dataclass
class FacetIndex:
    version: object
    built: float
    universe: int  # every public commitment
    dimensions: dict  # facet -> Dimension
    entries: dict  # facet -> {slug: FacetEntry}, in display order (meetings: newest first)
    orders: dict  # sort key -> the public commitment ids in that order (the database's)
    # Built while a write was open: that write may have bumped the data version already, and
    # what it writes is not in this index once it commits.
    provisional: bool = False

    def __post_init__(self):
        self.meetings = {n.id: n for n in self.entries["meeting"].values()}
        self.topics = {n.id: n for n in self.entries["topic"].values()}
        self.meetings_by_year, self._mentioned_in_year = {}, {}
        for n in self.entries["meeting"].values():
            self.meetings_by_year.setdefault(n.date.year, []).append(n)
        size = self.universe.bit_length()
        self.positions = {}  # sort key -> position of each id in that order
        for key, order in self.orders.items():
            position = array("l", [0]) * size
            for n, commitment_id in enumerate(order):
                position[commitment_id] = n
            self.positions[key] = position

    def mentioned_between(self, start, stop):
        """The commitments mentioned at a meeting from `start` to `stop` (either may be None):
        whole years from their own sets, the meetings of the years cut by the range one by one."""
        mask, cut = 0, []
        for year, meetings in self.meetings_by_year.items():
            if (not start or start <= datetime.date(year, 1, 1)) and (
                not stop or datetime.date(year, 12, 31) <= stop
            ):
                mask |= self.mentioned_in_year(year)
            else:
                cut.extend(
                    n.id
                    for n in meetings
                    if (not start or n.date >= start) and (not stop or n.date <= stop)
                )
        return mask | self.dimensions["meeting"].union(cut)

    def mentioned_in_year(self, year):
        """The commitments mentioned at a meeting of `year`: made when first asked for, or by
        `warm_years` (each costs a pass over that year's mentions)."""
        if year not in self._mentioned_in_year:
            meetings = self.meetings_by_year.get(year, ())
            self._mentioned_in_year[year] = self.dimensions["meeting"].union(n.id for n in meetings)
        return self._mentioned_in_year[year]

    @cached_property
    def words(self):
        """The common words' sets (browse/word_sets.py): a kept index gets its previous one's
        (`_build_at`); an index made for one request has none (reading a word's sets costs
        what the database's answer does), so its searches go to the database."""
        return WordSets()

    @cached_property
    def synonyms(self):
        """Every synonym a search expands with ({key: its group's keys}): read when a search first
        asks, then kept with the index (a synonym's write moves the data version)."""
        return synonyms_of()

    def warm_years(self):
        """Make every year's set (about 0.1 s at 100,000 commitments), so that no reader of a
        kept index waits for them. Run in a thread once the index serves: built with it, they
        would lengthen every rebuild's wait."""
        for year in list(self.meetings_by_year):
            self.mentioned_in_year(year)

    def serves(self, version):
        """Whether this index still serves the data at `version`: built at that version, not too
        long ago (briefly only if provisional: it may lack a write committed since)."""
        lifetime = min(REBUILD_EVERY, max_age()) if self.provisional else max_age()
        return self.version == version and time.monotonic() - self.built < lifetime

    def warm_counts(self):
        """Count every choice over all public commitments (the unfiltered page's facets: about
        0.15 s at 100,000 commitments), so that the first request an index serves does not."""
        for dimension in self.dimensions.values():
            dimension.counts(self.universe)

    def meetings_of(self, commitment_id):
        """The ids of the meetings where a public commitment has accepted mentions."""
        return self.dimensions["meeting"].keys_of(commitment_id)

    def topics_of(self, commitment_id):
        """A public commitment's topics (FacetEntry), by name."""
        topics = self.topics
        return sorted(
            (topics[t] for t in self.dimensions["topic"].keys_of(commitment_id) if t in topics),
            key=lambda n: (n.name, n.id),
        )

    def ids_of(self, facet, slugs):
        """The ids of the slugs that name something (the others are left out)."""
        found = self.entries[facet]
        return [found[slug].id for slug in slugs if slug in found]


def build():
    """Read the index from the database: one grouped query per facet, no ORM objects."""
    provisional = max_age() > 0 and _writes_open()
    commitment, mention, meeting = (m._meta.db_table for m in (Commitment, Mention, Meeting))
    public = f"{commitment} WHERE meeting_count > 0"
    # Public mentions only: accepted, in a published statement.
    accepted = f"{mention} WHERE review = '{Mention.Review.ACCEPTED}' AND published"
    furthest, latest = _two_stages(public)
    universe = 0
    for ids in latest.values():
        universe |= bits(ids)
    topics, actors = (
        _grouped(column, "commitment_id", relation.through._meta.db_table)
        for relation, column in ((Commitment.topics, "topic_id"), (Commitment.actors, "actor_id"))
    )
    series = _grouped(
        "m.series_id",
        "x.commitment_id",
        f"{mention} x JOIN {meeting} m ON m.id = x.meeting_id WHERE x.review = %s AND x.published",
        [Mention.Review.ACCEPTED],
    )
    by_commitment = list(_grouped("commitment_id", "meeting_id", accepted).items())
    dimensions = {
        "topic": Dimension(topics, universe, _inverted(topics)),
        "actor": Dimension(actors, universe),
        "furthest": Dimension(furthest, universe),
        "latest": Dimension(latest, universe),
        "mention_stage": Dimension(_grouped("stage", "commitment_id", accepted), universe),
        "series": Dimension(series, universe),
        "meeting": Dimension(
            _grouped("meeting_id", "commitment_id", accepted), universe, by_commitment
        ),
    }
    dimensions.update(_assessment_dimensions(universe))
    levels = dict(MeetingSeries.Level.choices)
    entries = {
        "topic": _entries(Topic.objects.order_by("name").values_list("id", "slug", "name")),
        "actor": _entries(
            public_actors().order_by("name").values_list("id", "slug", "name", "kind")
        ),
        "series": {
            slug: FacetEntry(id_, slug, name, levels.get(level, level))
            for id_, slug, name, level in MeetingSeries.objects.filter(meetings__published=True)
            .distinct()
            .order_by("name")
            .values_list("id", "slug", "name", "level")
        },
        "meeting": {
            slug: FacetEntry(id_, slug, title, date=start, series=series)
            for id_, slug, title, start, series in Meeting.objects.filter(published=True)
            .order_by("-start_date", "-id")
            .values_list("id", "slug", "title", "start_date", "series__name")
        },
    }
    orders = {key: _ordered_ids(ordering) for key, (_label, ordering) in SORTS.items()}
    return FacetIndex(None, time.monotonic(), universe, dimensions, entries, orders, provisional)


def assessment_facet(scope):
    """The dimension of the latest assessments of one party (or "together"), keyed by rating."""
    return f"assessment:{scope}"


def _assessment_dimensions(universe):
    """Per scope, {rating: the public commitments whose latest published assessment it is}."""
    groups = {scope: {} for scope in SCOPES}
    for commitment_id, scope, rating in latest_ratings():
        groups[scope].setdefault(rating, []).append(commitment_id)
    return {
        assessment_facet(scope): Dimension({r: sorted(ids) for r, ids in found.items()}, universe)
        for scope, found in groups.items()
    }


# What a writer locks until it commits once it has bumped the data version: nextval() takes a
# RowExclusiveLock on the sequence and holds it to the end of the transaction (derived.refresh).
VERSIONED = (DATA_VERSION,)


def _writes_open():
    """Whether another session has a transaction open that has bumped the data version: it
    holds the sequence's lock until it ends, and what it wrote is not visible before (PostgreSQL
    only: SQLite has no version)."""
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'relation'"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            " AND pid <> pg_backend_pid() AND mode IN ('RowExclusiveLock', 'AccessExclusiveLock')"
            " AND relation IN (SELECT to_regclass(name) FROM unnest(%s::text[]) AS name))",
            [list(VERSIONED)],
        )
        return cursor.fetchone()[0]


# The index's answers are read a few rows at a time: reading a whole answer is one call that
# holds the GIL for up to 0.1 s, and a rebuild runs in a thread beside requests.
ROWS_AT_ONCE = 64


def _grouped(key, value, source, params=()):
    """{key: [distinct values]} over `source` (a FROM ... WHERE clause), in key order, aggregated
    by the database: PostgreSQL's arrays, SQLite's comma-joined text."""
    arrays = connection.vendor == "postgresql"
    if arrays:
        aggregate = f"array_agg(DISTINCT {value} ORDER BY {value})"
    else:
        aggregate = f"group_concat(DISTINCT {value})"
    groups = {}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {key}, {aggregate} FROM {source} GROUP BY 1 ORDER BY 1", params)
        while rows := cursor.fetchmany(ROWS_AT_ONCE):
            for found, ids in rows:
                groups[found] = ids if arrays else sorted(int(v) for v in ids.split(","))
    return groups


def _two_stages(public):
    """({furthest stage: ids}, {latest word: ids}) of the public commitments, in one query."""
    furthest, latest = {}, {}
    for pair, ids in _grouped("furthest_stage || '/' || latest_stage", "id", public).items():
        far, last = pair.split("/")
        furthest.setdefault(far, []).append(ids)
        latest.setdefault(last, []).append(ids)
    return tuple(
        {stage: sorted(chain.from_iterable(lists)) for stage, lists in groups.items()}
        for groups in (furthest, latest)
    )


def _inverted(groups):
    """[(commitment id, keys)] ascending, from {key: commitment ids}."""
    keys_of = {}
    for key, ids in groups.items():
        for commitment_id in ids:
            keys_of.setdefault(commitment_id, []).append(key)
    # A loop, not sorted(): the thread building an index lets requests run between steps.
    top = max(keys_of, default=-1)
    return [(n, keys_of[n]) for n in range(top + 1) if n in keys_of]


def _ordered_ids(ordering):
    """The public commitments' ids in this order, as the database sorts (its collation)."""
    public = Commitment.objects.filter(meeting_count__gt=0)
    if connection.vendor == "postgresql":  # one array: no row-by-row work in Python
        from django.contrib.postgres.aggregates import ArrayAgg

        ids = public.aggregate(ids=ArrayAgg("id", order_by=ordering))["ids"]
        return array("l", ids or ())
    return array("l", public.order_by(*ordering).values_list("id", flat=True))


def _entries(rows):
    return {row[1]: FacetEntry(*row) for row in rows}


# -- one index per process and data version --------------------------------------------------

_current = None
_lock = threading.Lock()
_rebuilding = None  # the thread building the next index, if any
_warming = None  # the thread warming the first index of the process

logger = logging.getLogger(__name__)


def max_age():
    return settings.FACET_INDEX_SECONDS


def data_version():
    """The current data version, or None where there is none (not PostgreSQL, or turned off)."""
    if connection.vendor != "postgresql" or max_age() <= 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT last_value, is_called FROM {DATA_VERSION}")
        value, called = cursor.fetchone()
    return value if called else 0


def current_index(fresh=False):
    """The index of the data: kept while the data version stays the same, for at most
    FACET_INDEX_SECONDS. A writer bumps the version before its transaction commits, so an index
    built in between may hold the data as it was: one built while a write was open is kept at
    most REBUILD_EVERY seconds (FacetIndex.serves).

    When it no longer serves, a thread builds the next one (at most every REBUILD_EVERY
    seconds) and pages keep the previous one until it is ready (2 to 3 seconds at 100,000
    commitments): lists lag a write by that much, and no request waits. With `fresh` (data out,
    or a page naming what the kept index does not know) the request waits for an index of the
    current version instead. FACET_INDEX_REBUILD = "inline" always waits.
    """
    global _current
    version = data_version()
    if version is None:
        return build()
    with _lock:
        found = _current
        if found and found.serves(version):
            return found
        if not (fresh or found is None or settings.FACET_INDEX_REBUILD == "inline"):
            if time.monotonic() - found.built >= REBUILD_EVERY:
                _start_rebuild(version)
            return found
        if _rebuilding is None or not _rebuilding.is_alive():
            _current = _serving(_build_at(version))
            return _current
    wait_for_rebuild()  # one is under way: the index it makes may be the one wanted
    with _lock:
        if _current is None or not _current.serves(version):
            _current = _serving(_build_at(version))
        return _current


def _serving(index):
    """The index, with a thread making its per-year and common words' sets once it serves."""
    global _warming
    _warming = threading.Thread(target=_warm, args=(index,), name="facet-warm", daemon=True)
    _warming.start()
    return index


def _warm(index):
    try:
        index.warm_years()
        index.words.warm()
    finally:
        connections.close_all()  # this thread's own connections


def _build_at(version):
    index = build()
    index.version = version
    previous = _current.words if _current is not None else None
    index.words = carried(previous, version, index.provisional)
    return index


def _start_rebuild(version):
    global _rebuilding
    if _rebuilding is not None and _rebuilding.is_alive():
        return
    _rebuilding = threading.Thread(
        target=_rebuild, args=(version,), name="facet-index", daemon=True
    )
    _rebuilding.start()


def _rebuild(version):
    global _current
    try:
        index = _build_at(version)
        index.warm_counts()
        with _lock:
            _current = index
        index.warm_years()
        index.words.warm()
    except Exception:
        logger.exception("The facet index could not be rebuilt; the previous one still serves")
    finally:
        connections.close_all()  # this thread's own connections


def wait_for_rebuild(timeout=None):
    """Wait for a rebuild under way, and for the first index's warming, if any (tests,
    benchmarks)."""
    for thread in (_rebuilding, _warming):
        if thread is not None:
            thread.join(timeout)


def clear():
    global _current
    wait_for_rebuild()
    with _lock:
        _current = None
