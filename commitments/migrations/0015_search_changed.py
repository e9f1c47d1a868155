"""Each search document records the data version of its last refresh (`changed`), so that the
sets of common words the facet index keeps (browse/word_sets.py) are carried from one index to
the next by re-reading only the documents written since (PostgreSQL only)."""

import importlib

from django.db import migrations

DOCUMENT = importlib.import_module("commitments.migrations.0008_search_public_mentions").DOCUMENT
# `version`: the data version the refreshing transaction took (commitments/services/derived.py).
FORWARD = f"""
ALTER TABLE commitments_search ADD COLUMN changed bigint NOT NULL DEFAULT 0;
CREATE INDEX commitments_search_changed ON commitments_search (changed);

DROP FUNCTION trilat_search_refresh(bigint[]);
CREATE FUNCTION trilat_search_refresh(ids bigint[], version bigint) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM commitments_search s
    WHERE s.commitment_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id);
    INSERT INTO commitments_search (commitment_id, document, changed)
    SELECT c.id, {DOCUMENT}, version FROM commitments_commitment c WHERE c.id = ANY(ids)
    ON CONFLICT (commitment_id) DO UPDATE
        SET document = EXCLUDED.document, changed = EXCLUDED.changed;
$$;

DROP FUNCTION trilat_search_refresh_all();
CREATE FUNCTION trilat_search_refresh_all(version bigint) RETURNS void LANGUAGE sql AS $$
    TRUNCATE commitments_search;
    INSERT INTO commitments_search (commitment_id, document, changed)
    SELECT c.id, {DOCUMENT}, version FROM commitments_commitment c;
$$;
"""

BACKWARD = f"""
DROP FUNCTION trilat_search_refresh(bigint[], bigint);
DROP FUNCTION trilat_search_refresh_all(bigint);

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
