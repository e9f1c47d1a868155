"""The tagging desk, the review queue and the actors' admin in real Chromium: words selected become
a mention's span; a suggestion accepted in place is undone in place; two actors merged become one,
the old address redirecting. Screenshots go to test-artifacts/."""

import pytest
from playwright.sync_api import expect

from commitments.models import Actor, Mention, Participation
from tests.browser.helpers import open_page, shot
from tests.builders import make_actor, make_clause
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(live_server, editor):
    return build_world()


@pytest.fixture
def page(chromium, live_server, editor):
    with open_page(chromium) as page:
        page.goto(live_server.url + "/admin/login/")
        page.fill("#id_username", editor.username)
        page.fill("#id_password", "pw")
        page.click("input[type=submit]")
        yield page


def select_words(page, clause_selector, words):
    """Select `words` inside the clause text as a reader would, and release the mouse."""
    page.evaluate(
        """([selector, words]) => {
            const text = document.querySelector(selector);
            const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
            let node, offset = 0;
            const whole = text.textContent, at = whole.indexOf(words);
            const range = document.createRange();
            while ((node = walker.nextNode())) {
                const length = node.textContent.length;
                if (at >= offset && at <= offset + length && !range.startContainer.isConnected) {}
                if (at >= offset && at < offset + length) range.setStart(node, at - offset);
                if (at + words.length > offset && at + words.length <= offset + length) {
                    range.setEnd(node, at + words.length - offset);
                }
                offset += length;
            }
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
            text.dispatchEvent(new MouseEvent("mouseup", {bubbles: true}));
        }""",
        [clause_selector, words],
    )


def test_words_selected_in_a_clause_become_the_span_of_a_new_mention(world, page, live_server):
    desk = f"{live_server.url}/admin/commitments/statement/{world.s_may.pk}/tag/"
    page.goto(desk)
    clause = world.c_mar
    select_words(page, f"#clause-{clause.position} .desk-text", "maritime cooperation")
    panel = page.locator("#tag-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("maritime cooperation")
    page.fill("#tag-q", "Maritime sec")
    page.locator("#tag-choices label", has_text="Maritime security cooperation").click()
    page.select_option("#tag-panel select[name=stage]", "in_progress")
    page.click("#tag-panel button[value=tag]")
    # Already linked: refused, with the editor's choices kept in the panel.
    expect(panel.locator(".errornote")).to_contain_text("already speaks of")
    expect(page.locator("#tag-panel select[name=stage]")).to_have_value("in_progress")

    page.check("#tag-new")
    page.fill("#tag-panel input[name=title]", "Maritime cooperation dialogue")
    page.check("#tag-panel .desk-topics label:has-text('Maritime security') input")
    shot(page, "desk-tagging-panel")
    page.click("#tag-panel button[value=tag]")
    expect(page.locator("#desk-status")).to_contain_text("Created “Maritime cooperation dialogue”")
    mention = Mention.objects.get(clause=clause, commitment__title="Maritime cooperation dialogue")
    assert clause.text[mention.span_start : mention.span_end] == "maritime cooperation"
    assert (mention.stage, mention.review, mention.origin) == ("in_progress", "accepted", "editor")
    block = page.locator(f"#clause-{clause.position}")
    expect(block.locator("mark", has_text="maritime cooperation")).to_be_visible()
    assert page.csp_errors == [], "\n".join(page.csp_errors)


def test_a_suggestion_accepted_in_place_is_undone_in_place(world, page, live_server):
    for n in range(8):  # clauses after the suggestion's: the page goes on below it
        make_clause(world.s_may, f"They discussed item {n} of the agenda.")
    page.goto(f"{live_server.url}/admin/commitments/statement/{world.s_may.pk}/tag/")
    pending = Mention.objects.get(review="pending")
    page.set_viewport_size({"width": 1280, "height": 420})  # short enough for the desk to scroll
    block = page.locator(f"#clause-{pending.clause.position}")
    block.locator("button[value=accept]").scroll_into_view_if_needed()
    scrolled = page.evaluate("window.scrollY")
    assert scrolled > 0
    page.evaluate("window.deskMarker = 'same page'")
    block.locator("button[value=accept]").click()
    status = page.locator("#desk-status")
    expect(status).to_contain_text("Accepted: clause 2 speaks of “Trilateral Secretariat”")
    assert page.evaluate("window.scrollY") == scrolled  # the editor's place is kept
    expect(block.locator(".is-accepted", has_text="Trilateral Secretariat")).to_be_visible()
    pending.refresh_from_db()
    assert pending.review == "accepted"
    shot(page, "desk-accepted-in-place")
    status.locator("button", has_text="Undo").click()
    expect(status).to_contain_text("Undone: Accepted")
    expect(block.locator("form.is-pending")).to_have_count(1)
    pending.refresh_from_db()
    assert pending.review == "pending"
    assert page.evaluate("window.deskMarker") == "same page"
    assert page.csp_errors == [], "\n".join(page.csp_errors)


def test_an_editor_merges_two_actors_and_the_old_address_redirects(world, page, live_server):
    joe = make_actor("Joe Biden", kind="person", slug="joe-biden", country=world.us)
    Participation.objects.create(meeting=world.lima, actor=joe, role="President")
    world.exercise.actors.add(joe)
    joseph = make_actor("Joseph R. Biden Jr.", kind="person", slug="joseph-r-biden-jr")
    page.goto(f"{live_server.url}/admin/commitments/actor/?kind__exact=person")
    page.check(f"input[name=_selected_action][value='{joe.pk}']")
    page.check(f"input[name=_selected_action][value='{joseph.pk}']")
    page.select_option("select[name=action]", "merge_selected")
    page.click("button[name=index], input[type=submit][name=index], .actions button")
    page.check(f"#target-{joseph.pk}")
    page.click("input[value='Preview the merge']")
    expect(page.locator("#content-main table")).to_contain_text("/actors/joe-biden/")
    shot(page, "actors-merge-confirmation")
    page.click("input[value^='Yes, merge into']")
    expect(page.locator(".messagelist")).to_contain_text(
        "now redirects to /actors/joseph-r-biden-jr/"
    )
    assert not Actor.objects.filter(pk=joe.pk).exists()
    assert list(world.exercise.actors.filter(kind="person")) == [joseph]

    page.goto(f"{live_server.url}/actors/joe-biden/")
    assert page.url.endswith("/actors/joseph-r-biden-jr/")
    expect(page.locator("h1")).to_have_text("Joseph R. Biden Jr.")
    expect(page.locator("#meetings-heading")).to_have_text("1 meeting")
    assert page.csp_errors == [], "\n".join(page.csp_errors)
