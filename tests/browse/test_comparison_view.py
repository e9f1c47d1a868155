"""Comparing two meetings: the page, its groups on the small world, refusals, its downloads and
the API, and its query budget."""

import csv
import io
import json

import pytest

from browse.compare import GROUP_KEYS
from tests.builders import make_clause, make_meeting, make_mention, make_statement
from tests.world import build_world

pytestmark = pytest.mark.django_db

URL = "/meetings/compare/"


@pytest.fixture
def world():
    return build_world()


def groups(response):
    assert response.status_code == 200, response.content.decode()[:500]
    return {
        key: [e.commitment.slug for e in entries]
        for key, _, _, entries in response.context["comparison"].groups
    }


def test_new_and_dropped_between_two_leaders_meetings(client, world):
    found = groups(client.get(f"{URL}?from=camp-david&to=lima"))
    assert found["new"] == ["trilateral-secretariat"]
    assert found["held"] == ["freedom-edge"]  # pledged, then reaffirmed
    assert found["dropped"] == ["condemn-launches", "missile-warning"]
    assert found["advanced"] == found["achieved"] == found["stalled"] == []


def test_advanced_and_achieved_across_series(client, world):
    found = groups(client.get(f"{URL}?from=camp-david&to=dtt-14"))
    assert found["advanced"] == ["freedom-edge"]  # pledged, then in progress
    assert found["achieved"] == ["missile-warning"]  # pledged, then achieved
    assert found["dropped"] == ["condemn-launches"]


def test_a_commitment_said_before_the_earlier_meeting_is_compared_with_what_it_had_reached(
    client, world
):
    # Freedom Edge was in progress by the DTT in April; the May dialogue is silent on it.
    found = groups(client.get(f"{URL}?from=vfm-may&to=vfm-oct"))
    assert found["achieved"] == ["freedom-edge"]
    assert found["dropped"] == ["maritime-cooperation", "missile-warning"]


def test_held_after_achieved_is_no_step_back(client, world):
    found = groups(client.get(f"{URL}?from=vfm-oct&to=lima"))
    assert found["held"] == ["freedom-edge"]
    assert found["new"] == ["trilateral-secretariat"]


def test_stalled_at_the_later_meeting(client, world):
    make_mention(make_clause(make_statement(world.lima)), world.warning, "stalled")
    found = groups(client.get(f"{URL}?from=dtt-14&to=lima"))
    assert found["stalled"] == ["missile-warning"]


def test_the_order_given_does_not_matter(client, world):
    one = groups(client.get(f"{URL}?from=lima&to=camp-david"))
    other = groups(client.get(f"{URL}?from=camp-david&to=lima"))
    assert one == other
    comparison = client.get(f"{URL}?from=lima&to=camp-david").context["comparison"]
    assert (comparison.earlier.slug, comparison.later.slug) == ("camp-david", "lima")


def test_each_entry_quotes_both_meetings_with_links_to_the_clauses(client, world):
    html = client.get(f"{URL}?from=camp-david&to=dtt-14").content.decode()
    assert "We will launch missile warning data sharing by the end of 2023." in html
    assert "Missile warning data sharing now operates." in html
    assert 'href="/statements/spirit-of-camp-david/#clause-2"' in html
    assert 'href="/statements/dtt-14-statement/#clause-2"' in html


def test_a_translation_does_not_quote_the_same_words_twice(client, world):
    comparison = client.get(f"{URL}?from=vfm-oct&to=lima").context["comparison"]
    secretariat = next(e for e in comparison.entries if e.group == "new")
    assert [q.statement_slug for q in secretariat.later_quotes] == ["lima-statement"]


def test_counts_by_topic_head_the_page(client, world):
    response = client.get(f"{URL}?from=camp-david&to=lima")
    rows = {
        t.slug if t else None: (c, n) for t, c, n in response.context["comparison"].topic_counts
    }
    assert rows["dprk"][0]["dropped"] == 2 and rows["dprk"][0]["held"] == 1
    assert rows["technology"][1] == 1
    assert rows[None][0]["new"] == 1  # the secretariat has no topic
    assert "By topic" in response.content.decode()


def test_topic_and_actor_narrow_it(client, world):
    assert groups(client.get(f"{URL}?from=camp-david&to=lima&topic=technology")) == {
        key: (["missile-warning"] if key == "dropped" else []) for key in GROUP_KEYS
    }
    found = groups(client.get(f"{URL}?from=camp-david&to=lima&actor=unsc"))
    assert found["dropped"] == ["condemn-launches", "missile-warning"]
    assert found["new"] == found["held"] == []


def test_pending_mentions_and_drafts_are_not_compared(client, world):
    draft = make_statement(world.lima, published=False)
    make_mention(make_clause(draft), world.maritime_c, "achieved")
    found = groups(client.get(f"{URL}?from=vfm-may&to=lima"))
    assert "maritime-cooperation" in found["dropped"]  # its draft mention does not count
    assert "trilateral-secretariat" in found["new"]  # its pending mention in May neither


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("from=lima&to=lima", "the same meeting"),
        ("from=lima", "“to” names none"),
        ("from=lima&to=atlantis", "There is no public meeting called “atlantis”."),
        ("from=lima&to=no%20slug", "is not a meeting"),
        ("from=lima&to=camp-david&topic=atlantis", "There is no topic called “atlantis”."),
        ("from=lima&to=camp-david&colour=red", "“colour” is not a parameter here"),
    ],
)
def test_a_bad_comparison_is_a_400_with_words(client, world, query, words):
    response = client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert words in response.content.decode()


def test_a_draft_meeting_is_no_public_meeting(client, world):
    make_meeting(world.leaders, slug="secret-summit", published=False)
    response = client.get(f"{URL}?from=lima&to=secret-summit")
    assert response.status_code == 400
    assert "There is no public meeting called “secret-summit”." in response.content.decode()
    assert 'value="secret-summit"' not in client.get("/meetings/lima/").content.decode()


def test_the_page_runs_a_fixed_number_of_queries(client, world, django_assert_max_num_queries):
    # meetings, topics named, mentions, stages before, topics of the commitments
    with django_assert_max_num_queries(5):
        client.get(f"{URL}?from=camp-david&to=lima&topic=dprk")


def test_every_meeting_page_offers_to_compare(client, world):
    html = client.get("/meetings/lima/").content.decode()
    assert "Compare with…" in html
    assert '<form class="compare-with" method="get" action="/meetings/compare/"' in html
    assert "/meetings/compare/?from=camp-david&amp;to=lima" in html  # previous of the series
    assert "/meetings/compare/?from=vfm-oct&amp;to=lima" in html  # previous of any series
    assert '<option value="dtt-14">' in html


def test_csv_has_a_row_per_commitment_and_safe_cells(client, world):
    world.warning.title = "=HYPERLINK(1)"
    world.warning.save()
    response = client.get("/meetings/compare.csv?from=camp-david&to=dtt-14")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    by_slug = {r["commitment_slug"]: r for r in rows}
    assert by_slug["missile-warning"]["group"] == "achieved"
    assert by_slug["missile-warning"]["commitment"] == "'=HYPERLINK(1)"
    assert by_slug["missile-warning"]["later_words"] == "Missile warning data sharing now operates."
    assert by_slug["freedom-edge"]["earlier_stage"] == "pledged"


def test_json_download_and_api_give_one_record(client, world):
    query = "from=dtt-14&to=camp-david"
    download = json.loads(client.get(f"/meetings/compare.json?{query}").content)
    from_api = client.get(f"/api/comparison?{query}").json()
    download.pop("generated_at")
    assert download == from_api
    assert from_api["earlier"]["slug"] == "camp-david"
    assert from_api["counts"]["achieved"] == 1
    warning = next(c for c in from_api["commitments"] if c["slug"] == "missile-warning")
    assert warning["group"] == "achieved"
    assert warning["furthest_stage"] == "achieved" and warning["latest_stage"] == "reaffirmed"
    assert warning["later"]["mentions"][0]["clause_url"].endswith(
        "/statements/dtt-14-statement/#clause-2"
    )


def test_bad_downloads_and_api_calls_fail_with_words(client, world):
    csv_response = client.get("/meetings/compare.csv?from=lima&to=lima")
    assert csv_response.status_code == 400
    assert "same meeting" in csv_response.content.decode()
    api_response = client.get("/api/comparison?from=lima&to=atlantis")
    assert api_response.status_code == 400
    assert "There is no public meeting called “atlantis”." in api_response.json()["errors"]
    assert client.get("/api/comparison?from=lima").status_code == 400


def test_a_topic_can_be_chosen_on_the_page(client, world):
    html = client.get(f"{URL}?from=camp-david&to=lima&topic=dprk").content.decode()
    assert '<form class="compare-narrow" method="get" action="/meetings/compare/">' in html
    assert '<option value="dprk" selected>DPRK (3)</option>' in html
