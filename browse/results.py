"""One page of the commitment browser: the rows (each with its marker strip across the meeting
columns), the columns' meetings and the facets, from the selection engine (browse/selection.py).

The page's rows are read by one written-out SQL query (the ids and the column meetings as
parameters): compiling the ORM's filtered-relation join took longer than PostgreSQL takes to run
it. Nothing else here touches the database.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection

from browse import highlight, presentation
from browse import selection as engine
from commitments.models import Clause, Commitment, Mention, slug_url

ACCEPTED = Mention.Review.ACCEPTED
PER_PAGE = 20
MAX_COLUMNS = 12


@dataclass
class ResultsPage:
    """One page of the browser: its rows, the meeting columns and the facets' choices."""

    page: object
    commitments: list
    columns: list
    hidden_columns: int = 0
    facets: dict = field(default_factory=dict)
    problems: list = field(default_factory=list)  # messages about names that match nothing

    @property
    def actors_capped(self):
        return len(self.facets.get("actor", [])) >= engine.MAX_ACTOR_CHOICES

    @property
    def meetings_capped(self):
        return len(self.facets.get("meeting", [])) >= engine.MAX_MEETING_CHOICES

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
    series: str  # its series' name

    def __post_init__(self):
        # Printed in every row (the markers' labels): made once.
        self.short_name = presentation.short_series_name(self.series)
        self.day = presentation.day_label(self.start_date)
        self.short_label = f"{self.short_name}, {self.day}"

    def get_absolute_url(self):
        return slug_url("meeting_detail", self.slug)

    @property
    def label(self):
        """Its title and day, "Lima Meeting, 15 Nov 2024": the head's full name."""
        return presentation.meeting_label(self)


@dataclass
class ColumnMention:
    """What one accepted mention says: enough for a marker (presentation.marker_strip)."""

    meeting_id: int
    stage: str
    text: str
    span_start: int
    span_end: int


@dataclass
class Row:
    """A browser row: a public commitment's summary, what its accepted mentions say at the
    column meetings (`mentions_at_columns`, by meeting, then clause), its topics (from the facet index) and,
    once drawn, its marker `strip`."""

    id: int
    title: str
    slug: str
    furthest_stage: str
    latest_stage: str
    meeting_count: int
    first_date: datetime.date
    last_date: datetime.date
    mentions_at_columns: list = field(default_factory=list)
    topic_list: list = field(default_factory=list)
    strip: object = None
    title_marks: object = None  # with a search: the title, its matched words marked (highlight.py)
    snippet: object = None  # with a search: where a public clause holds a matched word

    @property
    def pk(self):
        return self.id

    def get_absolute_url(self):
        return slug_url("commitment_detail", self.slug)

    @property
    def furthest_label(self):
        return presentation.stage_label(self.furthest_stage)

    @property
    def latest_label(self):
        return presentation.stage_label(self.latest_stage)

    @property
    def months(self):
        return presentation.months_label(self.first_date, self.last_date)

    @property
    def topic_links(self):
        """(name, address) of each of its topics."""
        return [(t.name, slug_url("topic_detail", t.slug)) for t in self.topic_list]


_ROW = (
    "id",
    "title",
    "slug",
    "furthest_stage",
    "latest_stage",
    "meeting_count",
    "first_date",
    "last_date",
)


@functools.cache
def _page_rows_sql():
    """The browser rows' query, written out once ({} -> its ids, then its meetings): compiling
    the ORM's filtered-relation join took longer than PostgreSQL takes to run it."""
    commitment, mention, clause = (m._meta.db_table for m in (Commitment, Mention, Clause))
    columns = ", ".join(f'"{commitment}"."{name}"' for name in _ROW)
    where = f'WHERE "{commitment}"."id" IN ({{}})'
    said = (
        f"SELECT {columns}, m.meeting_id, m.stage, cl.text, m.span_start, m.span_end "
        f'FROM "{commitment}" LEFT JOIN "{mention}" m ON m.commitment_id = "{commitment}"."id" '
        "AND m.review = %s AND m.published AND m.meeting_id IN ({}) "
        f'LEFT JOIN "{clause}" cl ON cl.id = m.clause_id {where} '
        f'ORDER BY "{commitment}"."id", m.meeting_id, cl.position, m.id'
    )
    return f'SELECT {columns} FROM "{commitment}" {where}', said


def page_rows(ids, meeting_ids, index):
    """{id: Row} for the browser's rows: one query, a row per mention at these meetings (or one
    for a commitment without any), no model instance."""
    bare, with_mentions = _page_rows_sql()
    marks = ", ".join(["%s"] * len(ids))
    if meeting_ids:
        query = with_mentions.format(", ".join(["%s"] * len(meeting_ids)), marks)
        params = [ACCEPTED, *meeting_ids, *ids]
    else:
        query, params = bare.format(marks), list(ids)
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        found = cursor.fetchall()
    rows, width = {}, len(_ROW)
    for values in found:
        row = rows.get(values[0])
        if row is None:
            row = rows[values[0]] = Row(*values[:width], topic_list=index.topics_of(values[0]))
        if meeting_ids and values[width] is not None:
            row.mentions_at_columns.append(ColumnMention(*values[width:]))
    return rows


def results_page(filterset, page_number=1, with_facets=True, per_page=None, index=None):
    """One page of filtered commitments with their marker strips, the meeting columns and facets.

    The facets, the count, the page's ids in order, the columns' meetings and the rows' topics
    come from the selection engine; SQL reads the page's rows with their mentions at the
    columns. `index`: the facet index to read (the page cache's), if already chosen.
    """
    selection = engine.select(filterset, index=index)
    choices = selection.choices() if with_facets else {}
    meetings = choices["meeting"] if with_facets else selection.meeting_choices()
    columns, hidden = _columns(filterset, meetings)
    column_ids = {meeting.id for meeting in columns}

    def rows(ids):  # with their mentions at the column meetings (the index counts the rest)
        return page_rows(ids, column_ids, selection.index)

    paginator = Paginator(selection.in_pages(rows), per_page or PER_PAGE)
    page = paginator.get_page(page_number)
    commitments = list(page.object_list)
    if selection.query:
        highlight.mark_rows(commitments, selection.query)
    known = selection.index.meetings  # by id: each with its date and series
    for commitment in commitments:
        ids = set(selection.index.meetings_of(commitment.pk))
        commitment.strip = presentation.marker_strip(
            commitment.mentions_at_columns,
            columns,
            elsewhere=len(ids - column_ids),
            mentioned=[(known[i].date, i, known[i].series) for i in ids if i in known],
        )
    return ResultsPage(page, commitments, columns, hidden, choices, selection.problems)


def _columns(filterset, meeting_choices):
    """The meetings across the top: those where the result was mentioned, in the date range,
    the latest MAX_COLUMNS of them; and how many earlier ones have no column."""
    start, stop = filterset.date_range()
    shown = sorted(
        (
            c.entry
            for c in meeting_choices
            if c.count
            and (not start or c.entry.date >= start)
            and (not stop or c.entry.date <= stop)
        ),
        key=lambda n: (n.date, n.id),
    )
    hidden = max(len(shown) - MAX_COLUMNS, 0)
    return [Column(n.id, n.slug, n.name, n.date, n.series) for n in shown[hidden:]], hidden
