"""Where the meeting was: "met in Seoul", "convened at Camp David", "서울에서", "韓国(慶州)を訪問中"."""

import re

from commitments.ingest import gazetteer
from commitments.ingest.dates import find_dates
from commitments.ingest.opening import MEETING_VERB, VIRTUAL, past_part, sentences_of

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
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "the",
    "our",
    "this",
    "that",
    "attendance",
}
# Names of institutions: "at ROK MND in Seoul" is in Seoul.
NOT_A_PLACE = {alias for institution in gazetteer.INSTITUTIONS for alias in institution.aliases}
CJK_PLACES = sorted(gazetteer.PLACES, key=len, reverse=True)


def place_in(sentence, is_series=lambda text: False):
    """The place a meeting sentence names after its verb, or ""."""
    sentence = past_part(sentence)
    verb = MEETING_VERB.search(sentence)
    if not verb:
        return ""
    cjk = cjk_place_in(sentence)
    if cjk:
        return cjk
    for match in PLACE.finditer(sentence, verb.start()):
        place = match.group("place").rstrip(",")
        if place.endswith(".") and not re.search(r"\b[A-Z]\.$", place):
            place = place[:-1]  # the sentence's full stop, not "D.C."
        first = place.split()[0].casefold()
        if first in NOT_PLACES or find_dates(place) or is_series(place):
            continue
        rest = sentence[match.start("place") :]
        if any(rest.startswith(name) for name in NOT_A_PLACE) or re.match(
            r"\S+(?:\s+\S+){0,5}\s+(?:headquarters|building)\b", rest
        ):
            continue
        return place
    return ""


def cjk_place_in(sentence):
    """The first place a Korean or Japanese sentence names, in English."""
    best = None
    for name in CJK_PLACES:
        index = sentence.find(name)
        if index >= 0 and (best is None or index < best[0]):
            best = (index, gazetteer.PLACES[name])
    return best[1] if best else ""


def find_place(front_matter, sentence, intro, meta, is_series):
    """Set meta.place and meta.is_virtual from the front matter, the meeting sentence or the
    text around the statement (with a warning)."""
    if isinstance(front_matter.get("place"), str) and front_matter["place"].strip():
        meta.place = front_matter["place"].strip()
    if sentence and VIRTUAL.search(sentence):
        meta.is_virtual = True
        return
    if not meta.place:
        meta.place = place_in(sentence, is_series) if sentence else ""
    if meta.place:
        return
    # The text around the statement (a news summary) may say where the meeting was.
    for line in intro:
        for part in sentences_of(line):
            place = place_in(part, is_series)
            if place:
                meta.place = place
                meta.warn(
                    f"Place “{place}” taken from the text around the statement, not the "
                    "statement itself; check it.",
                    "place",
                )
                return
