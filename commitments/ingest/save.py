"""The writing half of ingestion: a ParseResult (plus an editor's corrections) -> a statement with
its meeting, series, actors, participations and clauses, in one transaction.

The same meeting reached through two texts is one meeting: a statement joins an existing meeting
of its series on the same date (or with the same ordinal); a translation, or a text without a
meeting date, joins the meeting whose statement its text resembles most.
"""

import copy
import datetime
import re
from dataclasses import dataclass, field

from django.db import IntegrityError

from commitments import align, suggest
from commitments.ingest import gazetteer
from commitments.models import (
    Actor,
    ActorAlias,
    Clause,
    Meeting,
    MeetingSeries,
    Participation,
    Statement,
    normalize_alias,
)
from commitments.rules import free_slug, ordinal
from commitments.services import derived

# How alike two statements' vocabularies must be (Jaccard index of their words, 0-1) for one to be
# the other's translation or a second text of the same meeting. An English translation of a
# statement scores ~0.6-0.7; statements of different meetings of one series ~0.2-0.45.
SAME_MEETING_SIMILARITY = 0.5
SIMILARITY_CANDIDATES = 200

OVERRIDABLE = [
    "title",
    "meeting_date",
    "published_on",
    "place",
    "is_virtual",
    "series",
    "ordinal",
    "publisher",
    "source_url",
    "language",
    "kind",
    "is_translation",
    "translation_of",
    "parties",  # country names, replacing the parties found
    "drop_participants",  # positions in the participants found, left out
]


class IngestError(Exception):
    """A parsed text that cannot be saved as it stands; the message says what to fix."""

    def __init__(self, message, label=""):
        super().__init__(f"{label}: {message}" if label else message)
        self.label = label
        self.message = message


@dataclass
class SaveOutcome:
    statement: Statement
    created: bool
    label: str = ""
    meeting_created: bool = False
    warnings: list = field(default_factory=list)

    @property
    def message(self):
        url = self.statement.get_absolute_url()
        if self.created:
            return f"created “{self.statement.title}” at {url}"
        return f"already present: “{self.statement.title}” at {url} (nothing changed)"


def save_parsed(result, user=None, overrides=None):
    """Save one parsed text; see save_batch."""
    return save_batch([(result, overrides)], user=user)[0]


def save_batch(items, user=None):
    """Save (result, overrides) pairs in ONE transaction and return their outcomes in order.

    Official texts are saved before translations so a translation finds its original whatever
    the order of the files. Any error rolls everything back and raises IngestError.
    """
    for result, _ in items:
        if not result.ok:
            raise IngestError("; ".join(result.errors), result.label)
    order = sorted(range(len(items)), key=lambda i: _is_translation(*items[i]))
    outcomes = [None] * len(items)
    try:
        with derived.deferred():  # one transaction, and one refresh of what it changed
            for index in order:
                result, overrides = items[index]
                outcomes[index] = _save_one(result, overrides or {}, user)
    except IntegrityError as exc:
        # Someone saved the same text, meeting or ordinal at the same moment.
        raise IngestError(
            f"the database refused the save ({exc}); nothing was saved. If someone else was "
            "ingesting the same texts, try again: they will be reported as already present."
        ) from exc
    return outcomes


def _is_translation(result, overrides):
    overrides = overrides or {}
    if overrides.get("is_translation") is not None:
        return bool(overrides["is_translation"])
    return bool(overrides.get("translation_of")) or result.metadata.is_translation


def effective_metadata(result, overrides):
    """The parsed metadata with the editor's corrections applied."""
    meta = copy.deepcopy(result.metadata)
    for key in OVERRIDABLE:
        if key not in (overrides or {}):
            continue
        value = overrides[key]
        if key == "meeting_date":
            meta.meeting_date = value
        elif key == "series":
            if (value or "") != meta.series:
                _set_series(meta, value or "")
        elif key == "is_translation":
            if value is not None:
                meta.is_translation = bool(value)
        elif key == "parties":
            if value is not None:
                meta.parties = [name for name in dict.fromkeys(value) if name]
        elif key == "drop_participants":
            dropped = {int(position) for position in value or ()}
            meta.participants = [
                person for index, person in enumerate(meta.participants) if index not in dropped
            ]
        elif key != "translation_of":
            setattr(meta, key, value if value is not None else getattr(meta, key))
    if not meta.is_translation:
        meta.is_unofficial_translation = False
    return meta


def _set_series(meta, name):
    meta.series = name.strip()
    meta.series_known = False
    meta.series_aliases = []
    folded = normalize_alias(meta.series)
    for known in gazetteer.SERIES:
        if folded in {normalize_alias(a) for a in (known.name, *known.aliases)}:
            meta.series = known.name
            meta.series_level = known.level
            meta.series_aliases = list(known.aliases)
            meta.series_known = True


def _save_one(result, overrides, user):
    existing = Statement.objects.filter(content_hash=result.content_hash).first()
    if existing:
        return SaveOutcome(existing, created=False, label=result.label)
    meta = effective_metadata(result, overrides)
    warnings = list(result.warnings)
    series = _series(meta, result.label)
    meeting, meeting_created, official = _meeting(result, meta, series, overrides, warnings)
    if not meeting_created:
        # The same text saved from other bytes (line ends, encoding, page around it) is no new statement.
        for other in meeting.statements.only("id", "slug", "title", "body", "meeting"):
            if other.body == result.body:
                return SaveOutcome(
                    other,
                    created=False,
                    label=result.label,
                    warnings=["The same statement text is already ingested from another file."],
                )
    translation_of = official if meta.is_translation else None
    if overrides.get("translation_of"):
        translation_of = overrides["translation_of"]
    if meta.is_translation and translation_of is None:
        warnings.append("A translation, but no official text of its meeting is ingested yet.")
    title = meta.title or f"{Statement.Kind(meta.kind).label.capitalize()} of the {meeting.title}"
    statement = Statement.objects.create(
        meeting=meeting,
        title=title[:400],
        slug=free_slug(Statement, f"{meeting.start_date:%Y-%m-%d} {title}"),
        kind=meta.kind,
        publisher=meta.publisher[:200],
        source_url=meta.source_url[:1000],
        source_name=(result.filename or "")[-255:],
        published_on=meta.published_on,
        language=meta.language or "en",
        translation_of=translation_of,
        is_unofficial_translation=meta.is_unofficial_translation,
        raw_text=result.raw_text,
        body=result.body,
        content_hash=result.content_hash,
        ingest_warnings=warnings,
        ingested_by=user if user is not None and user.is_authenticated else None,
    )
    parties = [_country(name) for name in meta.parties]
    statement.parties.set(parties)
    _participations(meeting, meta, parties)
    for name, kind in meta.actors:
        _known_actor(name, kind)
    Clause.objects.bulk_create(
        [
            Clause(
                statement=statement,
                position=clause.position,
                paragraph=clause.paragraph,
                text=clause.text,
                start=clause.start,
                end=clause.end,
            )
            for clause in result.clauses
        ]
    )
    if statement.translation_of_id:
        align.align_translation(statement)
    suggest.suggest_for_statement(statement)
    return SaveOutcome(
        statement,
        created=True,
        label=result.label,
        meeting_created=meeting_created,
        warnings=warnings,
    )


# -- series and meetings ------------------------------------------------------------------------


def _existing_series(meta):
    """The series the text names, by its name or one of its aliases (None if not on record)."""
    wanted = {normalize_alias(meta.series)} | {normalize_alias(a) for a in meta.series_aliases}
    for series in MeetingSeries.objects.all():
        names = {normalize_alias(series.name)} | {normalize_alias(a) for a in series.aliases or []}
        if normalize_alias(series.name) in wanted or normalize_alias(meta.series) in names:
            return series
    return None


def _series(meta, label):
    if not meta.series:
        raise IngestError("no meeting series found; enter the series.", label)
    existing = _existing_series(meta)
    if existing:
        return existing
    return MeetingSeries.objects.create(
        name=meta.series[:200],
        slug=free_slug(MeetingSeries, meta.series),
        level=meta.series_level or "working",
        aliases=[a for a in meta.series_aliases if a != meta.series],
    )


def find_meeting(result, meta, series, warnings):
    """Read-only: (the meeting on record this text belongs to or None, the official statement
    it translates or None)."""
    meeting = None
    if meta.meeting_date:
        meeting = Meeting.objects.filter(series=series, start_date=meta.meeting_date).first()
    if meeting is None and meta.ordinal:
        meeting = Meeting.objects.filter(series=series, ordinal=meta.ordinal).first()
        if meeting and meta.meeting_date and meeting.start_date != meta.meeting_date:
            warnings.append(
                f"The {ordinal(meta.ordinal)} meeting of the series is on record for "
                f"{meeting.start_date:%Y-%m-%d}, not {meta.meeting_date:%Y-%m-%d}; joined it."
            )
    similar = None
    if meeting is None and (meta.is_translation or meta.meeting_date is None):
        similar = _most_similar_statement(result.body, series, meta.meeting_date)
        if similar:
            meeting = similar.meeting
            if meta.meeting_date is None:
                warnings.append(
                    f"Meeting date taken from the matching statement “{similar.title}”."
                )
    if meeting is not None and meta.is_translation and similar is None:
        similar = _official_of(meeting, result.body)
    return meeting, (similar if meta.is_translation else None)


def destination(result, overrides=None):
    """Where saving this text would put it, in words, for the preview (writes nothing)."""
    existing = Statement.objects.filter(content_hash=result.content_hash).first()
    if existing:
        return f"Already ingested as “{existing.title}”: nothing will change."
    meta = effective_metadata(result, overrides)
    series = _existing_series(meta) if meta.series else None
    if series is None:
        where = f"a new series “{meta.series}”" if meta.series else "no series (enter one)"
        return f"A new meeting of {where}."
    meeting, official = find_meeting(result, meta, series, [])
    if meeting is None:
        if meta.meeting_date is None:
            return (
                f"No meeting of {series} on record matches this text yet: it needs a meeting "
                "date, or an official text of its meeting saved in the same batch."
            )
        return f"A new meeting of {series} on {meta.meeting_date:%Y-%m-%d}."
    text = f"Joins the meeting on record: {meeting}"
    if official:
        text += f", as a translation of “{official.title}”"
    return text + "."


def _meeting(result, meta, series, overrides, warnings):
    """(meeting, created, official statement of it or None)."""
    official = overrides.get("translation_of")
    if official is not None:
        return official.meeting, False, official
    meeting, similar = find_meeting(result, meta, series, warnings)
    if meeting is not None:
        _complete_meeting(meeting, meta, warnings)
        return meeting, False, similar
    if meta.meeting_date is None:
        raise IngestError(
            "no meeting date found and no ingested statement of the same meeting resembles this "
            "text; enter the meeting date.",
            result.label,
        )
    title = _meeting_title(series.name, meta)
    meeting = Meeting.objects.create(
        series=series,
        ordinal=meta.ordinal,
        title=title[:300],
        slug=free_slug(Meeting, f"{meta.meeting_date:%Y-%m-%d} {series.name}"),
        start_date=meta.meeting_date,
        place=meta.place[:200],
        is_virtual=meta.is_virtual,
    )
    return meeting, True, None


def _complete_meeting(meeting, meta, warnings):
    """Fill what the meeting lacks from this text; never overwrite what is there."""
    changed = []
    if not meeting.place and meta.place and not meeting.is_virtual:
        meeting.place = meta.place[:200]
        changed.append("place")
    if meeting.ordinal is None and meta.ordinal:
        clash = Meeting.objects.filter(series=meeting.series, ordinal=meta.ordinal).exists()
        if not clash:
            meeting.ordinal = meta.ordinal
            changed.append("ordinal")
    if (
        meta.place
        and meeting.place
        and normalize_alias(meta.place) not in normalize_alias(meeting.place)
    ):
        warnings.append(
            f"This text places the meeting in {meta.place}; the meeting says {meeting.place}."
        )
    if changed:
        meeting.save(update_fields=changed)


def _most_similar_statement(body, series, meeting_date):
    candidates = Statement.objects.filter(translation_of__isnull=True).select_related("meeting")
    if series.pk:
        candidates = candidates.filter(meeting__series=series)
    if meeting_date:
        window = datetime.timedelta(days=3)
        candidates = candidates.filter(
            meeting__start_date__range=(meeting_date - window, meeting_date + window)
        )
    candidates = candidates.order_by("-meeting__start_date", "-id")[:SIMILARITY_CANDIDATES]
    best, best_score = None, SAME_MEETING_SIMILARITY
    words = _words(body)
    for statement in candidates.only("id", "title", "body", "meeting"):
        score = _similarity(words, _words(statement.body))
        if score >= best_score:
            best, best_score = statement, score
    return best


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


def _meeting_title(series_name, meta):
    if meta.ordinal:
        return f"{ordinal(meta.ordinal)} {series_name}"
    where = meta.place or ("virtual" if meta.is_virtual else "")
    when = f"{meta.meeting_date:%B} {meta.meeting_date.year}"
    return ", ".join(part for part in (series_name, where, when) if part)


# -- actors -------------------------------------------------------------------------------------


def _find_actor(names, kind):
    keys = [normalize_alias(name) for name in names if normalize_alias(name)]
    alias = ActorAlias.objects.filter(normalized__in=keys, actor__kind=kind).select_related("actor")
    by_key = {a.normalized: a.actor for a in alias}
    for key in keys:
        if key in by_key:
            return by_key[key]
    return Actor.objects.filter(kind=kind, name__iexact=names[0]).first()


def _actor(name, kind, aliases=(), short_name="", country=None, title=""):
    """The actor with this name or one of these aliases, created (with its aliases) if missing."""
    names = [name, *aliases]
    actor = _find_actor(names, kind)
    if actor is None:
        actor = Actor.objects.create(
            kind=kind,
            name=name[:200],
            slug=free_slug(Actor, name),
            short_name=short_name[:60],
            title=title[:300],
            country=country,
        )
    taken = set(
        ActorAlias.objects.filter(normalized__in=[normalize_alias(n) for n in names]).values_list(
            "normalized", flat=True
        )
    )
    for alias in names:
        key = normalize_alias(alias)
        if key and key not in taken:
            ActorAlias.objects.create(actor=actor, name=alias[:200])
            taken.add(key)
    return actor


def _known_actor(name, kind):
    known = next((a for a in gazetteer.KNOWN_ACTORS if a.name == name), None)
    if known is None:
        return _actor(name, kind)
    return _actor(known.name, known.kind, known.aliases, known.short_name)


def _country(name):
    return _known_actor(name, Actor.Kind.COUNTRY)


def _participations(meeting, meta, parties):
    for participant in meta.participants:
        country = _country(participant.country) if participant.country else None
        if participant.name:
            person = _actor(
                participant.name, Actor.Kind.PERSON, country=country, title=participant.title
            )
            Participation.objects.get_or_create(
                meeting=meeting,
                actor=person,
                defaults={"role": participant.title[:300], "country": country},
            )
        elif country is not None:
            # Named by title only: the country took part, represented by that office.
            participation, created = Participation.objects.get_or_create(
                meeting=meeting,
                actor=country,
                defaults={"role": participant.title[:300], "country": country, "is_party": True},
            )
            if not created and not participation.role:
                participation.role = participant.title[:300]
                participation.save(update_fields=["role"])
    for country in parties:
        participation, created = Participation.objects.get_or_create(
            meeting=meeting, actor=country, defaults={"country": country, "is_party": True}
        )
        if not created and not participation.is_party:
            participation.is_party = True
            participation.save(update_fields=["is_party"])
