"""Searching in real Chromium: a synonym finds the other name, matched words are marked, and the
address keeps the search."""

import re

import pytest
from playwright.sync_api import expect

from commitments.models import Synonym, SynonymGroup
from tests.browser.helpers import settled, shot, titles
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    build_world()
    Synonym.objects.all().delete()  # the world says its own
    group = SynonymGroup.objects.create(note="North Korea")
    for term in ("DPRK", "North Korea", "Democratic People's Republic of Korea"):
        Synonym.objects.create(group=group, term=term)
    return live_server.url


def test_a_synonym_finds_the_dprk_launches_and_marks_the_words(site, page):
    page.goto(site + "/")
    page.fill("#f-q", "North Korea missile")
    page.press("#f-q", "Enter")

    page.wait_for_url(re.compile(r"q=North\+Korea\+missile"))
    settled(page)
    expect(page.locator("#results .c-title").first).to_have_text("Condemn DPRK missile launches")
    assert titles(page) == ["Condemn DPRK missile launches"]  # the only one about the DPRK
    first = page.locator("#results .c-title").first
    assert first.locator("mark").all_inner_texts() == ["DPRK missile"]
    expect(page.locator("#results .c-snippet mark").first).to_be_visible()
    assert page.locator("#f-sort option:checked").inner_text() == "Relevance"
    assert page.csp_errors == []
    shot(page, "search-synonym")

    page.reload()  # the address alone gives the same view
    expect(page.locator("#results .c-title").first).to_have_text("Condemn DPRK missile launches")


def test_a_search_narrows_the_facets_and_a_sort_can_be_chosen(site, page):
    page.goto(site + "/?q=missile")
    maritime = page.locator("li:has(#f-topic-maritime-security) label > b")
    dprk = page.locator("li:has(#f-topic-dprk) label > b")
    assert maritime.inner_text() == "0" and dprk.inner_text() == str(len(titles(page)))

    page.select_option("#f-sort", "title")
    page.wait_for_url(re.compile(r"sort=title"))
    settled(page)
    expect(page.locator("#f-sort option:checked")).to_have_text("Title (A–Z)")
    shown = titles(page)
    assert shown == sorted(shown)
