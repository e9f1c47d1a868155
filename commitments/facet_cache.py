"""Facet and result counts remembered per filter until the data changes.

Counting every facet over 100,000 commitments costs seconds; the counts only change when the data
does. On PostgreSQL a sequence bumped by statement-level triggers on every table the lists read
(migration 0005_data_version) is the data version: an entry computed at version v serves only
while the version is still v, and for at most FACET_CACHE_SECONDS (a writer bumps the version
before its transaction commits, so a reader in between may store counts of the data as it was:
the age bounds how long such counts can live). Elsewhere (SQLite) nothing is remembered.

Entries live in this process, unpickled (the meeting facet holds thousands of objects), least
recently used dropped first. Setting FACET_CACHE_SECONDS = 0 turns this off (the test suite does:
a rolled-back test leaves the version as it was).
"""

import hashlib
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.db import connection

MAX_ENTRIES = 256
DEFAULT_SECONDS = 60

_entries = OrderedDict()
_lock = threading.Lock()


def max_age():
    return getattr(settings, "FACET_CACHE_SECONDS", DEFAULT_SECONDS)


def data_version():
    """The current data version, or None where there is none (not PostgreSQL, or turned off)."""
    if connection.vendor != "postgresql" or max_age() <= 0:
        return None
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_value, is_called FROM trilat_data_version")
        value, called = cursor.fetchone()
    return value if called else 0


def filter_key(filterset, *extra):
    """A key naming what a filterset selects (its query parameters, page and sort left out)."""
    data = filterset.data if filterset.is_bound else {}
    lists = data.lists() if hasattr(data, "lists") else ((k, v) for k, v in data.items())
    items = sorted(
        (key, tuple(sorted(v if isinstance(v, list | tuple) else [v])))
        for key, v in lists
        if key not in {"page", "sort"}
    )
    text = repr((type(filterset).__name__, items, extra))
    return hashlib.sha1(text.encode()).hexdigest()


def remember(name, key, version, compute):
    """compute() once per (name, key) while the data version stays `version` (None: always)."""
    if version is None:
        return compute()
    now = time.monotonic()
    with _lock:
        found = _entries.get((name, key))
        if found and found[0] == version and now - found[1] < max_age():
            _entries.move_to_end((name, key))
            return found[2]
    value = compute()
    with _lock:
        _entries[(name, key)] = (version, now, value)
        _entries.move_to_end((name, key))
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear():
    with _lock:
        _entries.clear()
