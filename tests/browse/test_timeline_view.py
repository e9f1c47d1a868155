import re

import pytest

from tests.builders import make_clause, make_mention
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def page(client, slug):
    response = client.get(f"/commitments/{slug}/")
    assert response.status_code == 200
    return response.content.decode()


def test_timeline_shows_the_commitments_facts(client, world):
    html = page(client, "freedom-edge")
    assert "<h1>Annual trilateral exercise (Freedom Edge)</h1>" in html
    assert "Hold a named multi-domain trilateral exercise every year." in html
    assert 'href="/topics/dprk/"' in html and 'href="/actors/japan/"' in html
    assert "First made" in html and "18 August 2023" in html
    assert "Last mentioned" in html and "15 November 2024" in html
    assert 'class="stage stage-reaffirmed"' in html


def test_timeline_lists_meetings_in_date_order_with_their_details(client, world):
    html = page(client, "freedom-edge")
    order = [
        html.index(f'id="meeting-{slug}"') for slug in ["camp-david", "dtt-14", "vfm-oct", "lima"]
    ]
    assert order == sorted(order)
    assert 'id="meeting-vfm-may"' not in html
    assert "24 April 2024</time> · Working level · Defense Trilateral Talks · virtual" in html
    assert "18 August 2023</time> · Leaders level" in html
    assert "virtual" in html and "Seoul" in html


def test_the_commitments_words_are_highlighted_in_the_quoted_clause(client, world):
    html = page(client, "freedom-edge")
    assert "We commit <mark>to hold trilateral exercises annually</mark>." in html


def test_each_quote_links_to_its_clause_in_the_statement(client, world):
    html = page(client, "freedom-edge")
    assert 'href="/statements/lima-statement/#clause-2"' in html


def test_the_translations_wording_is_shown_beside_the_mention(client, world):
    html = page(client, "trilateral-secretariat")
    assert "Unofficial translation" in html
    assert "Today, the leaders launched the Trilateral Secretariat." in html


def test_pending_mentions_are_not_public(client, world):
    html = page(client, "trilateral-secretariat")
    assert "They discussed maritime cooperation." not in html
    assert 'id="meeting-vfm-may"' not in html


def test_not_mentioned_since_where_a_series_met_again_without_it(client, world):
    html = page(client, "missile-warning")
    assert "Not mentioned since <a" in html
    assert "the Leaders&#x27; Summit met again at" in html
    assert "the Vice Foreign Ministerial Dialogue met again at" in html
    assert 'href="/meetings/vfm-oct/"' in html


def test_no_silence_when_the_series_has_not_met_again(client, world):
    assert "Not mentioned since <a" not in page(client, "trilateral-secretariat")


def test_the_drawn_timeline_has_one_marker_per_meeting(client, world):
    html = page(client, "freedom-edge")
    for width in ("wide", "narrow"):  # the phone's drawing shows the same points
        svg = drawing(html, width)
        assert svg.count('class="point stage-') == 4
        assert 'href="#mark-achieved"' in svg and 'href="#mark-in_progress"' in svg


def drawing(html, width):
    start = html.index(f'<svg class="timeline-svg {width}')
    return html[start : html.index("</svg>", start)]


def test_silent_meetings_are_drawn_differently(client, world):
    html = page(client, "missile-warning")
    assert drawing(html, "wide").count('class="point point-silent"') == 2
    assert drawing(html, "narrow").count('class="point point-silent"') == 2


def test_the_phone_drawing_is_half_as_wide_with_few_ticks(client, world):
    timeline = client.get("/commitments/missile-warning/").context["timeline"]
    narrow = timeline.narrow_drawing
    assert (narrow.width, timeline.drawing.width) == (400, 800)
    assert [p.number for p in narrow.points] == [p.number for p in timeline.drawing.points]
    assert 1 <= len(narrow.ticks) <= 5


def test_share_meta_tags_and_canonical_url(client, world):
    html = page(client, "freedom-edge")
    assert '<link rel="canonical" href="http://testserver/commitments/freedom-edge/">' in html
    assert '<meta property="og:title" content="Annual trilateral exercise (Freedom Edge)">' in html
    assert "Furthest stage: achieved; latest word: reaffirmed." in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="twitter:description"' in html


def test_copy_link_control_works_without_javascript(client, world):
    html = page(client, "freedom-edge")
    assert (
        '<input id="permalink" type="url" readonly value="http://testserver/commitments/freedom-edge/">'
        in html
    )
    assert 'data-copy="permalink" hidden' in html
    assert "/static/js/copy-link.js" in html


def test_an_old_address_redirects_permanently(client, world):
    response = client.get("/commitments/old-secretariat/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/commitments/trilateral-secretariat/"


def test_an_unknown_commitment_is_not_found(client, world):
    assert client.get("/commitments/nothing-here/").status_code == 404


def test_a_commitment_without_public_mentions_still_has_a_page(client, world):
    html = page(client, "draft-idea")
    assert "No published statement has been tagged with this commitment yet." in html


def test_entries_are_numbered_as_the_drawn_points(client, world):
    html = page(client, "missile-warning")
    point = r'<a href="#meeting-([\w-]+)" class="point[^"]*" transform="[^"]*">\s*<title>(\d+)\.'
    drawn = re.findall(point, drawing(html, "wide"))
    assert re.findall(point, drawing(html, "narrow")) == drawn
    listed = re.findall(
        r'<li class="entry" id="meeting-([\w-]+)">\s*<header class="entry-head">\s*'
        r'<span class="entry-num" aria-hidden="true">(\d+)</span>',
        html,
    )
    assert listed and set(listed) <= set(drawn)
    assert [number for _, number in drawn] == [str(n) for n in range(1, len(drawn) + 1)]


def test_the_stage_of_each_mention_is_shown_when_a_meeting_has_several(client, world):
    second = make_clause(world.s_lima, "We will expand the Secretariat's staff.")
    make_mention(second, world.secretariat, "expanded")
    html = page(client, "trilateral-secretariat")
    sources = re.findall(r'<p class="mention-source">(.*?)</p>', html)
    assert len(sources) == 2
    assert all(source.startswith('<span class="stage stage-') for source in sources)
    assert "stage-expanded" in sources[1]


def test_a_single_mention_at_a_meeting_carries_no_badge_of_its_own(client, world):
    html = page(client, "freedom-edge")
    sources = re.findall(r'<p class="mention-source">(.*?)</p>', html)
    assert sources and all(s.startswith('<a class="quote-link"') for s in sources)


def test_the_timeline_shows_both_stages_with_the_latest_meeting(client, world):
    html = page(client, "missile-warning")
    assert "<dt>Furthest stage</dt>" in html
    assert "<dt>Latest word</dt>" in html
    assert '<a href="#meeting-vfm-may">VFM Dialogue</a>' in html


def test_a_stalled_latest_word_is_a_warning(client, world):
    from tests.builders import make_clause, make_mention, make_statement

    make_mention(make_clause(make_statement(world.lima)), world.warning, "stalled")
    html = page(client, "missile-warning")
    assert 'class="latest-word warning">Warning: ' in html
