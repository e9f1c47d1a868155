"""Which meeting on record a text belongs to, whatever its language (read-only).

Texts of one meeting are one meeting: an English joint statement, its Korean original, a news
repost, a second document issued the same day. A text joins a meeting of its series on the same
date (or with the same ordinal); where the match is less sure (one day apart, as time zones make
it; the same date and parties but no series named; a translation resembling a statement on
record) the meeting is proposed, with why, for an editor to confirm.
"""

import datetime
import re
from dataclasses import dataclass

from commitments.ingest.series import SHARED_ALIASES
from commitments.models import Meeting, MeetingSeries, Participation, Statement
from commitments.rules import normalize_alias, ordinal

# How alike two statements' vocabularies must be (Jaccard index of their words, 0-1) for one to be
# the other's translation or a second text of the same meeting. An English translation of a
# statement scores ~0.6-0.7; statements of different meetings of one series ~0.2-0.45.
SAME_MEETING_SIMILARITY = 0.5
SIMILARITY_CANDIDATES = 200
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class Destination:
    """Where a text goes: a meeting on record (`sure` or proposed, with `reason`), or a new one
    (`meeting` None) of `series` (None: a new series); `official` is the statement it translates."""

    meeting: Meeting | None = None
    series: MeetingSeries | None = None
    official: Statement | None = None
    sure: bool = True
    reason: str = ""

    @property
    def action(self):
        if self.meeting is None:
            return "new meeting"
        if self.official is not None:
            return "translation of"
        return "existing meeting" if self.sure else "proposed meeting"

    def as_dict(self):
        return {
            "action": self.action,
            "meeting": str(self.meeting) if self.meeting else None,
            "meeting_slug": self.meeting.slug if self.meeting else None,
            "translation_of": self.official.slug if self.official else None,
            "series": self.series.name if self.series else None,
            "sure": self.sure,
            "why": self.reason,
        }


def existing_series(meta):
    """The series on record the text names, by its name or an alias (None if not on record).

    An alias several known series share ("Trilateral Ministerial Meeting") never decides."""
    if not meta.series:
        return None
    wanted = normalize_alias(meta.series)
    records = list(MeetingSeries.objects.all())
    for series in records:
        if normalize_alias(series.name) == wanted:
            return series
    aliases = {normalize_alias(a) for a in meta.series_aliases if a not in SHARED_ALIASES}
    for series in records:
        names = {normalize_alias(a) for a in series.aliases or [] if a not in SHARED_ALIASES}
        if normalize_alias(series.name) in aliases or wanted in names:
            return series
    return None


def find_destination(body, meta, translation_of=None):
    """The Destination of a text with metadata `meta` and body `body` (writes nothing)."""
    if translation_of is not None:
        return Destination(
            translation_of.meeting,
            translation_of.meeting.series,
            translation_of,
            True,
            f"a translation of “{translation_of.title}”, as given",
        )
    series = existing_series(meta)
    destination = _by_series(meta, series) if series else None
    if destination is None and meta.meeting_date and not (series or meta.series_known):
        destination = _by_date_and_parties(meta)
    if destination is None and (meta.is_translation or meta.meeting_date is None):
        destination = _by_resemblance(body, series, meta.meeting_date)
    if destination is None:
        return Destination(None, series, None, True, "")
    destination.series = destination.meeting.series
    if meta.is_translation and destination.official is None:
        destination.official = _official_of(destination.meeting, body)
    return destination


def _by_series(meta, series):
    if meta.meeting_date:
        meeting = Meeting.objects.filter(series=series, start_date=meta.meeting_date).first()
        if meeting:
            return Destination(meeting, reason="same series and date")
    if meta.ordinal:
        meeting = Meeting.objects.filter(series=series, ordinal=meta.ordinal).first()
        if meeting:
            reason = f"the {ordinal(meta.ordinal)} meeting of the series"
            if meta.meeting_date and meeting.start_date != meta.meeting_date:
                reason += f", on record for {meeting.start_date:%Y-%m-%d}, not {meta.meeting_date:%Y-%m-%d}"
            return Destination(meeting, reason=reason)
    if meta.meeting_date:
        near = (meta.meeting_date - ONE_DAY, meta.meeting_date + ONE_DAY)
        meeting = Meeting.objects.filter(series=series, start_date__range=near).first()
        if meeting:
            return Destination(
                meeting,
                sure=False,
                reason=f"same series, one day apart ({meeting.start_date:%Y-%m-%d} on record, "
                f"{meta.meeting_date:%Y-%m-%d} in this text: time zones or a next-day posting?)",
            )
    return None


def _by_date_and_parties(meta):
    """A meeting within a day of the text's date whose parties are the text's parties."""
    parties = set(meta.parties)
    if len(parties) < 2:
        return None
    near = (meta.meeting_date - ONE_DAY, meta.meeting_date + ONE_DAY)
    candidates = Meeting.objects.filter(start_date__range=near).select_related("series")
    for meeting in candidates.order_by("start_date", "id"):
        on_record = set(
            Participation.objects.filter(meeting=meeting, is_party=True).values_list(
                "actor__name", flat=True
            )
        )
        if parties <= on_record:
            named = (
                f"names the series “{meta.series}”, not on record"
                if meta.series
                else "names no series"
            )
            return Destination(
                meeting,
                sure=False,
                reason=f"same date and parties; the text {named}",
            )
    return None


def _by_resemblance(body, series, meeting_date):
    candidates = Statement.objects.filter(translation_of__isnull=True).select_related("meeting")
    if series is not None:
        candidates = candidates.filter(meeting__series=series)
    if meeting_date:
        window = datetime.timedelta(days=3)
        candidates = candidates.filter(
            meeting__start_date__range=(meeting_date - window, meeting_date + window)
        )
    candidates = candidates.order_by("-meeting__start_date", "-id")[:SIMILARITY_CANDIDATES]
    best, best_score = None, SAME_MEETING_SIMILARITY
    words = _words(body)
    for statement in candidates.only("id", "title", "slug", "body", "meeting"):
        score = _similarity(words, _words(statement.body))
        if score >= best_score:
            best, best_score = statement, score
    if best is None:
        return None
    return Destination(
        best.meeting,
        official=best,
        reason=f"its text resembles “{best.title}” (similarity {best_score:.2f})",
    )


def _official_of(meeting, body):
    statements = list(
        meeting.statements.filter(translation_of__isnull=True, is_unofficial_translation=False)
    )
    if not statements:
        return None
    words = _words(body)
    return max(statements, key=lambda s: _similarity(words, _words(s.body)))


def _words(text):
    return set(re.findall(r"\w{3,}", text.casefold()))


def _similarity(words, other):
    """Jaccard index of two word sets: shared vocabulary over all vocabulary."""
    if not words or not other:
        return 0.0
    return len(words & other) / len(words | other)


def describe(destination, meta):
    """Where saving would put the text, in words, for the preview."""
    if destination.meeting is None:
        missing = [
            what
            for what, value in (
                ("a meeting series", meta.series),
                ("a meeting date", meta.meeting_date),
            )
            if not value
        ]
        if missing:
            return (
                "No meeting on record matches this text yet, and a new meeting needs "
                f"{' and '.join(missing)}: enter {'them' if len(missing) > 1 else 'it'} (or save "
                "an official text of its meeting in the same batch)."
            )
        if destination.series is None:
            return f"A new meeting of a new series “{meta.series}”."
        return f"A new meeting of {destination.series} on {meta.meeting_date:%Y-%m-%d}."
    if not destination.sure:
        return (
            f"Proposed: the meeting on record {destination.meeting} ({destination.reason}). "
            "Confirm it, or untick “Join the proposed meeting” to make a new one."
        )
    text = f"Joins the meeting on record: {destination.meeting}"
    if destination.official is not None:
        text += f", as a translation of “{destination.official.title}”"
    return text + f" ({destination.reason})."
