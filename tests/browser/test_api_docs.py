"""The API's documentation page in real Chromium, under our CSP and with no network beyond the site."""

import pytest

from tests.browser.helpers import open_page
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def page(chromium, live_server):
    build_world()
    with open_page(chromium) as page:
        page.outside = []

        def only_the_site(route):
            if route.request.url.startswith(live_server.url):
                return route.continue_()
            page.outside.append(route.request.url)
            return route.abort()

        page.route("**/*", only_the_site)
        page.site = live_server.url
        yield page


def test_docs_page_renders_the_schema_without_network_or_csp_errors(page):
    page.goto(page.site + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "Trilat API" in page.inner_text(".swagger-ui .info .title")
    page.get_by_text("/api/commitments/{slug}").first.wait_for()
    assert page.outside == []
    assert page.csp_errors == []
