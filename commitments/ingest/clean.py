"""Source text -> the statement's paragraphs, with every dropped line and the reason it was dropped.

The rules are general: lines are classified (page furniture, banners, breadcrumbs, bylines,
datelines, markers, headings, prose), then the statement is located as the run of prose that
follows a statement heading or a "Begin Text" marker (or else the longest run of prose), and
everything around it is dropped. Hard-wrapped text is reflowed first.
"""

import re
from dataclasses import dataclass, field

import yaml

from commitments.ingest.dates import DATE_PATTERN
from commitments.ingest.gazetteer import COUNTRIES, NEWS_AGENCIES
from commitments.ingest.text import (
    is_prose,
    normalize_characters,
    strip_quote_wrapping,
    word_count,
)

# Kinds of logical lines.
BLANK = "blank"
SEPARATOR = "separator"
NOISE = "noise"
BEGIN = "begin"
END = "end"
STOP = "stop"
STATEMENT_HEADING = "statement_heading"
HEADING = "heading"
PROSE = "prose"
OTHER = "other"

MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<\"'])")
SEPARATOR_LINE = re.compile(r"^\s*(?:[*#=_~\-]\s*){3,}$|^\s*-?\s*30\s*-?$")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
BULLET = re.compile(r"^(?:[■□▪▫●○◆◇▶▷►•◦※★☆▲△\-*]\s*)+")

BEGIN_MARKER = re.compile(r"^(?:begin(?:ning of)? (?:the )?text|text begins?)\s*[:.]?$", re.I)
END_MARKER = re.compile(r"^(?:end(?:\s+of)? (?:the )?text|text ends?)\s*[:.]?$", re.I)

# Where the page's tail starts once the statement has begun: anything from here on is not the text.
STOP_MARKERS = re.compile(
    r"^(?:connect with us|engage\b|related\b|more (?:news|from|stories|on)\b|in the .{0,40}news"
    r"|latest news|recent (?:news|posts|stories)|read more|you may also like|see also"
    r"|\d*\s*comments?\b|leave a (?:reply|comment)|share this|tags?\s*:?$|categories\s*:"
    r"|filed under|source\s*:|sources?\s*$|organi[sz]ations in this story|people in this story"
    r"|subscribe\b|sign up\b|follow us|stay connected|previous (?:post|article)|next (?:post|article)"
    r"|about the author|photos? of the day|trending\b|most (?:read|popular))",
    re.I,
)

# Site sections, buttons and labels that are never part of a statement.
PAGE_FURNITURE = {
    "top of page",
    "bottom of page",
    "back to top",
    "skip to main content",
    "skip to content",
    "main menu",
    "menu",
    "search",
    "home",
    "print",
    "share",
    "email",
    "e-mail",
    "tweet",
    "facebook",
    "twitter",
    "x",
    "linkedin",
    "copy link",
    "link",
    "print this page",
    "close",
    "toggle navigation",
    "briefing room",
    "statements and releases",
    "statements & releases",
    "presidential actions",
    "speeches and remarks",
    "press briefings",
    "office of the spokesperson",
    "media note",
    "press release",
    "press releases",
    "press statement",
    "news release",
    "news releases",
    "joint statements",
    "readouts",
    "fact sheets",
    "news",
    "news article view",
    "for immediate release",
    "immediate release",
    "release",
    "releases",
    "statement",
    "statements",
    "readout",
    "fact sheet",
    "remarks",
    "translation",
    "hide",
    "expand",
    "view all",
    "listen",
    "en",
    "english",
    "japanese",
    "korean",
    "page top",
    "한국어",
    "日本語",
    "flag",
    "미디어노트",
    "보도자료",
    "プレスリリース",
    "報道発表",
    "報道発表・談話",
    "full text",
}

BANNER = re.compile(
    r"official website of the|\.(?:gov|mil) website|secure websites|https:// means|here['’]s how you know"
    r"|lock \(|\| official website|official websites use|javascript is (?:disabled|required)"
    r"|this website uses cookies|accept (?:all )?cookies",
    re.I,
)
BREADCRUMB = re.compile(r"^[^\s:>»/|›][^:>»/|›]{0,40}(?:\s+[:>»/|›]\s+[^:>»/|›]{1,40}){2,}$")
DATELINE = re.compile(
    rf"^(?:[A-Z][A-Za-z &.-]{{1,40}}\s*\|\s*)?(?:{DATE_PATTERN.pattern})(?:\s*\|.*)?$"
)
LABELLED_DATE = re.compile(
    r"^(?:date|posted|published|released|updated|issued|release date)\b(?:\s+on)?\s*:?\s*\S+(?:\s+\S+){0,7}$",
    re.I,
)
BYLINE = re.compile(
    r"^(?:writer['’]?s picture|by\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}$|posted\b|published\b|updated\b"
    r"|written by\b|author\s*:|reporter\s*:|edited by\b|\d+\s+min(?:ute)? read$)",
    re.I,
)
IMAGE_NAME = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|tiff?|bmp)\b|^(?:webp|jpe?g|png|gif|image|img|photo)\s+\S+$", re.I
)
RANDOM_TOKEN = re.compile(r"\b(?=[a-z0-9]*\d)(?=[a-z0-9]*[a-z])[a-z0-9]{16,}\b", re.I)
PHOTO_CAPTION = re.compile(
    r"\((?:[^()]*\s)?photo(?:graph)? by [^()]*\)\s*$|^photo\s*:|^\(?photo credit", re.I
)
# A distributor's notice around a press release it republished ("X published this content on ...").
DISTRIBUTOR_NOTICE = re.compile(
    r"\bpublished this content on\b|\bdistributed (?:via|by)\b|\bis solely responsible for the "
    r"information\b|\bunedited and unaltered\b|\bif you believe the information included\b"
    r"|\ball rights reserved\b",
    re.I,
)
COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.I)
# A news agency's tag before the text it reports: "(MENAFN) On Friday, ...",
# "SEOUL, Nov. 20 (Yonhap) -- ...".
AGENCY_TAG = re.compile(
    r"^(?:[A-Z][A-Za-z]+(?:\s[A-Z][A-Za-z]+)?,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2}\s+)?"
    r"\((?P<agency>[A-Z][\w .&-]{1,40}?)\)\s*(?:-{1,2}|–|—)?\s*(?=\S)"
)
# A link's label left at the end of a paragraph ("... [전문]", "[Full text]").
TRAILING_LINK = re.compile(r"\s*\[(?:전문|全文|more|read more|full text)\]\s*$", re.I)
PUBLISHER_LINE = re.compile(
    r"^(?:the white house|(?:u\.s\.|united states|us) (?:department|embassy|mission|indo-pacific command)\b.*"
    r"|(?:the )?department of (?:state|defense)\b.*|ministry of [a-z ]+(?:(?:,\s*|\s+of\s+)(?:japan|(?:the\s+)?republic of korea|korea))?"
    r"|(?:republic of korea|rok|japan(?:ese)?) ministry of [a-z ]+|prime minister['’]s office(?: of japan)?"
    r"|office of the (?:president|spokesperson|press secretary).*)$",
    re.I,
)
INTRO = re.compile(
    r"^(?:the (?:following|below|text below)|below is|following is|text of\b|full text\b)|attributable to\b"
    r"|아래의|다음은|以下の",
    re.I,
)
STATEMENT_WORDS = re.compile(
    r"\b(?:joint\s+(?:press\s+)?statement|joint\s+press\s+release|press\s+release|media\s+note|joint\s+declaration|leaders['’]?\s+statement|statement|readout"
    r"|fact\s+sheet|communiqu[eé]|declaration|full\s+text|(?:unofficial|provisional)\s+translation)\b"
    r"|공동성명|공동발표문|성명서|共同声明|共同発表|声明",
    re.I,
)


@dataclass
class LogicalLine:
    """One paragraph-sized line of the source after reflow, with what it is."""

    text: str
    kind: str = OTHER
    reason: str = ""


@dataclass
class Segment:
    """A piece of the source text in order: kept in the body or dropped (with the reason)."""

    text: str
    kept: bool
    reason: str = ""


@dataclass
class Cleaned:
    front_matter: dict = field(default_factory=dict)
    paragraphs: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    preamble: list = field(default_factory=list)  # lines before the statement (not page furniture)
    dropped_lines: list = field(default_factory=list)  # LogicalLine, for metadata (datelines...)
    warnings: list = field(default_factory=list)
    agency: str = ""  # the news agency whose tag opened the text ("MENAFN", "Yonhap")

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)


def split_front_matter(text):
    """YAML front matter ("---" ... "---" at the very top) -> (dict, rest, the front matter text)."""
    match = re.match(r"\A\s*---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if not match:
        return {}, text, "", []
    try:
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        problem = str(exc).splitlines()[0]
        return (
            {},
            text[match.end() :],
            match.group(0),
            [f"Front matter is not valid YAML ({problem}); ignored."],
        )
    if not isinstance(data, dict):
        return {}, text[match.end() :], match.group(0), ["Front matter is not a mapping; ignored."]
    return data, text[match.end() :], match.group(0), []


def unescape_markdown(line):
    return MARKDOWN_ESCAPE.sub(r"\1", line)


def logical_lines(text):
    """Lines of the text with markdown escapes undone and hard-wrapped paragraphs reflowed.

    A text is hard-wrapped when its lines never run much past a fixed width; then a line
    continues on the next one when the next line's first word would not have fitted on it
    (a wrapping tool would have put it there otherwise: the break ends a paragraph).
    """
    lines = [unescape_markdown(line).strip() for line in text.split("\n")]
    lengths = sorted(len(line) for line in lines if line)
    if not lengths:
        return []
    width = lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]
    long_lines = sum(1 for n in lengths if n >= 0.75 * width)
    hard_wrapped = width <= 100 and long_lines >= 3 and len(lengths) >= 4
    width = max((n for n in lengths if n <= 100), default=width)
    merged = []
    for line in lines:
        continues = (
            hard_wrapped
            and line
            and merged
            and merged[-1]
            and not SEPARATOR_LINE.match(line)
            and not SEPARATOR_LINE.match(merged[-1])
            and len(merged[-1].rsplit("\n", 1)[-1]) + 1 + len(line.split()[0]) > width - 3
            and not BULLET.match(line)
        )
        if continues:
            merged[-1] = merged[-1] + "\n" + line
        else:
            merged.append(line)
    return _join_broken_headings([line.replace("\n", " ") for line in merged])


BROKEN_HEADING_END = re.compile(r"(?:[,:–—-]|\b(?:of|and|the|on|for|between|with))$")


def _join_broken_headings(lines):
    """ "The Spirit of Camp David: Joint Statement of Japan," + "the Republic of Korea, and the
    United States": a title broken across two lines is one line."""
    joined = []
    for line in lines:
        previous = joined[-1] if joined else ""
        continues = (
            line
            and previous
            and len(previous.split()) <= 20
            and len(line.split()) <= 12
            and BROKEN_HEADING_END.search(previous)
            and line[:1].islower()
            and not SENTENCE_END_CHARACTERS.search(line)
        )
        if continues:
            joined[-1] = f"{previous} {line}"
        else:
            joined.append(line)
    return joined


SENTENCE_END_CHARACTERS = re.compile(r"[.!?。]$")


def classify(text):
    """(kind, reason) of one logical line, on its own."""
    if not text:
        return BLANK, ""
    if SEPARATOR_LINE.match(text):
        return SEPARATOR, "separator"
    bare = BULLET.sub("", MARKDOWN_HEADING.sub("", text)).strip().strip("*_").strip()
    bare = TRAILING_LINK.sub("", bare)
    folded = bare.casefold().rstrip(":.")
    if not any(ch.isalnum() for ch in bare):
        return NOISE, "decoration"
    if BEGIN_MARKER.match(bare):
        return BEGIN, "start-of-text marker"
    if END_MARKER.match(bare):
        return END, "end-of-text marker"
    if folded in PAGE_FURNITURE:
        return NOISE, "page furniture"
    if BANNER.search(bare):
        return NOISE, "site banner"

    if DATELINE.match(bare) or (LABELLED_DATE.match(bare) and DATE_PATTERN.search(bare)):
        return NOISE, "dateline"
    if BYLINE.match(bare):
        return NOISE, "byline"
    if DISTRIBUTOR_NOTICE.search(bare) and word_count(bare) <= 80:
        return NOISE, "distributor's notice"
    if COPYRIGHT.match(bare) and word_count(bare) <= 30:
        return NOISE, "copyright notice"
    if PHOTO_CAPTION.search(bare):
        return NOISE, "photo caption"
    if word_count(bare) <= 8 and (IMAGE_NAME.search(bare) or RANDOM_TOKEN.search(bare)):
        return NOISE, "image file name"
    if DATELINE.match(bare):
        return NOISE, "dateline"
    if BREADCRUMB.match(bare) and word_count(bare) <= 16:
        return NOISE, "breadcrumb"
    if re.match(r"^https?://\S+$", bare):
        return NOISE, "link"
    if STOP_MARKERS.match(bare) and not is_prose(bare):
        return STOP, "page trailer"
    if PUBLISHER_LINE.match(bare):
        return NOISE, "publisher"
    if is_prose(bare):
        return PROSE, ""
    if STATEMENT_WORDS.search(bare) and word_count(bare) <= 30:
        return STATEMENT_HEADING, "heading"
    if BULLET.match(text) and word_count(bare) >= 4 and not bare.endswith(("...", "…")):
        return PROSE, ""  # a list item of a fact sheet
    if word_count(bare) <= 25 and not bare.endswith(("...", "…")):
        return HEADING, "heading"
    return OTHER, "not statement text"


def clean(text, page_metadata=None):
    """Locate the statement in a decoded source text; returns a Cleaned.

    `page_metadata` (from an HTML page's head) counts as front matter the text itself lacks.
    """
    text = normalize_characters(text)
    front_matter, rest, front_text, warnings = split_front_matter(text)
    front_matter = {**(page_metadata or {}), **front_matter}
    lines = [LogicalLine(line, *classify(line)) for line in logical_lines(rest)]
    start, end = _locate(lines)
    cleaned = Cleaned(front_matter=front_matter, warnings=warnings)
    if front_text:
        cleaned.segments.append(
            Segment(front_text.strip(), False, "front matter (read for metadata)")
        )
    if start is None:
        _keep_what_is_not_noise(lines, cleaned)
        return cleaned

    body_lines = [line for line in lines[start : end + 1] if line.kind in (PROSE, HEADING, OTHER)]
    unwrap = _paragraphs_are_quote_wrapped(body_lines)
    for index, line in enumerate(lines):
        if line.kind == BLANK:
            continue
        if start <= index <= end and line in body_lines:
            _keep_paragraph(_paragraph_text(line.text, unwrap), cleaned)
            continue
        reason = line.reason
        if index < start and line.kind == STOP:
            reason = "page furniture"
        elif index < start and line.kind in (PROSE, OTHER) and not reason:
            reason = "introduction or news summary before the statement"
        elif index > end and line.kind in (PROSE, OTHER, HEADING):
            reason = "after the statement"
        cleaned.segments.append(Segment(line.text, False, reason or "not statement text"))
        cleaned.dropped_lines.append(line)
        if index < start and line.kind in (PROSE, OTHER, HEADING, STATEMENT_HEADING):
            cleaned.preamble.append(line.text)
    return cleaned


def _keep_paragraph(paragraph, cleaned):
    """Add a paragraph to the body, less a news agency's tag and a link's label left in it."""
    if not cleaned.paragraphs:
        tag = AGENCY_TAG.match(paragraph)
        if tag and _is_agency(tag.group("agency")):
            cleaned.agency = tag.group("agency").strip()
            cleaned.segments.append(Segment(tag.group().strip(), False, "news agency's tag"))
            paragraph = paragraph[tag.end() :]
    link = TRAILING_LINK.search(paragraph)
    if link:
        cleaned.segments.append(Segment(link.group().strip(), False, "link label"))
        paragraph = paragraph[: link.start()]
    if paragraph:
        cleaned.paragraphs.append(paragraph)
        cleaned.segments.append(Segment(paragraph, True))


COUNTRY_NAMES = {alias for actor in COUNTRIES for alias in actor.aliases}


def _is_agency(name):
    """A news agency's name (known, or a short capitalised tag), never a country ("(ROK)")."""
    name = name.strip()
    if name in COUNTRY_NAMES:
        return False
    return name in NEWS_AGENCIES or (name.isupper() and 3 <= len(name) <= 10)


def _keep_what_is_not_noise(lines, cleaned):
    """No run of prose: keep every line that is not page furniture, and say so."""
    for line in lines:
        if line.kind == BLANK:
            continue
        if line.kind in (HEADING, OTHER, STATEMENT_HEADING):
            _keep_paragraph(_paragraph_text(line.text, False), cleaned)
        else:
            cleaned.segments.append(Segment(line.text, False, line.reason or "not statement text"))
            cleaned.dropped_lines.append(line)
    if cleaned.paragraphs:
        cleaned.warnings.append(
            "No run of statement prose found: the body is every line that is not page "
            "furniture; check it."
        )


def _paragraph_text(text, unwrap):
    text = MARKDOWN_HEADING.sub("", text).strip()
    if text.startswith("**") and text.endswith("**"):
        text = text.strip("*").strip()
    if unwrap:
        text = strip_quote_wrapping(text)
    return " ".join(text.split())


def _paragraphs_are_quote_wrapped(lines):
    prose = [line.text for line in lines if line.kind == PROSE]
    wrapped = sum(1 for text in prose if text[:1] in '"“')
    return len(prose) >= 2 and wrapped >= 0.6 * len(prose)


def _locate(lines):
    """(first, last) index of the statement's lines, or (None, None) when there is no prose."""
    begin = next((i for i, line in enumerate(lines) if line.kind == BEGIN), None)
    region_start = begin + 1 if begin is not None else 0
    region_end = next(
        (i for i in range(region_start, len(lines)) if lines[i].kind == END), len(lines)
    )
    runs = _prose_runs(lines, region_start, region_end)
    if not runs:
        return None, None
    after_heading = [run for run in runs if run[2]]
    first, last, _ = max(after_heading or runs, key=lambda run: _run_weight(lines, run))
    # The publisher's own introduction ("The following is the joint statement ...") is not the text.
    while first < last and INTRO.search(lines[first].text) and lines[first].kind == PROSE:
        lines[first].reason = "publisher's introduction"
        first = _next_content(lines, first + 1, last)
    return first, last


def _next_content(lines, index, last):
    while index < last and lines[index].kind in (BLANK, SEPARATOR, NOISE):
        index += 1
    return index


def _run_weight(lines, run):
    first, last, _ = run
    return sum(len(line.text) for line in lines[first : last + 1] if line.kind == PROSE)


def _prose_runs(lines, region_start, region_end):
    """Runs of statement prose as (first, last, follows_a_statement_heading).

    A run goes on through blank lines, separators, page furniture and short section headings
    followed by more prose; a statement heading, a page trailer or any other kind of line ends it.
    """
    runs = []
    first = last = None
    heading_seen = False
    for index in range(region_start, region_end):
        line = lines[index]
        if line.kind == PROSE:
            if first is None:
                first = index
                run_follows_heading = heading_seen
            last = index
            continue
        if line.kind in (BLANK, SEPARATOR, NOISE, BEGIN):
            continue
        if line.kind == HEADING and first is not None and _prose_follows(lines, index, region_end):
            continue
        if first is not None:
            runs.append((first, last, run_follows_heading))
            first = last = None
            heading_seen = False
        if line.kind == STATEMENT_HEADING:
            heading_seen = True
        if line.kind == STOP and runs:
            break
    if first is not None:
        runs.append((first, last, run_follows_heading))
    return runs


def _prose_follows(lines, index, region_end, lookahead=15):
    """Is this heading followed, after at most `lookahead` more headings, by prose?"""
    for line in lines[index + 1 : region_end]:
        if line.kind in (BLANK, SEPARATOR, NOISE):
            continue
        if line.kind == HEADING and lookahead > 0:
            lookahead -= 1
            continue
        return line.kind == PROSE
    return False
