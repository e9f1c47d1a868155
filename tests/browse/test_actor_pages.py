"""An actor's public page: a person's public meetings, the commitments naming the actor, and the
address of an actor merged away answering with a 301."""

import pytest

from commitments.models import ActorRedirect, Participation
from tests.builders import make_actor, make_meeting
from tests.world import build_world

pytestmark = pytest.mark.django_db


def test_a_person_page_lists_their_public_meetings_with_their_role(client):
    w = build_world()
    draft = make_meeting(title="Closed-door meeting", published=False)
    Participation.objects.create(meeting=draft, actor=w.campbell, role="Deputy Secretary")
    page = client.get(w.campbell.get_absolute_url()).content.decode()
    assert "VFM Dialogue</a>, Deputy Secretary of State" in page
    assert "Closed-door meeting" not in page
    assert "Trilateral Secretariat" in page  # a commitment that names him


def test_the_address_of_an_actor_merged_away_redirects_permanently(client):
    w = build_world()
    ActorRedirect.objects.create(old_slug="kurt-m-campbell", actor=w.campbell)
    response = client.get("/actors/kurt-m-campbell/")
    assert response.status_code == 301
    assert response.url == w.campbell.get_absolute_url()


def test_a_short_name_that_is_the_name_is_not_shown_twice(client):
    build_world()
    japan = make_actor("Japanese Government", short_name="japanese government")
    page = client.get("/actors/japan/").content.decode()
    assert "<h1>Japan</h1>" in page
    assert japan.distinct_short_name == ""
