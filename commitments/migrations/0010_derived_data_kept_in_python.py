"""Derived data is kept fresh in Python (commitments/services/derived.py), one way for every write:
the search-document triggers of 0003 and the data-version triggers of 0005 go. The table
commitments_search, trilat_search_refresh(ids), trilat_search_refresh_all() and the sequence
trilat_data_version stay: derived.refresh() calls them. The tracked models' manager reports bulk
writes in data migrations too (use_in_migrations).
"""

import importlib

import commitments.tracking
from django.db import migrations

SEARCH_TRIGGERS = {
    "commitments_commitment": ["inserted", "updated", "deleted", "truncated"],
    "commitments_commitmentalias": ["inserted", "updated", "deleted"],
    "commitments_mention": ["inserted", "updated", "deleted"],
    "commitments_clause": ["updated"],
}
SEARCH_TRIGGER_FUNCTIONS = [
    "trilat_search_commitment_inserted",
    "trilat_search_commitment_updated",
    "trilat_search_commitment_deleted",
    "trilat_search_commitment_truncated",
    "trilat_search_children_inserted",
    "trilat_search_children_updated",
    "trilat_search_children_deleted",
    "trilat_search_mention_inserted",
    "trilat_search_mention_updated",
    "trilat_search_mention_deleted",
    "trilat_search_clause_updated",
    "trilat_search_bulk",
]
TRIGGER_PREFIX = {
    "commitments_commitment": "search_commitment",
    "commitments_commitmentalias": "search_alias",
    "commitments_mention": "search_mention",
    "commitments_clause": "search_clause",
}


def _earlier(name):
    return importlib.import_module(f"commitments.migrations.{name}")


def forward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    statements = [
        f"DROP TRIGGER IF EXISTS {TRIGGER_PREFIX[table]}_{event} ON {table};"
        for table, events in SEARCH_TRIGGERS.items()
        for event in events
    ]
    statements += [f"DROP FUNCTION IF EXISTS {name}();" for name in SEARCH_TRIGGER_FUNCTIONS]
    statements += [
        f"DROP TRIGGER IF EXISTS data_version ON {table};"
        for table in _earlier("0005_data_version").TABLES
    ]
    statements.append("DROP FUNCTION IF EXISTS trilat_bump_data_version();")
    schema_editor.execute("\n".join(statements))


def backward(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    search = _earlier("0003_search_documents")
    schema_editor.execute(search.BACKWARD)  # the table and functions, made anew with the triggers
    schema_editor.execute(search.FORWARD)
    version = _earlier("0005_data_version").FORWARD
    sequence = "CREATE SEQUENCE trilat_data_version;\n"
    assert version.count(sequence) == 1
    schema_editor.execute(version.replace(sequence, ""))  # the triggers: the sequence stayed


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0009_statement_repost"),
    ]

    operations = [
        migrations.RunPython(forward, backward, elidable=False),
        migrations.AlterModelManagers(
            name="actor",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="clause",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="commitment",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="commitmentalias",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="meeting",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="meetingseries",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="mention",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="statement",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.AlterModelManagers(
            name="topic",
            managers=[
                ("objects", commitments.tracking.TrackedManager()),
            ],
        ),
    ]
