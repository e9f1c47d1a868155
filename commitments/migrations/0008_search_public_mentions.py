"""Search documents hold only what the public sees: the clauses of accepted mentions in published
statements (PostgreSQL only; other databases keep no search documents)."""

from django.db import migrations

DOCUMENT = """
    setweight(to_tsvector('english', coalesce(c.title, '')), 'A')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(a.name, ' ') FROM commitments_commitmentalias a
        WHERE a.commitment_id = c.id), '')), 'B')
    || setweight(to_tsvector('english', coalesce(c.summary, '')), 'C')
    || setweight(to_tsvector('english', coalesce((
        SELECT string_agg(cl.text, ' ' ORDER BY m.id) FROM commitments_mention m
        JOIN commitments_clause cl ON cl.id = m.clause_id
        WHERE m.commitment_id = c.id AND m.review = 'accepted' AND m.published), '')), 'D')
"""

FORWARD = f"""
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

CREATE OR REPLACE FUNCTION trilat_search_mention_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT n.commitment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.review IS DISTINCT FROM o.review OR n.commitment_id <> o.commitment_id
               OR n.clause_id <> o.clause_id OR n.published IS DISTINCT FROM o.published
            UNION
            SELECT o.commitment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.review IS DISTINCT FROM o.review OR n.commitment_id <> o.commitment_id
               OR n.clause_id <> o.clause_id OR n.published IS DISTINCT FROM o.published));
    END IF;
    RETURN NULL;
END $$;

SELECT trilat_search_refresh_all();
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0007_publication")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop, elidable=False)]
