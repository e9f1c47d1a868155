"""A data version for caches (PostgreSQL only): a sequence bumped by statement-level triggers on
every table the public lists read, so `commitments.facets` can keep its index until the next
write, whatever path the write takes (admin, services, bulk SQL). Elsewhere: nothing, and
nothing is cached.
"""

from django.db import migrations

TABLES = [
    "commitments_commitment",
    "commitments_commitmentalias",
    "commitments_commitment_topics",
    "commitments_commitment_actors",
    "commitments_mention",
    "commitments_clause",
    "commitments_topic",
    "commitments_actor",
    "commitments_meeting",
    "commitments_meetingseries",
]

FORWARD = """
CREATE SEQUENCE trilat_data_version;
CREATE FUNCTION trilat_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM nextval('trilat_data_version');
    RETURN NULL;
END $$;
""" + "".join(
    f"CREATE TRIGGER data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
    "FOR EACH STATEMENT EXECUTE FUNCTION trilat_bump_data_version();\n"
    for table in TABLES
)

BACKWARD = "".join(f"DROP TRIGGER IF EXISTS data_version ON {table};\n" for table in TABLES) + (
    "DROP FUNCTION IF EXISTS trilat_bump_data_version();\n"
    "DROP SEQUENCE IF EXISTS trilat_data_version;\n"
)


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0004_browser_sort_indexes")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
