"""The floor: bare views that run a page's one main SQL query and render its rows minimally.

Bench-only (mounted by bench/urls.py under /__floor__/). The browser's floor is the filters as
one SQL query (bench/sql_filter.py); the others use the app's own querysets, so the gap between a page and its floor is what the page adds on top:
facets, counts, prefetches, templates.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import path

from bench.sql_filter import filtered_commitments
from browse import readers, results
from browse.filters import CommitmentFilter


def _render(rows):
    return render(None, "bench/floor.html", {"rows": rows})


def browser(request):
    commitments = filtered_commitments(CommitmentFilter(request.GET))
    rows = commitments.values_list("slug", "title", "latest_stage", "last_date")[: results.PER_PAGE]
    return _render(rows)


def timeline(request, slug):
    rows = list(
        readers.public_mentions()
        .filter(commitment__slug=slug)
        .order_by("meeting__start_date", "meeting_id", "clause__position")
        .values_list("meeting__title", "meeting__start_date", "stage", "clause__text")
    )
    if not rows:
        raise Http404
    return _render(rows)


def meeting(request, slug):
    rows = (
        readers.public_mentions()
        .filter(meeting__slug=slug)
        .order_by("clause__position")
        .values_list("commitment__title", "stage", "clause__text")
    )
    return _render(rows)


urlpatterns = [
    path("", browser),
    path("commitments/<slug:slug>/", timeline),
    path("meetings/<slug:slug>/", meeting),
]
