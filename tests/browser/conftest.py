import pytest

from tests.browser.helpers import open_page
from tests.world import build_world


@pytest.fixture
def site(live_server):
    """The test world, served: its address."""
    build_world()
    return live_server.url


@pytest.fixture
def page(chromium):
    """A desktop-wide page (1,280 x 900) that collects Content Security Policy errors."""
    with open_page(chromium) as page:
        yield page
