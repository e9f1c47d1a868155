"""Full-text search on PostgreSQL: one weighted tsvector per commitment, GIN-indexed, kept by triggers.

`commitments_search` holds, for each commitment, its title (weight A), aliases (B), summary (C)
and the text of the clauses of its accepted mentions (D), stemmed with the english
configuration. Statement-level triggers (with transition tables, so bulk writes cost one
set-based refresh per statement) keep it in step with every write path: admin, services,
bulk_create, queryset.update, raw SQL. `SET LOCAL trilat.bulk_search = 'on'` lets a bulk loader
(manage.py synthesize) skip them and call trilat_search_refresh_all() once at the end.

PostgreSQL only: on other databases the search uses icontains and nothing is created. The table
is not a Django model (Django never writes it); it has no foreign key, so Django's flush
(TRUNCATE) works unchanged, and a TRUNCATE of commitments empties it by trigger.
"""

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
        WHERE m.commitment_id = c.id AND m.review = 'accepted'), '')), 'D')
"""

FORWARD = f"""
CREATE TABLE commitments_search (
    commitment_id bigint PRIMARY KEY,
    document tsvector NOT NULL
);
CREATE INDEX commitments_search_document ON commitments_search USING gin (document);

CREATE FUNCTION trilat_search_refresh(ids bigint[]) RETURNS void LANGUAGE sql AS $$
    DELETE FROM commitments_search s
    WHERE s.commitment_id = ANY(ids)
      AND NOT EXISTS (SELECT 1 FROM commitments_commitment c WHERE c.id = s.commitment_id);
    INSERT INTO commitments_search (commitment_id, document)
    SELECT c.id, {DOCUMENT} FROM commitments_commitment c WHERE c.id = ANY(ids)
    ON CONFLICT (commitment_id) DO UPDATE SET document = EXCLUDED.document;
$$;

CREATE FUNCTION trilat_search_refresh_all() RETURNS void LANGUAGE sql AS $$
    TRUNCATE commitments_search;
    INSERT INTO commitments_search (commitment_id, document)
    SELECT c.id, {DOCUMENT} FROM commitments_commitment c;
$$;

CREATE FUNCTION trilat_search_bulk() RETURNS boolean LANGUAGE sql STABLE AS $$
    SELECT coalesce(current_setting('trilat.bulk_search', true), '') = 'on';
$$;

-- Commitments: new ones, and changed titles or summaries (summary-column updates are skipped).
CREATE FUNCTION trilat_search_commitment_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(SELECT id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_commitment_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.title IS DISTINCT FROM o.title OR n.summary IS DISTINCT FROM o.summary));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_commitment_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM commitments_search WHERE commitment_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_commitment_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE commitments_search;
    RETURN NULL;
END $$;
CREATE TRIGGER search_commitment_inserted AFTER INSERT ON commitments_commitment
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_commitment_inserted();
CREATE TRIGGER search_commitment_updated AFTER UPDATE ON commitments_commitment
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_commitment_updated();
CREATE TRIGGER search_commitment_deleted AFTER DELETE ON commitments_commitment
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_commitment_deleted();
CREATE TRIGGER search_commitment_truncated AFTER TRUNCATE ON commitments_commitment
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_commitment_truncated();

-- Aliases and accepted mentions: refresh the commitments they belong (or belonged) to.
CREATE FUNCTION trilat_search_children_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(SELECT DISTINCT commitment_id FROM new_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_children_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT commitment_id FROM new_rows UNION SELECT commitment_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_children_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(SELECT DISTINCT commitment_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_alias_inserted AFTER INSERT ON commitments_commitmentalias
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_children_inserted();
CREATE TRIGGER search_alias_updated AFTER UPDATE ON commitments_commitmentalias
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_children_updated();
CREATE TRIGGER search_alias_deleted AFTER DELETE ON commitments_commitmentalias
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_children_deleted();

-- Mentions: only accepted ones are in a document, so pending suggestions cost nothing here.
CREATE FUNCTION trilat_search_mention_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT DISTINCT commitment_id FROM new_rows WHERE review = 'accepted'));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_mention_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT n.commitment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.review IS DISTINCT FROM o.review OR n.commitment_id <> o.commitment_id
               OR n.clause_id <> o.clause_id
            UNION
            SELECT o.commitment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.review IS DISTINCT FROM o.review OR n.commitment_id <> o.commitment_id
               OR n.clause_id <> o.clause_id));
    END IF;
    RETURN NULL;
END $$;
CREATE FUNCTION trilat_search_mention_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT DISTINCT commitment_id FROM old_rows WHERE review = 'accepted'));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_mention_inserted AFTER INSERT ON commitments_mention
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_mention_inserted();
CREATE TRIGGER search_mention_updated AFTER UPDATE ON commitments_mention
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_mention_updated();
CREATE TRIGGER search_mention_deleted AFTER DELETE ON commitments_mention
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_mention_deleted();

-- Clause text edited: the commitments it is an accepted mention of.
CREATE FUNCTION trilat_search_clause_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT trilat_search_bulk() THEN
        PERFORM trilat_search_refresh(ARRAY(
            SELECT DISTINCT m.commitment_id FROM new_rows n JOIN old_rows o ON o.id = n.id
            JOIN commitments_mention m ON m.clause_id = n.id AND m.review = 'accepted'
            WHERE n.text IS DISTINCT FROM o.text));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER search_clause_updated AFTER UPDATE ON commitments_clause
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION trilat_search_clause_updated();

SELECT trilat_search_refresh_all();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS search_clause_updated ON commitments_clause;
DROP TRIGGER IF EXISTS search_mention_inserted ON commitments_mention;
DROP TRIGGER IF EXISTS search_mention_updated ON commitments_mention;
DROP TRIGGER IF EXISTS search_mention_deleted ON commitments_mention;
DROP TRIGGER IF EXISTS search_alias_inserted ON commitments_commitmentalias;
DROP TRIGGER IF EXISTS search_alias_updated ON commitments_commitmentalias;
DROP TRIGGER IF EXISTS search_alias_deleted ON commitments_commitmentalias;
DROP TRIGGER IF EXISTS search_commitment_inserted ON commitments_commitment;
DROP TRIGGER IF EXISTS search_commitment_updated ON commitments_commitment;
DROP TRIGGER IF EXISTS search_commitment_deleted ON commitments_commitment;
DROP TRIGGER IF EXISTS search_commitment_truncated ON commitments_commitment;
DROP FUNCTION IF EXISTS trilat_search_clause_updated();
DROP FUNCTION IF EXISTS trilat_search_mention_inserted();
DROP FUNCTION IF EXISTS trilat_search_mention_updated();
DROP FUNCTION IF EXISTS trilat_search_mention_deleted();
DROP FUNCTION IF EXISTS trilat_search_children_inserted();
DROP FUNCTION IF EXISTS trilat_search_children_updated();
DROP FUNCTION IF EXISTS trilat_search_children_deleted();
DROP FUNCTION IF EXISTS trilat_search_commitment_inserted();
DROP FUNCTION IF EXISTS trilat_search_commitment_updated();
DROP FUNCTION IF EXISTS trilat_search_commitment_deleted();
DROP FUNCTION IF EXISTS trilat_search_commitment_truncated();
DROP FUNCTION IF EXISTS trilat_search_bulk();
DROP FUNCTION IF EXISTS trilat_search_refresh_all();
DROP FUNCTION IF EXISTS trilat_search_refresh(bigint[]);
DROP TABLE IF EXISTS commitments_search;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("commitments", "0002_suggestion_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
