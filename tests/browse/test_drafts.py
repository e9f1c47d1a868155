"""Nothing unreviewed is public: a draft statement, its meeting and what follows from them stay off
every public surface until an editor publishes the statement, and appear everywhere once they do."""

import datetime

import pytest
from django.urls import reverse

from commitments.models import Actor, Participation
from commitments.services import publication
from tests.builders import make_clause, make_commitment, make_meeting, make_mention, make_statement
from tests.world import build_world

DRAFT_WORD = "zanzibarword"  # in the draft's clauses only


@pytest.fixture
def world(db):
    """The small world, then a 15th DTT held after the 14th whose statement is still a draft: it
    says Freedom Edge expanded, launches a new commitment, names a new person, and leaves missile
    warning (mentioned at the 14th) unsaid."""
    w = build_world()
    w.dtt15 = make_meeting(
        w.dtt,
        datetime.date(2024, 12, 1),
        title="15th Defense Trilateral Talks",
        slug="dtt-15",
        published=False,
    )
    w.draft = make_statement(
        w.dtt15,
        body=f"Freedom Edge expanded to new domains {DRAFT_WORD}. They launched a quokka cell.",
        title="DTT 15 Joint Press Statement",
        slug="dtt-15-statement",
        published=False,
    )
    expanded = make_clause(w.draft, f"Freedom Edge expanded to new domains {DRAFT_WORD}.")
    launched = make_clause(w.draft, "They launched a quokka cell.")
    make_mention(expanded, w.exercise, "expanded")
    w.quokka = make_commitment("Quokka coordination cell", slug="quokka-cell")
    make_mention(launched, w.quokka, "achieved")
    make_mention(launched, w.warning, "reaffirmed", review="pending")
    w.admiral = Actor.objects.create(kind="person", name="Admiral Draftperson", slug="admiral")
    Participation.objects.create(meeting=w.dtt15, actor=w.admiral, country=w.us)
    w.exercise.refresh_from_db()
    return w


def text(response):
    assert response.status_code == 200, response.status_code
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def test_a_draft_statement_meeting_and_their_commitments_have_no_page(client, world):
    for url in (
        "/statements/dtt-15-statement/",
        "/meetings/dtt-15/",
        "/commitments/quokka-cell/",
        "/actors/admiral/",
        "/commitments/quokka-cell/feed/",
        "/actors/admiral/feed/",
        "/api/commitments/quokka-cell",
    ):
        assert client.get(url).status_code == 404, url


def test_the_meetings_list_leaves_the_draft_out(client, world):
    assert "15th Defense Trilateral Talks" not in text(client.get("/meetings/"))
    assert "dtt-15" not in [m["slug"] for m in client.get("/api/meetings").json()["results"]]


def test_a_draft_changes_no_stage_count_or_facet(client, world):
    assert world.exercise.latest_stage == "reaffirmed"  # Lima's, not the draft's "expanded"
    response = client.get("/?stage=expanded")
    assert response.context["result"].page.paginator.count == 0
    meetings = [c.value for c in client.get("/").context["result"].facets["meeting"]]
    assert "dtt-15" not in meetings
    assert client.get("/?meeting=dtt-15").status_code == 400  # no such public meeting


def test_not_mentioned_since_ignores_a_draft_meeting(client, world):
    page = text(client.get("/commitments/missile-warning/"))
    assert "15th Defense Trilateral Talks" not in page


def test_the_previous_meeting_does_not_point_to_a_draft_or_count_it(client, world):
    page = text(client.get("/meetings/dtt-14/"))
    assert "15th Defense Trilateral Talks" not in page


def test_feeds_sitemap_and_search_leave_the_draft_out(client, world):
    assert DRAFT_WORD not in text(client.get("/feeds/mentions/"))
    assert "Quokka" not in text(client.get("/feeds/mentions/"))
    sitemap = "".join(
        text(client.get(reverse("sitemap_section", args=[section])))
        for section in ("commitments", "meetings", "statements", "actors")
    )
    for slug in ("dtt-15", "dtt-15-statement", "quokka-cell", "admiral"):
        assert f"/{slug}/" not in sitemap, slug
    assert client.get(f"/?q={DRAFT_WORD}").context["result"].page.paginator.count == 0


def test_the_api_and_exports_leave_the_draft_out(client, world):
    listed = [c["slug"] for c in client.get("/api/commitments?per_page=100").json()["results"]]
    assert "quokka-cell" not in listed
    detail = client.get("/api/commitments/freedom-edge").json()
    assert "dtt-15" not in [m["slug"] for m in detail["meetings"]]
    assert DRAFT_WORD not in text(client.get(reverse("export_mentions_csv")))
    assert DRAFT_WORD not in text(client.get(reverse("export_commitments_json")))
    actors = [a["slug"] for a in client.get("/api/actors").json()]
    assert "admiral" not in actors


def test_publishing_makes_it_all_public(client, world):
    publication.publish(world.draft, allow_pending=True)

    assert client.get("/statements/dtt-15-statement/").status_code == 200
    assert client.get("/commitments/quokka-cell/").status_code == 200
    assert "15th Defense Trilateral Talks" in text(client.get("/meetings/"))
    assert "15th Defense Trilateral Talks" in text(client.get("/commitments/missile-warning/"))
    world.exercise.refresh_from_db()
    assert world.exercise.latest_stage == "expanded"
    assert DRAFT_WORD in text(client.get(reverse("export_mentions_csv")))
    assert client.get(f"/?q={DRAFT_WORD}").context["result"].page.paginator.count == 1
    assert client.get("/actors/admiral/").status_code == 200


def test_the_pending_suggestion_stays_unpublished_after_publication(client, world):
    publication.publish(world.draft, allow_pending=True)

    detail = client.get("/api/commitments/missile-warning").json()
    assert "dtt-15" not in [m["slug"] for m in detail["meetings"]]


def test_unpublishing_takes_it_all_back(client, world):
    publication.publish(world.draft, allow_pending=True)
    publication.unpublish(world.draft)

    assert client.get("/statements/dtt-15-statement/").status_code == 404
    assert client.get("/meetings/dtt-15/").status_code == 404
    world.exercise.refresh_from_db()
    assert world.exercise.latest_stage == "reaffirmed"
