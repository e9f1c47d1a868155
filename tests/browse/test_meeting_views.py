import datetime

import pytest
from django.urls import reverse

from tests.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def outcomes(response):
    return {
        key: [o.commitment.slug for o in items]
        for key, _, _, items in response.context["record"].outcomes
    }


def test_meeting_list_shows_every_meeting_newest_first(client, world):
    response = client.get("/meetings/")
    html = response.content.decode()
    assert response.status_code == 200
    positions = [
        html.index(f'href="/meetings/{slug}/"') for slug in ["lima", "vfm-oct", "camp-david"]
    ]
    assert positions == sorted(positions)
    assert 'href="/?meeting=lima">2</a>' in html


def test_meeting_page_shows_series_level_place_participants_and_statements(client, world):
    html = client.get("/meetings/vfm-may/").content.decode()
    assert "Vice Foreign Ministerial Dialogue" in html and "Vice-ministerial" in html
    assert "Washington" in html
    assert 'href="/actors/kurt-campbell/">Kurt M. Campbell</a>, Deputy Secretary of State' in html
    assert 'href="/statements/vfm-may-readout/"' in html


def test_meeting_page_lists_the_translation_beside_the_official_statement(client, world):
    html = client.get("/meetings/lima/").content.decode()
    assert 'href="/statements/lima-statement/"' in html
    assert "unofficial translation" in html


def test_what_a_meeting_did(client, world):
    got = outcomes(client.get("/meetings/lima/"))
    assert got["new"] == ["trilateral-secretariat"]
    assert got["reaffirmed"] == ["freedom-edge"]
    assert got["achieved"] == [] and got["progressed"] == []


def test_progress_and_achievement(client, world):
    assert outcomes(client.get("/meetings/dtt-14/"))["progressed"] == ["freedom-edge"]
    assert outcomes(client.get("/meetings/vfm-oct/"))["achieved"] == ["freedom-edge"]


def test_commitments_the_previous_meeting_of_the_series_mentioned_and_this_one_did_not(
    client, world
):
    response = client.get("/meetings/lima/")
    assert [c.slug for c in response.context["record"].dropped] == [
        "condemn-launches",
        "missile-warning",
    ]
    assert response.context["record"].previous == world.camp_david


def test_first_meeting_of_a_series_says_so(client, world):
    html = client.get("/meetings/camp-david/").content.decode()
    assert "This is the first meeting of its series that Trilat holds." in html


def test_pending_mentions_do_not_count(client, world):
    got = outcomes(client.get("/meetings/vfm-may/"))
    assert "trilateral-secretariat" not in sum(got.values(), [])


def test_unknown_meeting_is_not_found(client, world):
    assert client.get("/meetings/nowhere/").status_code == 404


def test_the_meeting_list_pages_and_counts_only_its_page(client, db, django_assert_max_num_queries):
    from browse import readers
    from tests.builders import make_meeting, make_series

    series = make_series("Paged Dialogue", slug="paged-dialogue")
    for day in range(1, readers.MEETINGS_PER_PAGE + 3):
        make_meeting(
            series, datetime.date(2020, 1, 1) + datetime.timedelta(days=day), published=True
        )
    with django_assert_max_num_queries(4):
        first = client.get(reverse("meeting_list"))
    assert len(first.context["meetings"]) == readers.MEETINGS_PER_PAGE
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(reverse("meeting_list"), {"page": 2})
    assert len(second.context["meetings"]) == 2
    assert second.context["meetings"][-1].start_date == datetime.date(2020, 1, 2)


@pytest.mark.parametrize("page", ["3", "0", "x"])
def test_a_meeting_list_page_that_does_not_exist_is_refused_in_words(client, db, page):
    response = client.get(reverse("meeting_list"), {"page": page})
    assert response.status_code == 400
    assert "There is no such page of meetings" in response.content.decode()
