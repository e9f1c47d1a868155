"""The timeline with evidence and assessments, in real Chromium: the meetings' words and what was
found on one axis, told apart by their labels and marks; the latest assessment per party at the
top; the browser filtered by the latest assessment; nothing sideways at 390 px."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import open_page, shot
from tests.builders import make_assessment, make_evidence, the_parties
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def site(live_server):
    w = build_world()
    parties = the_parties()
    report = make_evidence(
        w.secretariat,
        title="Example office report",
        url="https://ministry.example.org/office",
        parties=[parties["ROK"]],
        date=datetime.date(2024, 11, 20),
        quote="The office opened today.",
    )
    make_assessment(
        w.secretariat,
        "limited",
        party=parties["ROK"],
        evidence=[report],
        as_of=datetime.date(2024, 12, 1),
        rationale="An office opened; its staff is not reported.",
    )
    make_assessment(
        w.secretariat, "no_evidence", party=parties["JP"], as_of=datetime.date(2024, 12, 1)
    )
    return live_server.url


def test_the_timeline_tells_said_and_found_apart(site, page):
    page.goto(f"{site}/commitments/trilateral-secretariat/")

    entries = page.locator("ol.entries > li")
    kinds = entries.evaluate_all("items => items.map(i => i.className)")
    assert kinds.index("entry") < kinds.index("entry entry-evidence")
    assert kinds.index("entry entry-evidence") < kinds.index("entry entry-assessment")
    expect(page.locator(".entry-evidence .kind-label")).to_have_text("Evidence · official release")
    expect(page.locator(".entry-assessment .kind-label").first).to_contain_text("Our assessment")
    # marks of their own: a square for evidence, a diamond for an assessment, not a meeting's disc
    radius = page.locator(".entry-num-evidence").evaluate("e => getComputedStyle(e).borderRadius")
    clip = page.locator(".entry-num-assessment").first.evaluate("e => getComputedStyle(e).clipPath")
    assert radius != page.locator(".entry .entry-num").first.evaluate(
        "e => getComputedStyle(e).borderRadius"
    )
    assert clip.startswith("polygon")
    shot(page, "timeline-evidence")


def test_the_latest_assessment_per_party_and_the_warning_are_at_the_top(site, page):
    page.goto(f"{site}/commitments/trilateral-secretariat/")

    table = page.locator(".assessed-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    expect(table).to_contain_text("ROK")
    expect(table).to_contain_text("limited")
    expect(page.locator(".assessed .notice").first).to_contain_text(
        "The statements say this was achieved"
    )
    head = page.locator(".assessed").bounding_box()
    history = page.locator("#history-heading").bounding_box()
    assert head["y"] < history["y"]


def test_a_citation_leads_to_its_evidence_on_the_same_page(site, page):
    page.goto(f"{site}/commitments/trilateral-secretariat/")

    page.locator(".entry-assessment .cites a").first.click()

    expect(page.locator(".entry-evidence:target")).to_have_count(1)


def test_the_browser_filters_by_the_latest_assessment(site, page):
    page.goto(f"{site}/")
    page.locator("summary", has_text="Latest assessment").click()
    page.locator("#f-assessment-ROK\\:limited").check()
    page.locator("button", has_text="Apply filters").click()

    expect(page).to_have_url(f"{site}/?assessment=ROK%3Alimited")
    expect(page.locator("#results .c-title")).to_have_text(["Trilateral Secretariat"])


def test_nothing_scrolls_sideways_at_390_px(site, chromium):
    with open_page(chromium, {"width": 390, "height": 900}) as page:
        for path in ("/commitments/trilateral-secretariat/", "/assessments/disagreements/"):
            page.goto(f"{site}{path}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, (path, width)
