import datetime
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

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
from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def titles(response):
    return [c.title for c in response.context["result"].commitments]


def choice(response, facet, value):
    return next(c for c in response.context["result"].facets[facet] if c.value == value)


def test_browser_lists_only_commitments_with_accepted_mentions(client, world):
    response = client.get("/")
    assert response.status_code == 200
    assert "Draft idea nobody mentioned" not in titles(response)
    assert len(titles(response)) == 5


def test_default_order_is_last_activity(client, world):
    assert titles(client.get("/")) == [
        "Annual trilateral exercise (Freedom Edge)",  # Lima, created first
        "Trilateral Secretariat",  # Lima
        "Missile warning data sharing",  # May 2024
        "Maritime security cooperation",  # May 2024, created later
        "Condemn DPRK missile launches",  # Camp David
    ]


def test_topic_filter_keeps_commitments_with_any_chosen_topic(client, world):
    assert set(titles(client.get("/?topic=dprk"))) == {
        "Annual trilateral exercise (Freedom Edge)",
        "Missile warning data sharing",
        "Condemn DPRK missile launches",
    }
    assert len(titles(client.get("/?topic=dprk&topic=maritime-security"))) == 4


def test_actor_filter(client, world):
    assert set(titles(client.get("/?actor=unsc"))) == {
        "Missile warning data sharing",
        "Condemn DPRK missile launches",
    }


def test_filters_of_different_facets_combine(client, world):
    assert titles(client.get("/?topic=dprk&actor=unsc&stage=reaffirmed")) == [
        "Missile warning data sharing",
        "Condemn DPRK missile launches",
    ]


def test_latest_stage_filter(client, world):
    assert titles(client.get("/?stage=achieved")) == ["Trilateral Secretariat"]


def test_the_furthest_stage_filter_never_sees_a_step_back(client, world):
    # Missile warning: pledged, achieved, then reaffirmed; Freedom Edge: achieved, then reaffirmed.
    assert set(titles(client.get("/?furthest=achieved"))) == {
        "Missile warning data sharing",
        "Annual trilateral exercise (Freedom Edge)",
        "Trilateral Secretariat",
    }
    assert set(titles(client.get("/?furthest=achieved&latest=reaffirmed"))) == {
        "Missile warning data sharing",
        "Annual trilateral exercise (Freedom Edge)",
    }


def test_stage_and_latest_select_the_same(client, world):
    assert titles(client.get("/?stage=reaffirmed")) == titles(client.get("/?latest=reaffirmed"))


def test_furthest_stage_counts_offer_the_progress_stages_only(client, world):
    response = client.get("/")
    values = [c.value for c in response.context["result"].facets["furthest"]]
    assert values == ["pledged", "in_progress", "achieved", "expanded"]
    # Condemn DPRK missile launches is only ever reaffirmed: pledged at least.
    assert choice(response, "furthest", "pledged").count == 2


def test_a_row_shows_both_stages(client, world):
    html = client.get("/?q=missile warning").content.decode()
    assert "Furthest stage: </span>achieved" in html
    assert "latest word: <span" in html


def test_stage_at_any_mention_ignores_pending_mentions(client, world):
    assert set(titles(client.get("/?mention_stage=pledged"))) == {
        "Annual trilateral exercise (Freedom Edge)",
        "Missile warning data sharing",
        "Maritime security cooperation",
    }


def test_series_and_meeting_filters(client, world):
    assert set(titles(client.get("/?series=vfm"))) == {
        "Annual trilateral exercise (Freedom Edge)",
        "Missile warning data sharing",
        "Maritime security cooperation",
    }
    assert set(titles(client.get("/?meeting=lima"))) == {
        "Annual trilateral exercise (Freedom Edge)",
        "Trilateral Secretariat",
    }


def test_mentioned_between_needs_a_mention_inside_the_range(client, world):
    response = client.get("/?mentioned_after=2024-05-01&mentioned_before=2024-10-31")
    assert set(titles(response)) == {
        "Annual trilateral exercise (Freedom Edge)",
        "Missile warning data sharing",
        "Maritime security cooperation",
    }
    # First mentioned before and last after the range, but nothing inside it.
    assert titles(client.get("/?mentioned_after=2023-09-01&mentioned_before=2024-03-01")) == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("secretariat", "Trilateral Secretariat"),  # title
        ("coordinating", "Trilateral Secretariat"),  # alias
        ("operates", "Missile warning data sharing"),  # quoted clause text
        ("multi-domain", "Annual trilateral exercise (Freedom Edge)"),  # summary
    ],
)
def test_free_text_searches_titles_aliases_and_clause_text(client, world, query, expected):
    assert titles(client.get("/", {"q": query})) == [expected]


def test_free_text_ignores_clauses_of_pending_mentions(client, world):
    assert titles(client.get("/?q=maritime")) == ["Maritime security cooperation"]


def test_each_choice_counts_the_commitments_it_would_leave(client, world):
    response = client.get("/?stage=reaffirmed")
    assert choice(response, "topic", "dprk").count == 3
    assert choice(response, "topic", "technology").count == 1
    assert choice(response, "topic", "maritime-security").count == 0
    assert choice(response, "series", "vfm").count == 2
    assert choice(response, "meeting", "lima").count == 1


def test_a_facet_counts_ignore_its_own_choice(client, world):
    response = client.get("/?stage=achieved")
    assert choice(response, "latest", "reaffirmed").count == 3
    assert choice(response, "latest", "achieved").selected  # `stage=` reads as `latest=`


def test_stage_at_any_mention_counts(client, world):
    response = client.get("/")
    assert choice(response, "mention_stage", "pledged").count == 3
    assert choice(response, "mention_stage", "achieved").count == 3
    assert choice(response, "mention_stage", "stalled").count == 0


def test_counts_are_rendered_next_to_each_choice(client, world):
    html = client.get("/").content.decode()
    assert re.search(r'id="f-topic-dprk">.*?<b>3<', html, re.S)


@pytest.mark.parametrize(
    "sort, first",
    [
        ("title", "Annual trilateral exercise (Freedom Edge)"),
        ("meetings", "Annual trilateral exercise (Freedom Edge)"),
        ("first", "Trilateral Secretariat"),
    ],
)
def test_sort_orders(client, world, sort, first):
    assert titles(client.get("/", {"sort": sort}))[0] == first


def test_results_are_paginated(client, world, monkeypatch):
    monkeypatch.setattr("browse.results.PER_PAGE", 2)
    first, third = client.get("/?sort=title"), client.get("/?sort=title&page=3")
    assert len(titles(first)) == 2
    assert titles(third) == ["Trilateral Secretariat"]
    html = first.content.decode()
    # Without JavaScript the link lands at the results; with htmx the swap shows their top.
    assert 'href="?sort=title&amp;page=2#rows"' in html
    assert 'hx-get="?sort=title&amp;page=2"' in html and 'hx-swap="outerHTML show:top"' in html


def test_an_empty_result_says_so_and_offers_to_clear_filters(client, world):
    html = client.get("/?topic=maritime-security&actor=unsc").content.decode()
    assert "No commitments match these filters." in html
    assert "Clear all filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "mentioned_after=yesterday",
        "mentioned_after=2024-13-45",
        "mentioned_after=2024-10-01&mentioned_before=2024-01-01",
        "stage=forgotten",
        "mention_stage=%00",
        "topic=%3Cscript%3Ealert(1)%3C/script%3E",
        "topic=" + "x" * 500,
        "meeting=no%20spaces",
        "sort=sideways",
    ],
)
def test_bad_filter_values_get_a_clear_message_not_a_server_error(client, world, query):
    response = client.get("/?" + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Some filters could not be used" in html
    assert "<script>alert" not in html


def test_an_unknown_name_is_reported(client, world):
    response = client.get("/?topic=no-such-topic")
    assert response.status_code == 400
    assert "There is no topic called “no-such-topic”." in response.content.decode()


def test_garbage_page_numbers_fall_back_to_a_page(client, world):
    for page in ["abc", "-1", "99999", "1.5", ""]:
        assert client.get("/", {"page": page}).status_code == 200


def test_valid_filters_still_apply_beside_a_bad_one(client, world):
    response = client.get("/?stage=achieved&mentioned_after=nonsense")
    assert titles(response) == ["Trilateral Secretariat"]


def test_htmx_request_gets_the_partial_and_a_clean_pushed_url(client, world):
    response = client.get("/?topic=dprk&q=&stage=&page=1", headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert 'id="browser"' in html and 'id="filters"' in html
    assert response.headers["HX-Push-Url"] == "/?topic=dprk"
    assert "HX-Request" in response.headers["Vary"]


def test_history_restore_gets_the_full_page(client, world):
    headers = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    html = client.get("/?topic=dprk", headers=headers).content.decode()
    assert "<html" in html


def test_each_row_has_one_marker_per_meeting_in_date_order(client, world):
    response = client.get("/?sort=title")
    result = response.context["result"]
    assert [m.slug for m in result.columns] == [
        "camp-david",
        "dtt-14",
        "vfm-may",
        "vfm-oct",
        "lima",
    ]
    exercise = result.commitments[0]
    assert [m.stage for m in exercise.strip.markers] == [
        "pledged",
        "in_progress",
        "",
        "achieved",
        "reaffirmed",
    ]


def test_blank_markers_say_why_they_are_blank(client, world):
    result = client.get("/?sort=title").context["result"]
    strips = {c.title: [m.stage or m.absence for m in c.strip.markers] for c in result.commitments}
    # Columns: Camp David, DTT 14, VFM May, VFM Oct, Lima.
    assert strips["Missile warning data sharing"] == [
        "pledged",
        "achieved",
        "reaffirmed",
        "silent",  # the VFM met again in October without it
        "silent",  # and so did the leaders, in Lima
    ]
    assert strips["Trilateral Secretariat"] == ["unmade", "unmade", "unmade", "unmade", "achieved"]
    assert strips["Annual trilateral exercise (Freedom Edge)"][2] == "absent"  # mentioned in Oct


def test_the_key_to_the_markers_comes_before_the_grid(client, world):
    html = client.get("/").content.decode()
    key = html.index('<ul class="key"')
    assert key < html.index('<table class="commitments">')
    for words in ("not mentioned<", "not mentioned since<", "not yet made<", "achieved<"):
        assert words in html[key : html.index("</ul>", key)]


def test_a_marker_carries_the_meeting_and_the_quoted_words(client, world):
    html = client.get("/?meeting=lima&topic=dprk").content.decode()
    assert "<i>Leaders&#x27; Summit, 15 Nov 2024</i>: <b>reaffirmed</b>" in html
    assert "<q>We reaffirm trilateral exercises such as Freedom Edge.</q>" in html
    assert 'class="marker stage-reaffirmed" tabindex="0"' in html


def test_columns_follow_the_date_range(client, world):
    response = client.get("/?mentioned_after=2024-05-01")
    assert [m.slug for m in response.context["result"].columns] == ["vfm-may", "vfm-oct", "lima"]


def test_meetings_before_the_most_recent_still_get_columns_in_their_date_range(
    client, world, monkeypatch
):
    monkeypatch.setattr("browse.selection.MAX_MEETING_CHOICES", 2)
    response = client.get("/?mentioned_before=2024-10-15")
    assert [m.slug for m in response.context["result"].columns] == ["dtt-14", "vfm-may"]
    assert [c.value for c in response.context["result"].facets["meeting"]] == ["vfm-may", "dtt-14"]


def test_columns_are_capped_to_the_most_recent_meetings(client, world, monkeypatch):
    monkeypatch.setattr("browse.results.MAX_COLUMNS", 2)
    response = client.get("/")
    assert [m.slug for m in response.context["result"].columns] == ["vfm-oct", "lima"]
    html = response.content.decode()
    assert "2 most recent of 5 meetings" in html
    assert 'href="/?mentioned_before=2024-10-15">Show the earlier meetings</a>' in html
    earlier = client.get("/?mentioned_before=2024-10-15")
    assert [m.slug for m in earlier.context["result"].columns] == ["dtt-14", "vfm-may"]


def test_pages_carry_no_inline_script_or_style(client, world):
    for url in ["/", "/commitments/freedom-edge/", "/meetings/", "/meetings/lima/"]:
        html = client.get(url).content.decode()
        assert " style=" not in html
        assert "hx-on" not in html
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html)


def busy_world():
    """A full first page: 40 commitments, each at 6 of 12 meetings, 15 topics, 30 actors; names
    and quotes as long as the curated corpus's (titles ~46, highlighted words ~75 characters)."""
    series = [make_series(f"Series {i}", slug=f"series-{i}") for i in range(3)]
    meetings = [
        make_meeting(
            series[i % 3],
            datetime.date(2023, 1, 1) + datetime.timedelta(days=45 * i),
            title=f"Vice Foreign Ministerial Dialogue, Seoul, no. {i}",
            slug=f"2024-01-{i + 10}-vice-foreign-ministerial-dialogue",
        )
        for i in range(12)
    ]
    topics = [make_topic(f"Topic name {i}") for i in range(15)]
    actors = [make_actor(f"Actor with a long name {i}") for i in range(30)]
    quote = "The three countries reaffirmed their commitment to deepen cooperation " * 3
    for n in range(40):
        commitment = make_commitment(
            f"A commitment with a realistic, fairly long title {n}",
            slug=f"commitment-of-realistic-length-{n}",
        )
        commitment.topics.add(topics[n % 15], topics[(n + 1) % 15])
        commitment.actors.add(*actors[n % 28 : n % 28 + 3])
        for k in range(6):
            meeting = meetings[(n + 2 * k) % 12]
            statement = meeting.statements.first() or make_statement(meeting)
            clause = make_clause(statement, text=f"{quote} ({n})", start=0)
            make_mention(clause, commitment, "reaffirmed", span_start=4, span_end=80)


def test_browser_page_weighs_under_150_kb_on_first_load(client):
    busy_world()
    html = client.get("/").content
    assets = re.findall(rb'<link rel="(?:stylesheet|icon)" href="/static/([^"]+)"', html)
    assets += re.findall(rb'<script[^>]+src="/static/([^"]+)"', html)
    assert b"htmx" in b" ".join(assets), "expected htmx among the linked scripts"
    assert b"favicon.svg" in assets, "expected the icon among the linked files"
    total = len(html)
    for asset in assets:
        path = finders.find(asset.decode())
        with open(path, "rb") as f:
            total += len(f.read())
    assert total < 150 * 1024, f"{total} bytes"


def test_the_stage_vocabulary_is_documented(client, world):
    html = client.get(reverse("browser")).content.decode()
    assert "About stages" in html
    assert "reports a delay or obstacle".capitalize() in html


def test_long_facet_lists_are_capped_and_say_so(client, world, monkeypatch):
    monkeypatch.setattr("browse.selection.MAX_MEETING_CHOICES", 2)
    response = client.get("/")
    assert [c.value for c in response.context["result"].facets["meeting"]] == ["lima", "vfm-oct"]
    assert "The 2 most recent meetings" in response.content.decode()
