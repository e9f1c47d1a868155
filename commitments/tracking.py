"""Change tracking: every write that can change what a commitment shows is reported, whichever
way it is made (the admin, services, commands, the shell, a data migration).

Two reporters, one rulebook (commitments/changes.py says which commitments each write changes):
- instance writes: receivers of post_save / post_delete / m2m_changed, connected to every class
  with a tracked label as it is made (the historical models of data migrations too);
- bulk writes: the tracked models' manager (`objects`, also in migrations) reports update(),
  bulk_create(), bulk_update() and delete().
`changed(ids)` hands them to the refresher the services installed (commitments/services/
derived.py: summaries, search documents, suggestion postings, data version) at once, in the
caller's transaction; inside `deferred()` it collects and the outermost block refreshes once as it
ends; during `migrate` it collects and refreshes once the schema is current.

This module is part of the domain (models.py builds on `Tracked`) and imports no service: the
services connect their refresher with `install()` when the app is ready.
"""

import logging
import threading
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.models.signals import (
    class_prepared,
    m2m_changed,
    post_delete,
    post_save,
    pre_delete,
)

from commitments.changes import LINKS, RULES, VERSION_LINKS

logger = logging.getLogger(__name__)

# What the services do with what is reported (install()): refresh(ids), forget(ids) the
# suggestion postings of commitments being deleted, after_migrate(ids) once migrations are done.
_services = SimpleNamespace(refresh=None, forget=None, after_migrate=None)


def install(refresh, forget, after_migrate):
    """Connect the services that keep derived data fresh (commitments/apps.py does)."""
    _services.refresh, _services.forget, _services.after_migrate = refresh, forget, after_migrate


def _refresh(ids):
    if _services.refresh is None:
        raise RuntimeError("No refresher installed: the commitments app is not ready.")
    _services.refresh(ids)


class _State(threading.local):
    depth = 0  # how many deferred() blocks are open
    pending = None  # ids changed inside them (a set once anything was reported)
    migrating = False
    collected = None  # ids changed during migrate
    muted = 0  # inside refresh(), or a bulk write already reported
    deleting = frozenset()  # commitments a delete is under way for (their rows go last)


_state = _State()


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
        _refresh(ids)


@contextmanager
def deferred():
    """Collect what the block changes and refresh it once as the outermost block ends, inside its
    transaction (the block is atomic). Nestable; a decorator too: `@tracking.deferred()`."""
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
                _refresh(pending)
        finally:
            _state.depth, _state.pending, _state.deleting = 0, None, frozenset()


@contextmanager
def muted():
    _state.muted += 1
    try:
        yield
    finally:
        _state.muted -= 1


def deleting():
    """The commitments a delete is under way for: a refresh leaves them alone."""
    return _state.deleting


def _report(ids):
    if ids is not None:
        changed(ids)


def _attnames(model, names):
    return {model._meta.get_field(name).attname for name in names}


def remember(instance, names=None):
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
    remember(instance, update_fields)
    _report(ids)


def _deleting(sender, instance, **kwargs):
    # Its mentions are deleted (and report) before its own row: no refresh may write postings
    # for it in between (their foreign key would fail). Its own post_delete refreshes it.
    if sender._meta.label != "commitments.Commitment":
        return
    _state.deleting = _state.deleting | {instance.pk}
    if not _state.migrating:
        _services.forget([instance.pk])


def _deleted(sender, instance, **kwargs):
    rule = RULES.get(sender._meta.label)
    if rule is None:
        return
    if instance.pk in _state.deleting and sender._meta.label == "commitments.Commitment":
        _state.deleting = _state.deleting - {instance.pk}
    _report(rule.deleted(instance))


def _links_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if sender._meta.label in VERSION_LINKS:
        if action in ("post_add", "post_remove", "post_clear") and (
            pk_set or action == "post_clear"
        ):
            changed()
        return
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
    elif label in LINKS or label in VERSION_LINKS:
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
    _services.after_migrate(collected or ())


def _fully_migrated(using):
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    return not executor.migration_plan(executor.loader.graph.leaf_nodes())


# -- the tracked models' base and manager ------------------------------------------------------


class TrackedQuerySet(models.QuerySet):
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
                self, fields, lambda: super(TrackedQuerySet, self).update(**kwargs)
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
            with muted():  # bulk_update runs update()s of its own
                return super(TrackedQuerySet, self).bulk_update(objs, fields, batch_size)

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


class TrackedManager(models.Manager.from_queryset(TrackedQuerySet)):
    use_in_migrations = True


class Tracked(models.Model):
    """A model whose writes can change what commitments show: its manager reports bulk writes,
    its instances remember their loaded values (so a save tells what it changed)."""

    objects = TrackedManager()

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def refresh_from_db(self, using=None, fields=None, from_queryset=None):
        super().refresh_from_db(using=using, fields=fields, from_queryset=from_queryset)
        remember(self, fields)

    def delete(self, *args, **kwargs):
        with deferred():
            return super().delete(*args, **kwargs)
