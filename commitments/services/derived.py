"""Derived data, kept fresh one way: whatever writes a change, what commitments show follows.

Derived from what editors write: each commitment's summary columns (COMMITMENT_SUMMARY_FIELDS),
its search document (PostgreSQL: table commitments_search, built by trilat_search_refresh), its
postings in the suggestion index (reindex_commitments), and the data version (PostgreSQL: the
trilat_data_version sequence) that tells the facet index and the page cache to rebuild.

A write reports the commitments it changes with `changed(ids)`; nothing else has to. Receivers of
post_save / post_delete / m2m_changed, connected to every class with a tracked label (the
historical models of data migrations too), report instance writes by the rules of changes.py;
the tracked models' manager (`objects`, in migrations too) reports update(), bulk_create(),
bulk_update() and delete().
`changed()` refreshes at once, in the caller's transaction; inside `deferred()` it collects and the
outermost block refreshes once as it ends; during `migrate` it collects and the post_migrate
receiver refreshes once the schema is current.

Raw SQL (psql, COPY) passes none of this: run `manage.py refresh_derived` after it.
"""

import logging
import threading
from contextlib import contextmanager
from itertools import groupby

from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Max
from django.db.models.signals import (
    class_prepared,
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
)

from commitments.services.changes import ACCEPTED, LINKS, RULES

DATA_VERSION = "trilat_data_version"
BATCH = 2000  # commitments per query when refreshing many

logger = logging.getLogger(__name__)


class _State(threading.local):
    depth = 0  # how many deferred() blocks are open
    pending = None  # ids changed inside them (a set once anything was reported)
    migrating = False
    collected = None  # ids changed during migrate
    muted = 0  # inside refresh(), or a bulk write already reported
    deleting = frozenset()  # commitments a delete is under way for (their rows go last)


_state = _State()


# -- reporting and refreshing ----------------------------------------------------------------


def changed(commitment_ids=()):
    """Report that these commitments show something new (none: only a name around them changed,
    which needs just a new data version). Refreshes now, unless deferred or migrating."""
    if _state.muted:
        return
    ids = {int(cid) for cid in commitment_ids if cid}
    if _state.migrating:
        _state.collected = (_state.collected or set()) | ids
    elif _state.depth:
        _state.pending = (_state.pending or set()) | ids
    else:
        refresh(ids)


@contextmanager
def deferred():
    """Collect what the block changes and refresh it once as the outermost block ends, inside its
    transaction (the block is atomic). Nestable; a decorator too: `@derived.deferred()`."""
    if _state.depth:
        _state.depth += 1
        try:
            yield
        finally:
            _state.depth -= 1
        return
    with transaction.atomic():
        _state.depth, _state.pending = 1, None
        try:
            yield
            pending = _state.pending
            _state.depth, _state.pending = 0, None
            if pending is not None:
                refresh(pending)
        finally:
            _state.depth, _state.pending, _state.deleting = 0, None, frozenset()


@contextmanager
def _muted():
    _state.muted += 1
    try:
        yield
    finally:
        _state.muted -= 1


def refresh(commitment_ids):
    """Recompute the summaries, search documents and suggestion postings of these commitments
    (ids of deleted ones are fine), then bump the data version once."""
    from commitments.models import Commitment
    from commitments.suggest.index import chunked, reindex_commitments

    ids = sorted({int(cid) for cid in commitment_ids if cid} - _state.deleting)
    with transaction.atomic(savepoint=False), _muted():
        for batch in chunked(ids, BATCH):
            # Locked first, so that a concurrent refresh of the same commitments waits for this
            # transaction, then reads what it wrote (NO KEY: mentions' foreign key checks pass).
            locked = Commitment.objects.filter(id__in=batch).select_for_update(no_key=True)
            _refresh_summaries(locked, {"commitment_id__in": batch})
            _refresh_search_documents(batch)
        if ids:
            reindex_commitments(ids)
        _bump_data_version()


def refresh_all(batch_size=5000):
    """Recompute every commitment's derived data (bulk loaders, raw SQL); returns how many."""
    from commitments.models import Commitment
    from commitments.suggest.index import rebuild_index

    with transaction.atomic(), _muted():
        top = Commitment.objects.aggregate(top=Max("id"))["top"] or 0
        for low in range(0, top + 1, batch_size):
            span = {"gte": low, "lt": low + batch_size}
            commitments = Commitment.objects.filter(**{f"id__{k}": v for k, v in span.items()})
            _refresh_summaries(commitments, {f"commitment_id__{k}": v for k, v in span.items()})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT trilat_search_refresh_all()")
        count = rebuild_index()
        _bump_data_version()
    return count


# -- summaries -------------------------------------------------------------------------------


def summarize(mentions):
    """Summary column values (by attname) from one commitment's accepted mentions (dicts with
    meeting_id, meeting__start_date and stage): the last meeting's stage with the most news."""
    from commitments.models import most_news

    if not mentions:
        return {
            "current_stage": "",
            "first_meeting_id": None,
            "last_meeting_id": None,
            "first_date": None,
            "last_date": None,
            "meeting_count": 0,
            "mention_count": 0,
        }
    ordered = sorted(mentions, key=lambda m: (m["meeting__start_date"], m["meeting_id"]))
    by_meeting = [list(group) for _, group in groupby(ordered, key=lambda m: m["meeting_id"])]
    first, last = by_meeting[0], by_meeting[-1]
    return {
        "current_stage": most_news(m["stage"] for m in last),
        "first_meeting_id": first[0]["meeting_id"],
        "last_meeting_id": last[0]["meeting_id"],
        "first_date": first[0]["meeting__start_date"],
        "last_date": last[0]["meeting__start_date"],
        "meeting_count": len(by_meeting),
        "mention_count": len(ordered),
    }


def _summary_fields():
    from commitments.models import COMMITMENT_SUMMARY_FIELDS, Commitment

    return [Commitment._meta.get_field(name) for name in COMMITMENT_SUMMARY_FIELDS]


def _refresh_summaries(commitments, mentions_of):
    """Write the summaries of `commitments` that differ from their accepted mentions' (the
    Mention lookup `mentions_of` selects the same commitments' mentions)."""
    from commitments.models import Mention

    names = [field.attname for field in _summary_fields()]
    current = {row[0]: row[1:] for row in commitments.order_by("id").values_list("id", *names)}
    rows = (
        # Public mentions only: accepted by an editor, in a published statement.
        Mention.objects.filter(review=ACCEPTED, published=True, **mentions_of)
        .order_by("commitment_id")
        .values("commitment_id", "meeting_id", "meeting__start_date", "stage")
    )
    grouped = {cid: list(group) for cid, group in groupby(rows, key=lambda m: m["commitment_id"])}
    stale = []
    for cid, values in current.items():
        summary = summarize(grouped.get(cid, []))
        fresh = tuple(summary[name] for name in names)
        if fresh != values:
            stale.append((cid, fresh))
    if stale:
        _write_summaries(stale)


def _write_summaries(rows):
    """Set the summary columns of [(commitment id, values in _summary_fields order)]: one UPDATE
    from arrays on PostgreSQL, bulk_update elsewhere; no history rows either way."""
    from commitments.models import Commitment

    fields = _summary_fields()
    if connection.vendor != "postgresql":
        updates = [
            Commitment(id=cid, **dict(zip([f.attname for f in fields], values, strict=True)))
            for cid, values in rows
        ]
        Commitment.objects.bulk_update(updates, [f.name for f in fields], batch_size=500)
        return
    quote = connection.ops.quote_name
    columns = [quote(f.column) for f in fields]
    arrays = ", ".join(f"%s::{f.db_type(connection)}[]" for f in fields)
    sql = (
        f"UPDATE {quote(Commitment._meta.db_table)} AS c SET "
        + ", ".join(f"{column} = s.{column}" for column in columns)
        + f" FROM unnest(%s::bigint[], {arrays}) AS s(id, {', '.join(columns)}) WHERE c.id = s.id"
    )
    params = [[cid for cid, _ in rows]] + [
        list(column) for column in zip(*(v for _, v in rows), strict=True)
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# -- search documents and the data version (PostgreSQL) ----------------------------------------


def _refresh_search_documents(ids):
    if connection.vendor == "postgresql" and ids:
        with connection.cursor() as cursor:
            cursor.execute("SELECT trilat_search_refresh(%s::bigint[])", [list(ids)])


def _bump_data_version():
    # Before the transaction commits: the facet index sees the sequence's lock until then, and
    # knows a write is open (browse/facet_index.py). SQLite has no version: it rebuilds per page.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{DATA_VERSION}')")


def _drop_orphan_search_documents():
    # A TRUNCATE (Django's flush) of commitments leaves their documents behind.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM commitments_search s WHERE NOT EXISTS "
                "(SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id)"
            )


def _report(ids):
    if ids is not None:
        changed(ids)


def _attnames(model, names):
    return {model._meta.get_field(name).attname for name in names}


def _remember(instance, names=None):
    """Note the values of these fields (all loaded ones when None) as the database holds them."""
    fields = instance._meta.concrete_fields
    attnames = _attnames(type(instance), names) if names is not None else None
    loaded = getattr(instance, "_loaded_values", None) or {}
    for field in fields:
        if field.attname in instance.__dict__ and (attnames is None or field.attname in attnames):
            loaded[field.attname] = instance.__dict__[field.attname]
    instance._loaded_values = loaded


def _written(instance, created, update_fields):
    """The attnames a save wrote whose values differ from those loaded (all, when unknown)."""
    model = type(instance)
    if update_fields is not None:
        names = _attnames(model, update_fields)
    else:
        names = {f.attname for f in model._meta.concrete_fields if f.attname in instance.__dict__}
    loaded = getattr(instance, "_loaded_values", None)
    if created or loaded is None:
        return names
    return {n for n in names if n not in loaded or loaded[n] != instance.__dict__.get(n)}


# -- receivers ---------------------------------------------------------------------------------


def _saved(sender, instance, created, update_fields=None, **kwargs):
    rule = RULES.get(sender._meta.label)
    if rule is None:
        return
    fields = _written(instance, created, update_fields)
    ids = rule.saved(instance, created, fields) if created or rule.shows(fields) else None
    _remember(instance, update_fields)
    _report(ids)


def _deleting(sender, instance, **kwargs):
    # Its mentions are deleted (and report) before its own row: no refresh may write postings
    # for it in between (their foreign key would fail). Its own post_delete refreshes it.
    if sender._meta.label != "commitments.Commitment":
        return
    _state.deleting = _state.deleting | {instance.pk}
    if not _state.migrating:
        from commitments.suggest.index import forget_commitments

        forget_commitments([instance.pk])


def _deleted(sender, instance, **kwargs):
    rule = RULES.get(sender._meta.label)
    if rule is None:
        return
    if instance.pk in _state.deleting and sender._meta.label == "commitments.Commitment":
        _state.deleting = _state.deleting - {instance.pk}
    _report(rule.deleted(instance))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if sender._meta.label not in LINKS:
        return
    if action == "pre_clear" and reverse:
        # Topic.commitments.clear(): which commitments lose it is only known before.
        other = next(f for f in sender._meta.fields if f.is_relation and f.name != "commitment")
        rows = sender._default_manager.filter(**{other.attname: instance.pk})
        instance._clearing = set(rows.values_list("commitment_id", flat=True))
    elif action in ("post_add", "post_remove") and pk_set:
        changed(pk_set if reverse else {instance.pk})
    elif action == "post_clear":
        changed(instance.__dict__.pop("_clearing", set()) if reverse else {instance.pk})


def _track(sender, **kwargs):
    """Connect the receivers to each class with a tracked label as it is made (current models,
    and the historical ones migrations make); per class, so other models keep fast deletes."""
    label = sender._meta.label
    if label in RULES:
        post_save.connect(_saved, sender=sender)
        post_delete.connect(_deleted, sender=sender)
        if label == "commitments.Commitment":
            pre_delete.connect(_deleting, sender=sender)
    elif label in LINKS:
        m2m_changed.connect(_links_changed, sender=sender)


class_prepared.connect(_track)


def migration_started(sender, **kwargs):
    """pre_migrate: collect what data migrations change; the schema may be older than the code."""
    _state.migrating = True


def migration_finished(sender, using=DEFAULT_DB_ALIAS, plan=None, **kwargs):
    """post_migrate (also sent by flush): refresh what migrations changed, once the schema is
    current; drop the search documents of commitments no longer there."""
    collected, _state.collected, _state.migrating = _state.collected, None, False
    if using != DEFAULT_DB_ALIAS:
        return
    if plan is not None and not _fully_migrated(using):
        if collected:
            logger.warning(
                "Migrations changed %d commitments; run manage.py refresh_derived --all once "
                "the database is fully migrated.",
                len(collected),
            )
        return
    _drop_orphan_search_documents()
    refresh(collected or ())


def _fully_migrated(using):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


# -- the tracked models' base and manager ------------------------------------------------------


class DerivedQuerySet(models.QuerySet):
    """Bulk writes that report the commitments they change (see RULES)."""

    def _rule(self):
        return None if _state.muted else RULES.get(self.model._meta.label)

    def update(self, **kwargs):
        rule = self._rule()
        fields = _attnames(self.model, kwargs)
        if rule is None or not rule.shows(fields):
            return super().update(**kwargs)
        with deferred():
            rows, ids = rule.write(
                self, fields, lambda: super(DerivedQuerySet, self).update(**kwargs)
            )
            _report(ids)
        return rows

    update.alters_data = True

    def bulk_update(self, objs, fields, batch_size=None):
        rule = self._rule()
        objs = list(objs)
        attnames = _attnames(self.model, fields)
        if rule is None or not objs or not rule.shows(attnames):
            return super().bulk_update(objs, fields, batch_size=batch_size)

        def write():
            with _muted():  # bulk_update runs update()s of its own
                return super(DerivedQuerySet, self).bulk_update(objs, fields, batch_size)

        with deferred():
            rows, ids = rule.write(self.filter(pk__in=[obj.pk for obj in objs]), attnames, write)
            _report(ids)
        return rows

    bulk_update.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        rule = self._rule()
        if rule is None:
            return super().bulk_create(objs, *args, **kwargs)
        with deferred():
            made = super().bulk_create(objs, *args, **kwargs)
            if made:
                _report(rule.created(self.model, made))
        return made

    bulk_create.alters_data = True

    def delete(self):
        if self._rule() is None:
            return super().delete()
        with deferred():  # each row's post_delete reports; one refresh at the end
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True


class DerivedManager(models.Manager.from_queryset(DerivedQuerySet)):
    use_in_migrations = True


class Tracked(models.Model):
    """A model whose writes can change what commitments show: its manager reports bulk writes,
    its instances remember their loaded values (so a save tells what it changed)."""

    objects = DerivedManager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        _remember(self, fields)

    def delete(self, *args, **kwargs):
        with deferred():
            return super().delete(*args, **kwargs)
