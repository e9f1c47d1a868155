"""Small text helpers shared by the ingestion steps: normalising characters, dates, prose tests."""

import datetime
import re
import unicodedata

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
# "October 16, 2024", "Oct. 16, 2024", "16 October 2024", "2024-10-16", "2024年10月16日", "2024년 10월 16일"
DATE_PATTERN = re.compile(
    rf"(?P<mdy>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}}))"
    rf"|(?P<dmy>(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}),?\s+(?P<y2>\d{{4}}))"
    r"|(?P<iso>(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2}))"
    r"|(?P<cjk>(?P<y4>\d{4})\s*[年년.]\s*(?P<m4>\d{1,2})\s*[月월.]\s*(?P<d4>\d{1,2})\s*[日일]?)"
)

SENTENCE_END = re.compile(r"[.!?:;。]['\"”’)\]]*$")
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def normalize_characters(text):
    """Unify line ends and spaces: CRLF/CR -> LF, NBSP and other spaces -> space, no zero-widths."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    return "".join(
        " " if (ch != "\n" and ch != "\t" and unicodedata.category(ch) == "Zs") else ch
        for ch in text
    ).replace("\t", " ")


def parse_date(match):
    """A datetime.date from a DATE_PATTERN match, or None when it names no real day."""
    groups = match.groupdict()
    try:
        if groups["mdy"]:
            month = MONTHS[groups["m1"].rstrip(".").lower()]
            return datetime.date(int(groups["y1"]), month, int(groups["d1"]))
        if groups["dmy"]:
            month = MONTHS[groups["m2"].rstrip(".").lower()]
            return datetime.date(int(groups["y2"]), month, int(groups["d2"]))
        if groups["iso"]:
            return datetime.date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
        if groups["cjk"]:
            return datetime.date(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))
    except (ValueError, KeyError):
        return None
    return None


def find_dates(text):
    """Every (date, match) in `text`, in order."""
    found = []
    for match in DATE_PATTERN.finditer(text):
        date = parse_date(match)
        if date and 1900 <= date.year <= 2200:
            found.append((date, match))
    return found


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
