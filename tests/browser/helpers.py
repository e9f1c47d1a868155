"""What the browser tests share: pages that record Content Security Policy errors, screenshots in
test-artifacts/ (git-ignored), and waits that suit htmx."""

from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# Chromium reports a violation on the console; this listener adds the element that caused it.
_REPORT_CSP_VIOLATIONS = (
    "document.addEventListener('securitypolicyviolation', e => console.log("
    "'Content Security Policy: ' + e.violatedDirective + ' ' + (e.target.outerHTML || '')"
    ".slice(0, 300)))"
)


@contextmanager
def open_page(chromium, viewport=DESKTOP, **options):
    """A page of its own browser context (`options` as Browser.new_context takes them), the
    console's Content Security Policy errors collected in `page.csp_errors`."""
    context = chromium.new_context(viewport=viewport, **options)
    try:
        page = context.new_page()
        page.add_init_script(_REPORT_CSP_VIOLATIONS)
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
    finally:
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
