"""The browser's filters as one SQL query: what a page would run without the facet index.

Bench-only: the floor (bench/floor.py) and bench/explain.py measure it beside the pages, which
select through browse/selection.py. It reads the same parsed FilterSet, so the two answer the
same question.
"""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connection
from django.db.models import Exists, F, OuterRef

from browse.filters import DEFAULT_SORT, NAMED, SORTS
from browse.search import SEARCH_CONFIG, portable_match, understand
from browse.search_query import tsquery
from commitments.models import Commitment, Mention


def _ids(facet, slugs):
    return list(NAMED[facet].objects.filter(slug__in=slugs).values_list("id", flat=True))


def _mentions():
    """Accepted mentions of the commitment in the enclosing query (for Exists)."""
    return Mention.objects.filter(review=Mention.Review.ACCEPTED, commitment_id=OuterRef("pk"))


def filtered_commitments(filterset):
    """The public commitments `filterset` selects, in its order, as one queryset."""
    queryset = Commitment.objects.filter(meeting_count__gt=0)
    for facet, through in (("topic", Commitment.topics), ("actor", Commitment.actors)):
        ids = _ids(facet, filterset.selected(facet))
        if ids:
            links = through.through.objects.filter(
                commitment_id=OuterRef("pk"), **{f"{facet}_id__in": ids}
            )
            queryset = queryset.filter(Exists(links))
    if filterset.selected("furthest"):
        queryset = queryset.filter(furthest_stage__in=filterset.selected("furthest"))
    if filterset.selected("latest"):  # `stage=` included
        queryset = queryset.filter(latest_stage__in=filterset.selected("latest"))
    if filterset.selected("mention_stage"):
        stages = filterset.selected("mention_stage")
        queryset = queryset.filter(Exists(_mentions().filter(stage__in=stages)))
    series = _ids("series", filterset.selected("series"))
    if series:
        queryset = queryset.filter(Exists(_mentions().filter(meeting__series_id__in=series)))
    meetings = _ids("meeting", filterset.selected("meeting"))
    if meetings:
        queryset = queryset.filter(Exists(_mentions().filter(meeting_id__in=meetings)))
    start, stop = filterset.date_range()
    if start or stop:
        mentions = _mentions()
        if start:
            queryset = queryset.filter(last_date__gte=start)
            mentions = mentions.filter(meeting__start_date__gte=start)
        if stop:
            queryset = queryset.filter(first_date__lte=stop)
            mentions = mentions.filter(meeting__start_date__lte=stop)
        queryset = queryset.filter(Exists(mentions))
    ordering = SORTS[filterset.sort_key or DEFAULT_SORT][1]
    text = filterset.selected("q")
    if text and connection.vendor == "postgresql":
        query = SearchQuery(tsquery(understand(text)), config=SEARCH_CONFIG, search_type="raw")
        queryset = queryset.filter(search_document__document=query)
        if not filterset.sort_key:
            rank = SearchRank(F("search_document__document"), query)
            return queryset.annotate(search_rank=rank).order_by("-search_rank", *ordering)
    elif text:
        queryset = queryset.filter(portable_match(understand(text)))
    return queryset.order_by(*ordering)
