import csv
import io
import json

import pytest
from django.db import DatabaseError
from django.urls import reverse

from api import exports
from api.exports import BOM, MENTION_COLUMNS, csv_lines, safe_cell
from tests.browse.test_readers import INDEX_QUERIES
from tests.builders import make_actor, make_clause, make_commitment, make_mention, make_statement
from tests.world import build_world

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "sort=title",
    "sort=first",
    "sort=meetings",
    "topic=dprk",
    "topic=dprk&topic=maritime-security&sort=title",
    "actor=unsc",
    "stage=achieved&stage=reaffirmed",
    "mention_stage=pledged",
    "series=vfm",
    "meeting=lima&sort=title",
    "mentioned_after=2024-05-01&mentioned_before=2024-10-31",
    "q=missile",
    "q=missiles launched",
    "q=dprk or warning&topic=dprk",
    "page=2",
]


@pytest.fixture
def world():
    return build_world()


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8")


def read_csv(response):
    text = body(response)
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text[len(BOM) :])))


def page_slugs(client, query):
    """Every commitment of the browser's filtered result, in its order, from the page itself."""
    response = client.get(f"/?{query}")
    return [c.slug for c in response.context["result"].page.paginator.object_list]


@pytest.mark.parametrize("query", FILTERS)
def test_commitments_csv_has_the_pages_set_and_order(client, world, query):
    response = client.get(f"{reverse('export_commitments_csv')}?{query}")
    assert response.status_code == 200
    assert [row["slug"] for row in read_csv(response)] == page_slugs(client, query)


@pytest.mark.parametrize("query", FILTERS)
def test_json_export_has_the_pages_set_and_order(client, world, query):
    response = client.get(f"{reverse('export_commitments_json')}?{query}")
    assert response.status_code == 200
    document = json.loads(body(response))
    slugs = [c["slug"] for c in document["commitments"]]
    assert slugs == page_slugs(client, query)
    assert document["count"] == len(slugs)


@pytest.mark.parametrize("query", FILTERS)
def test_mentions_csv_follows_the_pages_commitments(client, world, query):
    response = client.get(f"{reverse('export_mentions_csv')}?{query}")
    slugs = list(dict.fromkeys(row["commitment_slug"] for row in read_csv(response)))
    assert slugs == page_slugs(client, query)


def test_exports_are_all_pages_not_one(client, world, settings, monkeypatch):
    monkeypatch.setattr("browse.results.PER_PAGE", 2)
    rows = read_csv(client.get(reverse("export_commitments_csv")))
    assert len(rows) == 5


def test_commitment_row_has_stage_meetings_topics_actors_and_permalink(client, world):
    rows = read_csv(client.get(reverse("export_commitments_csv") + "?q=missile warning"))
    row = next(r for r in rows if r["slug"] == "missile-warning")
    assert row["furthest_stage"] == "achieved"
    assert row["latest_stage"] == "reaffirmed"
    assert row["first_meeting"] == "Camp David Summit"
    assert row["first_meeting_date"] == "2023-08-18"
    assert row["last_meeting"] == "VFM Dialogue"
    assert row["last_meeting_date"] == "2024-05-31"
    assert row["topics"] == "DPRK; Technology"
    assert "UN Security Council" in row["actors"]
    assert row["permalink"] == "http://testserver/commitments/missile-warning/"


def test_mentions_csv_has_one_row_per_accepted_mention(client, world):
    rows = read_csv(client.get(reverse("export_mentions_csv") + "?meeting=lima"))
    assert list(rows[0]) == MENTION_COLUMNS
    secretariat = [r for r in rows if r["commitment_slug"] == "trilateral-secretariat"]
    # The pending mention (VFM May) is not public; the accepted one at Lima is.
    assert [(r["meeting"], r["stage"]) for r in secretariat] == [("Lima Meeting", "achieved")]
    row = secretariat[0]
    assert row["clause_text"].startswith("Today, we announce the establishment")
    assert row["quoted_words"] == row["clause_text"][17:66]  # the highlighted span
    assert row["statement_url"] == "http://testserver/statements/lima-statement/#clause-1"
    assert row["meeting_date"] == "2024-11-15"


def test_csv_keeps_korean_and_japanese_intact(client, world):
    world.exercise.actors.add(make_actor("대한민국 외교부", slug="rok-mofa"))
    world.exercise.actors.add(make_actor("日本国外務省", slug="mofa-japan"))
    response = client.get(reverse("export_commitments_csv") + "?actor=rok-mofa")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "日本国外務省; 대한민국 외교부" in raw.decode("utf-8")


@pytest.mark.parametrize(
    "value", ["=HYPERLINK(1)", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rx", "=１"]
)
def test_dangerous_cells_are_defused(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["Freedom Edge", "a=b", "2024-05-01", " -x", "한국"])
def test_ordinary_cells_are_left_alone(value):
    assert safe_cell(value) == value


def test_csv_with_a_formula_title_is_defused_end_to_end(client, world):
    statement = make_statement(body="=cmd|' /C calc'!A0 is a clause.")
    commitment = make_commitment("=cmd|' /C calc'!A0", slug="evil")
    make_mention(make_clause(statement), commitment, "pledged")
    rows = read_csv(client.get(reverse("export_mentions_csv") + "?q=calc"))
    assert rows[0]["commitment"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["clause_text"].startswith("'=cmd")


def test_csv_quotes_separators_and_newlines():
    text = "".join(csv_lines(["a", "b"], [["x, y", 'say "hi"\nthere']]))
    assert list(csv.reader(io.StringIO(text[1:]))) == [["a", "b"], ["x, y", 'say "hi"\nthere']]


@pytest.mark.parametrize(
    "query, message",
    [
        ("stage=done", "Select a valid choice"),
        ("topic=no-such-topic", "There is no topic called “no-such-topic”"),
        ("mentioned_after=tomorrow", "Mentioned between"),
        ("mentioned_after=2024-12-01&mentioned_before=2024-01-01", "after the “to” date"),
        ("topic=%3Cscript%3E", "not a valid name"),
        ("stge=pledged", "“stge” is not a filter here"),
    ],
)
@pytest.mark.parametrize(
    "name", ["export_commitments_csv", "export_mentions_csv", "export_commitments_json"]
)
def test_bad_query_gets_a_clear_400(client, world, name, query, message):
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_downloads_are_attachments(client, world):
    response = client.get(reverse("export_commitments_json"))
    assert response["Content-Disposition"] == 'attachment; filename="trilat-commitments.json"'


def test_json_export_only_has_accepted_mentions(client, world):
    document = json.loads(body(client.get(reverse("export_commitments_json"))))
    secretariat = next(c for c in document["commitments"] if c["slug"] == "trilateral-secretariat")
    assert [m["meeting"]["slug"] for m in secretariat["mentions"]] == ["lima"]


def test_browser_offers_downloads_with_its_filters(client, world):
    response = client.get("/?topic=dprk&sort=title&page=1&utm_source=mail")
    html = response.content.decode()
    for name in ("export_commitments_csv", "export_mentions_csv", "export_commitments_json"):
        assert f'href="{reverse(name)}?topic=dprk&amp;sort=title"' in html


def test_htmx_results_keep_download_links_in_step(client, world):
    response = client.get("/?stage=achieved", headers={"HX-Request": "true"})
    assert f'href="{reverse("export_mentions_csv")}?stage=achieved"' in response.content.decode()


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize(
    "name", ["export_commitments_csv", "export_mentions_csv", "export_commitments_json"]
)
def test_export_queries_do_not_grow_with_commitments(
    client, django_assert_max_num_queries, n, name
):
    statement = make_statement()
    actor = make_actor()
    for i in range(n):
        commitment = make_commitment()
        commitment.actors.add(actor)
        make_mention(make_clause(statement, f"Clause {i}.", position=i + 1, start=0), commitment)
    # The selection's facet index (built per request where none is kept), then per chunk of
    # commitments their rows, topics, actors and (but for the commitments CSV) mentions.
    with django_assert_max_num_queries(INDEX_QUERIES + 4):
        response = client.get(reverse(name))
        content = b"".join(response.streaming_content)
    # Each mention carries its clause twice: the clause text and the quoted words.
    assert content.count(b"Clause ") == (0 if name == "export_commitments_csv" else 2 * n)


def test_json_export_uses_the_apis_field_names(client, world):
    document = json.loads(body(client.get(reverse("export_commitments_json") + "?sort=title")))
    api = client.get("/api/commitments?sort=title").json()["results"]
    for exported, listed in zip(document["commitments"], api, strict=True):
        assert exported.pop("mentions") is not None
        listed.pop("api_url")
        assert exported == listed


# -- a download completes, or fails before its first byte, or visibly breaks off ----------------


def _failing_from(monkeypatch, call):
    """Fetching summary rows fails from the `call`-th chunk on (one commitment per chunk and per
    CSV batch, so every row is its own piece)."""
    real, calls = exports.summary_rows_of, []

    def summary_rows_of(ids):
        calls.append(ids)
        if len(calls) >= call:
            raise DatabaseError("the connection went away")
        return real(ids)

    monkeypatch.setattr(exports, "CHUNK", 1)
    monkeypatch.setattr(exports, "CSV_BATCH", 1)
    monkeypatch.setattr(exports, "summary_rows_of", summary_rows_of)


def _consume(response):
    """The pieces sent until the stream ends or breaks off, and whether it broke off."""
    pieces = []
    try:
        for piece in response.streaming_content:
            pieces.append(piece.decode("utf-8"))
    except DatabaseError:
        return "".join(pieces), True
    return "".join(pieces), False


@pytest.mark.parametrize("name", ["export_commitments_csv", "export_commitments_json"])
def test_a_failure_before_the_first_rows_is_an_error_page(client, world, monkeypatch, name):
    _failing_from(monkeypatch, call=1)
    client.raise_request_exception = False

    response = client.get(reverse(name))

    assert response.status_code == 500
    assert not response.streaming


def test_a_csv_broken_off_midway_is_visibly_incomplete(client, world, monkeypatch, caplog):
    _failing_from(monkeypatch, call=3)

    response = client.get(reverse("export_commitments_csv"))
    text, broken = _consume(response)

    assert response.status_code == 200 and broken
    assert not text.endswith("\n")
    with pytest.raises(csv.Error):
        list(csv.reader(io.StringIO(text[len(BOM) :]), strict=True))
    assert "broken off" in caplog.text


def test_a_json_export_broken_off_midway_is_invalid(client, world, monkeypatch, caplog):
    _failing_from(monkeypatch, call=3)

    response = client.get(reverse("export_commitments_json"))
    text, broken = _consume(response)

    assert response.status_code == 200 and broken
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)
    assert "broken off" in caplog.text


def test_a_complete_csv_ends_with_a_line_break(client, world):
    response = client.get(reverse("export_commitments_csv"))

    assert body(response).endswith("\r\n")
