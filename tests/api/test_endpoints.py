import json
import re
from urllib.parse import quote, urlencode

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from browse.filters import SORTS, parameter_names
from commitments.models import Stage
from tests.browse.test_readers import INDEX_QUERIES
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

LIST = "/api/commitments"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def openapi(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def response_schema(openapi, path, status):
    """The schema the API documents for `path` answering `status`, with its components."""
    documented = openapi["paths"][path]["get"]["responses"][str(status)]
    schema = documented["content"]["application/json"]["schema"]
    return {**schema, "components": openapi["components"]}


def assert_valid(openapi, path, response):
    """The response's status is documented for the path and its body fits the schema."""
    assert str(response.status_code) in openapi["paths"][path]["get"]["responses"]
    schema = response_schema(openapi, path, response.status_code)
    errors = list(Draft202012Validator(schema).iter_errors(response.json()))
    assert not errors, [error.message for error in errors]


def page_slugs(client, query):
    response = client.get(f"/?{query}")
    return [c.slug for c in response.context["result"].page.paginator.object_list]


def all_api_slugs(client, query):
    slugs, url = [], f"{LIST}?{query}&per_page=2"
    while url:
        data = client.get(url).json()
        slugs += [c["slug"] for c in data["results"]]
        url = data["next"]
    return slugs


# -- the schema -------------------------------------------------------------------------------


def test_schema_is_served_at_a_documented_address(client):
    data = client.get(reverse("api:openapi-json")).json()
    assert data["openapi"].startswith("3.")
    assert {"/api/commitments", "/api/commitments/{slug}"} <= set(data["paths"])


def test_list_parameters_are_the_browsers_filters(openapi):
    documented = {p["name"] for p in openapi["paths"]["/api/commitments"]["get"]["parameters"]}
    assert documented == set(parameter_names()) | {"page", "per_page"}


def _parameters(openapi, path="/api/commitments"):
    return {p["name"]: p["schema"] for p in openapi["paths"][path]["get"]["parameters"]}


def test_schema_states_the_choices_the_filters_accept(openapi):
    parameters = _parameters(openapi)
    assert parameters["sort"]["anyOf"][0]["enum"] == list(SORTS)
    for name in ("stage", "mention_stage"):
        assert parameters[name]["items"]["enum"] == list(Stage.values)


def test_schema_states_the_shape_of_names_dates_and_text(openapi):
    parameters = _parameters(openapi)
    for name in ("topic", "actor", "series", "meeting"):
        pattern = parameters[name]["items"]["pattern"]
        assert re.fullmatch(pattern, "trilateral-secretariat")
        assert not re.fullmatch(pattern, "<b>")
    assert parameters["mentioned_after"]["anyOf"][0]["format"] == "date"
    assert parameters["q"]["anyOf"][0]["maxLength"] == 200


@pytest.mark.parametrize("path", ["/api/commitments", "/api/meetings"])
def test_schema_bounds_the_page(openapi, path):
    parameters = _parameters(openapi, path)
    assert parameters["page"]["minimum"] == 1
    assert parameters["page"]["maximum"] >= 1000
    assert parameters["per_page"]["maximum"] == 100


def test_a_value_outside_the_schema_gets_the_filters_message(client, world):
    response = client.get(f"{LIST}?sort=colour&topic=<b>")
    errors = " ".join(response.json()["errors"])
    assert response.status_code == 400
    assert "Sort by: Select a valid choice" in errors
    assert "is not a valid name here" in errors


@pytest.mark.parametrize(
    "path",
    ["/api/commitments", "/api/commitments/freedom-edge", "/api/topics", "/api/openapi.json"],
)
def test_head_answers_like_get_without_a_body(client, world, path):
    got, head = client.get(path), client.head(path)

    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == got["Content-Type"]
    assert head["Content-Length"] == str(len(got.content))


def test_docs_page_serves_swagger_from_our_static_files(client):
    response = client.get("/api/docs")
    html = response.content.decode()
    assert response.status_code == 200
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
    assert client.get("/static/ninja/swagger-ui-init.js").status_code == 200


def test_docs_page_has_no_inline_script(client):
    html = client.get("/api/docs").content.decode()
    for chunk in html.split("<script")[1:]:
        head, _, rest = chunk.partition(">")
        assert "src=" in head or 'type="application/json"' in head


# -- the list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "sort=title", "topic=dprk", "stage=achieved&stage=reaffirmed", "series=vfm&sort=first"],
)
def test_list_has_the_browsers_set_and_order(client, world, query):
    assert all_api_slugs(client, query) == page_slugs(client, query)


def test_list_response_validates_against_the_schema(client, world, openapi):
    assert_valid(openapi, "/api/commitments", client.get(f"{LIST}?per_page=2&page=2"))


def test_list_pages_link_to_each_other(client, world):
    data = client.get(f"{LIST}?topic=dprk&per_page=2").json()
    assert (data["count"], data["pages"], data["page"], data["previous"]) == (3, 2, 1, None)
    second = client.get(data["next"]).json()
    assert second["previous"].endswith("topic=dprk&per_page=2&page=1")
    assert second["next"] is None


def test_list_item_has_stable_fields(client, world):
    item = client.get(f"{LIST}?q=missile warning").json()["results"][0]
    assert set(item) == {
        "slug",
        "title",
        "url",
        "api_url",
        "furthest_stage",
        "latest_stage",
        "current_stage",
        "first_meeting",
        "last_meeting",
        "meeting_count",
        "mention_count",
        "topics",
        "actors",
    }
    assert item["api_url"] == "http://testserver/api/commitments/missile-warning"
    assert item["first_meeting"]["slug"] == "camp-david"


@pytest.mark.parametrize(
    "query, message",
    [
        ("stage=done", "Latest word (stage): Select a valid choice"),
        ("furthest=done", "Furthest stage: Select a valid choice"),
        ("topic=atlantis", "There is no topic called “atlantis”."),
        ("mentioned_before=soon", "Mentioned between"),
        ("page=0", "page"),
        ("page=x", "page"),
        ("page=9", "there are 1 pages"),
        ("per_page=1000", "per_page"),
        ("colour=red", "“colour” is not a filter here"),
    ],
)
def test_bad_query_gets_a_clear_400(client, world, openapi, query, message):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 400
    assert message in " ".join(response.json()["errors"])
    assert_valid(openapi, "/api/commitments", response)


_SLUGS = st.sampled_from(["dprk", "technology", "unsc", "japan", "vfm", "lima", "nope", "<b>", ""])
_PARAMS = st.sampled_from(
    [*parameter_names(), "page", "per_page", "unknown", "stage", "topic", "meeting"]
)
_VALUES = st.one_of(
    _SLUGS,
    st.sampled_from([*Stage.values, "done", "2024-05-01", "2024-13-01", "0", "2", "-1", "99"]),
    st.text(max_size=12),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=st.lists(st.tuples(_PARAMS, _VALUES), max_size=4))
def test_any_query_gets_a_documented_answer(client, world, openapi, pairs):
    # A bounded schemathesis-style run: whatever the query, a 200 or a 400 that fits the schema.
    response = client.get(f"{LIST}?{urlencode(pairs)}")
    assert response.status_code in (200, 400)
    assert_valid(openapi, "/api/commitments", response)


# -- one commitment ---------------------------------------------------------------------------


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    slug=st.one_of(
        st.sampled_from(["freedom-edge", "draft-idea", "old-secretariat", "FREEDOM-EDGE"]),
        st.text(alphabet=st.characters(blacklist_characters="/?#%", codec="utf-8"), min_size=1),
    )
)
def test_any_slug_gets_a_documented_answer(client, world, openapi, slug):
    response = client.get(f"{LIST}/{quote(slug)}")
    assert response.status_code in (200, 301, 404)
    if response.status_code != 301:
        assert_valid(openapi, "/api/commitments/{slug}", response)


def test_every_commitment_validates_against_the_schema(client, world, openapi):
    for slug in ["freedom-edge", "missile-warning", "trilateral-secretariat", "draft-idea"]:
        response = client.get(f"{LIST}/{slug}")
        assert response.status_code == 200
        assert_valid(openapi, "/api/commitments/{slug}", response)


def test_detail_has_timeline_meetings_statements_actors_topics(client, world):
    data = client.get(f"{LIST}/missile-warning").json()
    assert [e["meeting"]["slug"] for e in data["timeline"]] == ["camp-david", "dtt-14", "vfm-may"]
    assert [e["stage"] for e in data["timeline"]] == ["pledged", "achieved", "reaffirmed"]
    assert [m["slug"] for m in data["meetings"]] == ["camp-david", "dtt-14", "vfm-may"]
    quote = data["timeline"][1]["mentions"][0]
    assert quote["clause_text"] == "Missile warning data sharing now operates."
    assert quote["statement"]["slug"] == "dtt-14-statement"
    assert [s["slug"] for s in data["statements"]] == [
        "spirit-of-camp-david",
        "dtt-14-statement",
        "vfm-may-readout",
    ]
    assert data["statements"][0]["clauses"][0]["position"] == 2
    assert {a["slug"] for a in data["actors"]} == {
        "united-states",
        "japan",
        "republic-of-korea",
        "unsc",
    }
    assert [t["slug"] for t in data["topics"]] == ["dprk", "technology"]


def test_detail_shows_only_accepted_mentions(client, world):
    data = client.get(f"{LIST}/trilateral-secretariat").json()
    assert [e["meeting"]["slug"] for e in data["timeline"]] == ["lima"]
    assert "vfm-may-readout" not in [s["slug"] for s in data["statements"]]


def test_detail_gives_translations_of_a_clause(client, world):
    data = client.get(f"{LIST}/trilateral-secretariat").json()
    (translation,) = data["timeline"][0]["mentions"][0]["translations"]
    assert translation["statement"]["slug"] == "lima-statement-translation"
    assert translation["unofficial"] is True


def test_detail_names_the_official_text_of_a_translation(client, world):
    make_mention(world.c_sec_tr, world.secretariat, "achieved")
    data = client.get(f"{LIST}/trilateral-secretariat").json()
    translation = next(s for s in data["statements"] if s["slug"] == "lima-statement-translation")
    assert translation["translation_of"] == "lima-statement"


def test_detail_says_where_it_was_not_mentioned_since(client, world):
    data = client.get(f"{LIST}/maritime-cooperation").json()
    (gap,) = data["not_mentioned_since"]
    assert gap["last_mentioned_at"]["slug"] == "vfm-may"
    assert [m["slug"] for m in gap["later_meetings"]] == ["vfm-oct"]


def test_earlier_slug_redirects_to_the_commitment(client, world):
    response = client.get(f"{LIST}/old-secretariat")
    assert response.status_code == 301
    assert response["Location"] == "http://testserver/api/commitments/trilateral-secretariat"


def test_unknown_commitment_is_a_404_with_a_message(client, world, openapi):
    response = client.get(f"{LIST}/no-such-thing")
    assert response.status_code == 404
    assert "no-such-thing" in response.json()["detail"]
    assert_valid(openapi, "/api/commitments/{slug}", response)


def test_api_is_read_only(client, world):
    assert client.post(LIST, {}).status_code == 405
    assert client.delete(f"{LIST}/freedom-edge").status_code == 405


# -- query budgets ----------------------------------------------------------------------------


def build_commitments(n, mentions_each=1):
    series = make_series()
    topic, actor = make_topic(), make_actor()
    meetings = [make_meeting(series) for _ in range(mentions_each)]
    statements = [make_statement(m) for m in meetings]
    for i in range(n):
        commitment = make_commitment()
        commitment.topics.add(topic)
        commitment.actors.add(actor)
        for statement in statements:
            clause = make_clause(statement, f"We will do thing {i}.", position=i + 1, start=0)
            make_mention(clause, commitment, "pledged")
    return topic


@pytest.mark.parametrize("n", [10, 100])
def test_list_queries_do_not_grow_with_commitments(client, django_assert_max_num_queries, n):
    topic = build_commitments(n)
    # The name check, the facet index (built on every request in the suite), page, topics, actors.
    with django_assert_max_num_queries(1 + INDEX_QUERIES + 3):
        response = client.get(f"{LIST}?per_page=100&topic={topic.slug}")
    assert response.json()["count"] == n


@pytest.mark.parametrize("n", [3, 30])
def test_detail_queries_do_not_grow_with_mentions(client, django_assert_max_num_queries, n):
    build_commitments(2, mentions_each=n)
    slug = json.loads(client.get(LIST).content)["results"][0]["slug"]
    with django_assert_max_num_queries(9):
        response = client.get(f"{LIST}/{slug}")
    assert len(response.json()["timeline"]) == n


# -- the names filters take ---------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/topics", "/api/actors", "/api/series", "/api/meetings"])
def test_reference_lists_validate_against_the_schema(client, world, openapi, path):
    response = client.get(path)
    assert response.status_code == 200
    assert_valid(openapi, path, response)


@pytest.mark.parametrize("path", ["/api/topics", "/api/actors", "/api/series", "/api/meetings"])
def test_reference_lists_reject_unknown_parameters(client, world, openapi, path):
    response = client.get(f"{path}?colour=red")
    assert response.status_code == 400
    assert "“colour” is not a parameter here" in response.json()["errors"][0]
    assert_valid(openapi, path, response)


def test_topics_count_public_commitments_only(client, world):
    world.unmentioned.topics.add(world.dprk)
    topics = {t["slug"]: t for t in client.get("/api/topics").json()}
    assert topics["dprk"]["commitment_count"] == 3
    assert topics["dprk"]["feed_url"] == "http://testserver/topics/dprk/feed/"


def test_meetings_are_newest_first_and_paginated(client, world):
    data = client.get("/api/meetings?per_page=2").json()
    assert [m["slug"] for m in data["results"]] == ["lima", "vfm-oct"]
    assert data["results"][0]["statement_count"] == 2
    assert data["results"][0]["commitment_count"] == 2
    assert (data["count"], data["pages"]) == (5, 3)
    assert client.get("/api/meetings?page=4").status_code == 400


@pytest.mark.parametrize("slug", ["\x00", "a\x00b", "x" * 5000, "é-accent"])
def test_a_slug_no_commitment_can_have_is_a_404(client, world, slug):
    response = client.get(f"{LIST}/{quote(slug)}")
    assert response.status_code == 404
    assert response.json()["detail"].startswith("There is no commitment called")
