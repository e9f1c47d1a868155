"""Each search document records the data version of its last refresh (`changed`), so that the
sets of common words the facet index keeps (browse/word_sets.py) are carried from one index to
the next by re-reading only the documents written since (PostgreSQL only)."""

import importlib

from django.db import migrations

DOCUMENT = importlib.import_module("commitments.migrations.0008_search_public_mentions").DOCUMENT
# One value per call (an uncorrelated subquery is evaluated once), taken from the data version
# that the same transaction bumps again at its end (commitments/services/derived.py).
VERSION = "(SELECT nextval('trilat_data_version'))"

FORWARD = f"""
ALTER TABLE commitments_search ADD COLUMN changed bigint NOT NULL DEFAULT 0;
CREATE INDEX commitments_search_changed ON commitments_search (changed);

CREATE OR REPLACE FUNCTION trilat_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM commitments_search s
    WHERE s.commitment_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id);
    INSERT INTO commitments_search (commitment_id, document, changed)
    SELECT c.id, {DOCUMENT}, {VERSION} FROM commitments_commitment c WHERE c.id = ANY(ids)
    ON CONFLICT (commitment_id) DO UPDATE
        SET document = EXCLUDED.document, changed = EXCLUDED.changed;
$$;

CREATE OR REPLACE FUNCTION trilat_search_refresh_all() RETURNS void LANGUAGE sql AS $$
    TRUNCATE commitments_search;
    INSERT INTO commitments_search (commitment_id, document, changed)
    SELECT c.id, {DOCUMENT}, {VERSION} FROM commitments_commitment c;
$$;
"""

BACKWARD = f"""
CREATE OR REPLACE FUNCTION trilat_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM commitments_search s
    WHERE s.commitment_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id);
    INSERT INTO commitments_search (commitment_id, document)
    SELECT c.id, {DOCUMENT} FROM commitments_commitment c WHERE c.id = ANY(ids)
    ON CONFLICT (commitment_id) DO UPDATE SET document = EXCLUDED.document;
$$;

CREATE OR REPLACE FUNCTION trilat_search_refresh_all() RETURNS void LANGUAGE sql AS $$
    TRUNCATE commitments_search;
    INSERT INTO commitments_search (commitment_id, document)
    SELECT c.id, {DOCUMENT} FROM commitments_commitment c;
$$;

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
