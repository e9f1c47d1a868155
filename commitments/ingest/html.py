"""HTML page -> plain text lines (and the metadata its <head> carries), with the stdlib parser.

Scripts, styles, navigation, headers, footers, forms and asides are skipped; block elements
become line breaks so the cleaning step sees one paragraph per line.
"""

import re
from html.parser import HTMLParser

SKIPPED = {
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "header",
    "footer",
    "form",
    "aside",
    "button",
    "select",
    "iframe",
}
BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "section",
    "article",
    "main",
    "blockquote",
    "tr",
    "table",
    "hr",
    "dd",
    "dt",
    "figure",
    "figcaption",
    "pre",
    "title",
}
VOID = {
    "br",
    "hr",
    "img",
    "meta",
    "link",
    "input",
    "area",
    "base",
    "col",
    "embed",
    "source",
    "track",
    "wbr",
}
HTML_START = re.compile(
    r"\A\s*(?:<!doctype\s+html|<html\b|<head\b|<body\b|<\?xml[^>]*>\s*<html)", re.I
)
TAG = re.compile(r"</?(?:p|div|span|a|br|li|ul|table|td|h[1-6]|strong|em|b|i)\b[^>]*>", re.I)


class HtmlError(ValueError):
    """The page cannot be read as text; the message says why."""


def looks_like_html(text):
    """An HTML page (a doctype or <html> at the top, or markup throughout)."""
    if HTML_START.match(text):
        return True
    tags = len(TAG.findall(text[:20000]))
    return tags >= 5 and tags * 40 > len(text[:20000].split("\n"))


class _Extractor(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.skip_depth = 0
        self.meta = {}
        self.in_title = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attrs.get("property") or attrs.get("name") or "").casefold()
            if key and attrs.get("content"):
                self.meta.setdefault(key, attrs["content"].strip())
        elif tag == "link" and "canonical" in attrs.get("rel", "").casefold() and attrs.get("href"):
            self.meta.setdefault("canonical", attrs["href"].strip())
        elif tag == "html" and attrs.get("lang"):
            self.meta.setdefault("lang", attrs["lang"])
        if tag == "title":
            self.in_title = True
        if tag in SKIPPED and tag not in VOID:
            self.skip_depth += 1
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False
        if tag in SKIPPED and self.skip_depth:
            self.skip_depth -= 1
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if self.in_title:
            self.title += data
            return
        if not self.skip_depth:
            self.parts.append(re.sub(r"\s+", " ", data))


def html_to_text(page):
    """(text, front_matter-like dict) of an HTML page; raises HtmlError when no text is left."""
    extractor = _Extractor()
    try:
        extractor.feed(page)
        extractor.close()
    except Exception as exc:  # html.parser is lenient; anything it still chokes on is refused
        raise HtmlError(
            f"The HTML page could not be read ({exc}). Save the statement as plain text."
        ) from None
    lines = [line.strip() for line in "".join(extractor.parts).split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    if not text:
        raise HtmlError("The HTML page has no readable text. Save the statement as plain text.")
    meta = {}
    title = extractor.meta.get("og:title") or extractor.title.strip()
    if title:
        # "Joint Statement of ... | The White House": the site's name is no part of the title.
        meta["title"] = re.split(r"\s+[|–—]\s+", " ".join(title.split()))[0]
    for key, target in [
        ("canonical", "source_url"),
        ("og:url", "source_url"),
        ("og:site_name", "publisher"),
        ("article:published_time", "published_time"),
        ("lang", "language"),
    ]:
        if extractor.meta.get(key):
            meta.setdefault(target, extractor.meta[key])
    return text, meta
