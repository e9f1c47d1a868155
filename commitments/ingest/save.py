"""The writing half of ingestion: a ParseResult (plus an editor's corrections) -> a statement with
its meeting, series, actors, participations and clauses, in one transaction.

The same meeting reached through two texts is one meeting (meetings.find_destination says which).
"""

import copy
from dataclasses import dataclass, field

from django.db import IntegrityError

from commitments import align, suggest, tracking
from commitments.ingest import gazetteer
from commitments.ingest.meetings import describe, existing_series, find_destination
from commitments.ingest.metadata import apply_given
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

# What an editor may correct in the preview or on the command line, beyond the metadata fields
# (metadata.GIVEN_FIELDS): the statement a text translates, and whether a proposed meeting is
# joined (False: a new meeting is made instead).
EXTRA_OVERRIDES = ("translation_of", "join_proposed")


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
    order = sorted(range(len(items)), key=lambda i: _saved_after(*items[i]))
    outcomes = [None] * len(items)
    try:
        with tracking.deferred():  # one transaction, and one refresh of what it changed
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


def _saved_after(result, overrides):
    """Official texts first, then translations; texts that may join a meeting (no series or no
    date) and reposts after the texts that make it."""
    meta = effective_metadata(result, overrides)
    translation = bool((overrides or {}).get("translation_of")) or meta.is_translation
    incomplete = not meta.series or meta.meeting_date is None
    return (translation, incomplete, meta.is_repost)


def effective_metadata(result, overrides):
    """The parsed metadata with the editor's corrections applied."""
    given = {k: v for k, v in (overrides or {}).items() if k not in EXTRA_OVERRIDES}
    return apply_given(copy.deepcopy(result.metadata), given)


def destination(result, overrides=None):
    """Where saving this text would put it, as (words for the preview, the Destination or None);
    writes nothing."""
    existing = Statement.objects.filter(content_hash=result.content_hash).first()
    if existing:
        return f"Already ingested as “{existing.title}”: nothing will change.", None
    meta = effective_metadata(result, overrides)
    found = find_destination(result.body, meta, (overrides or {}).get("translation_of"))
    return describe(found, meta), found


def _save_one(result, overrides, user):
    existing = Statement.objects.filter(content_hash=result.content_hash).first()
    if existing:
        return SaveOutcome(existing, created=False, label=result.label)
    meta = effective_metadata(result, overrides)
    warnings = [*result.text_warnings, *meta.warnings]
    meeting, meeting_created, official = _meeting(result, meta, overrides, warnings)
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
    translation_of = official if meta.is_translation or overrides.get("translation_of") else None
    if meta.is_translation and translation_of is None:
        warnings.append("A translation, but no official text of its meeting is ingested yet.")
    title = meta.title or f"{Statement.Kind(meta.kind).label.capitalize()} of the {meeting.title}"
    statement = Statement.objects.create(
        meeting=meeting,
        title=title[:400],
        slug=free_slug(Statement, f"{meeting.start_date:%Y-%m-%d} {title}"),
        kind=meta.kind,
        publisher=meta.publisher[:200],
        found_at=meta.found_at[:200],
        is_repost=meta.is_repost,
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


def _meeting(result, meta, overrides, warnings):
    """(meeting, created, the official statement this text translates or None)."""
    found = find_destination(result.body, meta, overrides.get("translation_of"))
    join = found.sure or overrides.get("join_proposed", True)
    if found.meeting is not None and join:
        if not found.sure:
            warnings.append(f"Joined the meeting on record {found.meeting}: {found.reason}.")
        if meta.meeting_date is None:
            warnings.append(f"Meeting date taken from the meeting on record ({found.reason}).")
        _complete_meeting(found.meeting, meta, warnings)
        return found.meeting, False, found.official
    series = found.series if found.meeting is None else existing_series(meta)
    series = series or _new_series(meta, result.label)
    if meta.meeting_date is None:
        raise IngestError(
            "no meeting date found and no ingested statement of the same meeting resembles this "
            "text; enter the meeting date.",
            result.label,
        )
    meeting = Meeting.objects.create(
        series=series,
        ordinal=_free_ordinal(series, meta.ordinal, warnings),
        title=_meeting_title(series.name, meta)[:300],
        slug=free_slug(Meeting, f"{meta.meeting_date:%Y-%m-%d} {series.name}"),
        start_date=meta.meeting_date,
        end_date=meta.end_date,
        place=meta.place[:200],
        is_virtual=meta.is_virtual,
    )
    return meeting, True, None


def _new_series(meta, label):
    if not meta.series:
        raise IngestError(
            "no meeting series found and no meeting on record matches; enter the series.", label
        )
    return MeetingSeries.objects.create(
        name=meta.series[:200],
        slug=free_slug(MeetingSeries, meta.series),
        level=meta.series_level or "working",
        aliases=[a for a in meta.series_aliases if a != meta.series],
    )


def _free_ordinal(series, number, warnings):
    """The ordinal, unless another meeting of the series holds it (a new meeting an editor made
    instead of joining the one proposed)."""
    if number and Meeting.objects.filter(series=series, ordinal=number).exists():
        warnings.append(f"The {ordinal(number)} meeting of the series is already on record.")
        return None
    return number


def _complete_meeting(meeting, meta, warnings):
    """Fill what the meeting lacks from this text; never overwrite what is there."""
    changed = []
    if not meeting.place and meta.place and not meeting.is_virtual:
        meeting.place = meta.place[:200]
        changed.append("place")
    if meeting.end_date is None and meta.end_date and meta.end_date > meeting.start_date:
        meeting.end_date = meta.end_date
        changed.append("end_date")
    if meeting.ordinal is None and meta.ordinal:
        clash = Meeting.objects.filter(series=meeting.series, ordinal=meta.ordinal).exists()
        if not clash:
            meeting.ordinal = meta.ordinal
            changed.append("ordinal")
    if (
        meta.place
        and meeting.place
        and normalize_alias(meta.place) not in normalize_alias(meeting.place)
        and normalize_alias(meeting.place) not in normalize_alias(meta.place)
    ):
        warnings.append(
            f"This text places the meeting in {meta.place}; the meeting says {meeting.place}."
        )
    if changed:
        meeting.save(update_fields=changed)


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
    names = list(dict.fromkeys(names))
    actor = _find_actor(names, kind)
    if actor is None:
        actor = Actor.objects.create(
            kind=kind,
            name=name[:200],
            slug=free_slug(Actor, name),
            short_name=short_name[:60] if short_name != name else "",
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
            # One actor per person: the gazetteer's name, found again by any of its spellings.
            person = _actor(
                participant.known or participant.name,
                Actor.Kind.PERSON,
                aliases=(participant.name, *participant.aliases),
                country=country,
                title=participant.title,
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
