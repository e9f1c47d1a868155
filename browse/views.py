"""Public pages. Thin: parse input, call queries, render (full page, or a partial for htmx)."""

from urllib.parse import urlencode

from django.core.paginator import InvalidPage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template import loader
from django.template.context import make_context
from django.templatetags.static import static
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import require_safe
from django_htmx.http import push_url

from browse import comparison, facet_index, outcomes, page_cache, readers
from browse.filters import DEFAULT_SORT, FACETS, CommitmentFilter
from browse.results import results_page
from commitments.models import (
    STAGE_DESCRIPTIONS,
    ActorRedirect,
    CommitmentRedirect,
    Stage,
    Topic,
)


def stage_legend():
    return [(stage.value, stage.label, STAGE_DESCRIPTIONS[stage]) for stage in Stage]


_DEFAULTS = {("page", "1"), ("sort", DEFAULT_SORT)}


def canonical_query(querydict, drop=()):
    """The query string without empty or default values (nor `drop`), in the order given."""
    pairs = [
        (key, value)
        for key, values in querydict.lists()
        if key not in drop
        for value in values
        if value.strip() and (key, value.strip()) not in _DEFAULTS
    ]
    return urlencode(pairs)


def render(request, template_name, context, status=200):
    """django.shortcuts.render, then the template context's reference cycle broken (each layer
    a template pushes points back at the context): the page's data is freed as the response is
    made, not left to the cyclic garbage collector, whose pass over a few hundred requests'
    worth paused a later request by 15-20 ms."""
    template = loader.get_template(template_name)
    engine = template.backend.engine
    context = make_context(context, request, autoescape=engine.autoescape)
    try:
        content = template.template.render(context)
    finally:
        context.dicts.clear()
    return HttpResponse(content, status=status)


def _wants_partial(request):
    """An htmx swap wants the partial; a history restore needs the page."""
    return bool(request.htmx and not request.htmx.history_restore_request)


def _partial_or_page(request, template, partial, context, status=200):
    """The partial (a "template#name") for an htmx swap; the full page otherwise."""
    wants_partial = _wants_partial(request)
    response = render(request, partial if wants_partial else template, context, status=status)
    patch_vary_headers(response, ("HX-Request", "HX-History-Restore-Request"))
    return response


def browser(request):
    """The commitments, filtered: drawn from the facet index, or kept from an earlier view of the
    same address under the same index (browse/page_cache.py)."""
    index = facet_index.current_index()
    swapped = _wants_partial(request)
    variant = "browser-partial" if swapped else "browser"
    return page_cache.cached_response(
        request, index, variant, lambda: _browser(request, index, swapped)
    )


def _browser(request, index, swapped):
    filterset = CommitmentFilter(request.GET)
    result = results_page(filterset, request.GET.get("page"), index=index)
    query = canonical_query(request.GET)
    errors = filterset.errors_by_label()
    context = {
        "filterset": filterset,
        "result": result,
        "errors": errors,
        "open_facets": {name for name in (*FACETS, "assessment") if filterset.selected(name)},
        "query": query,
        "filtered": bool(canonical_query(request.GET, drop=("page", "sort"))),
        "stages": stage_legend(),
        "swapped": swapped,  # the partial, which also updates the status line out of band
    }
    status = 400 if errors or result.problems else 200
    response = _partial_or_page(
        request, "browse/browser.html", "browse/browser.html#browser", context, status
    )
    if swapped:  # a history restore is already at its address
        push_url(response, f"{request.path}?{query}" if query else request.path)
    return response


def commitment_detail(request, slug):
    timeline = readers.commitment_timeline(slug)
    if timeline is None:
        moved = get_object_or_404(
            CommitmentRedirect.objects.select_related("commitment"), old_slug=slug
        )
        return redirect(moved.commitment, permanent=True)
    commitment = timeline.commitment
    found = outcomes.commitment_outcomes(commitment)
    timeline.narrow_drawing = outcomes.draw_with_findings(timeline, found, narrow=True)
    timeline.drawing = outcomes.draw_with_findings(timeline, found)
    context = {
        "commitment": commitment,
        "timeline": timeline,
        "outcomes": found,
        "record": outcomes.record(timeline.entries, found),
        "ratings": outcomes.rating_legend(),
        "canonical_url": request.build_absolute_uri(commitment.get_absolute_url()),
        "stages": stage_legend(),
    }
    return render(request, "browse/commitment_detail.html", context)


def meeting_list(request):
    """The public meetings, newest first, MEETINGS_PER_PAGE a page (`?page=N`)."""
    try:
        page, meetings = readers.meetings_page(request.GET.get("page") or 1)
    except InvalidPage:
        message = "There is no such page of meetings: give a page number from the pager."
        return render(request, "browse/meeting_list.html", {"error": message}, status=400)
    return render(request, "browse/meeting_list.html", {"meetings": meetings, "page": page})


def meeting_detail(request, slug):
    record = readers.meeting_record(slug)
    if record is None:
        raise Http404("No such meeting.")
    context = {
        "meeting": record.meeting,
        "record": record,
        "stages": stage_legend(),
        "compare": comparison.compare_choices(record.meeting, record.previous),
    }
    return render(request, "browse/meeting_detail.html", context)


def compare_meetings(request):
    """Two meetings side by side: what the later one did to each commitment of either."""
    try:
        result = comparison.read_comparison(request.GET)
    except comparison.ComparisonError as error:
        context = {"errors": error.messages}
        return render(request, "browse/comparison.html", context, status=400)
    query = urlencode(result.query())
    context = {
        "comparison": result,
        "query": query,
        "chosen_topics": {t.slug for t in result.topics},
        "stages": stage_legend(),
    }
    return render(request, "browse/comparison.html", context)


def statement_detail(request, slug):
    text = readers.statement_text(slug)
    if text is None:
        raise Http404("No such statement.")
    return render(
        request, "browse/statement_detail.html", {"statement": text.statement, "text": text}
    )


def _commitments_of(request, template, context, filter_data):
    filterset = CommitmentFilter(filter_data)
    result = results_page(filterset, request.GET.get("page"), with_facets=False)
    context.update(
        {
            "result": result,
            "query": canonical_query(request.GET),
            "browser_query": urlencode(filter_data, doseq=True),
            "stages": stage_legend(),
        }
    )
    return _partial_or_page(request, template, "browse/browser.html#rows", context)


def actor_detail(request, slug):
    actor = readers.public_actors().select_related("country").filter(slug=slug).first()
    if actor is None:
        # An actor merged into another answers at its old address with a permanent redirect.
        moved = get_object_or_404(ActorRedirect.objects.select_related("actor"), old_slug=slug)
        return redirect(moved.actor, permanent=True)
    context = {"actor": actor, "participations": readers.actor_meetings(actor)}
    return _commitments_of(request, "browse/actor_detail.html", context, {"actor": [actor.slug]})


@require_safe
def favicon(request):
    """/favicon.ico, which browsers and feed readers ask for whatever a page links: the site's
    icon (static/favicon.svg), by a redirect kept for a day."""
    response = redirect(static("favicon.svg"))
    patch_cache_control(response, public=True, max_age=86400)
    return response


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    return _commitments_of(
        request, "browse/topic_detail.html", {"topic": topic}, {"topic": [topic.slug]}
    )


def assessment_disagreements(request):
    """The public commitments whose statements and latest assessments disagree ("said achieved,
    assessed limited")."""
    found = outcomes.disagreements()
    return render(
        request,
        "browse/disagreements.html",
        {"found": found, "stages": stage_legend(), "ratings": outcomes.rating_legend()},
    )
