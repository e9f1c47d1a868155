"""What every site answers at the root whatever its pages link: /favicon.ico, and the icon the
pages link."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"].endswith("favicon.svg")
    assert "max-age=86400" in response["Cache-Control"]


def test_the_icon_is_a_static_svg_linked_from_every_page(client):
    path = finders.find("favicon.svg")
    assert path and Path(path).read_text().startswith("<svg")
    for url in ("/", "/meetings/", "/api/docs"):
        assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in (
            client.get(url).content.decode()
        ), url


def test_favicon_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405
