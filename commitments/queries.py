"""The reading side: querysets and page data for the public pages, annotated and prefetched.

Only accepted mentions are public. Every function here runs a fixed number of queries whatever
the size of the database (budgets in tests/test_queries.py).
"""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Prefetch, Q

from . import facets, presentation
from .models import (
    Actor,
    Clause,
    Commitment,
    CommitmentAlias,
    Meeting,
    Mention,
    Participation,
    Statement,
    slug_url,
)

ACCEPTED = Mention.Review.ACCEPTED
PER_PAGE = 20
MAX_COLUMNS = 12
SEARCH_CONFIG = "english"
STATEMENT_TEXTS = ("body", "raw_text")  # what a clause's statement need not load for a page
# What neither a timeline page nor the API's timeline reads of its mentions' rows: not loading it
# saves a third of the objects' build (a timeline has up to 30 mentions, 5 objects each).
TIMELINE_UNUSED = (
    *(
        f"clause__statement__{name}"
        for name in (*STATEMENT_TEXTS, "content_hash", "ingest_warnings", "ingested_at")
    ),
    *(f"clause__{name}" for name in ("paragraph", "start", "end", "proposed_title")),
    *("origin", "score", "note", "reviewed_at", "version", "created_at", "updated_at"),
    "meeting__created_at",
    "meeting__series__aliases",
    "meeting__series__description",
)


def accepted_mentions():
    return Mention.objects.filter(review=ACCEPTED)


def accepted_mentions_of_outer():
    """Accepted mentions of the commitment in the enclosing query (for Exists)."""
    return accepted_mentions().filter(commitment_id=OuterRef("pk"))


def public_commitments():
    """Commitments with at least one accepted mention, most recently active first."""
    return Commitment.objects.filter(meeting_count__gt=0).order_by("-last_date", "id")


# -- free text -------------------------------------------------------------------------------


def search(commitments, text):
    """Commitments matching `text`; on PostgreSQL annotated with `search_rank` (weighted:
    title, aliases, summary, clauses) and ordered by it, most relevant first.

    PostgreSQL joins each commitment's search document once: the match (GIN index) and the rank
    come from the same row.
    """
    if connection.vendor != "postgresql":
        return commitments.filter(_portable_text_condition(text))
    from django.contrib.postgres.search import SearchQuery, SearchRank

    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    return (
        commitments.filter(search_document__document=query)
        .annotate(search_rank=SearchRank(F("search_document__document"), query))
        .order_by("-search_rank", "-last_date", "id")
    )


def text_ranks(text):
    """{commitment id: relevance} of the commitments matching `text`, most relevant first: on
    PostgreSQL ranked as `search` ranks them (one pass over the GIN-indexed search documents);
    elsewhere all 0."""
    if connection.vendor != "postgresql":
        matches = Commitment.objects.filter(_portable_text_condition(text)).order_by()
        return dict.fromkeys(matches.values_list("pk", flat=True), 0.0)
    with connection.cursor() as cursor:
        cursor.execute(_SEARCH_RANKS, [text])
        return dict(cursor.fetchall())


_SEARCH_RANKS = (
    "SELECT commitment_id, ts_rank(document, query) "
    f"FROM commitments_search, websearch_to_tsquery('{SEARCH_CONFIG}', %s) query "
    "WHERE document @@ query ORDER BY 2 DESC"
)


def _portable_text_condition(text):
    aliases = CommitmentAlias.objects.filter(commitment_id=OuterRef("pk"), name__icontains=text)
    clauses = accepted_mentions_of_outer().filter(clause__text__icontains=text)
    return (
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(Exists(aliases))
        | Q(Exists(clauses))
    )


# -- the browser -----------------------------------------------------------------------------


@dataclass
class Browse:
    page: object
    commitments: list
    columns: list
    hidden_columns: int = 0
    facets: dict = field(default_factory=dict)
    unknown: list = field(default_factory=list)  # messages about names that match nothing

    @property
    def actors_capped(self):
        return len(self.facets.get("actor", [])) >= facets.MAX_ACTOR_CHOICES

    @property
    def meetings_capped(self):
        return len(self.facets.get("meeting", [])) >= facets.MAX_MEETING_CHOICES

    @property
    def earlier_until(self):
        """The last day before the first column, when earlier meetings have no column."""
        if not self.hidden_columns or not self.columns:
            return None
        return self.columns[0].start_date - datetime.timedelta(days=1)


@dataclass
class Column:
    """A meeting heading the browser's marker columns (from the facet index: no query)."""

    id: int
    slug: str
    title: str
    start_date: datetime.date
    short_series: str

    def get_absolute_url(self):
        return slug_url("meeting_detail", self.slug)


@dataclass
class Said:
    """What one accepted mention says: enough for a marker (presentation.marker_strip)."""

    meeting_id: int
    stage: str
    text: str
    span_start: int
    span_end: int


@dataclass
class Row:
    """A browser row: a public commitment's summary, what its accepted mentions say at the
    column meetings (`said`, by meeting, then clause), its topics (from the facet index) and,
    once drawn, its marker `strip`."""

    id: int
    title: str
    slug: str
    current_stage: str
    meeting_count: int
    first_date: datetime.date
    last_date: datetime.date
    said: list = field(default_factory=list)
    topic_list: list = field(default_factory=list)
    strip: object = None

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return slug_url("commitment_detail", self.slug)


_ROW = ("id", "title", "slug", "current_stage", "meeting_count", "first_date", "last_date")
_SAID = ("meeting_id", "stage", "clause__text", "span_start", "span_end")


def page_rows(ids, meeting_ids, index):
    """{id: Row} for the browser's rows: one query, a row per mention at these meetings (or one
    for a commitment without any), no model instance."""
    commitments, said, order = Commitment.objects.filter(pk__in=ids), (), ("id",)
    if meeting_ids:
        shown = Q(mentions__review=ACCEPTED, mentions__meeting_id__in=meeting_ids)
        commitments = commitments.annotate(said=FilteredRelation("mentions", condition=shown))
        said = tuple(f"said__{name}" for name in _SAID)
        order += ("said__meeting_id", "said__clause__position", "said__id")
    rows, width = {}, len(_ROW)
    for values in commitments.order_by(*order).values_list(*_ROW, *said):
        row = rows.get(values[0])
        if row is None:
            row = rows[values[0]] = Row(*values[:width], topic_list=index.topics_of(values[0]))
        if said and values[width] is not None:
            row.said.append(Said(*values[width:]))
    return rows


def browse(filterset, page_number=1, with_facets=True, per_page=None, strict=False):
    """One page of filtered commitments with their marker strips, the meeting columns and facets.

    The facets, the count, the page's ids in order, the columns' meetings and the rows' topics
    come from the in-memory index (commitments.facets); SQL reads the page's rows with their
    mentions at the columns (and, with text, the matches and their relevance). `strict`: see
    facets.Selection.
    """
    selection = facets.Selection(facets.current_index(), filterset, strict=strict)
    choices = selection.choices() if with_facets else {}
    meetings = choices["meeting"] if with_facets else selection.meeting_choices()
    columns, hidden = _columns(filterset, meetings)
    column_ids = {meeting.id for meeting in columns}

    def rows(ids):  # with their mentions at the column meetings (the index counts the rest)
        return page_rows(ids, column_ids, selection.index)

    paginator = Paginator(_Results(selection, rows), per_page or PER_PAGE)
    page = paginator.get_page(page_number)
    commitments = list(page.object_list)
    for commitment in commitments:
        elsewhere = set(selection.index.meetings_of(commitment.pk)) - column_ids
        commitment.strip = presentation.marker_strip(
            commitment.said, columns, elsewhere=len(elsewhere)
        )
    unknown = selection.unknown() if with_facets else []
    return Browse(page, commitments, columns, hidden, choices, unknown)


def in_order(filterset, fetch):
    """The commitments a filterset leaves, in its order, as a sequence a Paginator slices:
    counted and ordered on the facet index, each slice read by `fetch(ids)` ({id: row}).
    Names are checked by the caller: one the index does not know yet selects nothing."""
    return _Results(facets.Selection(facets.current_index(), filterset, strict=True), fetch)


class _Results(Sequence):
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


def _columns(filterset, meeting_choices):
    """The meetings across the top: those where the result was mentioned, in the date range,
    the latest MAX_COLUMNS of them; and how many earlier ones have no column."""
    start, stop = filterset.date_range()
    shown = sorted(
        (
            c.meeting
            for c in meeting_choices
            if c.count
            and (not start or c.meeting.date >= start)
            and (not stop or c.meeting.date <= stop)
        ),
        key=lambda n: (n.date, n.id),
    )
    hidden = max(len(shown) - MAX_COLUMNS, 0)
    return [Column(n.id, n.slug, n.name, n.date, n.series) for n in shown[hidden:]], hidden


# -- a commitment's timeline -----------------------------------------------------------------


@dataclass
class TimelineEntry:
    number: int
    meeting: object
    stage: str
    mentions: list

    @property
    def stage_label(self):
        return presentation.stage_label(self.stage)


@dataclass
class CommitmentTimeline:
    commitment: object
    entries: list
    drawing: object
    silences: list


def commitment_timeline(slug):
    """The commitment at `slug` with its meeting-by-meeting history, or None (7 queries).

    Each mention's clause has `translations`: the clauses of translations aligned to it."""
    commitment = (
        Commitment.objects.filter(slug=slug)
        .select_related("first_meeting", "last_meeting")
        .prefetch_related(
            "topics", Prefetch("actors", queryset=Actor.objects.order_by("kind", "name")), "aliases"
        )
        .first()
    )
    if commitment is None:
        return None
    commitment.public_mentions = list(
        accepted_mentions()
        .filter(commitment=commitment)
        .select_related("meeting__series", "clause__statement")
        .defer(*TIMELINE_UNUSED)
        .order_by("meeting__start_date", "meeting_id", "clause__statement_id", "clause__position")
    )
    clauses = {m.clause_id: m.clause for m in commitment.public_mentions}
    for clause in clauses.values():
        clause.translations = []
    if clauses:
        translations = (
            Clause.objects.filter(aligned_to_id__in=clauses)
            .select_related("statement")
            .defer(*(f"statement__{name}" for name in STATEMENT_TEXTS))
            .order_by("statement", "position")
        )
        for translation in translations:
            clauses[translation.aligned_to_id].translations.append(translation)
    shown = _without_translated_duplicates(commitment.public_mentions)
    for mention in shown:
        mention.parts = presentation.highlight(
            mention.clause.text, mention.span_start, mention.span_end
        )
    entries = [
        TimelineEntry(number, meeting, presentation.meeting_stage(group), group)
        for number, (meeting, group) in enumerate(presentation.by_meeting(shown), start=1)
    ]
    series_ids = {entry.meeting.series_id for entry in entries}
    later = []
    if entries:
        later = list(
            Meeting.objects.filter(
                series_id__in=series_ids, start_date__gt=entries[0].meeting.start_date
            ).select_related("series")
        )
    gaps = presentation.silences(shown, later)
    mentioned_ids = {entry.meeting.id for entry in entries}
    # The first meeting of each series that went without it is drawn; the rest are counted.
    silent_points = {
        gap.later_meetings[0].id: gap.later_meetings[0]
        for gap in gaps
        if gap.later_meetings[0].id not in mentioned_ids
    }
    points = sorted(
        [(e.meeting, e.stage, False) for e in entries]
        + [(m, "", True) for m in silent_points.values()],
        key=lambda p: (p[0].start_date, p[0].id),
    )
    drawing = presentation.draw_timeline(points)
    numbers = {p.meeting.id: p.number for p in drawing.points}
    for entry in entries:
        entry.number = numbers[entry.meeting.id]
    return CommitmentTimeline(commitment, entries, drawing, gaps)


def _without_translated_duplicates(mentions):
    """Drop a mention of a translation's clause when the official clause it renders is mentioned."""
    official = {m.clause_id for m in mentions}
    return [m for m in mentions if m.clause.aligned_to_id not in official]


# -- meetings --------------------------------------------------------------------------------


def meetings_overview():
    """All meetings, newest first, with their series, statement and commitment counts (1 query)."""
    statements = Statement.objects.filter(meeting_id=OuterRef("pk"))
    return (
        Meeting.objects.select_related("series")
        .annotate(
            commitment_count=Count(
                "mentions__commitment", distinct=True, filter=Q(mentions__review=ACCEPTED)
            ),
            has_statement=Exists(statements),
        )
        .order_by("-start_date", "-id")
    )


@dataclass
class MeetingRecord:
    meeting: object
    outcomes: list
    previous: object
    next: object
    dropped: list


def meeting_record(slug):
    """A meeting with participants, statements and what it did to commitments, or None (7 queries)."""
    meeting = (
        Meeting.objects.filter(slug=slug)
        .select_related("series")
        .prefetch_related(
            Prefetch(
                "participations",
                queryset=Participation.objects.select_related("actor", "country").order_by(
                    "-is_party", "country__name", "actor__name"
                ),
            ),
            Prefetch(
                "statements",
                queryset=Statement.objects.defer(*STATEMENT_TEXTS).order_by(
                    "translation_of_id", "id"
                ),
            ),
        )
        .first()
    )
    if meeting is None:
        return None
    mentions = (
        accepted_mentions()
        .filter(meeting=meeting)
        .select_related("commitment", "clause")
        .order_by("clause__statement_id", "clause__position")
    )
    outcomes = presentation.meeting_outcomes(meeting, _without_translated_duplicates(mentions))
    siblings = Meeting.objects.filter(series_id=meeting.series_id)
    previous = (
        siblings.filter(
            Q(start_date__lt=meeting.start_date)
            | Q(start_date=meeting.start_date, id__lt=meeting.id)
        )
        .order_by("-start_date", "-id")
        .first()
    )
    following = (
        siblings.filter(
            Q(start_date__gt=meeting.start_date)
            | Q(start_date=meeting.start_date, id__gt=meeting.id)
        )
        .order_by("start_date", "id")
        .first()
    )
    dropped = []
    if previous is not None:
        dropped = list(
            public_commitments()
            .filter(Exists(accepted_mentions_of_outer().filter(meeting=previous)))
            .exclude(Exists(accepted_mentions_of_outer().filter(meeting=meeting)))
            .order_by("title")
        )
    return MeetingRecord(meeting, outcomes, previous, following, dropped)


# -- statements ------------------------------------------------------------------------------


@dataclass
class StatementText:
    statement: object
    paragraphs: list
    translations: list
    side_by_side: bool


def statement_text(slug):
    """A statement's body as paragraphs of clauses with their commitments and counterparts (5 q.)."""
    statement = (
        Statement.objects.filter(slug=slug)
        .select_related("meeting__series", "translation_of")
        .first()
    )
    if statement is None:
        return None
    clauses = list(
        statement.clauses.select_related("aligned_to__statement")
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=accepted_mentions().select_related("commitment").order_by("id"),
                to_attr="public_mentions",
            ),
            Prefetch(
                "aligned_translations",
                queryset=Clause.objects.select_related("statement").order_by(
                    "statement_id", "position"
                ),
            ),
        )
        .order_by("position")
    )
    translations = list(statement.translations.only("slug", "title", "language"))
    is_translation = statement.translation_of_id is not None
    for clause in clauses:
        if is_translation:
            clause.counterparts = [clause.aligned_to] if clause.aligned_to else []
        else:
            clause.counterparts = list(clause.aligned_translations.all())
    side_by_side = bool(translations) or is_translation
    paragraphs = presentation.statement_paragraphs(statement.body, clauses)
    return StatementText(statement, paragraphs, translations, side_by_side)
