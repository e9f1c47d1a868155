"""The public pages in real Chromium: htmx filtering, history, permalinks, no-JavaScript use.
Screenshots go to test-artifacts/ (git-ignored)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture
def site(live_server):
    build_world()
    return live_server.url


@pytest.fixture
def page(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            page.csp_errors.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def titles(page):
    return page.locator("#results .c-title").all_inner_texts()


# Waits go through Playwright's locators: the pages' CSP forbids eval, which string predicates of
# page.wait_for_function need when they have to poll.


def settled(page):
    """Wait until htmx has no request in flight and its swap has settled.

    htmx pushes the address before the swap settles: a control used before then belongs to the
    panel about to be replaced, and its change would be lost.
    """
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)


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

    fresh = chromium.new_context()
    other = fresh.new_page()
    other.goto(shared)
    assert titles(other) == seen
    assert other.is_checked("#f-latest-reaffirmed")
    # A link shared when the latest word was called the stage shows the same commitments.
    other.goto(shared.replace("latest=", "stage="))
    assert titles(other) == seen
    assert other.is_checked("#f-latest-reaffirmed")
    fresh.close()


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
    context = chromium.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    page = context.new_page()
    page.goto(site + "/commitments/freedom-edge/")
    page.click("button.copy-button")
    expect(page.locator(".copy-status").first).to_have_text(re.compile(r"\S"))
    assert page.evaluate("navigator.clipboard.readText()").endswith("/commitments/freedom-edge/")
    context.close()


def test_pages_work_with_javascript_disabled(site, chromium):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
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
    context.close()


@pytest.mark.parametrize("width, label", [(1280, "desktop"), (390, "phone")])
def test_screenshots_of_each_page(site, chromium, width, label):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
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
    context.close()


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
