"""The floor: bare views that run a page's one main SQL query and render its rows minimally.

Bench-only (mounted by bench/urls.py under /__floor__/). Each uses the app's own filters and
querysets for its query, so the gap between a page and its floor is what the page adds on top:
facets, counts, prefetches, templates.
"""

from django.http import Http404, HttpResponse
from django.urls import path
from django.utils.html import escape

from browse import readers
from browse.filters import CommitmentFilter


def _render(rows):
    items = "".join(f"<li>{''.join(f'<span>{escape(v)}</span>' for v in row)}</li>" for row in rows)
    return HttpResponse(f"<!doctype html><title>floor</title><ol>{items}</ol>")


def browser(request):
    filterset = CommitmentFilter(request.GET or None, queryset=readers.public_commitments())
    rows = filterset.qs.values_list("slug", "title", "current_stage", "last_date")[
        : readers.PER_PAGE
    ]
    return _render(rows)


def timeline(request, slug):
    rows = list(
        readers.accepted_mentions()
        .filter(commitment__slug=slug)
        .order_by("meeting__start_date", "meeting_id", "clause__position")
        .values_list("meeting__title", "meeting__start_date", "stage", "clause__text")
    )
    if not rows:
        raise Http404
    return _render(rows)


def meeting(request, slug):
    rows = (
        readers.accepted_mentions()
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
