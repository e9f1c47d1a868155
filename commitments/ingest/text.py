"""Small text helpers shared by the ingestion steps: normalising characters, prose tests."""

import re
import unicodedata

from commitments.ingest.dates import DATE_PATTERN

SENTENCE_END = re.compile(r"[.!?:;。]['\"”’)\]]*$")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
# Full-width digits ("２０２５年") read as ASCII ones.
FULL_WIDTH_DIGITS = {ord("０") + i: ord("0") + i for i in range(10)}


def normalize_characters(text):
    """Unify line ends and spaces: CRLF/CR -> LF, NBSP and other spaces -> space, no zero-widths."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    text = text.translate(FULL_WIDTH_DIGITS)
    return "".join(
        " " if (ch != "\n" and ch != "\t" and unicodedata.category(ch) == "Zs") else ch
        for ch in text
    ).replace("\t", " ")


def word_count(text):
    return len(text.split())


def is_cjk_text(text):
    return any(
        "\u3040" <= ch <= "\u30ff" or "\uac00" <= ch <= "\ud7a3" or "\u4e00" <= ch <= "\u9fff"
        for ch in text
    )


def is_prose(text):
    """Does this line read like statement prose: a sentence or more, mostly ordinary words?"""
    text = text.strip()
    if text.endswith(("...", "…")):
        return False  # a news teaser, cut short
    if is_cjk_text(text):
        # Korean and Japanese prose: length and sentence punctuation, not word case.
        return len(text) >= 30 and bool(re.search(r"[.。!?다]['\"”’)\]]*$", text))
    words = text.split()
    if len(words) < 6:
        return False
    letters = sum(ch.isalpha() for ch in text)
    if letters < 0.6 * len(text.replace(" ", "")):
        return False
    lower = sum(1 for word in words if word[:1].islower())
    if lower < 0.3 * len(words) and not is_meeting_line(text):
        return False  # Title Case headlines, banners, name lists
    return bool(SENTENCE_END.search(text)) or len(words) >= 25


# A lower-case meeting verb: "met in", "held the", "convened", "led their respective delegations".
MEETING_LINE_VERB = re.compile(
    r"\b(?:met|convened|hosted|gathered|(?:was|were)\s+held|held\s+(?:a|an|the|their|its)"
    r"|led\s+(?:their|the\s+three|the\s+respective|the)\s+(?:respective\s+)?delegations?"
    r"|delegations\s+were\s+led\s+by)\b"
)


def is_meeting_line(text):
    """Is this the statement's opening, "<names and titles> met in <place> on <date>."?

    Such a line is mostly capitalised names and titles, so the word-case test alone would take
    it for a banner. A lower-case meeting verb, a sentence end and a date or a place make it prose;
    a headline ("Austin Meets Kihara in Tokyo") has no lower-case verb and no full stop.
    """
    if not SENTENCE_END.search(text) or len(text.split()) < 8:
        return False
    if not MEETING_LINE_VERB.search(text):
        return False
    when = (
        r"\b(?:in|at)\s+[A-Z]|\b(?:today|yesterday|virtually|by video|via video(?:conference)?)\b"
    )
    return bool(DATE_PATTERN.search(text) or re.search(when, text))


def strip_quote_wrapping(text):
    """Remove the quotation marks a news site wraps around a quoted paragraph."""
    if text[:1] in '"“' and len(text) > 2:
        inner = text[1:]
        if inner[-1:] in '"”':
            inner = inner[:-1]
        return inner.strip()
    return text
