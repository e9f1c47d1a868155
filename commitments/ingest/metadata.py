"""What a statement says about itself: title, kind, dates, place, series, participants, parties,
publisher, source URL, language and whether it is a translation.

Pure: reads the cleaned text (front matter, the lines before the statement, the dropped lines
and the body). Whatever is not found stays empty and adds a warning; nothing is guessed silently.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import urlparse

from commitments.ingest import gazetteer
from commitments.ingest.clauses import split_sentences
from commitments.ingest.clean import BULLET, INTRO, MARKDOWN_HEADING, STATEMENT_HEADING, classify
from commitments.ingest.text import find_dates, normalize_characters

MEETING_VERB = re.compile(
    r"\b(?:met|meet|meets|convened|convene|convenes|gathered|gather|held|hold|hosted|host"
    r"|assembled|came together|joined)\b"
    r"|만나|만났|개최|회담을|회의를|会合|会談|開催|協議を行"
)
# Where a sentence speaks of a meeting still to come: its place and date are not this meeting's.
FUTURE_MEETING = re.compile(
    r"\b(?:will|shall|would|plans?\s+to|planned\s+to|intends?\s+to|look(?:s|ed)?\s+forward\s+to"
    r"|agreed\s+to|decided\s+to|committed\s+to|resolved\s+to)\s+(?:\w+\s+)?"
    r"(?:hold|host|meet|convene|holding|hosting|meeting|convening)\b"
    r"|\bnext\s+(?:[\w’'-]+\s+){0,4}?(?:meeting|summit|talks|dialogue|round|session|TMM|DTT)\b"
    r"|\b(?:upcoming|forthcoming)\b"
    r"|다음|차기|次回"
)
NON_PARTIES = ("Democratic People's Republic of Korea",)
VIRTUAL = re.compile(
    r"\b(?:virtually|virtual(?:ly)? (?:meeting|format|call)|via video|by video|video ?conference"
    r"|videoconference|teleconference|by phone|online meeting)\b",
    re.I,
)
PLACE_WORD = r"[A-Z][\w’'.-]*"
PLACE = re.compile(
    rf"\b(?:in|at)\s+(?:the\s+)?(?P<place>{PLACE_WORD}(?:\s+(?:{PLACE_WORD}|area|region|city))*"
    rf"(?:,\s+{PLACE_WORD}(?:\s+{PLACE_WORD})*)?)"
)
NOT_PLACES = {
    "spirit",
    "light",
    "support",
    "line",
    "accordance",
    "addition",
    "order",
    "view",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "the",
    "our",
    "this",
    "that",
}
TRANSLATION = re.compile(
    r"\b(?P<unofficial>unofficial|provisional|informal)\s+translation\b|\btranslation\b|\btranslated\b",
    re.I,
)
ORDINAL_WORDS = {
    "first": 1,
    "inaugural": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    "eleventh": 11,
    "twelfth": 12,
    "thirteenth": 13,
    "fourteenth": 14,
    "fifteenth": 15,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
}
ORDINAL = r"(?:(?P<num>\d{1,3})(?:st|nd|rd|th)|(?P<word>" + "|".join(ORDINAL_WORDS) + r"))"
GROUP_SUBJECT = re.compile(
    r"^(?:we,?\s+)?the\s+(?P<role>leaders|heads of (?:state|government)|foreign ministers|defense ministers"
    r"|ministers|vice (?:foreign )?ministers|officials|representatives|governments)\s+of\s+(?P<countries>.+)$",
    re.I,
)
LEADER_MENTION = re.compile(
    r"\b(?P<title>President|Prime Minister|Chancellor)\s+(?P<name>(?:[A-Z][\w’'-]+)(?:\s+[A-Z][\w’'-]+){0,2})"
)
KIND_WORDS = [
    (re.compile(r"\bjoint\s+press\s+(?:statement|release)\b", re.I), "joint_press_statement"),
    (re.compile(r"\breadout\b|^outcomes? of\b", re.I), "readout"),
    (re.compile(r"\bfact\s+sheet\b", re.I), "fact_sheet"),
    (
        re.compile(
            r"\b(?:joint\s+)?(?:statement|declaration|communiqu[eé])\b|released by the governments",
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
    "publisher": ("publisher", "site", "site_name", "og:site_name", "source_name"),
    "place": ("place", "location", "venue"),
    "language": ("language", "lang", "locale"),
}


@dataclass
class Participant:
    name: str  # empty when the text names the title only
    title: str
    country: str  # gazetteer country name, or ""


@dataclass
class Metadata:
    title: str = ""
    kind: str = "joint_statement"
    meeting_date: datetime.date | None = None
    published_on: datetime.date | None = None
    place: str = ""
    is_virtual: bool = False
    series: str = ""
    series_level: str = ""
    series_aliases: list = field(default_factory=list)
    series_known: bool = False
    ordinal: int | None = None
    participants: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    actors: list = field(default_factory=list)  # (name, kind) of every known actor the body names
    publisher: str = ""
    source_url: str = ""
    language: str = "en"
    is_translation: bool = False
    is_unofficial_translation: bool = False
    warnings: list = field(default_factory=list)


def extract_metadata(cleaned):
    """Metadata of a cleaned source text (see clean.clean)."""
    meta = Metadata()
    fm = _front_matter(cleaned.front_matter)
    body = cleaned.body
    headings = _headings(cleaned)
    intro = [line for line in cleaned.preamble if classify(line)[0] != STATEMENT_HEADING]
    meeting_sentence = _meeting_sentence(cleaned.paragraphs, intro)

    meta.language = _language(body, fm.get("language"))
    meta.title, title_note = _title(fm, headings, cleaned)
    if title_note:
        meta.warnings.append(title_note)
    heading_text = " ".join([meta.title, *headings, *intro[:3]])
    # Site labels ("Readout", "Fact Sheet", "Press Statement") say what kind of text a page holds.
    labels = " ".join(
        line.text for line in cleaned.dropped_lines if line.reason == "page furniture"
    )
    meta.kind = _kind([meta.title, labels, heading_text], meta)
    marks = " ".join(line for line in cleaned.preamble if classify(line)[0] != "prose")
    _translation(" ".join([heading_text, marks, *(str(v) for v in fm.values())]), meta)
    _dates(fm, meeting_sentence, cleaned, meta)
    _place(fm, meeting_sentence, intro, meta)
    # The publisher's introduction names the parties; a news summary around the text may not.
    introductions = [line for line in intro if INTRO.search(line)]
    # Where they met ("in Lima, Peru") names no party.
    who_met = meeting_sentence.replace(meta.place, " ") if meta.place else meeting_sentence
    subject_texts = [meta.title, *headings, *introductions, who_met]
    _series(subject_texts, meta)
    meta.participants, group_role = _participants(meeting_sentence, intro, cleaned.paragraphs)
    _countries_from_titles(meta.participants, meta)
    if _is_leaders(group_role, meta):
        _leaders_named(body, meta)
    _series_fallback(group_role, subject_texts, meta)
    meta.parties = _parties(subject_texts, meta.participants, cleaned.paragraphs, meta)
    _complete_trilateral_parties(meta)
    _assign_remaining_party(meta.participants, meta.parties, meta)
    meta.actors = mentioned_actors(body)
    meta.source_url = _source_url(fm, cleaned)
    meta.publisher = _publisher(fm, cleaned, meta.source_url)
    _missing_warnings(meta)
    return meta


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


TRANSLATION_MARKER = re.compile(
    r"^[(\[]?\s*(?:(?:unofficial|provisional|informal)\s+)?translation\s*[)\]]?$", re.I
)


def _headings(cleaned, kinds=(STATEMENT_HEADING,)):
    """Heading lines before the statement, nearest to it first (a bare translation marker is none)."""
    found = []
    for line in reversed(cleaned.preamble):
        kind, _ = classify(line)
        text = _clean_heading(line)
        if kind in kinds and not TRANSLATION_MARKER.match(text):
            found.append(text)
    return found


def _title(fm, headings, cleaned):
    if isinstance(fm.get("title"), str) and fm["title"].strip():
        return _clean_heading(fm["title"]), ""
    if headings:
        return headings[0], ""
    for line in _headings(cleaned, kinds=("heading",)):
        return line, "No statement heading found: the title is the page's headline; check it."
    return "", "No title found; enter one."


def _kind(texts, meta):
    for text in texts:
        for pattern, kind in KIND_WORDS:
            if pattern.search(text):
                return kind
    meta.warnings.append("Kind of statement not stated; assumed a joint statement.")
    return "joint_statement"


def _translation(text, meta):
    match = TRANSLATION.search(text)
    if match:
        meta.is_translation = True
        meta.is_unofficial_translation = bool(match.group("unofficial"))


def _language(body, declared):
    hangul = sum(1 for ch in body if "\uac00" <= ch <= "\ud7a3")
    kana = sum(1 for ch in body if "\u3040" <= ch <= "\u30ff")
    letters = sum(1 for ch in body if ch.isalpha()) or 1
    if hangul > 0.2 * letters:
        return "ko"
    if kana > 0.05 * letters:
        return "ja"
    if isinstance(declared, str) and re.fullmatch(r"[a-z]{2}(?:[-_][A-Za-z]{2})?", declared):
        return declared[:2]
    return "en"


def _meeting_sentence(paragraphs, intro):
    """The sentence telling who met where and when: in the first paragraphs, else the intro."""
    for texts in (paragraphs[:3], intro):
        fallback = None
        for paragraph in texts:
            for start, end in split_sentences(paragraph):
                sentence = _past_part(paragraph[start:end])
                if not MEETING_VERB.search(sentence):
                    continue  # no meeting, or only the next one ("agreed to hold ... in Japan")
                if find_dates(sentence) or VIRTUAL.search(sentence) or _place_in(sentence):
                    return sentence
                fallback = fallback or sentence
        if fallback:
            return fallback
    return ""


def _to_date(value):
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        dates = find_dates(value)
        if dates:
            return dates[0][0]
    return None


def _dates(fm, meeting_sentence, cleaned, meta):
    verb = MEETING_VERB.search(meeting_sentence) if meeting_sentence else None
    if verb:
        after = [d for d, m in find_dates(meeting_sentence) if m.start() >= verb.start()]
        before = [d for d, m in find_dates(meeting_sentence) if m.start() < verb.start()]
        if after or before:
            meta.meeting_date = (after or before)[0]
    fm_date = _to_date(fm.get("date"))
    published_hint = _to_date(fm.get("published")) or _dateline_date(cleaned) or fm_date
    if meta.meeting_date is None and meeting_sentence and published_hint:
        meta.meeting_date = _date_relative_to(meeting_sentence, published_hint, meta)
    if meta.meeting_date is None and fm_date:
        meta.meeting_date = fm_date
    published = _to_date(fm.get("published")) or _dateline_date(cleaned)
    if published is None and fm_date and fm_date != meta.meeting_date:
        published = fm_date
    meta.published_on = published
    if meta.meeting_date is None and published is not None:
        meta.meeting_date = published
        meta.warnings.append("No meeting date in the text: took the publication date; check it.")


def _dateline_date(cleaned):
    for line in cleaned.dropped_lines:
        if line.reason == "dateline":
            dates = find_dates(line.text)
            if dates:
                return dates[0][0]
    return None


MONTH_DAY = re.compile(
    r"\b(?:on\s+)?(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\s+(?P<day>\d{1,2})(?!\d|,?\s*\d{4})"
)


def _date_relative_to(sentence, published, meta):
    """ "Today, ... met" or "On September 22, ... held": the date, with the year of publication."""
    match = MONTH_DAY.search(sentence)
    if match:
        month = datetime.datetime.strptime(match.group("month"), "%B").month
        try:
            date = datetime.date(published.year, month, int(match.group("day")))
        except ValueError:
            return None
        if date > published:
            date = date.replace(year=published.year - 1)
        meta.warnings.append(
            f"The text gives the meeting day without a year; took {date:%Y} from the publication date."
        )
        return date
    if re.search(r"\btoday\b", sentence, re.I):
        meta.warnings.append(
            "The text says the meeting was “today”: meeting date = publication date."
        )
        return published
    return None


def _past_part(sentence):
    """The sentence up to where it turns to a future meeting ("and agreed to hold the next ...")."""
    future = FUTURE_MEETING.search(sentence)
    return sentence[: future.start()].rstrip(" ,;") if future else sentence


def _place_in(sentence):
    sentence = _past_part(sentence)
    verb = MEETING_VERB.search(sentence)
    if not verb:
        return ""
    for match in PLACE.finditer(sentence, verb.start()):
        place = match.group("place").rstrip(",")
        if place.endswith(".") and not re.search(r"\b[A-Z]\.$", place):
            place = place[:-1]  # the sentence's full stop, not "D.C."
        first = place.split()[0].casefold()
        if first in NOT_PLACES or find_dates(place) or _series_in(place):
            continue
        return place
    return ""


def _place(fm, sentence, intro, meta):
    if isinstance(fm.get("place"), str) and fm["place"].strip():
        meta.place = fm["place"].strip()
    if sentence and VIRTUAL.search(sentence):
        meta.is_virtual = True
        return
    if not meta.place:
        meta.place = _place_in(sentence) if sentence else ""
    if not meta.place:
        # The text around the statement (a news summary) may say where the meeting was.
        for line in intro:
            for start, end in split_sentences(line):
                place = _place_in(line[start:end])
                if place:
                    meta.place = place
                    meta.warnings.append(
                        f"Place “{place}” taken from the text around the statement, not the "
                        "statement itself; check it."
                    )
                    return


def _series_in(text):
    """(KnownSeries, match) for the longest known series alias in `text`, or None."""
    best = None
    for series in gazetteer.SERIES:
        for alias in series.aliases:
            flags = 0 if alias.isupper() or "-" in alias and alias.upper() == alias else re.I
            for match in re.finditer(gazetteer.alias_pattern(alias), text, flags):
                if alias == "summit" and not _is_trilateral_summit(text, match):
                    continue
                if best is None or len(match.group()) > len(best[1].group()):
                    best = (series, match)
    return best


def _is_trilateral_summit(text, match):
    """A bare "summit" names the leaders' series only when the three countries qualify it."""
    before = text[max(0, match.start() - 40) : match.start()]
    return bool(re.search(r"(?:Korea|Japan|U\.?S\.?|ROK)\s*$|trilateral\s*$", before.strip(), re.I))


def _ordinal_before(text, start):
    match = re.search(ORDINAL + r"\s+(?:trilateral\s+)?$", text[:start], re.I)
    if not match:
        return None
    if match.group("num"):
        return int(match.group("num"))
    return ORDINAL_WORDS[match.group("word").casefold()]


def _series(texts, meta):
    for text in texts:
        if not text:
            continue
        found = _series_in(text)
        if found:
            series, match = found
            meta.series = series.name
            meta.series_level = series.level
            meta.series_aliases = list(series.aliases)
            meta.series_known = True
            meta.ordinal = _ordinal_before(text, match.start())
            return


def _unknown_series(texts, meta):
    for text in texts:
        name, ordinal = _unknown_series_in(text or "")
        if name:
            meta.series = name
            meta.ordinal = ordinal
            meta.warnings.append(
                f"Meeting series “{name}” is not a known series; it will be created."
            )
            return True
    return False


def _unknown_series_in(text):
    heads = "|".join(gazetteer.SERIES_HEAD_WORDS)
    pattern = re.compile(
        rf"(?:{ORDINAL}\s+)?(?P<name>(?:[A-Z][\w’'&-]*\s+(?:(?:of|on|for|and)\s+)?){{0,7}}(?:{heads}))\b"
    )
    for match in pattern.finditer(text):
        if re.search(r"\w[’']s\b", match.group("name")):
            continue  # "Secretary Blinken's Meeting with ..." names a meeting, not a series
        words = match.group("name").split()
        # Drop leading country compounds ("United States-Japan-Republic of Korea") and ordinals.
        while words and (
            "-" in words[0]
            or words[0].casefold() in ORDINAL_WORDS
            or words[0].casefold() in {"the", "of", "on", "korea", "joint", "statement"}
        ):
            words.pop(0)
        if len(words) >= 2:
            ordinal = None
            if match.group("num"):
                ordinal = int(match.group("num"))
            elif match.group("word"):
                ordinal = ORDINAL_WORDS[match.group("word").casefold()]
            return " ".join(words), ordinal
    return "", None


def _series_fallback(group_role, subject_texts, meta):
    """No known series named: the leaders, the participants' titles, or a new series' name."""
    if meta.series:
        if not meta.series_level:
            meta.series_level = _level_from_titles(group_role, meta.participants)
        return
    if group_role and group_role.casefold().startswith(("leaders", "heads of")):
        leaders = next(s for s in gazetteer.SERIES if s.level == "leaders")
        meta.series = leaders.name
        meta.series_level = leaders.level
        meta.series_aliases = list(leaders.aliases)
        meta.series_known = True
        meta.warnings.append("Meeting series inferred from the participants: the leaders.")
        return
    by_titles = _series_from_titles(meta.participants)
    if by_titles:
        meta.series = by_titles.name
        meta.series_level = by_titles.level
        meta.series_aliases = list(by_titles.aliases)
        meta.series_known = True
        meta.warnings.append(
            f"Meeting series “{by_titles.name}” inferred from the participants' titles; check it."
        )
        return
    meta.series_level = _level_from_titles(group_role, meta.participants)
    if not _unknown_series(subject_texts, meta):
        meta.warnings.append("No meeting series found; enter one.")


def _series_from_titles(participants):
    """The known series whose participants hold these titles (at least two of them match)."""
    titles = [p.title.casefold() for p in participants if p.title]
    for series in gazetteer.SERIES:
        if not series.titles:
            continue
        matching = sum(1 for title in titles if re.search(series.titles, title))
        if matching >= 2 and matching * 2 > len(titles):
            return series
    return None


def _level_from_titles(group_role, participants):
    titles = " ".join([group_role or ""] + [p.title for p in participants]).casefold()
    if re.search(r"\bleaders\b|\bpresident\b|prime minister|heads of", titles):
        return "leaders"
    if re.search(r"\bvice\b|\bdeputy secretary\b|\bdeputy minister\b|\b1st\b|\bfirst vice", titles):
        return "vice_ministerial"
    if re.search(r"(?<!assistant )(?<!under )\bsecretary of\b|\bminister\b", titles):
        return "ministerial"
    return "working"


def _is_leaders(group_role, meta):
    return bool(group_role and group_role.casefold().startswith(("leaders", "heads of"))) or (
        meta.series_level == "leaders"
    )


# -- participants -------------------------------------------------------------------------------


DELEGATION = re.compile(
    r"(?:the\s+)?(?P<country>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,3})\s+delegation\s+"
    r"(?:was\s+|is\s+)?(?:led|headed)?\s*by\s+(?P<who>.+?)(?=,\s+(?:and\s+)?the\b|;|(?<!\s[A-Z])\.(?:\s|$)|$)"
)


# "<title> <name>, <title> <name>, and <title> <name> led their respective delegations."
LED_DELEGATIONS = re.compile(
    r"(?:^|(?<=[.;]\s))(?P<who>[A-Z](?:[^.;]|(?<=\b[A-Z])\.)*?)\s+(?:led|headed)\s+"
    r"(?:their|the(?:ir)?\s+three|the)\s+(?:respective\s+|three\s+)?delegations\b"
    r"|\bdelegations\s+(?:were|was)\s+(?:led|headed)\s+by\s+(?P<by>.+?)(?=(?<![\s.][A-Z])\.(?:\s|$)|;|$)"
)


def _delegations(paragraphs):
    """ "The U.S. delegation was led by <title> <name>, the ROK delegation by ...", or "<title>
    <name>, ... and <title> <name> led their respective delegations": participants."""
    people = []
    for paragraph in paragraphs[:2]:
        for match in LED_DELEGATIONS.finditer(paragraph):
            people.extend(_people(_split_people(match.group("who") or match.group("by"))))
        if people:
            return people
        for match in DELEGATION.finditer(paragraph):
            person = _person(match.group("who"))
            country = _country_at_start(match.group("country"))
            if person:
                if country and not person.country:
                    person.country = country[0]
                people.append(person)
    return people


def _participants(sentence, intro, paragraphs=()):
    """People (or titles) named as meeting, and the group role when the subject is a group."""
    people, role = _participants_in(sentence)
    if not people and not role:
        people = _delegations(paragraphs)
    if not people and not role:
        for line in intro:
            people, role = _participants_in(line)
            if people or role:
                break
    return people, role


def _participants_in(sentence):
    if not sentence:
        return [], ""
    verb = MEETING_VERB.search(sentence) or re.search(r"\breleased by\b", sentence)
    if not verb:
        return [], ""
    subject = sentence[: verb.start()].strip().rstrip(",").strip()
    released = re.search(r"\breleased by\s+(?P<who>.+?)(?:\s+on the occasion\b|[.]$|$)", sentence)
    if released:
        subject = released.group("who")
    subject = re.sub(r"^(?:we|together),?\s+", "", subject, flags=re.I)
    group = GROUP_SUBJECT.match(subject)
    if group and group.group("role").casefold() in {
        "leaders",
        "heads of state",
        "heads of government",
        "governments",
    }:
        return [], group.group("role")
    parts = _split_people(subject)
    with_whom = re.search(
        r"^.*?\bwith\s+(?P<who>.+?)(?=,?\s+(?:in|at)\s+(?:the\s+)?[A-Z]"
        r"|,?\s+on\s+(?:[A-Z][a-z]+\.?\s+)?\d|,?\s+(?:virtually|via|to|where|during)\b|[,.;]?$)",
        sentence[verb.end() :],
    )
    if with_whom:
        parts += _split_people(with_whom.group("who"))
    return _people(parts), (group.group("role") if group else "")


def _split_people(text):
    # "Gen. CQ Brown, Jr." and "Lloyd J. Austin III" keep their suffixes.
    text = re.sub(r",\s*(Jr\.|Sr\.|II|III|IV)(?=[\s,]|$)", r" \1", text)
    return re.split(r",\s*(?:and\s+)?|\s+and\s+(?=(?:the\s+)?[A-Z0-9])", text)


HONORIFIC = re.compile(r"^(?:(?:the\s+)?honou?rable|h\.\s?e\.|mr\.|ms\.|mrs\.|dr\.)\s+", re.I)


def _people(parts):
    """Participants from the comma-separated pieces of a subject or object.

    "Name, Title of Country" (appositive) and a title split by a comma ("Chief of Staff, Joint
    Staff Gen. Yoshida") are joined back together first.
    """
    people = []
    index = 0
    while index < len(parts):
        part = HONORIFIC.sub("", HONORIFIC.sub("", parts[index].strip()))
        following = parts[index + 1].strip() if index + 1 < len(parts) else ""
        person = _person(part)
        if person is None and _is_bare_name(part) and following:
            titled = _person(following)
            if titled and not titled.name:
                titled.name = " ".join(part.split())
                people.append(titled)
                index += 2
                continue
        if person and not person.name and following:
            joined = _person(part + ", " + following)
            if joined and joined.name and not _country_at_start(following):
                people.append(joined)
                index += 2
                continue
        if person:
            people.append(person)
        index += 1
    return people


def _is_bare_name(text):
    tokens = text.split()
    return (
        1 <= len(tokens) <= 4
        and all(
            token[:1].isupper() and token.strip(",.").casefold() not in gazetteer.TITLE_WORDS
            for token in tokens
        )
        and not _country_at_start(text)
    )


def _countries_from_titles(participants, meta):
    """Titles only one of the governments uses ("Secretary of State") say whose official it is."""
    for participant in participants:
        if participant.country:
            continue
        for pattern, country in gazetteer.NATIONAL_TITLES:
            if re.search(pattern, participant.title, re.I):
                participant.country = country
                meta.warnings.append(
                    f"{participant.name or participant.title}: country not stated; "
                    f"“{participant.title}” is a title of {country}."
                )
                break


def _complete_trilateral_parties(meta):
    """A known series is a trilateral format of the three countries: they are its parties."""
    if not meta.series_known:
        return
    missing = [c for c in gazetteer.TRILATERAL_PARTIES if c not in meta.parties]
    if missing and len(missing) < len(gazetteer.TRILATERAL_PARTIES):
        meta.parties.extend(missing)
        meta.warnings.append(
            f"Parties completed from the meeting series: {', '.join(missing)} (not named in the text's opening)."
        )


def _assign_remaining_party(participants, parties, meta):
    """One participant without a country, the others covering all parties but one: that one."""
    unknown = [p for p in participants if not p.country]
    known = {p.country for p in participants if p.country}
    remaining = [country for country in parties if country not in known]
    if len(unknown) == 1 and len(remaining) == 1 and len(participants) >= 2:
        unknown[0].country = remaining[0]
        meta.warnings.append(
            f"{unknown[0].name or unknown[0].title}: country not stated; taken to be the remaining "
            f"party, {remaining[0]}."
        )


RANKS = {"gen.", "adm.", "lt.", "col.", "maj.", "capt.", "gen", "adm", "general", "admiral", "lt"}


def _person(part):
    text = re.sub(r"^(?:and\s+)?(?:the\s+)?", "", part.strip(), flags=re.I).strip()
    if not text or not re.search(r"[A-Z]", text):
        return None
    country = ""
    prefix = _country_at_start(text)
    if prefix:
        country, length = prefix
        text = text[length:].strip()
        text = re.sub(r"^\([A-Z.]+\)\s*", "", text)
    of_country = _of_country(text)
    if of_country:
        name, start, end = of_country
        country = country or name
        text = (text[:start] + " " + text[end:]).strip()
        text = " ".join(text.split())
    tokens = text.split()
    if not tokens:
        return None
    name_tokens = []
    for token in reversed(tokens):
        bare = token.strip(",.")
        is_initial = re.fullmatch(r"[A-Z]\.", token) is not None
        # A rank goes before a name: last in the line, "Gen" is a given name ("Nakatani Gen").
        is_rank = token.casefold() in RANKS and bool(name_tokens)
        is_title = bare.casefold() in gazetteer.TITLE_WORDS or is_rank
        if (bare[:1].isupper() or is_initial) and not is_title:
            name_tokens.insert(0, token)
        else:
            break
    title_tokens = tokens[: len(tokens) - len(name_tokens)]
    while title_tokens and title_tokens[-1].casefold() in RANKS:
        title_tokens.pop()  # "... Chiefs of Staff Gen. CQ Brown": the rank is no part of the office
    if not title_tokens or not any(t.casefold() in gazetteer.TITLE_WORDS for t in title_tokens):
        return None  # not "<title> <name>": a country or a phrase
    if title_tokens[-1].casefold() in {"of", "for", "and", "the"}:
        return None
    if any(t[:1].islower() and t not in {"of", "for", "and", "the", "on"} for t in title_tokens):
        return None  # "the 13th Defense Trilateral Talks were": a phrase, not an office
    return Participant(name=" ".join(name_tokens), title=" ".join(title_tokens), country=country)


def _country_patterns():
    patterns = []
    for actor in gazetteer.COUNTRIES:
        for alias in actor.aliases:
            patterns.append((alias, actor.name))
    patterns.sort(key=lambda item: -len(item[0]))
    return patterns


COUNTRY_ALIASES = _country_patterns()


def _country_at_start(text):
    for alias, name in COUNTRY_ALIASES:
        match = re.match(gazetteer.alias_pattern(alias), text)
        if match and (len(alias) > 3 or alias.isupper() or "." in alias):
            return name, match.end()
    return None


def _of_country(text):
    for alias, name in COUNTRY_ALIASES:
        match = re.search(r"\bof\s+(?:the\s+)?" + gazetteer.alias_pattern(alias), text)
        if match:
            return name, match.start(), match.end()
    return None


def _resolve_leaders(participants):
    """ "President Biden" among the participants is Joseph R. Biden Jr. of the United States."""
    for participant in participants:
        for full_name, title, country, aliases in gazetteer.LEADERS:
            if participant.name in (full_name, *aliases) and participant.title.endswith(title):
                participant.name, participant.title = full_name, title
                participant.country = participant.country or country


def _leaders_named(body, meta):
    """In a leaders' statement, the heads of state or government it names by title and surname."""
    _resolve_leaders(meta.participants)
    known = {p.name for p in meta.participants}
    for match in LEADER_MENTION.finditer(body):
        surname = re.sub(r"[’']s$", "", match.group("name").split()[0])
        for full_name, title, country, aliases in gazetteer.LEADERS:
            named = surname in aliases or match.group("name") in aliases
            if named and full_name not in known and title == match.group("title"):
                meta.participants.append(Participant(full_name, title, country))
                known.add(full_name)


# -- parties and actors -------------------------------------------------------------------------


def countries_in(text):
    """Gazetteer country names mentioned in `text`, in order of first mention."""
    return [name for name, kind in _actors_in(text) if kind == "country"]


def mentioned_actors(text):
    """(name, kind) of every gazetteer country or body mentioned in `text`, first mention first."""
    return _actors_in(text)


def _actors_in(text):
    spans = []
    aliases = [(alias, actor) for actor in gazetteer.KNOWN_ACTORS for alias in actor.aliases]
    aliases.sort(key=lambda item: -len(item[0]))
    taken = [False] * (len(text) + 1)
    for alias, actor in aliases:
        flags = 0
        for match in re.finditer(gazetteer.alias_pattern(alias), text, flags):
            if any(taken[match.start() : match.end()]):
                continue
            for i in range(match.start(), match.end()):
                taken[i] = True
            spans.append((match.start(), actor.name, actor.kind))
    seen = []
    for _, name, kind in sorted(spans):
        if (name, kind) not in seen:
            seen.append((name, kind))
    return seen


def _parties(subject_texts, participants, paragraphs, meta):
    found = []
    for person in participants:
        if person.country and person.country not in found:
            found.append(person.country)
    for text in subject_texts:
        for country in countries_in(_hyphen_spaced(text or "")):
            if country not in found and country not in NON_PARTIES:
                found.append(country)
    if len(found) < 2 and paragraphs:
        # Who met, in the first paragraph; never the country its statement is about (the DPRK).
        sentences = [paragraphs[0][start:end] for start, end in split_sentences(paragraphs[0])]
        meeting = [s for s in map(_past_part, sentences) if MEETING_VERB.search(s)]
        named = [c for c in countries_in(" ".join(meeting)) if c not in NON_PARTIES]
        for country in countries_in(" ".join(meeting) if len(named) >= 2 else paragraphs[0]):
            if country not in found and country not in NON_PARTIES:
                found.append(country)
        if found:
            meta.warnings.append(
                "Parties to the statement taken from the countries its first paragraph names; check them."
            )
    return found


# One-character country abbreviations run together in Japanese and Korean: "日米韓", "한미일".
CJK_ABBREVIATIONS = {
    "日": "日本",
    "米": "米国",
    "韓": "韓国",
    "한": "한국",
    "미": "미국",
    "일": "일본",
}
CJK_COMPOUND = re.compile(r"(?<![\d\uac00-\ud7a3])(?:[日米韓]{2,3}|[한미일]{2,3})")


def _hyphen_spaced(text):
    # "Korea-U.S.-Japan" names three countries; so do "日米韓" and "한미일".
    text = re.sub(r"(?<=[A-Za-z.])-(?=[A-Z])", " - ", text)
    return CJK_COMPOUND.sub(_spell_out_compound, text)


def _spell_out_compound(match):
    letters = match.group(0)
    if len(set(letters)) < len(letters):
        return letters  # a repeated letter: an ordinary word, not a list of countries
    return " " + " ".join(CJK_ABBREVIATIONS[letter] for letter in letters) + " "


# -- provenance ---------------------------------------------------------------------------------


def _source_url(fm, cleaned):
    value = fm.get("source_url")
    if isinstance(value, str) and re.match(r"https?://\S+$", value.strip()):
        return value.strip()
    for line in cleaned.dropped_lines:
        match = re.search(r"https?://[^\s<>\"')]+", line.text)
        if match and "://" in match.group() and "means you" not in line.text:
            return match.group().rstrip(".,")
    return ""


def _publisher(fm, cleaned, source_url):
    value = fm.get("publisher")
    if isinstance(value, str) and value.strip():
        return value.strip()
    for line in cleaned.dropped_lines:
        if line.reason == "publisher":
            return _clean_heading(line.text)
    for line in cleaned.dropped_lines:
        section = gazetteer.PUBLISHERS_BY_SECTION.get(line.text.strip().casefold())
        if section:
            return section
    for line in cleaned.dropped_lines:
        match = re.match(r"^(?P<site>.+?)\s*\|\s*official website", line.text, re.I)
        if match:
            return match.group("site").strip()
    if source_url:
        host = urlparse(source_url).hostname or ""
        for domain, name in gazetteer.PUBLISHERS_BY_HOST.items():
            if host == domain or host.endswith("." + domain):
                return name
    for line in cleaned.dropped_lines:
        match = re.match(r"^source\s*:\s*(?P<site>[^,]+)", line.text, re.I)
        if match and not match.group("site").strip().startswith("http"):
            return match.group("site").strip()
    for line in cleaned.dropped_lines:
        match = re.match(r"^writer['’]?s picture\s*(?P<who>.+)$", line.text, re.I)
        if match:
            return match.group("who").strip()
    return ""


def _missing_warnings(meta):
    if meta.meeting_date is None:
        meta.warnings.append(
            "No meeting date found; enter it (or it is taken from the matching meeting)."
        )
    if meta.published_on is None:
        meta.warnings.append("No publication date found.")
    if not meta.place and not meta.is_virtual:
        meta.warnings.append("No place found.")
    if not meta.participants:
        meta.warnings.append("No participants named.")
    elif all(not p.name for p in meta.participants):
        meta.warnings.append("Participants are named by title only.")
    if len(meta.parties) < 2:
        meta.warnings.append("Fewer than two parties to the statement found.")
    if not meta.publisher:
        meta.warnings.append("No publisher found.")
    if not meta.source_url:
        meta.warnings.append("No source URL found.")
