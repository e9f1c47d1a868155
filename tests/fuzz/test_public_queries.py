"""Hostile query strings on every public address: pages, htmx partials, exports, feeds, the
sitemap and the API. Hypothesis makes them: known and unknown parameters, repeated ones, search
operators, unicode, control characters, broken percent-escapes and very long values.

No answer may be a server error, and none may take over a second in the test client: a generous
guard against a query that makes the server work without bound (a typical answer here takes a
few milliseconds). An answer over the second is asked for again, and the guard fails only if it
is slow twice: a busy machine slows one answer, a query that makes the server work without bound
is slow every time. The time is measured here only, never asserted elsewhere in the suite.
"""

import time
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from browse.filters import SORTS, parameter_names
from commitments.models import Stage
from tests.fuzz.conftest import fuzz_settings

SECONDS = 1.0

ADDRESSES = [
    "/",
    "/meetings/",
    "/commitments/freedom-edge/",
    "/commitments/old-secretariat/",
    "/meetings/lima/",
    "/statements/lima-statement/",
    "/actors/united-states/",
    "/topics/dprk/",
    "/feeds/mentions/",
    "/commitments/freedom-edge/feed/",
    "/topics/dprk/feed/",
    "/actors/unsc/feed/",
    "/sitemap.xml",
    "/sitemap-commitments.xml",
    "/robots.txt",
    "/export/commitments.csv",
    "/export/mentions.csv",
    "/export/commitments.json",
    "/api/commitments",
    "/api/commitments/freedom-edge",
    "/api/topics",
    "/api/actors",
    "/api/series",
    "/api/meetings",
    "/api/openapi.json",
    "/api/docs",
]
# The same places with a name that names nothing, or no name at all.
PATTERNS = [
    "/commitments/{}/",
    "/meetings/{}/",
    "/statements/{}/",
    "/actors/{}/",
    "/topics/{}/",
    "/commitments/{}/feed/",
    "/topics/{}/feed/",
    "/actors/{}/feed/",
    "/sitemap-{}.xml",
    "/api/commitments/{}",
]

NAMES = st.sampled_from(
    [*parameter_names(), "page", "per_page", "format", "callback", "q[]", "", "__proto__"]
) | st.text(max_size=20)
OPERATORS = st.lists(
    st.sampled_from(["-", '"', "“", "or", "OR", "&", "|", "!", "(", ")", ":*", "<->", "'", "\\"])
    | st.sampled_from(["dprk", "north korea", "secretariat", "missile", "a", "the"]),
    max_size=60,
).map(" ".join)
VALUES = st.one_of(
    st.sampled_from(
        ["dprk", "lima", "vfm", "unsc", "freedom-edge", "nope", "<b>", "", " ", "0", "-1", "2"]
    ),
    st.sampled_from([*Stage.values, *SORTS, "2024-05-01", "2024-13-45", "99999999", "1e9"]),
    OPERATORS,
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=8).map(lambda s: s * 500),
    st.sampled_from(["-" * 33, "- " * 60 + "x", "a or " + "-" * 60, "x" * 10_000]),
)
# Percent-escapes that do not decode, separators, a bare name, a NUL.
RAW = st.sampled_from(["%", "%zz", "%ff%fe", "&&", "=", "==x", ";", "q", "q=%00", "page=%C0%AF"])


@st.composite
def query_strings(draw):
    """A query string: encoded name=value pairs (names repeat) mixed with raw pieces."""
    parts = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.integers(0, 5)) == 0:
            parts.append(draw(RAW))
        else:
            name, value = draw(NAMES), draw(VALUES)
            parts.append(f"{quote(name, safe='')}={quote(value, safe='')}")
    return "&".join(parts)


def fetch(client, path, query, partial):
    """The whole answer (a stream read to its end) and the seconds it took (the faster of two
    when the first took over SECONDS)."""
    response, seconds = _timed(client, path, query, partial)
    if seconds >= SECONDS:
        response, again = _timed(client, path, query, partial)
        seconds = min(seconds, again)
    return response, seconds


def _timed(client, path, query, partial):
    headers = {"HX-Request": "true"} if partial else {}
    started = time.perf_counter()
    response = client.get(f"{path}?{query}", headers=headers)
    if response.streaming:
        b"".join(response.streaming_content)
    return response, time.perf_counter() - started


@pytest.fixture
def warm_client(client, world):
    """A client that has opened every address once (templates compiled, indexes built)."""
    for path in ADDRESSES:
        fetch(client, path, "", partial=False)
    return client


@fuzz_settings(examples=150)
@given(path=st.sampled_from(ADDRESSES), query=query_strings(), partial=st.booleans())
def test_no_query_string_makes_a_server_error_or_a_slow_answer(warm_client, path, query, partial):
    response, seconds = fetch(warm_client, path, query, partial)

    assert response.status_code < 500, (path, query)
    assert seconds < SECONDS, (path, query, seconds)


SEARCHED = ["/", "/api/commitments", "/export/commitments.csv", "/export/commitments.json"]
SEARCH_TEXT = OPERATORS | st.text(max_size=200) | st.sampled_from(["-" * 33, "- " * 60 + "x"])


@fuzz_settings(examples=80)
@given(path=st.sampled_from(SEARCHED), text=SEARCH_TEXT, query=query_strings())
def test_no_search_text_makes_a_server_error_or_a_slow_answer(warm_client, path, text, query):
    response, seconds = fetch(warm_client, path, f"q={quote(text, safe='')}&{query}", False)

    assert response.status_code < 500, (path, text, query)
    assert seconds < SECONDS, (path, text, query, seconds)


@fuzz_settings(examples=60)
@given(
    pattern=st.sampled_from(PATTERNS),
    name=st.text(min_size=1, max_size=300) | st.sampled_from(["..", "%2e%2e", "a" * 5000]),
    query=query_strings(),
)
def test_no_address_makes_a_server_error_or_a_slow_answer(warm_client, pattern, name, query):
    response, seconds = fetch(warm_client, pattern.format(quote(name, safe="")), query, False)

    assert response.status_code < 500, (pattern, name, query)
    assert seconds < SECONDS, (pattern, name, query, seconds)
