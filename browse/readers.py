"""The reading side of one thing: a commitment's timeline, a meeting, a statement, the meetings.

Only accepted mentions are public. Every function here runs a fixed number of queries whatever
the size of the database (budgets in tests/browse/test_readers.py).

The pages read most (a timeline, a meeting) run SQL written out once per
process (`_Columns` names the fields it reads): compiling their ORM querysets, joins and all,
cost more than PostgreSQL took to answer them. The SQL is portable (joins, EXISTS, UNION ALL)
and the tests run it on SQLite and PostgreSQL.
"""

import functools
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Prefetch, Q

from browse import presentation
from commitments.models import (
    PUBLIC_MENTION,
    Actor,
    Clause,
    Commitment,
    CommitmentAlias,
    Meeting,
    MeetingSeries,
    Mention,
    Participation,
    Statement,
    Topic,
)

ACCEPTED = Mention.Review.ACCEPTED


def public(alias):
    """SQL: the mention under `alias` is public (accepted, in a published statement)."""
    return f"{alias}.review = '{ACCEPTED}' AND {alias}.published"


STATEMENT_TEXTS = ("body", "raw_text")  # what a clause's statement need not load for a page


def _texts_of(path):
    """The STATEMENT_TEXTS of the statement at `path` (a lookup path), for defer()."""
    return [f"{path}__{name}" for name in STATEMENT_TEXTS]


def public_actors():
    """The actors a reader may see: named by a public commitment, or at a public meeting."""
    return Actor.objects.filter(
        Exists(
            Commitment.actors.through.objects.filter(
                actor_id=OuterRef("pk"), commitment__meeting_count__gt=0
            )
        )
        | Exists(Participation.objects.filter(actor_id=OuterRef("pk"), meeting__published=True))
        | Exists(
            Statement.parties.through.objects.filter(
                actor_id=OuterRef("pk"), statement__published_at__isnull=False
            )
        )
    )


def actor_meetings(actor):
    """The public meetings an actor took part in, latest first, each with the role held there."""
    return list(
        Participation.objects.filter(actor=actor, meeting__published=True)
        .select_related("meeting", "country")
        .order_by("-meeting__start_date", "meeting_id")
    )


def public_mentions():
    """Mentions the public sees: accepted by an editor, in a published statement."""
    return Mention.objects.filter(PUBLIC_MENTION)


def public_commitments():
    """Commitments with a public mention, most recently active first (the lists' universe)."""
    return Commitment.objects.filter(meeting_count__gt=0).order_by("-last_date", "id")


def visible_commitments():
    """Commitments with a page: those with a public mention, and editors' entries no statement
    mentions yet; not those known only from drafts."""
    accepted = Mention.objects.filter(commitment_id=OuterRef("pk"), review=ACCEPTED)
    return Commitment.objects.filter(Q(meeting_count__gt=0) | ~Exists(accepted))


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

    @property
    def day(self):
        return presentation.long_day_label(self.meeting.start_date)

    @property
    def level_label(self):
        return presentation.level_label(self.meeting.series.level)


@dataclass
class CommitmentTimeline:
    commitment: object
    entries: list
    drawing: object
    silences: list
    narrow_drawing: object = None  # the same points drawn for a phone's width
    topics: list = field(default_factory=list)  # by name
    actors: list = field(default_factory=list)  # by kind, then name
    aliases: list = field(default_factory=list)  # by name


class _Columns:
    """Some fields of a model as columns of a hand-written join (its table under `alias`), and
    the model instances made from a row's slice of them (the other fields deferred)."""

    def __init__(self, model, alias, names=None):
        fields = model._meta.concrete_fields
        self.model = model
        self.names = [f.attname for f in fields if names is None or f.attname in names]
        assert names is None or len(self.names) == len(names), f"unknown {model.__name__} field"
        column = {f.attname: f.column for f in fields}
        self.sql = ", ".join(f'{alias}."{column[name]}"' for name in self.names)

    def make(self, row, start, made=None):
        """(the instance made from row[start:], or None where a left join found nothing; where
        the next model's columns start). `made` ({(model, pk): instance}) shares instances
        between rows: a row's model already made there is not made again."""
        end, pk = start + len(self.names), row[start]
        if pk is None:
            return None, end
        if made is None:
            return self.model.from_db(connection.alias, self.names, row[start:end]), end
        key = (self.model, pk)
        if key not in made:
            made[key] = self.model.from_db(connection.alias, self.names, row[start:end])
        return made[key], end


def _instances(columns, row, made=None):
    """The instances of each of `columns` (a list of _Columns, in the row's order) in `row`."""
    found, start = [], 0
    for part in columns:
        instance, start = part.make(row, start, made)
        found.append(instance)
    return found


_MEETING = ("id", "series_id", "title", "slug", "start_date", "place", "is_virtual")
_STATEMENT = (
    *("id", "meeting_id", "title", "slug", "kind", "publisher", "source_url", "published_on"),
    *("language", "translation_of_id", "is_unofficial_translation"),
)
_CLAUSE = ("id", "statement_id", "position", "text", "aligned_to_id")
_MENTION = ("id", "clause_id", "commitment_id", "meeting_id", "stage", "span_start", "span_end")


@functools.cache
def _timeline_sql():
    """A timeline's four queries, written out once: compiling ORM querysets with their joins
    cost more than running them, and the rows come back as tuples, not related-object trees."""
    table = {
        model: model._meta.db_table
        for model in (Actor, Clause, Commitment, CommitmentAlias, Meeting, Mention, Statement)
    }
    table.update(
        series=MeetingSeries._meta.db_table,
        topic=Topic._meta.db_table,
        topics=Commitment.topics.through._meta.db_table,
        actors=Commitment.actors.through._meta.db_table,
    )
    commitment = _Columns(Commitment, "c")
    mention = [
        _Columns(Mention, "m", _MENTION),
        _Columns(Meeting, "mt", _MEETING),
        _Columns(MeetingSeries, "s", ("id", "name", "slug", "level")),
        _Columns(Clause, "c", _CLAUSE),
        _Columns(Statement, "st", _STATEMENT),
        _Columns(Clause, "tc", _CLAUSE),  # a translation's clause aligned to it, if any
        _Columns(Statement, "ts", _STATEMENT),
    ]
    meeting = _Columns(Meeting, "mt", _MEETING)
    return {
        "commitment": (
            commitment,
            # public: a published statement mentions it (meeting_count counts those), or it
            # is an editor's entry no statement mentions yet (not one known from drafts only)
            f"SELECT {commitment.sql} FROM {table[Commitment]} c WHERE c.slug = %s "
            f"AND (c.meeting_count > 0 OR NOT EXISTS (SELECT 1 FROM {table[Mention]} x "
            f"WHERE x.commitment_id = c.id AND x.review = '{ACCEPTED}'))",
        ),
        # (part, id, slug, name, kind): topics by name, actors by kind then name, aliases by name
        "named": (
            f"SELECT 0, t.id, t.slug, t.name, '' FROM {table['topics']} x "
            f"JOIN {table['topic']} t ON t.id = x.topic_id WHERE x.commitment_id = %s "
            f"UNION ALL SELECT 1, a.id, a.slug, a.name, a.kind FROM {table['actors']} x "
            f"JOIN {table[Actor]} a ON a.id = x.actor_id WHERE x.commitment_id = %s "
            f"UNION ALL SELECT 2, n.id, '', n.name, '' FROM {table[CommitmentAlias]} n "
            "WHERE n.commitment_id = %s ORDER BY 1, 5, 4, 2"
        ),
        "mentions": (
            mention,
            f"SELECT {', '.join(c.sql for c in mention)} FROM {table[Mention]} m "
            f"JOIN {table[Meeting]} mt ON mt.id = m.meeting_id "
            f"JOIN {table['series']} s ON s.id = mt.series_id "
            f"JOIN {table[Clause]} c ON c.id = m.clause_id "
            f"JOIN {table[Statement]} st ON st.id = c.statement_id "
            # a translation's clause aligned to it, when that translation is published
            f"LEFT JOIN {table[Clause]} tc ON tc.aligned_to_id = c.id AND EXISTS (SELECT 1 "
            f"FROM {table[Statement]} p WHERE p.id = tc.statement_id AND p.published_at IS NOT NULL) "
            f"LEFT JOIN {table[Statement]} ts ON ts.id = tc.statement_id "
            f"WHERE m.commitment_id = %s AND {public('m')} "
            "ORDER BY mt.start_date, mt.id, c.statement_id, c.position, m.id, ts.id, tc.position",
        ),
        "later": (  # {}: the meetings of a series after the last that mentioned it, or'd
            meeting,
            f"SELECT {meeting.sql} FROM {table[Meeting]} mt WHERE mt.published AND ({{}}) "
            "ORDER BY mt.start_date, mt.id",
        ),
    }


def commitment_timeline(slug):
    """The public commitment at `slug` with its meeting-by-meeting history, or None (4 queries).

    Each mention's clause has `translations`: the clauses of translations aligned to it."""
    sql = _timeline_sql()
    columns, query = sql["commitment"]
    with connection.cursor() as cursor:
        cursor.execute(query, [slug])
        row = cursor.fetchone()
        if row is None:
            return None
        commitment = columns.make(row, 0)[0]
        cursor.execute(sql["named"], [commitment.id] * 3)
        named = cursor.fetchall()
        columns, query = sql["mentions"]
        cursor.execute(query, [commitment.id])
        rows = cursor.fetchall()
    timeline = CommitmentTimeline(commitment, [], None, [])
    for part, pk, named_slug, name, kind in named:
        if part == 0:
            timeline.topics.append(Topic(id=pk, slug=named_slug, name=name))
        elif part == 1:
            timeline.actors.append(Actor(id=pk, slug=named_slug, name=name, kind=kind))
        else:
            timeline.aliases.append(CommitmentAlias(id=pk, commitment=commitment, name=name))
    commitment.public_mentions = _mentions_of(commitment, rows, columns)
    return _with_drawing(timeline)


def _mentions_of(commitment, rows, columns):
    """The mentions in the rows (a row per mention and translation of its clause), their
    meetings, series, clauses and statements shared between them."""
    made, mentions, seen = {}, [], set()
    for row in rows:
        mention, meeting, series, clause, statement, translation, other = _instances(
            columns, row, made
        )
        if mention.id not in seen:  # the mention's first row
            seen.add(mention.id)
            meeting.series = series
            if not hasattr(clause, "translations"):
                clause.statement, clause.translations = statement, []
            mention.meeting, mention.clause = meeting, clause  # not .commitment: a cycle
            mentions.append(mention)
        if translation is not None and translation not in mention.clause.translations:
            translation.statement = other
            mention.clause.translations.append(translation)
    meetings = {m.meeting_id: m.meeting for m in mentions}
    for name in ("first_meeting", "last_meeting"):
        meeting = meetings.get(getattr(commitment, f"{name}_id"))
        if meeting is not None:  # else loaded if asked for
            setattr(commitment, name, meeting)
    return mentions


def _with_drawing(timeline):
    """The timeline's entries, silences and drawing, from its commitment's mentions."""
    shown = _without_translated_duplicates(timeline.commitment.public_mentions)
    for mention in shown:
        mention.parts = presentation.highlight(
            mention.clause.text, mention.span_start, mention.span_end
        )
    entries = [
        TimelineEntry(number, meeting, presentation.meeting_stage(group), group)
        for number, (meeting, group) in enumerate(presentation.by_meeting(shown), start=1)
    ]
    gaps = presentation.silences(shown, _meetings_since(entries))
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
    timeline.drawing = presentation.draw_timeline(points)
    # Half as wide, so that on a phone (shown instead) its labels keep a readable size.
    timeline.narrow_drawing = presentation.draw_timeline(
        points, width=400, left=24, right=376, max_ticks=4
    )
    numbers = {p.meeting.id: p.number for p in timeline.drawing.points}
    for entry in entries:
        entry.number = numbers[entry.meeting.id]
    timeline.entries, timeline.silences = entries, gaps
    return timeline


def _meetings_since(entries):
    """The meetings of each series held after the last of `entries` (by date) in that series."""
    if not entries:
        return []
    last = {entry.meeting.series_id: entry.meeting for entry in entries}
    columns, query = _timeline_sql()["later"]
    later = " OR ".join(["(mt.series_id = %s AND mt.start_date > %s)"] * len(last))
    with connection.cursor() as cursor:
        cursor.execute(
            query.format(later),
            [value for m in last.values() for value in (m.series_id, m.start_date)],
        )
        rows = cursor.fetchall()
    meetings = [columns.make(row, 0)[0] for row in rows]
    for meeting in meetings:
        meeting.series = last[meeting.series_id].series
    return meetings


def _without_translated_duplicates(mentions):
    """Drop a mention of a translation's clause when the official clause it renders is mentioned."""
    official = {m.clause_id for m in mentions}
    return [m for m in mentions if m.clause.aligned_to_id not in official]


# -- meetings --------------------------------------------------------------------------------


MEETINGS_PER_PAGE = 50


def public_meeting_ids():
    """The public meetings' ids, newest first (to page them before anything is counted)."""
    return (
        Meeting.objects.filter(published=True)
        .order_by("-start_date", "-id")
        .values_list("id", flat=True)
    )


def meetings_page(number, per_page=MEETINGS_PER_PAGE):
    """One page of the public meetings, newest first: (the page, its meetings with their counts).
    Only the page's meetings are counted (2 queries and the page count). Raises InvalidPage."""
    page = Paginator(public_meeting_ids(), per_page).page(number)
    return page, list(meetings_overview(list(page.object_list)))


def meetings_overview(ids):
    """The public meetings of `ids`, newest first, with their series, statement and commitment
    counts (1 query)."""
    statements = Statement.objects.filter(meeting_id=OuterRef("pk"), published_at__isnull=False)
    return (
        Meeting.objects.filter(published=True, id__in=ids)
        .select_related("series")
        .annotate(
            commitment_count=Count(
                "mentions__commitment",
                distinct=True,
                filter=Q(mentions__review=ACCEPTED, mentions__published=True),
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
    """A meeting with participants, statements and what it did to commitments, or None (6 queries:
    the meeting with its participants and statements from the ORM, then written-out SQL)."""
    meeting = (
        Meeting.objects.filter(slug=slug, published=True)
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
                queryset=Statement.objects.filter(published_at__isnull=False)
                .defer(*STATEMENT_TEXTS)
                .order_by("translation_of_id", "id"),
            ),
        )
        .first()
    )
    if meeting is None:
        return None
    sql = _meeting_sql()
    with connection.cursor() as cursor:
        columns, query = sql["mentions"]
        cursor.execute(query, [meeting.id])
        mentions = []
        for row in cursor.fetchall():
            mention, mention.clause, mention.commitment = _instances(columns, row)
            mentions.append(mention)
        columns, query = sql["neighbours"]
        bound = [meeting.series_id, meeting.start_date, meeting.start_date, meeting.id]
        cursor.execute(query, bound * 2)
        neighbours = {row[0]: columns.make(row, 1)[0] for row in cursor.fetchall()}
        previous, following = neighbours.get(0), neighbours.get(1)
        dropped = []
        if previous is not None:
            columns, query = sql["dropped"]
            cursor.execute(query, [previous.id, meeting.id])
            dropped = [columns.make(row, 0)[0] for row in cursor.fetchall()]
    outcomes = presentation.meeting_outcomes(meeting, _without_translated_duplicates(mentions))
    return MeetingRecord(meeting, outcomes, previous, following, dropped)


@functools.cache
def _meeting_sql():
    """A meeting page's queries after the meeting's own (see _timeline_sql)."""
    table = {model: model._meta.db_table for model in (Clause, Commitment, Meeting, Mention)}
    mention = [
        _Columns(Mention, "m", ("id", "clause_id", "commitment_id", "meeting_id", "stage")),
        _Columns(Clause, "c", ("id", "statement_id", "position", "aligned_to_id")),
        _Columns(Commitment, "k", ("id", "title", "slug", "first_meeting_id")),
    ]
    meeting = _Columns(Meeting, "mt", _MEETING)
    commitment = _Columns(Commitment, "k", ("id", "title", "slug", "latest_stage"))
    earlier = "mt.start_date < %s OR (mt.start_date = %s AND mt.id < %s)"
    later = "mt.start_date > %s OR (mt.start_date = %s AND mt.id > %s)"

    def mentioned_at(operator):
        return (
            f"{operator} (SELECT 1 FROM {table[Mention]} x WHERE x.commitment_id = k.id "
            f"AND {public('x')} AND x.meeting_id = %s)"
        )

    return {
        "mentions": (
            mention,
            f"SELECT {', '.join(c.sql for c in mention)} FROM {table[Mention]} m "
            f"JOIN {table[Clause]} c ON c.id = m.clause_id "
            f"JOIN {table[Commitment]} k ON k.id = m.commitment_id "
            f"WHERE m.meeting_id = %s AND {public('m')} "
            "ORDER BY c.statement_id, c.position, m.id",
        ),
        # (0, the previous meeting of the series) and (1, the next one), where there are any
        "neighbours": (
            meeting,
            f"SELECT * FROM (SELECT 0, {meeting.sql} FROM {table[Meeting]} mt "
            f"WHERE mt.published AND mt.series_id = %s AND ({earlier}) "
            "ORDER BY mt.start_date DESC, mt.id DESC "
            f"LIMIT 1) previous UNION ALL SELECT * FROM (SELECT 1, {meeting.sql} "
            f"FROM {table[Meeting]} mt WHERE mt.published AND mt.series_id = %s AND ({later}) "
            "ORDER BY mt.start_date, mt.id LIMIT 1) following",
        ),
        # public commitments mentioned at the previous meeting and not at this one, by title
        "dropped": (
            commitment,
            f"SELECT {commitment.sql} FROM {table[Commitment]} k WHERE k.meeting_count > 0 "
            f"AND {mentioned_at('EXISTS')} AND {mentioned_at('NOT EXISTS')} ORDER BY k.title, k.id",
        ),
    }


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
        Statement.objects.filter(slug=slug, published_at__isnull=False)
        .select_related("meeting__series", "translation_of")
        .defer(*_texts_of("translation_of"))
        .first()
    )
    if statement is None:
        return None
    # Each clause's counterparts name their statement: without its texts, or a 200-clause page
    # would load the other statement's whole text 200 times.
    clauses = list(
        statement.clauses.select_related("aligned_to__statement")
        .defer(*_texts_of("aligned_to__statement"))
        .prefetch_related(
            Prefetch(
                "mentions",
                queryset=public_mentions()
                .select_related("commitment")
                .only("clause_id", "stage", "commitment__title", "commitment__slug")
                .order_by("id"),
                to_attr="public_mentions",
            ),
            Prefetch(
                "aligned_translations",
                queryset=Clause.objects.filter(statement__published_at__isnull=False)
                .select_related("statement")
                .defer(*_texts_of("statement"))
                .order_by("statement_id", "position"),
                to_attr="published_translations",  # a list: no manager made per clause
            ),
        )
        .order_by("position")
    )
    translations = list(
        statement.translations.filter(published_at__isnull=False).only(
            "slug", "title", "language", "translation_of"
        )
    )
    is_translation = statement.translation_of_id is not None
    if is_translation and not statement.translation_of.is_published:
        statement.translation_of = None  # its official text is still a draft
    for clause in clauses:
        if is_translation:
            official = clause.aligned_to
            shown = official is not None and official.statement.is_published
            clause.counterparts = [official] if shown else []
        else:
            clause.counterparts = clause.published_translations
    side_by_side = bool(translations) or is_translation
    paragraphs = presentation.statement_paragraphs(statement.body, clauses)
    return StatementText(statement, paragraphs, translations, side_by_side)
