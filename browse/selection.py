"""The selection engine: which commitments a filter leaves, in which order, with which counts.

Every list of commitments goes through `select(filterset)`: the browser page, the actor and topic
pages, the API, the CSV/JSON exports and the feeds, so one query string gives the same
commitments in the same order wherever it is sent. The engine behind it is the in-memory facet
index (browse/facet_index.py); the free text comes from browse/search.py.

Freshness: the browser reads the index it is given, which may lag a write by the seconds a rebuild
takes; data out (`fresh=True`) waits for an index of the current data. A name that the kept index
does not know but the database has (a topic created since) makes the engine wait for a fresh
index too, so a name that exists is never answered "no such ...".
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from browse import facet_index
from browse.bitsets import as_bytes, has, members
from browse.facet_index import assessment_facet
from browse.filters import DEFAULT_SORT, FACETS, NAMED, NOUNS
from browse.search import find, understand
from commitments.evidence import SCOPES, TOGETHER, Rating
from commitments.models import PROGRESS_ORDER, Actor, Stage

MAX_ACTOR_CHOICES = 60
MAX_MEETING_CHOICES = 40  # the most recent; "Mentioned between" reaches earlier ones


def select(filterset, fresh=False, index=None):
    """The Selection of `filterset` (a bound CommitmentFilter). `fresh`: read an index of the
    current data (data out); `index`: the one to read (the page cache's), if already chosen."""
    index = index or facet_index.current_index(fresh=fresh)
    selection = Selection(index, filterset)
    if selection.unknown_names and index.version is not None and _exist(selection.unknown_names):
        selection = Selection(facet_index.current_index(fresh=True), filterset)
    return selection


def _exist(unknown):
    """Whether any of the {facet: [slugs]} names a row of the database."""
    return any(
        NAMED[facet].objects.filter(slug__in=slugs).exists() for facet, slugs in unknown.items()
    )


@dataclass
class Choice:
    """One choice of a facet, with how many commitments choosing it would leave."""

    value: str
    label: str
    count: int
    selected: bool = False
    group: str = ""
    detail: str = ""
    entry: object = None  # a named facet's FacetEntry


class Selection:
    """A CommitmentFilter evaluated on a facet index: the commitments it leaves, their order and
    every facet choice's count. A name that names nothing is left out, and `problems` says so."""

    def __init__(self, index, filterset):
        self.index, self.filterset = index, filterset
        self.unknown_names = {
            facet: missing
            for facet, slugs in filterset.names().items()
            if (missing := [slug for slug in slugs if slug not in index.entries[facet]])
        }
        self.chosen = {facet: self._chosen(facet) for facet in FACETS}
        # The latest assessments: one facet per party (and the three together), so that each
        # party's counts ignore its own choices; chosen ratings are OR'd within a party.
        for scope, ratings in filterset.assessments().items():
            facet = assessment_facet(scope)
            self.chosen[facet] = self.index.dimensions[facet].union(ratings)
        self.found = None  # what the text found (browse/search.py's Found)
        self.query = None  # the text understood (browse/search.py): parsed, with synonyms
        self.base = index.universe & self._by_dates_and_text()

    @property
    def problems(self):
        """A message for each chosen name that names nothing."""
        return [
            f"There is no {NOUNS[facet]} called “{slug}”."
            for facet, slugs in self.unknown_names.items()
            for slug in slugs
        ]

    def _chosen(self, facet):
        """The commitments the facet's choices select, or None when it chooses nothing."""
        values = self.filterset.selected(facet)
        keys = self.index.ids_of(facet, values) if facet in NAMED else values
        if not keys:
            return None
        return self.index.dimensions[facet].union(keys)

    def _by_dates_and_text(self):
        """The commitments the dates and the text leave (the whole universe without them)."""
        mask = self.index.universe
        start, stop = self.filterset.date_range()
        if start or stop:
            mask &= self.index.mentioned_between(start, stop)
        text = self.filterset.selected("q")
        if text:
            self.query = understand(text, self.index.synonyms)
            # Ranked only when the order is relevance: a chosen sort spares the database.
            self.found = find(
                self.query,
                ranked=not self.filterset.sort_key,
                words=self.index.words,
                universe=self.index.universe,
            )
            mask &= self.found.matches
        return mask

    def without(self, facet=None):
        """The commitments every other facet's choices (and text and dates) leave."""
        mask = self.base
        for other, chosen in self.chosen.items():
            if other != facet and chosen is not None:
                mask &= chosen
        return mask

    @cached_property
    def remaining(self):
        """The commitments every filter leaves (a bit set)."""
        return self.without()

    @property
    def count(self):
        return self.remaining.bit_count()

    def _relevance(self):
        """{id: rank} when the order is by relevance (text, no sort chosen, ranks that differ)."""
        ranks = self.found.ranks if self.found else None
        if self.filterset.sort_key or not ranks or not any(ranks.values()):
            return None
        return ranks

    def ordered_ids(self, start, stop):
        """The ids of the commitments left, in the page's order, from `start` to `stop`: the
        chosen sort, else (with text, where the database ranks it) relevance, by rank or by
        tier, else recent."""
        mask = self.remaining
        sort = self.filterset.sort_key or DEFAULT_SORT
        position = self.index.positions[sort]
        ranks = self._relevance()
        if ranks is not None:
            return _by_relevance(ranks, mask, position, stop)[start:stop]
        tiers = self.found.tiers if self.found and not self.filterset.sort_key else None
        if tiers is None:
            return self._first(mask, sort, stop)[start:stop]
        found = []
        for tier in tiers:  # best first, each in the default order
            found += self._first(mask & tier, sort, stop - len(found))
            if len(found) >= stop:
                break
        return found[start:stop]

    def _first(self, mask, sort, stop):
        """The first `stop` ids of `mask` in the `sort` order."""
        if stop <= 0 or not mask:
            return []
        population, order = mask.bit_count(), self.index.orders[sort]
        if population == len(order):  # nothing filtered out
            return list(order[:stop])
        if population * 4 < stop * len(order) / max(population, 1):
            position = self.index.positions[sort]
            return sorted(members(mask), key=position.__getitem__)[:stop]
        data, found = as_bytes(mask), []
        for commitment_id in order:
            if has(data, commitment_id):
                found.append(commitment_id)
                if len(found) >= stop:
                    break
        return found

    def all_ids(self):
        """Every id left, in the page's order (for a download of all pages)."""
        return self.ordered_ids(0, self.count)

    def in_pages(self, fetch):
        """The commitments left as a sequence a Paginator slices: each slice's ids read by
        `fetch(ids)` ({id: row})."""
        return _InOrder(self, fetch)

    def counts(self, facet):
        mask, dimension = self.without(facet), self.index.dimensions[facet]
        return dimension.counts(mask)

    def choices(self):
        """Every facet's choices, each with how many commitments choosing it would leave."""
        return {
            "topic": self._named_choices("topic"),
            "actor": self.actor_choices(),
            "furthest": self._stage_choices("furthest", PROGRESS_ORDER),
            "latest": self._stage_choices("latest"),
            "mention_stage": self._stage_choices("mention_stage"),
            "series": self._named_choices("series", detail=True),
            "meeting": self.meeting_choices(),
            "assessment": self.assessment_choices(),
        }

    def _named_choices(self, facet, detail=False):
        counts, selected = self.counts(facet), set(self.filterset.selected(facet))
        return [
            Choice(n.slug, n.name, counts.get(n.id, 0), n.slug in selected, detail=n.kind * detail)
            for n in self.index.entries[facet].values()
        ]

    def assessment_choices(self):
        """Per party (and the three together), each rating of its latest assessment, with the
        count choosing it would leave (Choice.group: the party). A rating that would leave
        nothing is offered only while it is chosen: most commitments are not assessed, and
        a wall of zeros would outweigh the page."""
        selected = set(self.filterset.selected("assessment"))
        found = []
        for scope in SCOPES:
            counts = self.counts(assessment_facet(scope))
            for rating in Rating:
                if scope == TOGETHER and rating == Rating.NOT_APPLICABLE:
                    continue
                value = f"{scope}:{rating.value}"
                if not counts.get(rating.value) and value not in selected:
                    continue
                found.append(
                    Choice(
                        value, rating.label, counts.get(rating.value, 0), value in selected, scope
                    )
                )
        return found

    def _stage_choices(self, facet, stages=Stage):
        counts, selected = self.counts(facet), set(self.filterset.selected(facet))
        return [
            Choice(s.value, s.label, counts.get(s.value, 0), s.value in selected) for s in stages
        ]

    def actor_choices(self):
        """The actors named by most of the commitments left (at most MAX_ACTOR_CHOICES), by kind."""
        counts, selected = self.counts("actor"), set(self.filterset.selected("actor"))
        shown = sorted(
            (
                n
                for n in self.index.entries["actor"].values()
                if counts.get(n.id) or n.slug in selected
            ),
            key=lambda n: (-counts.get(n.id, 0), n.name),
        )[:MAX_ACTOR_CHOICES]
        kinds = dict(Actor.Kind.choices)
        order = {kind: rank for rank, kind in enumerate(kinds)}
        return [
            Choice(
                n.slug,
                n.name,
                counts.get(n.id, 0),
                n.slug in selected,
                group=kinds.get(n.kind, n.kind),
            )
            for n in sorted(shown, key=lambda n: (order.get(n.kind, 9), n.name))
        ]

    def meeting_choices(self):
        """The most recent meetings where the commitments left were mentioned, within the dates
        chosen (and the meetings chosen), newest first; each Choice's `entry` is the meeting."""
        selected = set(self.filterset.selected("meeting"))
        counts, candidates = self._meeting_counts()
        entries = self.index.entries["meeting"]
        if candidates is not None and len(candidates) < len(entries) / 8:  # sort the few
            candidates = {c for c in candidates if c in self.index.meetings}
            slugs = {self.index.meetings[c].slug for c in candidates} | (selected & entries.keys())
            shown = sorted(
                (entries[slug] for slug in slugs), key=lambda n: (n.date, n.id), reverse=True
            )
        else:
            shown = entries.values()
        start, stop = self.filterset.date_range()
        choices = []
        for n in shown:
            if (start and n.date < start or stop and n.date > stop) and n.slug not in selected:
                continue  # "Mentioned between" narrows the meetings too
            count = counts(n.id)
            if count or n.slug in selected:
                detail = f"{n.date:%Y-%m-%d}"
                choices.append(Choice(n.slug, n.name, count, n.slug in selected, "", detail, n))
                if len(choices) == MAX_MEETING_CHOICES:
                    break
        return choices

    def _meeting_counts(self):
        """A function giving a meeting's count, and the meetings that may have one (None: any):
        walked over the few commitments left when that costs less than counting meeting by
        meeting until MAX_MEETING_CHOICES have some."""
        mask, dimension = self.without("meeting"), self.index.dimensions["meeting"]
        if mask == self.index.universe:  # counted once per index
            counts = dimension.counts(mask)
            return (lambda key: counts.get(key, 0)), None
        size, population = mask.bit_length(), mask.bit_count()
        per_meeting = dimension.pairs / max(len(dimension.keys), 1)
        share = population / max(self.index.universe.bit_count(), 1)
        hit = 1 - (1 - share) ** per_meeting  # the chance a meeting has some of them
        scanned = min(len(dimension.keys), MAX_MEETING_CHOICES / max(hit, 1e-9))
        if dimension.walk_costs_less(population, size, scan=scanned * per_meeting):
            counts = dimension.counts_by_member(mask)
            return (lambda key: counts.get(key, 0)), counts.keys()
        data = as_bytes(mask)
        return (lambda key: dimension.count(key, mask, data)), None


class _InOrder(Sequence):
    def __init__(self, selection, fetch):
        self.selection, self.fetch = selection, fetch

    def __len__(self):
        return self.selection.count

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _step = index.indices(len(self))
        ids = self.selection.ordered_ids(start, stop)
        if not ids:
            return []
        found = self.fetch(ids)
        return [found[pk] for pk in ids if pk in found]


def _by_relevance(ranks, mask, position, stop):
    """The first `stop` commitments of `mask` by relevance, ties in `position` order; `ranks`
    ({id: rank}) comes most relevant first, so only its head is read."""
    data, found, last = as_bytes(mask), [], None
    for commitment_id, rank in ranks.items():
        if len(found) >= stop and rank != last:
            break
        if has(data, commitment_id):
            found.append(commitment_id)
            last = rank
    return sorted(found, key=lambda n: (-ranks[n], position[n]))
