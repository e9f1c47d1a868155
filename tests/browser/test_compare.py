"""Comparing two meetings in real Chromium: from a meeting page's "Compare with…" to the groups,
at a desktop width and a phone's."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(params=[1280, 390], ids=["desktop", "phone"])
def page(chromium, request):
    with open_page(chromium, {"width": request.param, "height": 900}) as page:
        page.width = request.param
        yield page


def test_compare_with_the_previous_meeting_from_a_meeting_page(site, page):
    page.goto(site + "/meetings/lima/")
    form = page.locator("form.compare-with")
    expect(form.get_by_role("heading", name="Compare with…")).to_be_visible()

    form.get_by_label("Another meeting").select_option("dtt-14")
    form.get_by_role("button", name="Compare").click()

    page.wait_for_url(re.compile(r"/meetings/compare/\?to=lima&from=dtt-14$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("14th Defense Trilateral Talks")
    for heading in ("New", "Advanced", "Achieved", "Held", "Stalled", "Dropped"):
        expect(page.get_by_role("heading", level=2, name=re.compile(f"^{heading}"))).to_be_visible()
    expect(page.locator("#group-new")).to_contain_text("Trilateral Secretariat")
    expect(page.locator("#group-held")).to_contain_text("Annual trilateral exercise")
    expect(page.locator("#group-dropped")).to_contain_text("Missile warning data sharing")
    expect(page.locator("#group-dropped blockquote")).to_contain_text("now operates")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width  # no sideways scroll
    shot(page, f"compare-{page.width}")


def test_the_previous_meeting_of_the_series_is_one_click_away(site, page):
    page.goto(site + "/meetings/lima/")
    page.get_by_role("link", name=re.compile("the previous meeting of this series")).click()
    page.wait_for_url(re.compile(r"from=camp-david&to=lima"))
    expect(page.locator("#group-new")).to_contain_text("Trilateral Secretariat")
