"""Evidence and assessments as data: the API's records of them (in a commitment's detail and in
the list at /api/assessments) and the CSV downloads /export/assessments.csv and
/export/evidence.csv. Published ones only, of commitments with a public page.

The list and the downloads take the same filters, checked by one form (`OutcomeQuery`): the
commitment (its address name), the party ("together", US, JP, ROK; repeat for several), the rating
(repeat), and a date range (`after`, `before`: the assessment's "as of", the evidence's date).
CSV cells are made safe by api/exports.py, as in every other download.
"""

import datetime
from typing import Annotated, Literal

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import StreamingHttpResponse
from ninja import Field, Query, Router, Schema, Status

from api import exports
from api.parameters import MAX_PAGE, MAX_PER_PAGE, PER_PAGE, SLUG_PATTERN, Problem
from browse import readers
from browse.filters import SlugListField
from browse.outcomes import published_assessments, published_evidence
from commitments.evidence import PARTIES, SCOPES, TOGETHER, EvidenceKind, Rating, party_code

router = Router(tags=["assessments"])

ASSESSMENT_COLUMNS = [
    "commitment",
    "commitment_title",
    "party",
    "rating",
    "as_of",
    "rationale",
    "evidence_titles",
    "source_url",
    "url",
]
EVIDENCE_COLUMNS = [
    "commitment",
    "commitment_title",
    "kind",
    "title",
    "publisher",
    "date",
    "parties",
    "summary",
    "quote",
    "source_url",
    "url",
]


# -- the filters -------------------------------------------------------------------------------


class _Choices(forms.MultipleChoiceField):
    def to_python(self, value):
        return [v for v in super().to_python(value) if v]


class OutcomeQuery(forms.Form):
    """The filters of the assessment list and the downloads; validates without the database."""

    commitment = SlugListField(required=False, label="Commitment")
    party = _Choices(required=False, choices=[(s, s) for s in SCOPES], label="Party")
    rating = _Choices(required=False, choices=Rating.choices, label="Rating")
    kind = _Choices(required=False, choices=EvidenceKind.choices, label="Kind of evidence")
    after = forms.DateField(required=False, label="On or after")
    before = forms.DateField(required=False, label="On or before")

    def clean(self):
        cleaned = super().clean()
        after, before = cleaned.get("after"), cleaned.get("before")
        if after and before and after > before:
            raise ValidationError("The “after” date is later than the “before” date.")
        return cleaned


def parse(querydict, allowed):
    """(the cleaned filters, [messages]) of a query string; `allowed`: the parameter names the
    caller reads (the others are refused by name)."""
    problems = [
        f"“{key[:40]}” is not a parameter here (it takes: {', '.join(allowed)})."
        for key in querydict
        if key not in allowed
    ]
    form = OutcomeQuery(querydict)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            problems.extend(f"{label}: {e}" if label else e for e in errors)
    return form.cleaned_data if not problems else {}, problems


def _unknown_commitments(slugs):
    found = set(readers.visible_commitments().filter(slug__in=slugs).values_list("slug", flat=True))
    return [f"There is no commitment called “{slug}”." for slug in slugs if slug not in found]


def _party_filter(scopes, field):
    """A Q of the chosen parties (`field`: the relation to the party actor)."""
    query = Q()
    for scope in scopes:
        if scope == TOGETHER:
            query |= Q(**{f"{field}__isnull": True})
        else:
            slug, name = PARTIES[scope]
            query |= Q(**{f"{field}__slug": slug}) | Q(**{f"{field}__name": name})
    return query


def assessments(filters):
    """The published assessments of visible commitments the filters leave, newest first."""
    rows = published_assessments().filter(commitment__in=readers.visible_commitments())
    if filters.get("commitment"):
        rows = rows.filter(commitment__slug__in=filters["commitment"])
    if filters.get("party"):
        rows = rows.filter(_party_filter(filters["party"], "party"))
    if filters.get("rating"):
        rows = rows.filter(rating__in=filters["rating"])
    if filters.get("after"):
        rows = rows.filter(as_of__gte=filters["after"])
    if filters.get("before"):
        rows = rows.filter(as_of__lte=filters["before"])
    cited = published_evidence().prefetch_related("parties").order_by("date", "id")
    return (
        rows.select_related("commitment", "party")
        .prefetch_related(Prefetch("evidence", queryset=cited))
        .order_by("-as_of", "commitment__title", "id")
    )


def evidence_links(filters):
    """(evidence, commitment) pairs of published evidence and visible commitments, by date."""
    through = published_evidence().model.commitments.through
    rows = through.objects.filter(
        evidence__published_at__isnull=False,
        commitment__in=readers.visible_commitments(),
    )
    if filters.get("commitment"):
        rows = rows.filter(commitment__slug__in=filters["commitment"])
    if filters.get("party"):
        parties = [s for s in filters["party"] if s != TOGETHER]
        rows = rows.filter(_party_filter(parties, "evidence__parties")) if parties else rows
    if filters.get("kind"):
        rows = rows.filter(evidence__kind__in=filters["kind"])
    if filters.get("after"):
        rows = rows.filter(evidence__date__gte=filters["after"])
    if filters.get("before"):
        rows = rows.filter(evidence__date__lte=filters["before"])
    rows = rows.select_related("evidence", "commitment").prefetch_related("evidence__parties")
    return rows.distinct().order_by("-evidence__date", "evidence_id", "commitment__title")


# -- records (the API's and the downloads' shape) ----------------------------------------------


def _codes(actors):
    return [party_code(a.slug, a.name) or a.name for a in actors]


def evidence_record(evidence, absolute, commitment_url=""):
    return {
        "kind": evidence.kind,
        "title": evidence.title,
        "publisher": evidence.publisher,
        "date": evidence.date,
        "source_url": evidence.url,
        "summary": evidence.summary,
        "quote": evidence.quote,
        "parties": _codes(evidence.parties.all()),
        "url": f"{commitment_url}#evidence-{evidence.pk}" if commitment_url else "",
    }


def assessment_record(assessment, absolute, commitment=None):
    commitment = commitment or assessment.commitment
    page = absolute(commitment.get_absolute_url())
    return {
        "commitment": {"slug": commitment.slug, "title": commitment.title, "url": page},
        "party": assessment.scope,
        "rating": assessment.rating,
        "as_of": assessment.as_of,
        "rationale": assessment.rationale,
        "evidence": [evidence_record(e, absolute, page) for e in assessment.evidence.all()],
        "url": f"{page}#assessment-{assessment.pk}",
    }


def commitment_outcomes(outcomes, commitment, absolute):
    """What a commitment's API detail says of what happened (from browse.outcomes.Outcomes)."""
    page = absolute(commitment.get_absolute_url())
    return {
        "latest_assessments": {
            scope: assessment_record(a, absolute, commitment)
            for scope, a in outcomes.latest.items()
        },
        "assessments": [assessment_record(a, absolute, commitment) for a in outcomes.assessments],
        "evidence": [evidence_record(e, absolute, page) for e in outcomes.evidence],
        "notes": outcomes.notes,
    }


# -- schemas -----------------------------------------------------------------------------------


class CommitmentLink(Schema):
    slug: str
    title: str
    url: str


class EvidenceOut(Schema):
    kind: str = Field(description=f"One of: {', '.join(EvidenceKind.values)}.")
    title: str
    publisher: str
    date: datetime.date
    source_url: str = Field(description="Where the source is published (never fetched by us).")
    summary: str = Field(description="What it shows, in the editors' words.")
    quote: str
    parties: list[str] = Field(description="The countries it concerns (US, JP, ROK).")
    url: str


class AssessmentOut(Schema):
    commitment: CommitmentLink
    party: str = Field(description=f"One of: {', '.join(SCOPES)}.")
    rating: str = Field(description=f"One of: {', '.join(Rating.values)}.")
    as_of: datetime.date
    rationale: str
    evidence: list[EvidenceOut]
    url: str


class AssessmentPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    next: str | None
    previous: str | None
    results: list[AssessmentOut]


class AssessmentQuery(Schema):
    commitment: list[Annotated[str, Field(pattern=SLUG_PATTERN)]] = Field(
        [], description="Commitments' address names; repeat for several."
    )
    party: list[Literal[SCOPES]] = Field([], description="Repeat for several.")
    rating: list[Literal[tuple(Rating.values)]] = Field([], description="Repeat for several.")
    after: datetime.date | None = Field(None, description="On this date or later (YYYY-MM-DD).")
    before: datetime.date | None = Field(None, description="On this date or earlier (YYYY-MM-DD).")
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Past the last page: 400.")
    per_page: int = Field(PER_PAGE, ge=1, le=MAX_PER_PAGE)


LIST_PARAMETERS = ("commitment", "party", "rating", "after", "before", "page", "per_page")


@router.get(
    "",
    response={200: AssessmentPage, 400: Problem},
    url_name="assessment_list",
    summary="Published assessments, newest first, filtered by commitment, party, rating, date",
)
def assessment_list(request, query: Query[AssessmentQuery]):
    filters, problems = parse(request.GET, LIST_PARAMETERS)
    if not problems and filters.get("commitment"):
        problems = _unknown_commitments(filters["commitment"])
    if problems:
        return Status(400, {"detail": "Invalid query parameters.", "errors": problems})
    paginator = Paginator(assessments(filters), query.per_page)
    if query.page > paginator.num_pages:
        pages = f"page: there are {paginator.num_pages} pages of results."
        return Status(400, {"detail": "No such page.", "errors": [pages]})
    page = paginator.page(query.page)
    absolute = exports.absolute_urls(request)

    def link(number):
        data = request.GET.copy()
        data["page"] = str(number)
        return request.build_absolute_uri(f"{request.path}?{data.urlencode()}")

    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "per_page": paginator.per_page,
        "next": link(page.number + 1) if page.has_next() else None,
        "previous": link(page.number - 1) if page.has_previous() else None,
        "results": [assessment_record(a, absolute) for a in page.object_list],
    }


# -- the downloads -----------------------------------------------------------------------------


def _assessment_rows(rows, absolute):
    for a in rows:
        record = assessment_record(a, absolute)
        cited = record["evidence"]
        yield [
            record["commitment"]["slug"],
            record["commitment"]["title"],
            record["party"],
            a.get_rating_display(),
            a.as_of,
            a.rationale,
            "; ".join(e["title"] for e in cited),
            "; ".join(e["source_url"] for e in cited),
            record["url"],
        ]


def _evidence_rows(links, absolute):
    for link in links:
        e, commitment = link.evidence, link.commitment
        page = absolute(commitment.get_absolute_url())
        yield [
            commitment.slug,
            commitment.title,
            e.get_kind_display(),
            e.title,
            e.publisher,
            e.date,
            "; ".join(_codes(e.parties.all())),
            e.summary,
            e.quote,
            e.url,
            f"{page}#evidence-{e.pk}",
        ]


def _download(request, allowed, columns, rows_of, filename):
    filters, problems = parse(request.GET, allowed)
    if not problems and filters.get("commitment"):
        problems = _unknown_commitments(filters["commitment"])
    if problems:
        return exports._bad_request(problems)
    lines = exports.csv_lines(columns, rows_of(filters, exports.absolute_urls(request)))
    lines = exports.streamed(lines, filename, exports.CSV_BROKEN_OFF)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    return exports._attachment(response, filename)


def assessments_csv(request):
    """Published assessments, one row per assessment, with the URLs of the evidence cited."""
    return _download(
        request,
        ("commitment", "party", "rating", "after", "before"),
        ASSESSMENT_COLUMNS,
        lambda filters, absolute: _assessment_rows(assessments(filters).iterator(200), absolute),
        "trilat-assessments.csv",
    )


def evidence_csv(request):
    """Published evidence, one row per evidence item and commitment it speaks to."""
    return _download(
        request,
        ("commitment", "party", "kind", "after", "before"),
        EVIDENCE_COLUMNS,
        lambda filters, absolute: _evidence_rows(evidence_links(filters).iterator(200), absolute),
        "trilat-evidence.csv",
    )
