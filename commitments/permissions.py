"""The two editor groups, created (and kept complete) after every migrate."""

from django.contrib.auth.models import Group, Permission

TAGGING_MODELS = [
    "mention",
    "commitment",
    "commitmentalias",
    "commitmentredirect",
    "actor",
    "actoralias",
    "actorredirect",
    "topic",
    "synonymgroup",
    "synonym",
]
INGESTING_MODELS = ["statement", "clause", "meeting", "meetingseries", "participation"]
ALL_MODELS = TAGGING_MODELS + INGESTING_MODELS


def _perms(actions, models):
    codenames = [f"{action}_{model}" for action in actions for model in models]
    return list(
        Permission.objects.filter(content_type__app_label="commitments", codename__in=codenames)
    )


def _named_perms(*codenames):
    return list(
        Permission.objects.filter(content_type__app_label="commitments", codename__in=codenames)
    )


def ensure_groups():
    """Create or complete the "Editors" and "Ingestors" groups; returns them."""
    view_all = _perms(["view"], ALL_MODELS)
    tagging = _perms(["add", "change"], TAGGING_MODELS) + _perms(
        ["delete"], ["mention", "commitmentalias", "actoralias", "synonymgroup", "synonym"]
    )
    # Publishing is the editors' decision that a statement's suggestions were reviewed.
    publish = _named_perms("publish_statement")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*view_all, *tagging, *publish)
    ingestors, _ = Group.objects.get_or_create(name="Ingestors")
    ingestors.permissions.add(
        *view_all,
        *tagging,
        *publish,
        *_named_perms("ingest_statement"),
        *_perms(["add", "change"], INGESTING_MODELS),
    )
    return editors, ingestors


def ensure_groups_after_migrate(sender, **kwargs):
    ensure_groups()
