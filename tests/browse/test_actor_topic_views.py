import pytest

from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_actor_page_shows_its_commitments_with_browser_rows(client, world):
    response = client.get("/actors/unsc/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [c.slug for c in response.context["result"].commitments] == [
        "missile-warning",
        "condemn-launches",
    ]
    assert 'class="commitments"' in html and 'class="marker stage-' in html
    assert 'href="/?actor=unsc"' in html


def test_person_page_names_their_country(client, world):
    html = client.get("/actors/kurt-campbell/").content.decode()
    assert 'href="/actors/united-states/">United States</a>' in html


def test_topic_page_shows_its_commitments(client, world):
    response = client.get("/topics/maritime-security/")
    assert [c.slug for c in response.context["result"].commitments] == ["maritime-cooperation"]


def test_topic_page_answers_htmx_with_the_rows(client, world):
    html = client.get("/topics/dprk/", headers={"HX-Request": "true"}).content.decode()
    assert html.lstrip().startswith('<div id="rows"')


def test_unknown_actor_and_topic_are_not_found(client, world):
    assert client.get("/actors/nobody/").status_code == 404
    assert client.get("/topics/nothing/").status_code == 404
