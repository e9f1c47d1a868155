"""Two meetings compared, as data: the API's /api/comparison, and the CSV and JSON downloads of
the comparison page. One record shape (`comparison_record`) for the JSON download and the API;
the CSV has a row per commitment. The comparison is read by browse/comparison.py, as the page
reads it; the downloads reuse the exports' CSV cells and their failing before the first byte
(api/exports.py).
"""

import datetime
from typing import Annotated, Literal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Schema
from pydantic import create_model

from api import exports
from api.endpoints import Problem, StageName, _problem, api
from api.parameters import SLUG_PATTERN
from browse import comparison
from browse.compare import GROUP_KEYS

COLUMNS = [
    "group",
    "commitment_slug",
    "commitment",
    "topics",
    "furthest_stage",
    "latest_stage",
    "earlier_meeting",
    "earlier_meeting_date",
    "earlier_stage",
    "earlier_words",
    "earlier_clauses",
    "later_meeting",
    "later_meeting_date",
    "later_stage",
    "later_words",
    "later_clauses",
    "permalink",
]
GroupName = Literal[tuple(GROUP_KEYS)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]


# -- the record -------------------------------------------------------------------------------


def _meeting(meeting, absolute):
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "date": meeting.start_date,
        "series": meeting.series.name,
        "url": absolute(exports.path_of("meeting_detail", meeting.slug)),
    }


def _said(stage, quotes, absolute):
    return {
        "stage": stage or None,
        "mentions": [
            {
                "clause_text": q.text,
                "clause_url": absolute(
                    f"{exports.path_of('statement_detail', q.statement_slug)}#{q.anchor}"
                ),
                "statement": q.statement_title,
                "stage": q.stage,
            }
            for q in quotes
        ],
    }


def comparison_record(result, absolute):
    """The comparison as one dict: both meetings, the filters, the counts, every commitment."""
    return {
        "earlier": _meeting(result.earlier, absolute),
        "later": _meeting(result.later, absolute),
        "topics": [t.slug for t in result.topics],
        "actors": [a.slug for a in result.actors],
        "counts": {key: len(entries) for key, _, _, entries in result.groups},
        "counts_by_topic": [
            {
                "topic": {"slug": topic.slug, "name": topic.name} if topic else None,
                "counts": counts,
                "total": total,
            }
            for topic, counts, total in result.topic_counts
        ],
        "commitments": [
            {
                "slug": e.commitment.slug,
                "title": e.commitment.title,
                "url": absolute(exports.path_of("commitment_detail", e.commitment.slug)),
                "group": e.group,
                "furthest_stage": e.commitment.furthest_stage or None,
                "latest_stage": e.commitment.latest_stage or None,
                "topics": [{"slug": t.slug, "name": t.name} for t in e.topics],
                "earlier": _said(e.earlier_stage, e.earlier_quotes, absolute),
                "later": _said(e.later_stage, e.later_quotes, absolute),
            }
            for key, _, _, entries in result.groups
            for e in entries
        ],
    }


def _rows(record):
    earlier, later = record["earlier"], record["later"]
    for c in record["commitments"]:
        yield [
            c["group"],
            c["slug"],
            c["title"],
            "; ".join(t["name"] for t in c["topics"]),
            exports.STAGE_LABELS.get(c["furthest_stage"], c["furthest_stage"]),
            exports.STAGE_LABELS.get(c["latest_stage"], c["latest_stage"]),
            earlier["title"],
            earlier["date"],
            exports.STAGE_LABELS.get(c["earlier"]["stage"], c["earlier"]["stage"]),
            " / ".join(m["clause_text"] for m in c["earlier"]["mentions"]),
            " ".join(m["clause_url"] for m in c["earlier"]["mentions"]),
            later["title"],
            later["date"],
            exports.STAGE_LABELS.get(c["later"]["stage"], c["later"]["stage"]),
            " / ".join(m["clause_text"] for m in c["later"]["mentions"]),
            " ".join(m["clause_url"] for m in c["later"]["mentions"]),
            c["url"],
        ]


# -- the downloads ----------------------------------------------------------------------------


def _read(request):
    """(the comparison's record, None) or (None, a 400 response with the reasons)."""
    try:
        result = comparison.read_comparison(request.GET)
    except comparison.ComparisonError as error:
        return None, exports._bad_request(error.messages)
    return comparison_record(result, exports.absolute_urls(request)), None


def _filename(record, extension):
    return f"trilat-{record['earlier']['slug']}-vs-{record['later']['slug']}.{extension}"


def comparison_csv(request):
    """The comparison, one row per commitment, formula-safe."""
    record, refused = _read(request)
    if refused:
        return refused
    name = _filename(record, "csv")
    lines = exports.streamed(
        exports.csv_lines(COLUMNS, _rows(record)), name, exports.CSV_BROKEN_OFF
    )
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    return exports._attachment(response, name)


def comparison_json(request):
    """The comparison as one JSON document."""
    record, refused = _read(request)
    if refused:
        return refused
    document = {"generated_at": timezone.now().replace(microsecond=0), **record}
    text = DjangoJSONEncoder(ensure_ascii=False).encode(document) + "\n"
    response = HttpResponse(text, content_type="application/json; charset=utf-8")
    return exports._attachment(response, _filename(record, "json"))


# -- the API ----------------------------------------------------------------------------------


class MeetingOut(Schema):
    slug: str
    title: str
    date: datetime.date
    series: str
    url: str


class TopicName(Schema):
    slug: str
    name: str


class Said(Schema):
    class Words(Schema):
        clause_text: str
        clause_url: str
        statement: str
        stage: StageName

    stage: StageName | None = Field(
        description="The stage this meeting gave it; null: not mentioned."
    )
    mentions: list[Words]


class Compared(Schema):
    slug: str
    title: str
    url: str
    group: GroupName = Field(description="new, advanced, achieved, held, stalled or dropped.")
    furthest_stage: StageName | None
    latest_stage: StageName | None
    topics: list[TopicName]
    earlier: Said
    later: Said


class TopicCounts(Schema):
    topic: TopicName | None = Field(description="null: the commitments without a topic.")
    counts: dict[str, int]
    total: int


class ComparisonOut(Schema):
    earlier: MeetingOut
    later: MeetingOut
    topics: list[str]
    actors: list[str]
    counts: dict[str, int]
    counts_by_topic: list[TopicCounts]
    commitments: list[Compared]


ComparisonQuery = create_model(
    "ComparisonQuery",
    __base__=Schema,
    __doc__="Two public meetings, in either order; topics and actors narrow it.",
    from_=(Slug, Field(..., alias="from", description="A meeting's address name (slug).")),
    to=(Slug, Field(..., description="Another meeting's address name (slug).")),
    topic=(list[Slug], Field([], description="Topics (slugs); repeat for any of several.")),
    actor=(list[Slug], Field([], description="Actors (slugs); repeat for any of several.")),
)


@api.get(
    "/comparison",
    response={200: ComparisonOut, 400: Problem},
    url_name="comparison",
    tags=["meetings"],
    summary="Two meetings compared: what the later one did to each commitment of either",
)
def comparison_endpoint(request, query: Query[ComparisonQuery]):
    try:
        result = comparison.read_comparison(request.GET)
    except comparison.ComparisonError as error:
        return _problem(request, 400, "No such comparison.", error.messages)
    return comparison_record(result, exports.absolute_urls(request))
