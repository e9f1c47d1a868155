"""Data out as files: the filtered commitment browser as CSV (one row per commitment, one row per
mention) and JSON, on the browser's own FilterSet and order, all pages at once.

CSV is UTF-8 with a byte-order mark, so spreadsheets read Korean and Japanese names right, and a
cell that a spreadsheet would take for a formula is defused. The record shapes here are shared
with the API (api/endpoints.py), so field names are the same in both.

A download completes or fails before its first byte: the view checks the filters, selects, and
makes the header with the first rows (the first chunk fetched) before the response starts, so
what can fail there is a plain error page. A failure later, mid-stream, is logged and never
looks like a complete file: a CSV then ends on a line that opens a quoted cell and never ends it
(every complete CSV ends with a line break), a JSON document is left unclosed (invalid), and the
error is raised again so that the server breaks the response off (no final chunk: clients report
a failed download).
"""

import csv
import datetime
import itertools
import logging
from collections import defaultdict
from functools import lru_cache

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from browse import presentation, readers
from browse.filters import CommitmentFilter
from browse.selection import select
from commitments.models import Commitment, Stage

# A spreadsheet evaluates a cell that starts with one of these as a formula (OWASP CSV injection).
logger = logging.getLogger(__name__)

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
STAGE_LABELS = dict(Stage.choices)
CHUNK = 500  # commitments fetched (with their prefetches) per round trip while streaming
CSV_BATCH = 200  # CSV lines sent at a time

COMMITMENT_COLUMNS = [
    "slug",
    "title",
    "furthest_stage",
    "latest_stage",
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


def selected(request, allowed_extra=()):
    """(the Selection of the request's filters on fresh data, problems): one FilterSet parses
    the query string and the selection engine checks the names, as for the browser page."""
    filterset = CommitmentFilter(request.GET)
    selection = select(filterset, fresh=True)
    return selection, [*filterset.problems(allowed_extra), *selection.problems]


# -- fetching: plain values, a chunk of commitments at a time ----------------------------------
# Model instances cost more than the rows are worth on a full export (tens of thousands of
# commitments, each with its mentions, meetings and statements): rows are fetched as values.

SUMMARY_FIELDS = (
    "id",
    "slug",
    "title",
    "furthest_stage",
    "latest_stage",
    "meeting_count",
    "mention_count",
    "first_meeting__slug",
    "first_meeting__title",
    "first_meeting__start_date",
    "last_meeting__slug",
    "last_meeting__title",
    "last_meeting__start_date",
)
MENTION_FIELDS = (
    "commitment_id",
    "stage",
    "span_start",
    "span_end",
    "clause__text",
    "clause__position",
    "clause__statement__slug",
    "clause__statement__title",
    "clause__statement__language",
    "clause__statement__source_url",
    "meeting__slug",
    "meeting__title",
    "meeting__start_date",
    "meeting__series__name",
)


def summary_rows_of(ids):
    """{id: summary row} of these commitments (SUMMARY_FIELDS)."""
    return {row["id"]: row for row in Commitment.objects.filter(pk__in=ids).values(*SUMMARY_FIELDS)}


def topics_and_actors(ids):
    """{commitment id: [topic...]} and {commitment id: [actor...]}, each a dict (2 queries)."""
    topics, actors = defaultdict(list), defaultdict(list)
    for cid, slug, name in (
        Commitment.topics.through.objects.filter(commitment_id__in=ids)
        .order_by("topic__name", "topic_id")
        .values_list("commitment_id", "topic__slug", "topic__name")
    ):
        topics[cid].append({"slug": slug, "name": name})
    for cid, slug, name, kind in (
        Commitment.actors.through.objects.filter(commitment_id__in=ids)
        .order_by("actor__kind", "actor__name", "actor_id")
        .values_list("commitment_id", "actor__slug", "actor__name", "actor__kind")
    ):
        actors[cid].append({"slug": slug, "name": name, "kind": kind})
    return topics, actors


def mention_rows_of(ids):
    """{commitment id: [mention values...]}: accepted mentions in timeline order (1 query)."""
    mentions = defaultdict(list)
    for row in (
        readers.public_mentions()
        .filter(commitment_id__in=ids)
        .order_by("meeting__start_date", "meeting_id", "clause__statement_id", "clause__position")
        .values(*MENTION_FIELDS)
    ):
        mentions[row["commitment_id"]].append(row)
    return mentions


def iter_records(selection, absolute, with_mentions=False):
    """Every selected commitment as a record (all pages, in the selection's order), fetched
    CHUNK at a time: 3 queries per chunk (4 with mentions)."""
    ids = selection.all_ids()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found = summary_rows_of(chunk)
        yield from records([found[pk] for pk in chunk if pk in found], absolute, with_mentions)


def records(rows, absolute, with_mentions=False):
    """Records for summary rows, with topics, actors and (optionally) mentions."""
    ids = [row["id"] for row in rows]
    topics, actors = topics_and_actors(ids)
    mentions = mention_rows_of(ids) if with_mentions else {}
    out = []
    for row in rows:
        record = commitment_record(row, topics[row["id"]], actors[row["id"]], absolute)
        if with_mentions:
            record["mentions"] = [mention_record(m, absolute) for m in mentions[row["id"]]]
        out.append(record)
    return out


# -- record shapes (shared with the API) --------------------------------------------------------


@lru_cache
def _path_pattern(url_name):
    return reverse(url_name, args=[_PLACEHOLDER])


_PLACEHOLDER = "trilat-slug-placeholder"


def path_of(url_name, slug):
    """A page's path without a reverse() per row (slugs need no escaping in a path)."""
    return _path_pattern(url_name).replace(_PLACEHOLDER, slug)


def _meeting(slug, title, date, absolute):
    if slug is None:
        return None
    return {
        "slug": slug,
        "title": title,
        "date": date,
        "url": absolute(path_of("meeting_detail", slug)),
    }


def commitment_record(row, topics, actors, absolute):
    """A commitment's summary: stage, first and last meeting, topics, actors, permalink."""
    return {
        "slug": row["slug"],
        "title": row["title"],
        "url": absolute(path_of("commitment_detail", row["slug"])),
        "furthest_stage": row["furthest_stage"] or None,
        "latest_stage": row["latest_stage"] or None,
        "current_stage": row["latest_stage"] or None,  # its earlier name, for earlier clients
        "first_meeting": _meeting(
            row["first_meeting__slug"],
            row["first_meeting__title"],
            row["first_meeting__start_date"],
            absolute,
        ),
        "last_meeting": _meeting(
            row["last_meeting__slug"],
            row["last_meeting__title"],
            row["last_meeting__start_date"],
            absolute,
        ),
        "meeting_count": row["meeting_count"],
        "mention_count": row["mention_count"],
        "topics": topics,
        "actors": actors,
    }


def mention_record(row, absolute):
    """One accepted mention: where (meeting, statement, clause), the stage and the words."""
    text = row["clause__text"]
    before, span, _ = presentation.highlight(text, row["span_start"], row["span_end"])
    statement_path = path_of("statement_detail", row["clause__statement__slug"])
    return {
        "stage": row["stage"],
        "meeting": _meeting(
            row["meeting__slug"], row["meeting__title"], row["meeting__start_date"], absolute
        ),
        "meeting_series": row["meeting__series__name"],
        "clause_text": text,
        "quoted_words": span or before,
        "clause_position": row["clause__position"],
        "clause_url": absolute(f"{statement_path}#clause-{row['clause__position']}"),
        "statement": {
            "slug": row["clause__statement__slug"],
            "title": row["clause__statement__title"],
            "language": row["clause__statement__language"],
            "url": absolute(statement_path),
            "source_url": row["clause__statement__source_url"] or None,
        },
    }


def summary_values(commitment):
    """A loaded Commitment (first and last meeting selected) as a summary row."""
    row = {name: getattr(commitment, name) for name in SUMMARY_FIELDS if "__" not in name}
    for which in ("first_meeting", "last_meeting"):
        meeting = getattr(commitment, which)
        row[f"{which}__slug"] = meeting.slug if meeting else None
        row[f"{which}__title"] = meeting.title if meeting else None
        row[f"{which}__start_date"] = meeting.start_date if meeting else None
    return row


def mention_values(mention):
    """A loaded Mention (meeting, series, clause and statement selected) as a mention row."""
    clause, statement, meeting = mention.clause, mention.clause.statement, mention.meeting
    return {
        "commitment_id": mention.commitment_id,
        "stage": mention.stage,
        "span_start": mention.span_start,
        "span_end": mention.span_end,
        "clause__text": clause.text,
        "clause__position": clause.position,
        "clause__statement__slug": statement.slug,
        "clause__statement__title": statement.title,
        "clause__statement__language": statement.language,
        "clause__statement__source_url": statement.source_url,
        "meeting__slug": meeting.slug,
        "meeting__title": meeting.title,
        "meeting__start_date": meeting.start_date,
        "meeting__series__name": meeting.series.name,
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


def csv_lines(header, rows, batch=None):
    """The CSV text, `batch` lines at a time: a BOM, the header, then every row with safe cells."""
    writer, batch = csv.writer(_Echo()), batch or CSV_BATCH
    yield BOM + writer.writerow(header)
    lines = []
    for row in rows:
        lines.append(writer.writerow([safe_cell(value) for value in row]))
        if len(lines) == batch:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def commitment_rows(records):
    for r in records:
        first, last = r["first_meeting"] or {}, r["last_meeting"] or {}
        yield [
            r["slug"],
            r["title"],
            STAGE_LABELS.get(r["furthest_stage"], r["furthest_stage"] or ""),
            STAGE_LABELS.get(r["latest_stage"], r["latest_stage"] or ""),
            first.get("title"),
            first.get("date"),
            last.get("title"),
            last.get("date"),
            r["meeting_count"],
            r["mention_count"],
            "; ".join(t["name"] for t in r["topics"]),
            "; ".join(a["name"] for a in r["actors"]),
            r["url"],
        ]


def mention_rows(records):
    for r in records:
        for m in r["mentions"]:
            meeting, statement = m["meeting"], m["statement"]
            yield [
                r["slug"],
                r["title"],
                meeting["title"],
                meeting["date"],
                m["meeting_series"],
                STAGE_LABELS.get(m["stage"], m["stage"]),
                m["clause_text"],
                m["quoted_words"],
                statement["title"],
                statement["language"],
                m["clause_url"],
                statement["source_url"],
                f"{r['url']}#meeting-{meeting['slug']}",
            ]


# -- JSON -------------------------------------------------------------------------------------


def json_chunks(selection, absolute, query):
    """The JSON document, in pieces: the query, the count, then every commitment with mentions."""
    encoder = DjangoJSONEncoder(ensure_ascii=False)
    head = {
        "generated_at": timezone.now().replace(microsecond=0),
        "query": query,
        "count": selection.count,
    }
    yield encoder.encode(head)[:-1] + ', "commitments": ['
    for number, record in enumerate(iter_records(selection, absolute, with_mentions=True)):
        yield ("," if number else "") + encoder.encode(record)
    yield "]}\n"


# -- streaming: all or visibly nothing ----------------------------------------------------------

CSV_BROKEN_OFF = '"This export was interrupted by an error: the file is incomplete.'
JSON_BROKEN_OFF = ""  # the document stays unclosed, which no JSON reader accepts


def streamed(pieces, name, broken_off):
    """The pieces of a download, the first two (the header and the first rows) made now, so that
    a failure there is the view's; a failure after them is logged, `broken_off` is sent, and the
    error raised again so the server breaks the response off."""
    rest = iter(pieces)
    first = "".join(itertools.islice(rest, 2))
    return _stream(first, rest, name, broken_off)


def _stream(first, rest, name, broken_off):
    yield first
    sent = len(first)
    try:
        for piece in rest:
            yield piece
            sent += len(piece)
    except Exception:
        logger.exception(
            "Export %s broken off after %d characters: the file is incomplete", name, sent
        )
        if broken_off:
            yield broken_off
        raise


# -- views ------------------------------------------------------------------------------------


def absolute_urls(request):
    """Path -> absolute URL, with the scheme and host worked out once, not per row."""
    base = request.build_absolute_uri("/").rstrip("/")
    return lambda path: base + path


def _bad_request(messages):
    text = "This export could not be made:\n" + "".join(f"- {m}\n" for m in messages)
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def _attachment(response, filename):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def commitments_csv(request):
    """The filtered browser, one row per commitment."""
    # "page" is the browser's own parameter: a download is every page.
    selection, problems = selected(request, allowed_extra=("page",))
    if problems:
        return _bad_request(problems)
    records = iter_records(selection, absolute_urls(request))
    lines = csv_lines(COMMITMENT_COLUMNS, commitment_rows(records))
    lines = streamed(lines, "trilat-commitments.csv", CSV_BROKEN_OFF)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, "trilat-commitments.csv")


def mentions_csv(request):
    """The filtered browser, one row per accepted mention of each commitment."""
    # "page" is the browser's own parameter: a download is every page.
    selection, problems = selected(request, allowed_extra=("page",))
    if problems:
        return _bad_request(problems)
    records = iter_records(selection, absolute_urls(request), with_mentions=True)
    lines = csv_lines(MENTION_COLUMNS, mention_rows(records))
    lines = streamed(lines, "trilat-mentions.csv", CSV_BROKEN_OFF)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return _attachment(response, "trilat-mentions.csv")


def commitments_json(request):
    """The filtered browser as one JSON document, each commitment with its mentions."""
    # "page" is the browser's own parameter: a download is every page.
    selection, problems = selected(request, allowed_extra=("page",))
    if problems:
        return _bad_request(problems)
    query = {key: values for key, values in request.GET.lists() if key != "page"}
    chunks = json_chunks(selection, absolute_urls(request), query)
    chunks = streamed(chunks, "trilat-commitments.json", JSON_BROKEN_OFF)
    response = StreamingHttpResponse(chunks, content_type="application/json; charset=utf-8")
    return _attachment(response, "trilat-commitments.json")
