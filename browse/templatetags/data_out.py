"""Template helpers for data out: download links that carry the browser's filters, "cite this"."""

from django import template
from django.urls import reverse
from django.utils import timezone

from browse import citations
from browse.filters import filter_query

register = template.Library()


@register.simple_tag(takes_context=True)
def export_url(context, name):
    """The download `name` with the current request's filters (no page: a download is all pages)."""
    request = context["request"]
    # A page links several downloads; reading the filters' parameter names builds a FilterSet.
    query = getattr(request, "_trilat_export_query", None)
    if query is None:
        query = request._trilat_export_query = filter_query(request.GET)
    return f"{reverse(name)}?{query}" if query else reverse(name)


@register.inclusion_tag("browse/cite.html")
def cite_this(commitment, permalink):
    """The "cite this" block: plain text and BibTeX, accessed today."""
    accessed = timezone.localdate()
    return {
        "plain": citations.plain_text(commitment.title, permalink, accessed),
        "bibtex": citations.bibtex(commitment.slug, commitment.title, permalink, accessed),
    }
