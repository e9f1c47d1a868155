"""Names and texts with markup in them are shown as text on every public page: the templates
escape what the partials print, in content and in attributes."""

import datetime

import pytest

from tests.builders import (
    make_actor,
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
    make_topic,
)

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert(\"x\")</script> & 'quotes'"
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;"


@pytest.fixture
def hostile():
    """A commitment, its topic, actor, meeting, statement, clause and translation, all named
    with markup; mentioned twice at one meeting (so each mention shows its stage)."""
    series = make_series(HOSTILE, slug="series")
    meeting = make_meeting(
        series, datetime.date(2024, 11, 15), title=HOSTILE, slug="m", place=HOSTILE
    )
    later = make_meeting(series, datetime.date(2025, 3, 1), title=HOSTILE, slug="later")
    body = f"We commit to {HOSTILE}. We reaffirm {HOSTILE}."
    statement = make_statement(meeting, body=body, title=HOSTILE, slug="s", publisher=HOSTILE)
    first = make_clause(statement, f"We commit to {HOSTILE}.")
    second = make_clause(statement, f"We reaffirm {HOSTILE}.")
    translation = make_statement(
        meeting, body=HOSTILE, title=HOSTILE, slug="t", translation_of=statement
    )
    make_clause(translation, HOSTILE, aligned_to=first)
    make_statement(later, title=HOSTILE, slug="later-statement")
    commitment = make_commitment(HOSTILE, slug="c", summary=HOSTILE)
    commitment.topics.add(make_topic(HOSTILE, slug="topic"))
    commitment.actors.add(make_actor(HOSTILE, slug="actor"))
    make_mention(first, commitment, "pledged", span_start=13, span_end=13 + len(HOSTILE))
    make_mention(second, commitment, "reaffirmed")
    return commitment


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/?topic=topic&actor=actor",
        "/commitments/c/",
        "/meetings/",
        "/meetings/m/",
        "/statements/s/",
        "/statements/t/",
        "/topics/topic/",
        "/actors/actor/",
    ],
)
def test_markup_in_names_is_shown_as_text(client, hostile, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html
    assert ESCAPED in html


def test_the_highlighted_words_are_escaped_inside_the_mark(client, hostile):
    html = client.get("/commitments/c/").content.decode()
    assert f"<p>We commit to <mark>{ESCAPED}</mark>.</p>" in html


def test_the_drawn_timeline_and_the_markers_escape_the_meeting_in_their_tooltips(client, hostile):
    timeline = client.get("/commitments/c/").content.decode()
    browser = client.get("/").content.decode()
    assert f"<title>1. {ESCAPED}, 15 Nov 2024: pledged</title>" in timeline
    assert f"<title>2. {ESCAPED}, 1 Mar 2025: not mentioned</title>" in timeline
    assert f'<span class="tip"><i>{ESCAPED}, 15 Nov 2024</i>: <b>pledged</b>' in browser
    assert f'title="{ESCAPED}, 15 Nov 2024"' in browser
