"""One actor per person, body and country: merging two actors, and the countries that may be
parties to a statement."""

from django.contrib.admin.models import CHANGE
from django.db import IntegrityError, transaction

from commitments import tracking
from commitments.ingest.gazetteer import KNOWN_ACTORS, NEVER_PARTIES
from commitments.models import (
    Actor,
    ActorAlias,
    ActorRedirect,
    Commitment,
    Participation,
    Statement,
    normalize_alias,
)
from commitments.services.edits import EditError, _log, _save


def _never_party_keys():
    names = set(NEVER_PARTIES)
    keys = {normalize_alias(name) for name in names}
    for known in KNOWN_ACTORS:
        if known.name in names:
            keys.update(normalize_alias(alias) for alias in known.aliases)
    return keys - {""}


def party_countries():
    """The countries that may be parties to a statement: every country but those statements
    speak about and never issue (the DPRK, China, Russia, Taiwan, ...), by any of their names."""
    keys = _never_party_keys()
    about = ActorAlias.objects.filter(normalized__in=keys).values("actor_id")
    countries = Actor.objects.filter(kind=Actor.Kind.COUNTRY).exclude(pk__in=about)
    return countries.exclude(name__in=NEVER_PARTIES).order_by("name")


def is_never_party(name):
    """Whether a country name is one statements speak about, never a party to one."""
    return normalize_alias(name) in _never_party_keys()


@tracking.deferred()  # every commitment the merge touches: one refresh
def merge_actors(source, target, user):
    """Merge `source` into `target` and delete `source`: participations, commitment links,
    aliases, statement parties, people's country and earlier addresses move to the target; the
    source's name becomes an alias; its address answers with a 301. Returns what moved."""
    if source.pk == target.pk:
        raise EditError("An actor cannot be merged into itself.")
    source = Actor.objects.select_for_update().get(pk=source.pk)
    target = Actor.objects.select_for_update().get(pk=target.pk)
    if source.kind != target.kind:
        raise EditError(
            f"“{source}” is a {source.get_kind_display()} and “{target}” a "
            f"{target.get_kind_display()}: only actors of one kind can be one actor."
        )
    report = {
        "participations": _move_participations(source, target),
        "commitments": _move_commitments(source, target),
        "statements": _move_parties(source, target),
        "people": Actor.objects.filter(country=source).update(country=target),
        "aliases": _move_aliases(source, target, user),
    }
    Participation.objects.filter(country=source).update(country=target)
    for name in ["short_name", "title"]:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    if target.country_id is None and source.country_id not in (None, target.pk):
        target.country_id = source.country_id
    ActorRedirect.objects.filter(actor=source).update(actor=target)
    old_slug, old_name = source.slug, source.name
    _log(
        target,
        user,
        CHANGE,
        f"Merged “{old_name}” ({old_slug}) into it: "
        + ", ".join(f"{count} {what}" for what, count in report.items()),
    )
    source._history_user = user
    source._change_reason = f"merged into {target.slug}"[:100]
    source.delete()
    try:
        with transaction.atomic():
            ActorRedirect.objects.create(old_slug=old_slug, actor=target)
    except IntegrityError:
        ActorRedirect.objects.filter(old_slug=old_slug).update(actor=target)
    ActorRedirect.objects.filter(old_slug=target.slug).delete()  # the live address wins
    _save(target, user, f"merged {old_slug} into this")
    return report


def _move_participations(source, target):
    """The source's participations become the target's; at a meeting both attended, the target's
    keeps what only the source's knew (role, country, party)."""
    moved = 0
    held = {p.meeting_id: p for p in Participation.objects.filter(actor=target)}
    for participation in Participation.objects.filter(actor=source):
        kept = held.get(participation.meeting_id)
        if kept is None:
            participation.actor = target
            participation.save(update_fields=["actor"])
        else:
            kept.role = kept.role or participation.role
            kept.country_id = kept.country_id or participation.country_id
            kept.is_party = kept.is_party or participation.is_party
            kept.save(update_fields=["role", "country", "is_party"])
            participation.delete()
        moved += 1
    return moved


def _move_commitments(source, target):
    commitments = list(Commitment.objects.filter(actors=source))
    for commitment in commitments:
        commitment.actors.add(target)
        commitment.actors.remove(source)
    return len(commitments)


def _move_parties(source, target):
    statements = list(Statement.objects.filter(parties=source))
    for statement in statements:
        statement.parties.add(target)
        statement.parties.remove(source)
    return len(statements)


def _move_aliases(source, target, user):
    """The source's aliases, and its name, become the target's (aliases are unique across actors,
    so none can clash)."""
    moved = ActorAlias.objects.filter(actor=source).update(actor=target)
    for name in [source.name, source.short_name]:
        key = normalize_alias(name)
        if key and not ActorAlias.objects.filter(normalized=key).exists():
            ActorAlias.objects.create(actor=target, name=name)
            moved += 1
    return moved
