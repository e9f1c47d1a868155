"""Each search document records the data version of its last refresh (`changed`), so that the
sets of common words the facet index keeps (browse/word_sets.py) are carried from one index to
the next by re-reading only the documents written since (PostgreSQL only)."""

import importlib

from django.db import migrations

DOCUMENT = importlib.import_module("commitments.migrations.0008_search_public_mentions").DOCUMENT


def _refresh_functions(stamped):
    """trilat_search_refresh(ids) and trilat_search_refresh_all() as 0008 made them, or
    `stamped`: taking the data version the refreshing transaction took
    (commitments/services/derived.py) and recording it in `changed`."""
    version = ", version bigint" if stamped else ""
    columns = "commitment_id, document" + (", changed" if stamped else "")
    values = DOCUMENT + (", version" if stamped else "")
    update = "document = EXCLUDED.document" + (", changed = EXCLUDED.changed" if stamped else "")
    return f"""
CREATE FUNCTION trilat_search_refresh(ids bigint[]{version}) RETURNS void LANGUAGE sql AS $$
    DELETE FROM commitments_search s
    WHERE s.commitment_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id);
    INSERT INTO commitments_search ({columns})
    SELECT c.id, {values} FROM commitments_commitment c WHERE c.id = ANY(ids)
    ON CONFLICT (commitment_id) DO UPDATE SET {update};
$$;

CREATE FUNCTION trilat_search_refresh_all({version.lstrip(", ")}) RETURNS void LANGUAGE sql AS $$
    TRUNCATE commitments_search;
    INSERT INTO commitments_search ({columns})
    SELECT c.id, {values} FROM commitments_commitment c;
$$;
"""


FORWARD = f"""
ALTER TABLE commitments_search ADD COLUMN changed bigint NOT NULL DEFAULT 0;
CREATE INDEX commitments_search_changed ON commitments_search (changed);
DROP FUNCTION trilat_search_refresh(bigint[]);
DROP FUNCTION trilat_search_refresh_all();
{_refresh_functions(stamped=True)}
"""

BACKWARD = f"""
DROP FUNCTION trilat_search_refresh(bigint[], bigint);
DROP FUNCTION trilat_search_refresh_all(bigint);
{_refresh_functions(stamped=False)}
ALTER TABLE commitments_search DROP COLUMN changed;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0014_evidence")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
