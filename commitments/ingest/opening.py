"""The opening of a statement: the sentence telling who met, where and when.

Most of what a statement says about its meeting is in that one sentence ("U.S. Secretary of State
..., Japanese Foreign Minister ... and ... met today in Honolulu"); the other steps read it.
"""

import re

from commitments.ingest.clauses import split_sentences
from commitments.ingest.dates import find_dates, find_partial_dates

MEETING_VERB = re.compile(
    r"\b(?:met|meet|meets|convened|convene|convenes|gathered|gather|held|hold|hosted|host"
    r"|assembled|came together|joined|attended|in attendance|led by|conducted|conduct"
    r"|began|begin|begins|kicked off|launched|staged|carried out|adopted)\b"
    r"|만나|만났|개최|회담을|회의를|열린|열렸|実施|会合|会談|開催|協議を行|訪問中"
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
VIRTUAL = re.compile(
    r"\b(?:virtually|virtual(?:ly)? (?:meeting|format|call)|via video|by video|video ?conference"
    r"|videoconference|teleconference|by phone|online meeting)\b",
    re.I,
)
# Where an opening turns to an earlier event: people named after this are not at this meeting
# ("the meeting built upon commitments made during the Summit hosted by President Biden").
EARLIER_EVENT = re.compile(
    r"\b(?:built\s+(?:up)?on|during\s+the|since\s+the|following\s+the|under\s+the\s+leadership"
    r"|made\s+(?:at|during)|agreed\s+(?:upon\s+)?at|in\s+the\s+spirit\s+of|hosted\s+by|former"
    r"|since)\b",
    re.I,
)


def past_part(sentence):
    """The sentence up to where it turns to a future meeting ("and agreed to hold the next ...")."""
    future = FUTURE_MEETING.search(sentence)
    return sentence[: future.start()].rstrip(" ,;") if future else sentence


def this_meeting_part(sentence):
    """The sentence up to where it turns to an earlier event or a future meeting."""
    sentence = past_part(sentence)
    earlier = EARLIER_EVENT.search(sentence)
    return sentence[: earlier.start()] if earlier else sentence


def sentences_of(paragraph):
    return [paragraph[start:end] for start, end in split_sentences(paragraph)]


def meeting_sentence(paragraphs, intro, place_in):
    """The sentence telling who met where and when: in the first paragraphs, else the intro.

    `place_in(sentence)` says where a sentence places a meeting (places.place_in).
    """
    for texts in (paragraphs[:3], intro):
        fallback = None
        for paragraph in texts:
            for sentence in sentences_of(paragraph):
                sentence = past_part(sentence)
                if not MEETING_VERB.search(sentence):
                    continue  # no meeting, or only the next one ("agreed to hold ... in Japan")
                dated = find_dates(sentence) or find_partial_dates(sentence)
                if dated or VIRTUAL.search(sentence) or place_in(sentence):
                    return sentence
                fallback = fallback or sentence
        if fallback:
            return fallback
    return ""


def attendance_sentences(paragraphs, intro, limit=6):
    """Sentences of the opening that say who met or attended, cut where an earlier event begins."""
    found = []
    for paragraph in [*paragraphs[:2], *intro]:
        for sentence in sentences_of(paragraph):
            if MEETING_VERB.search(sentence):
                found.append(this_meeting_part(sentence))
            if len(found) >= limit:
                return found
    return found
