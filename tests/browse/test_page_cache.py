"""Browser pages kept per facet index (browse/page_cache.py): PostgreSQL, where the index is."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from browse import facet_index, page_cache
from tests.builders import make_clause, make_commitment, make_mention
from tests.world import build_world

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the facet index is kept on PostgreSQL only"
)
ADMIN_LINK = 'href="/admin/">Admin</a>'


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def index_kept():
    facet_index.clear()
    page_cache.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="inline"):
        yield
    facet_index.clear()
    page_cache.clear()


def _queries_run(get):
    with CaptureQueriesContext(connection) as run:
        response = get()
    return response, len(run)


@postgres_only
def test_an_address_opened_again_is_answered_from_memory(client, world, index_kept):
    first = client.get("/?topic=dprk")

    again, queries = _queries_run(lambda: client.get("/?topic=dprk"))

    assert again.status_code == 200
    assert again.content == first.content
    assert queries == 1  # the data version, to know the index still serves


@postgres_only
def test_a_write_shows_on_the_next_page(client, world, index_kept):
    assert "Undersea cables" not in client.get("/").content.decode()

    make_mention(make_clause(), make_commitment("Undersea cables"), "pledged")

    assert "Undersea cables" in client.get("/").content.decode()


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_after_a_write_the_kept_page_serves_until_the_next_index_is_built(client, monkeypatch):
    build_world()
    monkeypatch.setattr(facet_index, "REBUILD_EVERY", 0)
    facet_index.clear()
    page_cache.clear()
    with override_settings(FACET_INDEX_SECONDS=60, FACET_INDEX_REBUILD="background"):
        client.get("/")
        make_mention(make_clause(), make_commitment("Undersea cables"), "pledged")

        assert "Undersea cables" not in client.get("/").content.decode()  # being rebuilt
        facet_index.wait_for_rebuild()
        assert "Undersea cables" in client.get("/").content.decode()
    facet_index.clear()
    page_cache.clear()


@postgres_only
def test_each_address_is_kept_for_itself(client, world, index_kept):
    dprk = client.get("/?topic=dprk").content
    maritime = client.get("/?topic=maritime-security").content

    assert dprk != maritime
    assert client.get("/?topic=dprk").content == dprk


@postgres_only
def test_an_htmx_swap_and_a_full_page_are_kept_apart(client, world, index_kept):
    swap = client.get("/?topic=dprk", headers={"HX-Request": "true"})
    page = client.get("/?topic=dprk")
    restore = client.get(
        "/?topic=dprk", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert b"<html" not in swap.content
    assert swap["HX-Push-Url"] == "/?topic=dprk"
    assert b"<html" in page.content
    assert b"<html" in restore.content


@postgres_only
def test_a_history_restore_leaves_nothing_of_a_swap_in_the_plain_page(client, world, index_kept):
    restore = {"HX-Request": "true", "HX-History-Restore-Request": "true"}
    client.get("/?topic=dprk", headers=restore)

    page = client.get("/?topic=dprk")

    assert "HX-Push-Url" not in page
    assert page.content.decode().count('id="results-status"') == 1


@postgres_only
def test_addresses_whose_parameters_read_differently_are_kept_apart(client, world, index_kept):
    # A search for "é" sent as raw UTF-8 bytes (the WSGI environ holds them as Latin-1), and one
    # for "Ã©" percent-encoded: once normalised, both addresses read "?q=%C3%83%C2%A9".
    raw = client.get("/", QUERY_STRING="q=\xc3\xa9")
    encoded = client.get("/?q=%C3%83%C2%A9")

    assert 'name="q" value="é"' in raw.content.decode()
    assert 'name="q" value="Ã©"' in encoded.content.decode()


@postgres_only
def test_a_signed_in_editor_is_never_answered_from_memory(client, world, index_kept, editor):
    client.get("/")
    client.force_login(editor)

    response, queries = _queries_run(lambda: client.get("/"))

    assert ADMIN_LINK in response.content.decode()
    assert queries > 2
    client.logout()
    assert ADMIN_LINK not in client.get("/").content.decode()


@postgres_only
def test_a_page_with_a_filter_it_cannot_use_is_not_kept(client, world, index_kept):
    assert client.get("/?mentioned_after=soon").status_code == 400

    response, queries = _queries_run(lambda: client.get("/?mentioned_after=soon"))

    assert response.status_code == 400
    assert queries > 1


def test_nothing_is_kept_where_the_index_is_not(client, world):
    client.get("/?topic=dprk")

    response, queries = _queries_run(lambda: client.get("/?topic=dprk"))

    assert response.status_code == 200
    assert queries > 1
