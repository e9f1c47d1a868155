import xml.etree.ElementTree as ET

import pytest

from commitments.models import Actor, Meeting, Statement, Topic
from tests.world import build_world

pytestmark = pytest.mark.django_db

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def world():
    return build_world()


def sitemap_locations(client):
    """Every page URL the sitemap index leads to."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    root = ET.fromstring(index.content)
    assert root.tag == f"{NS}sitemapindex"
    urls = []
    for loc in root.iter(f"{NS}loc"):
        section = client.get(loc.text.removeprefix("http://testserver"))
        assert section.status_code == 200
        urls += [u.text for u in ET.fromstring(section.content).iter(f"{NS}loc")]
    return urls


def absolute(obj):
    return f"http://testserver{obj.get_absolute_url()}"


def test_sitemap_lists_every_public_page(client, world):
    urls = sitemap_locations(client)
    for model in (Meeting, Statement, Actor, Topic):
        for obj in model.objects.all():
            assert absolute(obj) in urls, obj
    for commitment in (world.exercise, world.warning, world.secretariat, world.condemn):
        assert absolute(commitment) in urls
    assert "http://testserver/" in urls


def test_sitemap_leaves_out_commitments_without_accepted_mentions(client, world):
    assert absolute(world.unmentioned) not in sitemap_locations(client)


def test_sitemap_lists_each_page_once(client, world):
    urls = sitemap_locations(client)
    assert len(urls) == len(set(urls))


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Disallow: /admin/" in lines
