import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import Mention
from tests.browse.test_readers import INDEX_QUERIES
from tests.builders import make_clause, make_meeting, make_mention, make_statement
from tests.world import build_world

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world():
    return build_world()


def parse_atom(response):
    """The feed's entries as dicts, after checking it is Atom with the required elements."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None, name
    entries = []
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        entries.append(
            {
                "id": entry.findtext(f"{ATOM}id"),
                "title": entry.findtext(f"{ATOM}title"),
                "summary": entry.findtext(f"{ATOM}summary"),
                "link": link.get("href"),
            }
        )
    return entries


def add_lima_follow_up(world):
    """A new meeting whose statement says the Secretariat expanded."""
    meeting = make_meeting(
        world.leaders, datetime.date(2025, 6, 1), title="Manila Summit", slug="manila"
    )
    statement = make_statement(
        meeting, body="We expand the Trilateral Secretariat with a new office in Manila."
    )
    return make_mention(make_clause(statement), world.secretariat, "expanded")


FEEDS = [
    ("feed_mentions", {}),
    ("feed_commitment", {"slug": "trilateral-secretariat"}),
    ("feed_actor", {"slug": "united-states"}),
]


@pytest.mark.parametrize("name, kwargs", FEEDS)
def test_new_mention_is_the_first_entry(client, world, name, kwargs):
    add_lima_follow_up(world)
    entries = parse_atom(client.get(reverse(name, kwargs=kwargs)))
    assert entries[0]["title"] == "Trilateral Secretariat: expanded at Manila Summit"


def test_topic_feed_carries_a_new_mention_of_its_commitments(client, world):
    clause = make_clause(make_statement(make_meeting(world.leaders), body="Freedom Edge grew."))
    make_mention(clause, world.exercise, "expanded")
    entries = parse_atom(client.get(reverse("feed_topic", args=["dprk"])))
    assert entries[0]["title"].startswith("Annual trilateral exercise (Freedom Edge): expanded")
    maritime = parse_atom(client.get(reverse("feed_topic", args=["maritime-security"])))
    assert all("Freedom Edge" not in e["title"] for e in maritime)


def test_entry_says_what_changed_and_quotes_the_words(client, world):
    add_lima_follow_up(world)
    entry = parse_atom(client.get(reverse("feed_mentions")))[0]
    assert "Stage achieved → expanded." in entry["summary"]
    assert "Meeting: Manila Summit" in entry["summary"]
    assert "We expand the Trilateral Secretariat with a new office in Manila." in entry["summary"]


def test_first_mention_says_so(client, world):
    entries = parse_atom(client.get(reverse("feed_commitment", args=["maritime-cooperation"])))
    assert "First mentioned: pledged." in entries[0]["summary"]


def test_entry_links_to_the_permalink_at_that_meeting(client, world):
    add_lima_follow_up(world)
    entry = parse_atom(client.get(reverse("feed_mentions")))[0]
    assert entry["link"] == "http://testserver/commitments/trilateral-secretariat/#meeting-manila"


def test_entry_id_survives_a_rename(client, world):
    before = parse_atom(client.get(reverse("feed_commitment", args=["trilateral-secretariat"])))
    world.secretariat.slug = "secretariat"
    world.secretariat.save()
    after = parse_atom(client.get(reverse("feed_commitment", args=["secretariat"])))
    assert [e["id"] for e in after] == [e["id"] for e in before]
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", after[0]["id"])


def test_pending_mention_appears_only_once_accepted(client, world):
    pending = Mention.objects.get(review="pending")
    titles = [e["title"] for e in parse_atom(client.get(reverse("feed_mentions")))]
    assert "Trilateral Secretariat: pledged at VFM Dialogue" not in titles
    pending.review = Mention.Review.ACCEPTED
    pending.reviewed_at = timezone.now()
    pending.save()
    entries = parse_atom(client.get(reverse("feed_mentions")))
    assert entries[0]["title"] == "Trilateral Secretariat: pledged at VFM Dialogue"


def test_earlier_slug_of_a_commitment_feed_redirects(client, world):
    response = client.get(reverse("feed_commitment", args=["old-secretariat"]))
    assert response.status_code == 301
    assert response["Location"] == reverse("feed_commitment", args=["trilateral-secretariat"])


def test_unknown_feed_is_a_404(client, world):
    assert client.get(reverse("feed_topic", args=["atlantis"])).status_code == 404
    assert client.get(reverse("feed_commitment", args=["atlantis"])).status_code == 404


@pytest.mark.parametrize(
    "page, feed",
    [
        ("/", "/feeds/mentions/"),
        ("/commitments/freedom-edge/", "/commitments/freedom-edge/feed/"),
        ("/topics/dprk/", "/topics/dprk/feed/"),
        ("/actors/unsc/", "/actors/unsc/feed/"),
    ],
)
def test_pages_link_their_feeds(client, world, page, feed):
    html = client.get(page).content.decode()
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" title="[^"]+" href="{feed}">', html
    )


def test_feed_queries_do_not_grow_with_entries(client, world, django_assert_max_num_queries):
    for _ in range(5):
        add_lima_follow_up_again = make_meeting(world.leaders)
        clause = make_clause(make_statement(add_lima_follow_up_again, body="Freedom Edge again."))
        make_mention(clause, world.exercise, "reaffirmed")
    # The topic, the selection engine's index (built per request where none is kept), the
    # entries with what each one's commitment said before.
    with django_assert_max_num_queries(2 + INDEX_QUERIES):
        parse_atom(client.get(reverse("feed_topic", args=["dprk"])))


def test_a_translations_mention_adds_no_entry_beside_the_official_one(client, world):
    make_mention(world.c_sec_tr, world.secretariat, "achieved")
    entries = parse_atom(client.get(reverse("feed_commitment", args=["trilateral-secretariat"])))
    assert [e["title"] for e in entries] == ["Trilateral Secretariat: achieved at Lima Meeting"]
