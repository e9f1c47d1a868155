"""The read-only JSON API under /api/ (django-ninja): commitments, filtered as the browser filters
them, and one commitment with its timeline. Schema at /api/openapi.json, docs at /api/docs.

Filtering is the browser's FilterSet, fed the request's query string; the parameters are read off
that FilterSet (api/parameters.py), so the schema states the values it accepts. Only accepted
mentions are public.
"""

import datetime
from typing import Literal

from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from api import evidence as outcomes_api
from api import exports
from api.parameters import CommitmentQuery, PageQuery, Problem
from browse import outcomes, readers
from browse.filters import CommitmentFilter
from commitments.models import Actor, CommitmentRedirect, MeetingSeries, Stage, Statement, Topic
from commitments.rules import is_slug

PAGING_PARAMETERS = ("page", "per_page")
NAMES = ["names the filters take"]

StageName = Literal[tuple(Stage.values)]
ActorKind = Literal[tuple(Actor.Kind.values)]

api = NinjaAPI(
    title="Trilat API",
    version="1",
    description=(
        "Read-only access to the commitments the United States, Japan and the Republic of Korea "
        "make together, and to what each meeting since has said of them. Only accepted mentions "
        "are published. Field names are stable within a major version."
    ),
    urls_namespace="api",
)


# -- schemas ----------------------------------------------------------------------------------


class MeetingRef(Schema):
    slug: str
    title: str
    date: datetime.date
    url: str


class TopicRef(Schema):
    slug: str
    name: str


class ActorRef(Schema):
    slug: str
    name: str
    kind: ActorKind


class CommitmentSummary(Schema):
    slug: str = Field(description="The permanent address name; earlier names redirect.")
    title: str
    url: str = Field(description="The commitment's page (its permalink).")
    api_url: str
    furthest_stage: StageName | None = Field(
        description="How far it has got: the furthest of pledged, in_progress, achieved, "
        "expanded that any mention gave it (a commitment only reaffirmed or stalled: pledged)."
    )
    latest_stage: StageName | None = Field(
        description="The latest word: the stage its latest meeting (last_meeting) gave it."
    )
    current_stage: StageName | None = Field(
        description="Deprecated: the same as latest_stage, kept for earlier clients."
    )
    first_meeting: MeetingRef | None
    last_meeting: MeetingRef | None = Field(description="Its latest meeting: the latest word's.")
    meeting_count: int
    mention_count: int
    topics: list[TopicRef]
    actors: list[ActorRef]


class CommitmentPage(Schema):
    count: int = Field(description="Commitments matching the filters, on all pages.")
    page: int
    pages: int
    per_page: int
    next: str | None
    previous: str | None
    results: list[CommitmentSummary]


class StatementRef(Schema):
    slug: str
    title: str
    language: str
    url: str
    source_url: str | None = Field(description="Where the publisher put it.")


class Translation(Schema):
    statement: StatementRef
    clause_text: str
    clause_url: str
    unofficial: bool


class MentionOut(Schema):
    stage: StageName
    meeting: MeetingRef
    meeting_series: str
    clause_text: str
    quoted_words: str = Field(description="The words that speak of the commitment.")
    clause_position: int
    clause_url: str
    statement: StatementRef
    translations: list[Translation] = []


class TimelineMeeting(MeetingRef):
    series: str
    level: str
    place: str
    virtual: bool


class TimelineEntry(Schema):
    number: int
    meeting: TimelineMeeting
    stage: StageName = Field(description="The stage this meeting gave the commitment.")
    mentions: list[MentionOut]


class ClauseOut(Schema):
    position: int
    text: str
    url: str
    stage: StageName


class StatementOut(StatementRef):
    kind: str
    publisher: str
    published_on: datetime.date | None
    meeting: str = Field(description="The meeting's slug.")
    translation_of: str | None = Field(description="The official text's slug, for a translation.")
    clauses: list[ClauseOut] = Field(description="Its clauses that mention the commitment.")


class Silence(Schema):
    series: str
    last_mentioned_at: MeetingRef
    later_meetings: list[MeetingRef]


class CommitmentDetail(CommitmentSummary):
    summary: str
    aliases: list[str]
    timeline: list[TimelineEntry]
    meetings: list[TimelineMeeting]
    statements: list[StatementOut]
    not_mentioned_since: list[Silence] = Field(
        description="Series that met again without mentioning the commitment."
    )
    latest_assessments: dict[str, outcomes_api.AssessmentOut] = Field(
        description="The latest published assessment per party (US, JP, ROK) and for the three "
        "together: what happened, in our judgement, beside what the statements say."
    )
    assessments: list[outcomes_api.AssessmentOut] = Field(
        description="Every published assessment, oldest first: the record of progress."
    )
    evidence: list[outcomes_api.EvidenceOut] = Field(
        description="The published evidence about it, oldest first."
    )
    notes: list[str] = Field(
        description="Where the statements say achieved and no latest assessment finds "
        "substantial progress, or the latest assessment is over a year old, in plain words."
    )


# -- errors: a clear 400, never a 422 or a 500 --------------------------------------------------


@api.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    # A filter's value is refused as the browser and the exports refuse it (the FilterSet's
    # words); the schema's own check only speaks for what the FilterSet does not refuse.
    filterset = CommitmentFilter(request.GET)
    errors = [f"{label}: {message}" for label, message in filterset.errors_by_label()]
    refused = set(filterset.errors)
    for error in exc.errors:
        location = [str(part) for part in error.get("loc", ())[1:]]
        if location[:1] in (["filters"], ["paging"]):  # ninja names the schema, or not
            location = location[1:]
        if _filter_of(location[:1]) in refused:
            continue
        errors.append(f"{'.'.join(location) or 'request'}: {error.get('msg', 'invalid')}")
    return _problem(request, 400, "Invalid query parameters.", errors)


def _filter_of(parameter):
    """The FilterSet field a parameter belongs to (mentioned_after -> mentioned)."""
    name = parameter[0] if parameter else ""
    return name.rsplit("_", 1)[0] if name.endswith(("_after", "_before")) else name


def _problem(request, status, detail, errors=()):
    return api.create_response(request, {"detail": detail, "errors": list(errors)}, status=status)


# -- endpoints --------------------------------------------------------------------------------


def _api_url(request, slug):
    return request.build_absolute_uri(reverse("api:commitment_detail", args=[slug]))


def _with_api_url(request, record):
    record["api_url"] = _api_url(request, record["slug"])
    return record


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


@api.get(
    "/commitments",
    response={200: CommitmentPage, 400: Problem},
    url_name="commitment_list",
    tags=["commitments"],
    summary="Commitments, filtered and sorted as in the browser",
)
def commitment_list(request, filters: Query[CommitmentQuery]):
    selection, problems = exports.selected(request, allowed_extra=PAGING_PARAMETERS)
    if problems:
        return _problem(request, 400, "Invalid query parameters.", problems)
    paginator = Paginator(selection.in_pages(exports.summary_rows_of), filters.per_page)
    if filters.page > paginator.num_pages:
        pages = f"page: there are {paginator.num_pages} pages of results."
        return _problem(request, 400, "No such page.", [pages])
    page = paginator.page(filters.page)
    records = exports.records(list(page.object_list), exports.absolute_urls(request))
    return _page(request, paginator, page, [_with_api_url(request, r) for r in records])


def _page(request, paginator, page, results):
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "per_page": paginator.per_page,
        "next": _page_url(request, page.number + 1) if page.has_next() else None,
        "previous": _page_url(request, page.number - 1) if page.has_previous() else None,
        "results": results,
    }


@api.get(
    "/commitments/{slug}",
    response={200: CommitmentDetail, 301: None, 404: Problem},
    url_name="commitment_detail",
    tags=["commitments"],
    summary="One commitment with its timeline, meetings, statements, actors and topics",
)
def commitment_detail(request, slug: str):
    if not is_slug(slug):  # never reaches the database (no NUL bytes, no 10 KB keys)
        return _problem(request, 404, f"There is no commitment called “{slug[:80]}”.")
    timeline = readers.commitment_timeline(slug)
    if timeline is None:
        moved = CommitmentRedirect.objects.filter(old_slug=slug).select_related("commitment")
        moved = moved.first()
        if moved is None:
            return _problem(request, 404, f"There is no commitment called “{slug[:80]}”.")
        return HttpResponsePermanentRedirect(_api_url(request, moved.commitment.slug))
    return _detail(request, timeline)


def _detail(request, timeline):
    absolute = exports.absolute_urls(request)
    commitment = timeline.commitment
    topics = [{"slug": t.slug, "name": t.name} for t in timeline.topics]
    actors = [{"slug": a.slug, "name": a.name, "kind": a.kind} for a in timeline.actors]
    row = exports.summary_values(commitment)
    record = _with_api_url(request, exports.commitment_record(row, topics, actors, absolute))
    record["summary"] = commitment.summary
    record["aliases"] = [alias.name for alias in timeline.aliases]
    record["timeline"] = [
        {
            "number": entry.number,
            "meeting": _timeline_meeting(entry.meeting, absolute),
            "stage": entry.stage,
            "mentions": [_mention(m, absolute) for m in entry.mentions],
        }
        for entry in timeline.entries
    ]
    record["meetings"] = [entry["meeting"] for entry in record["timeline"]]
    record["statements"] = _statements(commitment.public_mentions, absolute)
    found = outcomes.commitment_outcomes(commitment)
    record.update(outcomes_api.commitment_outcomes(found, commitment, absolute))
    record["not_mentioned_since"] = [
        {
            "series": gap.series.name,
            "last_mentioned_at": _meeting(gap.last_mentioned_at, absolute),
            "later_meetings": [_meeting(m, absolute) for m in gap.later_meetings],
        }
        for gap in timeline.silences
    ]
    return record


def _meeting(meeting, absolute):
    return {
        "slug": meeting.slug,
        "title": meeting.title,
        "date": meeting.start_date,
        "url": absolute(meeting.get_absolute_url()),
    }


def _timeline_meeting(meeting, absolute):
    return {
        **_meeting(meeting, absolute),
        "series": meeting.series.name,
        "level": meeting.series.level,
        "place": meeting.place,
        "virtual": meeting.is_virtual,
    }


def _statement_ref(statement, absolute):
    return {
        "slug": statement.slug,
        "title": statement.title,
        "language": statement.language,
        "url": absolute(statement.get_absolute_url()),
        "source_url": statement.source_url or None,
    }


def _mention(mention, absolute):
    record = exports.mention_record(exports.mention_values(mention), absolute)
    record["translations"] = [
        {
            "statement": _statement_ref(clause.statement, absolute),
            "clause_text": clause.text,
            "clause_url": absolute(clause.get_absolute_url()),
            "unofficial": clause.statement.is_unofficial_translation,
        }
        for clause in mention.clause.translations
    ]
    return record


def _statements(mentions, absolute):
    """The statements that mention the commitment, each with its mentioning clauses, in order."""
    statements = {}
    for mention in mentions:
        statement = mention.clause.statement
        if statement.id not in statements:
            statements[statement.id] = {
                **_statement_ref(statement, absolute),
                "kind": statement.kind,
                "publisher": statement.publisher,
                "published_on": statement.published_on,
                "meeting": mention.meeting.slug,
                "translation_of": statement.translation_of_id,
                "clauses": [],
            }
        statements[statement.id]["clauses"].append(
            {
                "position": mention.clause.position,
                "text": mention.clause.text,
                "url": absolute(mention.clause.get_absolute_url()),
                "stage": mention.stage,
            }
        )
    # A translation names its official text by slug: one query for those not loaded already.
    loaded = {pk: record["slug"] for pk, record in statements.items()}
    wanted = {r["translation_of"] for r in statements.values()} - set(loaded) - {None}
    if wanted:
        official = Statement.objects.filter(pk__in=wanted, published_at__isnull=False)
        loaded.update(official.values_list("pk", "slug"))
    for record in statements.values():
        record["translation_of"] = loaded.get(record["translation_of"])
    return list(statements.values())


# -- the names filters take: topics, actors, meeting series, meetings ----------------------------


class TopicOut(TopicRef):
    description: str
    url: str
    feed_url: str
    commitment_count: int = Field(description="Public commitments on this topic.")


class ActorOut(ActorRef):
    short_name: str
    url: str
    feed_url: str
    commitment_count: int = Field(description="Public commitments naming this actor.")


class SeriesOut(Schema):
    slug: str
    name: str
    level: str
    meeting_count: int


class MeetingOut(MeetingRef):
    series: str
    place: str
    virtual: bool
    statement_count: int
    commitment_count: int = Field(description="Commitments it mentioned (accepted mentions).")


class MeetingPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    next: str | None
    previous: str | None
    results: list[MeetingOut]


def _public_count(relation):
    return Count(relation, filter=Q(**{f"{relation}__meeting_count__gt": 0}), distinct=True)


def _unexpected(request, allowed=()):
    """A 400 naming the query parameters this endpoint does not read, or None."""
    unknown = [key for key in request.GET if key not in allowed]
    if not unknown:
        return None
    known = ", ".join(allowed) or "none"
    errors = [f"“{key[:40]}” is not a parameter here (it takes: {known})." for key in unknown]
    return _problem(request, 400, "Invalid query parameters.", errors)


@api.get("/topics", tags=NAMES, response={200: list[TopicOut], 400: Problem}, summary="Every topic")
def topic_list(request):
    absolute = exports.absolute_urls(request)
    topics = Topic.objects.annotate(n=_public_count("commitments")).order_by("name")
    return _unexpected(request) or [
        {
            "slug": t.slug,
            "name": t.name,
            "description": t.description,
            "url": absolute(t.get_absolute_url()),
            "feed_url": absolute(reverse("feed_topic", args=[t.slug])),
            "commitment_count": t.n,
        }
        for t in topics
    ]


@api.get("/actors", tags=NAMES, response={200: list[ActorOut], 400: Problem}, summary="Every actor")
def actor_list(request):
    absolute = exports.absolute_urls(request)
    actors = (
        readers.public_actors().annotate(n=_public_count("commitments")).order_by("kind", "name")
    )
    return _unexpected(request) or [
        {
            "slug": a.slug,
            "name": a.name,
            "kind": a.kind,
            "short_name": a.short_name,
            "url": absolute(a.get_absolute_url()),
            "feed_url": absolute(reverse("feed_actor", args=[a.slug])),
            "commitment_count": a.n,
        }
        for a in actors
    ]


@api.get(
    "/series", tags=NAMES, response={200: list[SeriesOut], 400: Problem}, summary="Meeting series"
)
def series_list(request):
    public = Q(meetings__published=True)
    series = (
        MeetingSeries.objects.annotate(n=Count("meetings", filter=public))
        .filter(n__gt=0)
        .order_by("name")
    )
    return _unexpected(request) or [
        {"slug": s.slug, "name": s.name, "level": s.level, "meeting_count": s.n} for s in series
    ]


@api.get(
    "/meetings",
    tags=NAMES,
    response={200: MeetingPage, 400: Problem},
    summary="Meetings, newest first",
)
def meeting_list(request, paging: Query[PageQuery]):
    problem = _unexpected(request, PAGING_PARAMETERS)
    if problem:
        return problem
    statements = (
        Statement.objects.filter(meeting_id=OuterRef("pk"), published_at__isnull=False)
        .order_by()
        .values("meeting_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    paginator = Paginator(readers.public_meeting_ids(), paging.per_page)
    if paging.page > paginator.num_pages:
        pages = f"page: there are {paginator.num_pages} pages of results."
        return _problem(request, 400, "No such page.", [pages])
    page = paginator.page(paging.page)
    meetings = readers.meetings_overview(list(page.object_list)).annotate(
        statement_count=Coalesce(Subquery(statements), 0)
    )
    absolute = exports.absolute_urls(request)
    results = [
        {
            **_meeting(m, absolute),
            "series": m.series.name,
            "place": m.place,
            "virtual": m.is_virtual,
            "statement_count": m.statement_count,
            "commitment_count": m.commitment_count,
        }
        for m in meetings
    ]
    return _page(request, paginator, page, results)


api.add_router("/assessments", outcomes_api.router)
