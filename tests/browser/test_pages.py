"""The public pages in real Chromium: htmx filtering, history, permalinks, no-JavaScript use.
Screenshots go to test-artifacts/ (git-ignored)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_page, settled, shot, titles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_filtering_by_topic_and_actor_swaps_results_without_a_page_load(site, page):
    page.goto(site + "/")
    assert len(titles(page)) == 5
    page.evaluate("window.trilatMarker = 'same page'")

    page.click("#f-topic-dprk")
    page.wait_for_url(re.compile(r"/\?topic=dprk$"))
    expect(page.locator("#results .c-title")).to_have_count(3)
    settled(page)

    page.click("#f-actor-unsc")
    page.wait_for_url(re.compile(r"/\?topic=dprk&actor=unsc$"))
    expect(page.locator("#results .c-title")).to_have_count(2)
    assert titles(page) == ["Missile warning data sharing", "Condemn DPRK missile launches"]
    assert page.evaluate("window.trilatMarker") == "same page"
    assert page.is_checked("#f-topic-dprk") and page.is_checked("#f-actor-unsc")
    assert page.evaluate("document.activeElement.id") == "f-actor-unsc"  # focus kept
    assert "2 commitments match these filters" in page.inner_text("#results-status")
    assert page.csp_errors == []
    shot(page, "browser-filtered")


def test_back_and_forward_restore_earlier_views(site, page):
    page.goto(site + "/")
    page.click("#f-topic-dprk")
    page.wait_for_url(re.compile(r"topic=dprk$"))
    settled(page)
    page.click("#f-actor-unsc")
    page.wait_for_url(re.compile(r"actor=unsc$"))
    expect(page.locator("#results .c-title")).to_have_count(2)

    page.go_back()
    page.wait_for_url(re.compile(r"/\?topic=dprk$"))
    expect(page.locator("#results .c-title")).to_have_count(3)
    assert not page.is_checked("#f-actor-unsc")

    page.go_back()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("#results .c-title")).to_have_count(5)

    page.go_forward()
    page.wait_for_url(re.compile(r"/\?topic=dprk$"))
    expect(page.locator("#results .c-title")).to_have_count(3)


def test_a_pushed_address_reproduces_the_view_in_a_fresh_browser(site, page, chromium):
    page.goto(site + "/")
    page.click("#f-latest-reaffirmed")
    page.wait_for_url(re.compile(r"latest=reaffirmed$"))
    settled(page)
    page.select_option("#f-sort", "title")
    page.wait_for_url(re.compile(r"sort=title"))
    # The address changes as the response arrives; wait for the swapped, re-sorted rows.
    expect(page.locator("#results .c-title").nth(1)).to_have_text("Condemn DPRK missile launches")
    shared, seen = page.url, titles(page)

    with open_page(chromium) as other:
        other.goto(shared)
        assert titles(other) == seen
        assert other.is_checked("#f-latest-reaffirmed")
        # A link shared when the latest word was called the stage shows the same commitments.
        other.goto(shared.replace("latest=", "stage="))
        assert titles(other) == seen
        assert other.is_checked("#f-latest-reaffirmed")


def test_a_marker_shows_the_meeting_and_quote_on_focus(site, page):
    page.goto(site + "/?meeting=lima&topic=dprk")
    marker = page.locator("#results .marker").last
    marker.focus()
    tip = marker.locator(".tip")
    box = tip.bounding_box()
    assert box and box["width"] > 100
    assert "Leaders' Summit, 15 Nov 2024: reaffirmed" in tip.inner_text()
    shot(page, "browser-marker-focus")


def test_timeline_permalink_quote_leads_to_its_clause(site, page):
    page.goto(site + "/commitments/freedom-edge/")
    assert page.locator("h1").inner_text() == "Annual trilateral exercise (Freedom Edge)"
    shot(page, "timeline")
    page.click("text=Lima Joint Statement, clause 2")
    page.wait_for_url(re.compile(r"/statements/lima-statement/#clause-2$"))
    clause = page.locator("#clause-2")
    assert "We reaffirm trilateral exercises" in clause.inner_text()
    assert page.evaluate("document.querySelector(':target').id") == "clause-2"
    shot(page, "statement")


def test_copy_link_button_copies_the_permalink(site, chromium):
    with open_page(chromium) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
        page.goto(site + "/commitments/freedom-edge/")
        page.click("button.copy-button")
        expect(page.locator(".copy-status").first).to_have_text(re.compile(r"\S"))
        copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("/commitments/freedom-edge/")


def test_pages_work_with_javascript_disabled(site, chromium):
    with open_page(chromium, java_script_enabled=False) as page:
        page.goto(site + "/")
        page.click("#filters-fold > summary")  # folded: only script unfolds it on wide screens
        page.check("#f-topic-dprk")
        page.click("text=Apply filters")
        page.wait_for_url(re.compile(r"topic=dprk"))
        assert len(titles(page)) == 3
        shot(page, "browser-no-js")

        page.goto(site + "/commitments/freedom-edge/")
        assert page.is_hidden("button.copy-button")
        assert page.input_value("#permalink").endswith("/commitments/freedom-edge/")
        page.click("text=Lima Joint Statement, clause 2")
        page.wait_for_url(re.compile(r"#clause-2$"))


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "phone")])
def test_screenshots_of_each_page(site, chromium, width, label):
    with open_page(chromium, {"width": width, "height": 900}) as page:
        for name, path in [
            ("browser", "/"),
            ("timeline", "/commitments/missile-warning/"),
            ("meetings", "/meetings/"),
            ("meeting", "/meetings/lima/"),
            ("statement", "/statements/lima-statement/"),
            ("actor", "/actors/united-states/"),
            ("topic", "/topics/dprk/"),
        ]:
            response = page.goto(site + path)
            assert response.status == 200, path
            shot(page, f"{name}-{label}")


def test_escape_dismisses_a_markers_tooltip(site, page):
    page.goto(site + "/?meeting=lima&topic=dprk")
    marker = page.locator("#results .marker").last
    marker.focus()
    assert marker.locator(".tip").bounding_box()["width"] > 100
    page.keyboard.press("Escape")
    assert marker.locator(".tip").bounding_box()["width"] <= 1


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/?topic=dprk&mentioned_after=not-a-date",
        "/commitments/missile-warning/",
        "/meetings/",
        "/meetings/lima/",
        "/statements/lima-statement/",
        "/actors/unsc/",
    ],
)
def test_pages_pass_the_axe_wcag_21_aa_rules(site, page, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(site + path)
    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    violations = Axe().run(page, options=rules).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
