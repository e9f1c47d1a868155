"""Search that finds on SQLite as on PostgreSQL.

- SQLite gets its search documents: the FTS5 table commitments_search_fts (porter stemming), one
  row per commitment (rowid = its id), filled here for what is already there; from now on
  commitments/services/derived.py keeps it fresh, as it keeps PostgreSQL's commitments_search.
- Synonyms (SynonymGroup, Synonym), which search expands queries with on both databases, seeded
  with the names of the Koreas and China and with the acronyms the published texts define
  ("Long Name (LN)"; commitments/services/synonyms.py).
"""

import commitments.tracking
import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models

FTS = "commitments_search_fts"
CREATE_FTS = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5("
    "title, aliases, summary, clauses, tokenize = 'porter unicode61 remove_diacritics 2')"
)
FILL_FTS = f"""
INSERT INTO {FTS} (rowid, title, aliases, summary, clauses)
SELECT c.id, c.title,
    coalesce((SELECT group_concat(a.name, ' ') FROM commitments_commitmentalias a
              WHERE a.commitment_id = c.id), ''),
    coalesce(c.summary, ''),
    coalesce((SELECT group_concat(t.text, ' ') FROM (
        SELECT cl.text FROM commitments_mention m JOIN commitments_clause cl ON cl.id = m.clause_id
        WHERE m.commitment_id = c.id AND m.review = 'accepted' AND m.published ORDER BY m.id) t), '')
FROM commitments_commitment c
"""


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(CREATE_FTS)
        schema_editor.execute(FILL_FTS)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TABLE IF EXISTS {FTS}")


def seed_synonyms(apps, schema_editor):
    from commitments.services import synonyms

    models = apps.get_model("commitments", "SynonymGroup"), apps.get_model("commitments", "Synonym")
    synonyms.seed(models)
    Clause = apps.get_model("commitments", "Clause")
    texts = Clause.objects.filter(statement__published_at__isnull=False).values_list("text", flat=True)
    synonyms.learn(synonyms.defined_acronyms(texts.iterator()), models)


class Migration(migrations.Migration):

    dependencies = [
        ('commitments', '0012_two_stages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='SynonymGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('note', models.CharField(blank=True, help_text='What the group is, for editors.', max_length=200)),
                ('source', models.CharField(choices=[('editor', 'an editor'), ('texts', 'defined in a published text')], default='editor', max_length=10)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
            ],
            options={
                'ordering': ['id'],
            },
            managers=[
                ('objects', commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalSynonymGroup',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('note', models.CharField(blank=True, help_text='What the group is, for editors.', max_length=200)),
                ('source', models.CharField(choices=[('editor', 'an editor'), ('texts', 'defined in a published text')], default='editor', max_length=10)),
                ('created_at', models.DateTimeField(blank=True, editable=False)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'verbose_name': 'historical synonym group',
                'verbose_name_plural': 'historical synonym groups',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Synonym',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('term', models.CharField(max_length=120)),
                ('key', models.CharField(editable=False, max_length=120, unique=True)),
                ('group', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='synonyms', to='commitments.synonymgroup')),
            ],
            options={
                'ordering': ['group_id', 'id'],
            },
            managers=[
                ('objects', commitments.tracking.TrackedManager()),
            ],
        ),
        migrations.CreateModel(
            name='HistoricalSynonym',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('term', models.CharField(max_length=120)),
                ('key', models.CharField(db_index=True, editable=False, max_length=120)),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('group', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='commitments.synonymgroup')),
            ],
            options={
                'verbose_name': 'historical synonym',
                'verbose_name_plural': 'historical synonyms',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(create_fts, drop_fts, elidable=False),
        migrations.RunPython(seed_synonyms, migrations.RunPython.noop, elidable=False),
    ]
