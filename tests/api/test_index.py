"""/api/: the list of endpoints, read off the API's own schema, and where its docs are."""

import pytest

from api.endpoints import api

pytestmark = pytest.mark.django_db


def test_api_root_lists_every_endpoint_of_the_schema(client):
    response = client.get("/api/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    data = response.json()
    schema = client.get("/api/openapi.json").json()
    listed = {(e["method"], e["path"]) for e in data["endpoints"]}
    assert listed == {(m.upper(), p) for p, ops in schema["paths"].items() for m in ops}
    assert ("GET", "/api/commitments/{slug}") in listed


def test_api_root_follows_the_routes_as_declared(client):
    # The list is the routes': each summary is the one the operation was declared with.
    summaries = {e["path"]: e["summary"] for e in client.get("/api/").json()["endpoints"]}
    schema = api.get_openapi_schema()
    assert summaries["/api/topics"] == schema["paths"]["/api/topics"]["get"]["summary"]


def test_api_root_links_the_docs_schema_and_site(client):
    data = client.get("/api/").json()
    assert data["docs"] == "http://testserver/api/docs"
    assert data["openapi"] == "http://testserver/api/openapi.json"
    assert data["site"] == "http://testserver/"
    urls = {e["path"]: e["url"] for e in data["endpoints"]}
    assert urls["/api/commitments"] == "http://testserver/api/commitments"
    assert urls["/api/commitments/{slug}"] is None  # a template, not an address


def test_api_root_answers_head_without_a_body(client):
    response = client.head("/api/")
    assert response.status_code == 200 and response.content == b""


def test_docs_page_fits_a_phone_and_leads_back_to_the_site(client):
    html = client.get("/api/docs").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert '<a class="docs-brand" href="/">Trilat</a>' in html
    assert 'href="/api/"' in html
    assert 'id="swagger-settings"' in html and "swagger-ui-bundle.js" in html


def test_api_root_reads_no_table(client, django_assert_max_num_queries):
    client.get("/api/")  # the schema, built once per process
    with django_assert_max_num_queries(0):
        assert client.get("/api/").status_code == 200
