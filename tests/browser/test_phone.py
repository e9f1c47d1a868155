"""The public pages on a phone (390 x 844) in real Chromium: nothing scrolls sideways, the first
result is on the first screen, every marker is labelled, the drawn timeline stays readable; and
paging keeps the reader at the results. Screenshots go to test-artifacts/ (git-ignored)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import PHONE, open_page, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Every public page, and the two ways a request gets "Bad request": a filter the browser cannot
# read, and more fields than a request may carry (templates/400.html).
PUBLIC_PAGES = [
    "/",
    "/?topic=dprk&mentioned_after=not-a-date",
    "/?" + "&".join(["x"] * 10_200),
    "/commitments/missile-warning/",
    "/commitments/freedom-edge/",
    "/meetings/",
    "/meetings/lima/",
    "/statements/lima-statement/",
    "/statements/lima-statement-translation/",
    "/actors/united-states/",
    "/actors/kurt-campbell/",
    "/topics/dprk/",
    "/api/docs",
]


@pytest.fixture
def phone(chromium):
    with open_page(chromium, PHONE) as page:
        yield page


def scroll_width(page):
    return page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")


def test_no_public_page_scrolls_sideways_on_a_phone(site, phone):
    for path in PUBLIC_PAGES:
        response = phone.goto(site + path)
        assert response.status in (200, 400), path
        if path == "/api/docs":
            phone.wait_for_selector(".swagger-ui .info .title", timeout=15000)
            phone.get_by_text("/api/commitments/{slug}").first.click()  # unfolded: its table too
            phone.wait_for_selector(".opblock.is-open .parameters", timeout=15000)
        wide, inner = scroll_width(phone)
        assert wide <= inner, f"{path} is {wide}px wide in a {inner}px window"


def test_the_bad_request_page_is_one_of_them(site, phone):
    response = phone.goto(site + PUBLIC_PAGES[2])
    assert response.status == 400
    assert phone.locator("h1").inner_text() == "Bad request"


def test_the_first_result_is_on_the_first_screen_of_a_phone(site, phone):
    phone.goto(site + "/")
    title = phone.locator("#results .c-title").first
    box = title.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"], box
    # The filters are folded above it, the number of results in their summary.
    fold = phone.locator("#filters-fold")
    assert fold.get_attribute("open") is None
    assert phone.locator("#filters-fold > summary").inner_text().split() == [
        "Filters",
        "5",
        "results",
    ]
    assert not phone.is_visible("#f-topic-dprk")
    phone.click("#filters-fold > summary")
    phone.click("#f-topic-dprk")
    phone.wait_for_url(re.compile(r"topic=dprk$"))
    expect(phone.locator("#results .c-title")).to_have_count(3)
    # The swapped panel stays unfolded, so that the next choice is at hand.
    assert phone.locator("#filters-fold").get_attribute("open") == ""
    assert "3 results" in phone.locator("#filters-fold > summary").inner_text()
    shot(phone, "phone-browser-filtered")


def test_the_filters_are_unfolded_beside_the_results_on_a_wide_screen(site, page):
    page.goto(site + "/")
    assert page.locator("#filters-fold").get_attribute("open") == ""
    assert page.is_visible("#f-topic-dprk")


def test_every_marker_on_a_phone_names_its_meeting(site, phone):
    phone.goto(site + "/?sort=title")
    cells = phone.locator("#results tbody td")
    assert cells.count() == 5 * 5  # five rows, five meetings
    # Each cell shows its meeting's short name and day, then what the meeting said: the stage
    # (in the markup) or, for a blank, the words its class gives (CSS, read out as well).
    said = cells.evaluate_all(
        """cells => cells.map(td => {
            const name = td.querySelector("i:not(.mk)");
            const box = name.getBoundingClientRect();
            const after = getComputedStyle(name, "::after").content;
            const tip = td.querySelector(".tip");  // its quote, on a line of its own, shows on focus
            const rest = after === "none" ? tip.innerText.slice(name.innerText.length).split("\\n")[0]
                                          : JSON.parse(after);
            return [box.width > 20 && box.height > 5, name.innerText + rest];
        })"""
    )
    assert all(shown for shown, _ in said), said
    texts = [text for _, text in said]
    for text in texts:
        assert re.match(
            r"^(Leaders' Summit|Defense Talks|Vice Foreign .*), \d+ \w+ \d{4}: \w", text
        )
    assert "Leaders' Summit, 15 Nov 2024: reaffirmed" in texts
    assert "Vice Foreign Ministerial Dialogue, 16 Oct 2024: not mentioned since" in texts
    assert "Defense Talks, 24 Apr 2024: not yet made" in texts
    shot(phone, "phone-browser")


def test_markers_are_labelled_by_their_column_heads_on_a_wide_screen(site, page):
    page.goto(site + "/?sort=title")
    heads = page.locator("#results thead .col-meeting a")
    assert heads.first.inner_text().split("\n")[:2] == ["Leaders' Summit", "18 Aug 2023"]
    assert heads.first.get_attribute("title") == "Camp David Summit, 18 Aug 2023"
    # The marks' names are for screen readers there: the heads show the meetings.
    assert page.locator("#results tbody td > i").first.bounding_box()["width"] <= 1


def test_the_drawn_timeline_fits_a_phone_with_readable_labels(site, phone):
    phone.goto(site + "/commitments/missile-warning/")
    assert not phone.is_visible("svg.timeline-svg.wide")
    svg = phone.locator("svg.timeline-svg.narrow")
    box = svg.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert svg.locator("a.point").count() == 5  # every meeting: three mentions, two silences
    # Rendered size of each label: its font size times the drawing's scale.
    scale = box["width"] / 400
    sizes = [
        float(size.removesuffix("px")) * scale
        for size in svg.locator("text").evaluate_all(
            "texts => texts.map(t => getComputedStyle(t).fontSize)"
        )
    ]
    assert sizes and min(sizes) >= 11, sizes
    shot(phone, "phone-timeline")


def test_next_page_keeps_the_reader_at_the_top_of_the_results(site, chromium, monkeypatch):
    monkeypatch.setattr("browse.results.PER_PAGE", 2)
    with open_page(chromium, {"width": 1280, "height": 500}) as page:
        page.goto(site + "/?sort=title")
        next_link = page.locator("#rows .pager a[rel=next]")
        assert next_link.get_attribute("href").endswith("#rows")  # without JavaScript
        next_link.scroll_into_view_if_needed()
        assert page.evaluate("window.scrollY") > 0
        next_link.click()
        page.wait_for_url(re.compile(r"page=2$"))
        expect(page.locator("#rows .pager")).to_contain_text("Page 2 of 3")
        page.wait_for_timeout(300)  # the scroll after the swap
        top = page.locator("#rows").bounding_box()["y"]
        assert 0 <= top <= 50, top


def test_next_page_without_javascript_lands_at_the_results(site, chromium, monkeypatch):
    monkeypatch.setattr("browse.results.PER_PAGE", 2)
    with open_page(chromium, PHONE, java_script_enabled=False) as page:
        page.goto(site + "/?sort=title")
        page.click("#rows .pager a[rel=next]")
        page.wait_for_url(re.compile(r"page=2#rows$"))
        top = page.locator("#rows").bounding_box()["y"]
        assert 0 <= top <= 50, top


@pytest.mark.parametrize(
    "path", ["/", "/commitments/missile-warning/", "/statements/lima-statement/"]
)
def test_phone_pages_pass_the_axe_wcag_21_aa_rules(site, phone, path):
    from axe_playwright_python.sync_playwright import Axe

    phone.goto(site + path)
    rules = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    violations = Axe().run(phone, options=rules).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []


@pytest.mark.parametrize("width", [390, 700, 1000, 1280])
def test_a_grid_of_twelve_meetings_never_scrolls_the_page_sideways(live_server, chromium, width):
    from tests.browse.test_browser_view import busy_world

    busy_world()
    with open_page(chromium, {"width": width, "height": 900}) as page:
        page.goto(live_server.url + "/")
        assert page.locator("#results thead .col-meeting").count() == 12
        wide, inner = scroll_width(page)
        assert wide <= inner, f"{wide}px wide in a {inner}px window"  # the grid scrolls, if any
        # The last row's tip shows whole: the grid's own scrolling does not cut it off.
        marker = page.locator("#results tbody tr").last.locator(".marker").first
        marker.focus()
        tip = marker.locator(".tip").bounding_box()
        point = [tip["x"] + tip["width"] / 2, tip["y"] + tip["height"] - 4]
        on_top = page.evaluate(
            "([x, y]) => !!document.elementFromPoint(x, y)?.closest('.tip')", point
        )
        assert on_top, tip
        shot(page, f"busy-grid-{width}")
