"""Pages kept per facet index: a browser address a reader has opened is answered again from
memory while the index it was drawn from still serves.

The index already decides how fresh the browser's lists are (browse/facet_index.py: a new one after
every write, at most FACET_INDEX_SECONDS old), so a page kept for the same index is as fresh as
one drawn again, apart from its rows' marker strips, which now follow a write as the facets do,
seconds later. Only anonymous readers' pages are kept: an editor, signed in, always sees the
rows as they are. Nothing is kept where the index is not (SQLite, FACET_INDEX_SECONDS = 0).

A kept page is the same for every anonymous reader: one must not carry anything of its own (a
CSRF token, messages, a CSP nonce).
"""

import hashlib

from django.core.cache import caches

from browse import facet_index

CACHE = "pages"


def _key(request, index, variant):
    if index.version is None or request.method != "GET" or request.user.is_authenticated:
        return None
    # What the page is drawn from: the path and the parameters as parsed (two raw query strings
    # may read as one address; their parsed values never do).
    address = hashlib.sha256(f"{request.path}?{request.GET.urlencode()}".encode()).hexdigest()
    return f"{variant}:{index.version}:{index.built!r}:{address}"


def cached_response(request, index, variant, make):
    """The response `make()` gives, or the one it gave this address and `variant` (full page or
    htmx partial) under the same index. Only a 200 is kept."""
    key = _key(request, index, variant)
    if key is None:
        return make()
    cache = caches[CACHE]
    response = cache.get(key)
    if response is None:
        response = make()
        if response.status_code == 200:
            cache.set(key, response, timeout=facet_index.max_age())
    return response


def clear():
    caches[CACHE].clear()
