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
# What happened, beside what was said: both groups add and change them, and publish them; nobody
# deletes them but a superuser (the series of assessments is the record of progress).
ASSESSING_MODELS = ["evidence", "assessment"]
ALL_MODELS = TAGGING_MODELS + INGESTING_MODELS + ASSESSING_MODELS


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
    assessing = _perms(["add", "change"], ASSESSING_MODELS) + _named_perms("publish_evidence")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(*view_all, *tagging, *publish, *assessing)
    ingestors, _ = Group.objects.get_or_create(name="Ingestors")
    ingestors.permissions.add(
        *view_all,
        *tagging,
        *publish,
        *assessing,
        *_named_perms("ingest_statement"),
        *_perms(["add", "change"], INGESTING_MODELS),
    )
    return editors, ingestors


def ensure_groups_after_migrate(sender, **kwargs):
    ensure_groups()
