"""What a statement says about itself: title, kind, dates, place, series, participants, parties,
publisher and outlet, source URL, language and whether it is a translation or a repost.

Pure: reads the cleaned text (front matter, the lines before the statement, the dropped lines
and the body). Whatever is not found stays empty and adds a warning; nothing is guessed silently.
The steps live in their own modules (dates, places, series, participants, parties, publishers);
this one runs them in order and applies what an editor supplies (`apply_given`).
"""

import datetime
import re
from dataclasses import dataclass, field

from commitments.ingest import dates as dating
from commitments.ingest import places, series
from commitments.ingest.clean import BULLET, INTRO, MARKDOWN_HEADING, STATEMENT_HEADING, classify
from commitments.ingest.opening import MEETING_VERB, meeting_sentence, this_meeting_part
from commitments.ingest.participants import (
    Participant,
    add_known_people,
    assign_remaining_party,
    countries_from_titles,
    fill_known_countries,
    find_participants,
    leaders_named,
)
from commitments.ingest.parties import (
    complete_trilateral_parties,
    find_parties,
    mentioned_actors,
    parties_named,
)
from commitments.ingest.publishers import find_provenance, provenance_from_url
from commitments.ingest.text import normalize_characters

__all__ = ["Metadata", "Participant", "apply_given", "extract_metadata", "mentioned_actors"]

TRANSLATION = re.compile(
    r"\b(?P<unofficial>unofficial|provisional|informal)\s+translation\b|\btranslation\b|\btranslated\b"
    r"|(?P<marker>가번역|비공식 번역|仮訳)",
    re.I,
)
# Signs of a machine translation: a label, or a phrase run into itself ("in accordance with and
# in accordance with"), which no official translation leaves.
MACHINE_TRANSLATION = re.compile(
    r"\b(?:machine[- ]translat\w*|automatically translated|translated (?:by|with) (?:AI|machine"
    r"|Google|DeepL|Papago))\b|자동 번역|機械翻訳|\b(?P<phrase>(?:[a-z]+ ){1,3}[a-z]+) and (?P=phrase)\b",
    re.I,
)
KIND_WORDS = [
    (re.compile(r"\bjoint\s+press\s+(?:statement|release)\b", re.I), "joint_press_statement"),
    (re.compile(r"\breadout\b|^outcomes? of\b|概要|결과", re.I), "readout"),
    (re.compile(r"\bfact\s+sheet\b", re.I), "fact_sheet"),
    (
        re.compile(
            r"\b(?:joint\s+)?(?:statement|declaration|communiqu[eé]|principles|commitment to consult)\b"
            r"|released by the governments|공동성명|성명서|共同声明|声明",
            re.I,
        ),
        "joint_statement",
    ),
]
FRONT_MATTER_KEYS = {
    "title": ("title", "headline", "name"),
    "date": ("meeting_date", "date", "event_date"),
    "published": ("published_time", "published", "date_published", "publication_date", "pubdate"),
    "source_url": (
        "source_url",
        "url",
        "canonical",
        "canonical_url",
        "link",
        "permalink",
        "source",
    ),
    "publisher": ("publisher",),
    "site_name": ("site", "site_name", "og:site_name", "source_name", "found_at"),
    "place": ("place", "location", "venue"),
    "language": ("language", "lang", "locale"),
}
TRANSLATION_MARKER = re.compile(
    r"^[(\[]?\s*(?:(?:unofficial|provisional|informal)\s+)?translation\s*[)\]]?$", re.I
)


@dataclass
class Metadata:
    title: str = ""
    kind: str = "joint_statement"
    meeting_date: datetime.date | None = None
    end_date: datetime.date | None = None
    published_on: datetime.date | None = None
    place: str = ""
    is_virtual: bool = False
    series: str = ""
    series_level: str = ""
    series_aliases: list = field(default_factory=list)
    series_known: bool = False
    is_exercise: bool = False
    ordinal: int | None = None
    participants: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    actors: list = field(default_factory=list)  # (name, kind) of every known actor the body names
    publisher: str = ""
    found_at: str = ""  # the news site or distributor the text was found on, for a repost
    is_repost: bool = False
    source_url: str = ""
    language: str = "en"
    is_translation: bool = False
    is_unofficial_translation: bool = False
    notes: list = field(default_factory=list)  # (field, warning)

    @property
    def warnings(self):
        return [message for _, message in self.notes]

    def warn(self, message, about=""):
        """Record a warning about one field (dropped when an editor supplies that field)."""
        self.notes.append((about, message))


def extract_metadata(cleaned):
    """Metadata of a cleaned source text (see clean.clean)."""
    meta = Metadata()
    fm = _front_matter(cleaned.front_matter)
    body = cleaned.body
    headings = _headings(cleaned)
    intro = [line for line in cleaned.preamble if classify(line)[0] != STATEMENT_HEADING]

    meta.language = _language(body, fm.get("language"))
    meta.title, title_note = _title(fm, headings, cleaned)
    if title_note:
        meta.warn(title_note, "title")
    heading_text = " ".join([meta.title, *headings, *intro[:3]])
    # Site labels ("Readout", "Fact Sheet", "Press Statement") say what kind of text a page holds.
    labels = " ".join(
        line.text for line in cleaned.dropped_lines if line.reason == "page furniture"
    )
    first = cleaned.paragraphs[0] if cleaned.paragraphs else ""
    meta.kind = _kind([meta.title, labels, heading_text, first], meta)
    marks = " ".join(line for line in cleaned.preamble if classify(line)[0] != "prose")
    _translation(" ".join([heading_text, marks, *(str(v) for v in fm.values())]), body, meta)

    is_series = lambda text: bool(series.series_in(text))  # noqa: E731
    sentence = meeting_sentence(cleaned.paragraphs, intro, lambda s: places.place_in(s, is_series))
    _dates(fm, sentence, cleaned, meta)
    places.find_place(fm, sentence, intro, meta, is_series)

    # The publisher's introduction names the parties; a news summary around the text may not.
    introductions = [line for line in intro if INTRO.search(line)]
    # Where they met ("in Lima, Peru") names no party.
    who_met = sentence.replace(meta.place, " ") if meta.place else sentence
    subject_texts = [meta.title, *headings, *introductions, who_met]
    meta.participants, group_role = find_participants(
        sentence, intro, cleaned.paragraphs, meta.language
    )
    add_known_people(meta.participants, cleaned.paragraphs, intro, meta.meeting_date)
    countries_from_titles(meta.participants, meta)
    series.find_series(subject_texts, meta)
    if series.is_leaders(group_role, meta):
        leaders_named(body, meta.participants, meta.meeting_date)
    series.series_fallback(group_role, subject_texts, meta)
    meta.parties = find_parties(subject_texts, meta.participants, cleaned.paragraphs, meta)
    complete_trilateral_parties(meta)
    assign_remaining_party(meta.participants, meta.parties, meta)
    fill_known_countries(meta.participants, meta)
    meta.actors = mentioned_actors(body)
    find_provenance(fm, cleaned, meta)
    _missing_warnings(meta)
    return meta


def names_of_parties(cleaned, meta):
    """Every party the text names anywhere (title, headings, body): the test of a statement."""
    return parties_named("\n".join([meta.title, *cleaned.preamble, cleaned.body]))


def _front_matter(data):
    found = {}
    lowered = {str(k).casefold(): v for k, v in data.items()}
    for key, names in FRONT_MATTER_KEYS.items():
        for name in names:
            value = lowered.get(name)
            if value not in (None, "", [], {}):
                found[key] = value
                break
    return found


def _clean_heading(text):
    text = BULLET.sub("", MARKDOWN_HEADING.sub("", text)).strip().strip("*_").strip()
    return " ".join(normalize_characters(text).split())


def _headings(cleaned, kinds=(STATEMENT_HEADING,)):
    """Heading lines before the statement, nearest to it first (a bare translation marker is none)."""
    found = []
    for line in reversed(cleaned.preamble):
        kind, _ = classify(line)
        text = _clean_heading(line)
        if kind in kinds and not TRANSLATION_MARKER.match(text):
            if kind == STATEMENT_HEADING and (INTRO.search(text) or text.endswith(":")):
                continue  # "The following is the joint statement ...:" introduces, not titles
            found.append(text)
    return found


def _title(fm, headings, cleaned):
    if isinstance(fm.get("title"), str) and fm["title"].strip():
        return _clean_heading(fm["title"]), ""
    for heading in headings:
        if heading.endswith(("...", "…")):
            return heading, "The title is cut off (it ends in “...”); complete it."
        return heading, ""
    for line in _headings(cleaned, kinds=("heading",)):
        return line, "No statement heading found: the title is the page's headline; check it."
    return "", "No title found; enter one."


def _kind(texts, meta):
    for text in texts:
        for pattern, kind in KIND_WORDS:
            if pattern.search(text):
                return kind
    meta.warn("Kind of statement not stated; assumed a joint statement.", "kind")
    return "joint_statement"


def _translation(text, body, meta):
    match = TRANSLATION.search(text)
    if match:
        meta.is_translation = True
        meta.is_unofficial_translation = bool(match.group("unofficial") or match.group("marker"))
    machine = MACHINE_TRANSLATION.search(f"{text}\n{body}")
    if machine:
        meta.is_translation = True
        meta.is_unofficial_translation = True
        meta.warn(
            f"Looks machine-translated (“{machine.group()}”): saved as an unofficial translation.",
            "is_translation",
        )


def _language(body, declared):
    hangul = sum(1 for ch in body if "\uac00" <= ch <= "\ud7a3")
    kana = sum(1 for ch in body if "\u3040" <= ch <= "\u30ff")
    han = sum(1 for ch in body if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in body if ch.isalpha()) or 1
    if hangul > 0.2 * letters:
        return "ko"
    if kana > 0.05 * letters:
        return "ja"
    if han > 0.3 * letters:
        return "zh"
    if isinstance(declared, str) and re.fullmatch(r"[a-z]{2}(?:[-_][A-Za-z]{2})?", declared):
        return declared[:2]
    return "en"


def _dates(fm, sentence, cleaned, meta):
    """The meeting's date (and last day), and the publication date."""
    published = (
        dating.to_date(fm.get("published"))
        or _published_in_lines(cleaned)
        or dating.to_date(fm.get("date"))
    )
    fm_date = dating.to_date(fm.get("date"))
    part = this_meeting_part(sentence) if sentence else ""
    verb = MEETING_VERB.search(part) if part else None
    if verb:
        found = dating.find_dates(part)
        after = [(d, m) for d, m in found if m.start() >= verb.start()]
        before = [(d, m) for d, m in found if m.start() < verb.start()]
        if after or before:
            meta.meeting_date, match = (after or before)[0]
            meta.end_date = dating.range_end(part, match, meta.meeting_date)
    if meta.meeting_date is None and fm_date:
        meta.meeting_date = fm_date
    if meta.meeting_date is None and part and published:
        date, (how, end) = dating.relative_date(part, published)
        if date:
            meta.meeting_date, meta.end_date = date, end
            meta.warn(_relative_note(how, date, published), "meeting_date")
    published_on = dating.to_date(fm.get("published")) or _published_in_lines(cleaned)
    if published_on is None and fm_date and fm_date != meta.meeting_date:
        published_on = fm_date
    meta.published_on = published_on
    if meta.meeting_date is None and published_on is not None:
        meta.meeting_date = published_on
        meta.warn(
            "No meeting date in the text: took the publication date; check it.", "meeting_date"
        )


def _relative_note(how, date, published):
    if how == "today":
        return "The text says the meeting was “today”: meeting date = publication date."
    if how == "day without a year":
        return (
            f"The text gives the meeting day without a year; took {date:%Y} from the "
            f"publication date ({published:%Y-%m-%d})."
        )
    return (
        f"The text gives the meeting day as a {how}: took {date:%A %Y-%m-%d}, the last one on or "
        f"before the publication date ({published:%Y-%m-%d}); check it."
    )


PUBLISHED_CONTENT_ON = re.compile(
    r"published this content on\s+(?P<date>.+?)(?:,|\s+and\b|$)", re.I
)


def _published_in_lines(cleaned):
    """The date of a dateline, a labelled date or a distributor's "published this content on"."""
    for line in cleaned.dropped_lines:
        content = PUBLISHED_CONTENT_ON.search(line.text)
        if content:
            date = dating.to_date(content.group("date"))
            if date:
                return date
    for line in cleaned.dropped_lines:
        if line.reason == "dateline":
            found = dating.find_dates(line.text)
            if found:
                return found[0][0]
    return None


def _missing_warnings(meta):
    if meta.meeting_date is None:
        meta.warn(
            "No meeting date found; enter it (or it is taken from the matching meeting).",
            "meeting_date",
        )
    if meta.published_on is None:
        meta.warn("No publication date found.", "published_on")
    if not meta.place and not meta.is_virtual:
        meta.warn("No place found.", "place")
    if not meta.participants:
        meta.warn("No participants named.", "participants")
    elif all(not p.name for p in meta.participants):
        meta.warn("Participants are named by title only.", "participants")
    if len(meta.parties) < 2:
        meta.warn("Fewer than two parties to the statement found.", "parties")
    if not meta.publisher:
        meta.warn("No publisher found.", "publisher")
    if not meta.source_url:
        meta.warn("No source URL found.", "source_url")


# -- what an editor supplies ----------------------------------------------------------------------

GIVEN_FIELDS = (
    "title",
    "meeting_date",
    "published_on",
    "place",
    "is_virtual",
    "series",
    "ordinal",
    "publisher",
    "found_at",
    "is_repost",
    "source_url",
    "language",
    "kind",
    "is_translation",
    "parties",  # country names, replacing the parties found
    "drop_participants",  # positions in the participants found, left out
)


def apply_given(meta, given):
    """Apply an editor's values (a dict of GIVEN_FIELDS; None or "" leaves a field as found for
    dates and series) to `meta` in place; warnings about a supplied field are dropped."""
    supplied = set()
    for key in GIVEN_FIELDS:
        if key not in (given or {}):
            continue
        value = given[key]
        if key == "meeting_date":
            meta.meeting_date = value
            if value is None:
                continue
            if meta.end_date and meta.end_date <= value:
                meta.end_date = None
        elif key == "series":
            if (value or "") != meta.series:
                _set_series_named(meta, value or "")
            if not value:
                continue
        elif key in ("is_translation", "is_repost"):
            if value is None:
                continue
            setattr(meta, key, bool(value))
        elif key == "parties":
            if value is None:
                continue
            meta.parties = [name for name in dict.fromkeys(value) if name]
        elif key == "drop_participants":
            dropped = {int(position) for position in value or ()}
            meta.participants = [
                person for index, person in enumerate(meta.participants) if index not in dropped
            ]
            continue
        elif value is not None:
            setattr(meta, key, value)
        if value not in (None, "", [], ()):
            supplied.add(key)  # a field left blank keeps its warning
    if not meta.is_translation:
        meta.is_unofficial_translation = False
    if "series" in supplied and "parties" not in supplied:
        complete_trilateral_parties(meta)
    if "source_url" in supplied:
        provenance_from_url(meta)
        supplied.update(key for key in ("publisher", "found_at") if getattr(meta, key))
    meta.notes = [(about, text) for about, text in meta.notes if about not in supplied]
    return meta


def _set_series_named(meta, name):
    meta.series = name.strip()
    meta.series_known = False
    meta.series_aliases = []
    meta.is_exercise = False
    known = series.known_series_named(meta.series)
    if known:
        series.set_series(meta, known)
    elif meta.series and not meta.series_level:
        meta.series_level = "working"
