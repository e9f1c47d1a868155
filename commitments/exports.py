"""Data out as files: the filtered commitment browser as CSV (one row per commitment, one row per
mention) and JSON, on the browser's own FilterSet and order, all pages at once.

CSV is UTF-8 with a byte-order mark, so spreadsheets read Korean and Japanese names right, and a
cell that a spreadsheet would take for a formula is defused. The record shapes here are shared
with the API (commitments/api.py), so field names are the same in both.
"""

import csv
import datetime
from urllib.parse import urlencode

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from . import presentation, queries
from .filters import CommitmentFilter
from .models import Actor, Meeting, MeetingSeries, Topic

# A spreadsheet evaluates a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CHUNK = 500  # commitments fetched (with their prefetches) per round trip while streaming

COMMITMENT_COLUMNS = [
    "slug",
    "title",
    "current_stage",
    "first_meeting",
    "first_meeting_date",
    "last_meeting",
    "last_meeting_date",
    "meeting_count",
    "mention_count",
    "topics",
    "actors",
    "permalink",
]
MENTION_COLUMNS = [
    "commitment_slug",
    "commitment",
    "meeting",
    "meeting_date",
    "meeting_series",
    "stage",
    "clause_text",
    "quoted_words",
    "statement",
    "statement_language",
    "statement_url",
    "source_url",
    "permalink",
]


# -- the filters, as the page reads them ------------------------------------------------------


def commitment_filter(data):
    """The browser's FilterSet over public commitments, bound to a query dict (as the page does)."""
    return CommitmentFilter(data or None, queryset=queries.public_commitments())


def filter_parameters():
    """The query parameter names the browser's filters read (a date range reads two)."""
    names = []
    for name, field in CommitmentFilter().form.fields.items():
        suffixes = getattr(field.widget, "suffixes", None) or [None]
        names.extend(f"{name}_{suffix}" if suffix else name for suffix in suffixes)
    return names


_NAMED = [
    ("topic", Topic, "topic"),
    ("actor", Actor, "actor"),
    ("series", MeetingSeries, "meeting series"),
    ("meeting", Meeting, "meeting"),
]


def filter_problems(filterset, allowed_extra=()):
    """Messages for what is wrong with a filter query: unknown parameters, invalid values, and
    names that match nothing (one query per named filter used). Empty when all is well."""
    messages = []
    known = set(filter_parameters()) | set(allowed_extra)
    data = filterset.data if filterset.is_bound else {}
    for key in data:
        if key not in known:
            messages.append(f"“{key[:40]}” is not a filter here; use {', '.join(sorted(known))}.")
    fields = filterset.form.fields
    for name, errors in filterset.errors.items() if filterset.is_bound else []:
        label = fields[name].label if name in fields else name
        messages.extend(f"{label}: {error}" for error in errors)
    for name, model, noun in _NAMED:
        wanted = filterset.selected(name)
        if wanted:
            found = set(model.objects.filter(slug__in=wanted).values_list("slug", flat=True))
            messages.extend(
                f"There is no {noun} called “{slug}”." for slug in wanted if slug not in found
            )
    return messages


def summary_queryset(filterset):
    """The filtered commitments in the page's order, with their meetings, topics and actors."""
    return filterset.qs.select_related("first_meeting", "last_meeting").prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
        Prefetch("actors", queryset=Actor.objects.order_by("kind", "name")),
    )


def export_queryset(filterset):
    """The summary queryset, with each commitment's accepted mentions (meeting, clause, statement)."""
    mentions = (
        queries.accepted_mentions()
        .select_related("meeting__series", "clause__statement")
        .defer("clause__statement__raw_text", "clause__statement__body")
        .order_by("meeting__start_date", "meeting_id", "clause__statement_id", "clause__position")
    )
    return summary_queryset(filterset).prefetch_related(
        Prefetch("mentions", queryset=mentions, to_attr="public_mentions")
    )


def iter_commitments(filterset):
    """Every filtered commitment, streamed in chunks with their prefetches (all pages)."""
    return export_queryset(filterset).iterator(chunk_size=CHUNK)


# -- record shapes (shared with the API) --------------------------------------------------------


def meeting_record(meeting, absolute):
    if meeting is None:
        return None
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "date": meeting.start_date,
        "url": absolute(meeting.get_absolute_url()),
    }


def commitment_record(commitment, absolute):
    """A commitment's summary: stage, first and last meeting, topics, actors, permalink."""
    return {
        "slug": commitment.slug,
        "title": commitment.title,
        "url": absolute(commitment.get_absolute_url()),
        "current_stage": commitment.current_stage or None,
        "first_meeting": meeting_record(commitment.first_meeting, absolute),
        "last_meeting": meeting_record(commitment.last_meeting, absolute),
        "meeting_count": commitment.meeting_count,
        "mention_count": commitment.mention_count,
        "topics": [{"slug": t.slug, "name": t.name} for t in commitment.topics.all()],
        "actors": [
            {"slug": a.slug, "name": a.name, "kind": a.kind} for a in commitment.actors.all()
        ],
    }


def mention_record(mention, absolute):
    """One accepted mention: where (meeting, statement, clause), the stage and the words."""
    clause, statement = mention.clause, mention.clause.statement
    return {
        "stage": mention.stage,
        "meeting": meeting_record(mention.meeting, absolute),
        "clause_text": clause.text,
        "quoted_words": presentation.quoted_words(mention, limit=10_000),
        "clause_position": clause.position,
        "clause_url": absolute(clause.get_absolute_url()),
        "statement": {
            "slug": statement.slug,
            "title": statement.title,
            "language": statement.language,
            "url": absolute(statement.get_absolute_url()),
            "source_url": statement.source_url or None,
        },
    }


# -- CSV --------------------------------------------------------------------------------------


def safe_cell(value):
    """A value as CSV cell text that a spreadsheet shows and never evaluates."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


class _Echo:
    """A file-like object whose write returns the line, for streaming csv.writer output."""

    def write(self, value):
        return value


def csv_lines(header, rows):
    """The CSV text, line by line: a BOM, the header, then every row with safe cells."""
    writer = csv.writer(_Echo())
    yield BOM + writer.writerow(header)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def commitment_rows(commitments, absolute):
    for c in commitments:
        yield [
            c.slug,
            c.title,
            presentation.stage_label(c.current_stage) if c.current_stage else "",
            c.first_meeting.title if c.first_meeting else "",
            c.first_date,
            c.last_meeting.title if c.last_meeting else "",
            c.last_date,
            c.meeting_count,
            c.mention_count,
            "; ".join(t.name for t in c.topics.all()),
            "; ".join(a.name for a in c.actors.all()),
            absolute(c.get_absolute_url()),
        ]


def mention_rows(commitments, absolute):
    for c in commitments:
        for m in c.public_mentions:
            statement = m.clause.statement
            yield [
                c.slug,
                c.title,
                m.meeting.title,
                m.meeting.start_date,
                m.meeting.series.name,
                presentation.stage_label(m.stage),
                m.clause.text,
                presentation.quoted_words(m, limit=10_000),
                statement.title,
                statement.language,
                absolute(m.clause.get_absolute_url()),
                statement.source_url,
                absolute(f"{c.get_absolute_url()}#meeting-{m.meeting.slug}"),
            ]


# -- JSON -------------------------------------------------------------------------------------


def json_chunks(filterset, absolute, query):
    """The JSON document, in pieces: the query, the count, then every commitment with mentions."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    head = {
        "generated_at": timezone.now().replace(microsecond=0),
        "query": query,
        "count": filterset.qs.count(),
    }
    yield encoder.encode(head)[:-1] + ', "commitments": ['
    for number, commitment in enumerate(iter_commitments(filterset)):
        record = commitment_record(commitment, absolute)
        record["mentions"] = [mention_record(m, absolute) for m in commitment.public_mentions]
        yield ("," if number else "") + encoder.encode(record)
    yield "]}\n"


# -- views ------------------------------------------------------------------------------------


def _bad_request(messages):
    text = "This export could not be made:\n" + "".join(f"- {m}\n" for m in messages)
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filtered(request):
    filterset = commitment_filter(request.GET)
    # "page" is the browser's own parameter: a download is every page.
    return filterset, filter_problems(filterset, allowed_extra=("page",))


def commitments_csv(request):
    """The filtered browser, one row per commitment."""
    filterset, problems = _filtered(request)
    if problems:
        return _bad_request(problems)
    lines = csv_lines(
        COMMITMENT_COLUMNS,
        commitment_rows(iter_commitments(filterset), request.build_absolute_uri),
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, "trilat-commitments.csv")


def mentions_csv(request):
    """The filtered browser, one row per accepted mention of each commitment."""
    filterset, problems = _filtered(request)
    if problems:
        return _bad_request(problems)
    lines = csv_lines(
        MENTION_COLUMNS, mention_rows(iter_commitments(filterset), request.build_absolute_uri)
    )
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, "trilat-mentions.csv")


def commitments_json(request):
    """The filtered browser as one JSON document, each commitment with its mentions."""
    filterset, problems = _filtered(request)
    if problems:
        return _bad_request(problems)
    query = {key: values for key, values in request.GET.lists() if key != "page"}
    chunks = json_chunks(filterset, request.build_absolute_uri, query)
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return _attachment(response, "trilat-commitments.json")


def export_query(querydict):
    """The browser's query string reduced to the filters a download reads (no page, no junk)."""
    allowed = set(filter_parameters())
    pairs = [
        (key, value)
        for key, values in querydict.lists()
        if key in allowed
        for value in values
        if value.strip()
    ]
    return urlencode(pairs)
