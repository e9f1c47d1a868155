"""A commitment has two stages: the furthest it has got (pledged, in progress, achieved, expanded)
and the latest word (the stage of its latest mention, formerly called its current stage)."""

from itertools import groupby

from django.db import migrations, models

from commitments.models import furthest

STAGES = [
    ("pledged", "pledged"),
    ("in_progress", "in progress"),
    ("achieved", "achieved"),
    ("reaffirmed", "reaffirmed"),
    ("expanded", "expanded"),
    ("stalled", "stalled"),
]


def fill_furthest(apps, schema_editor):
    """The furthest stage of every public commitment, from its public mentions."""
    Commitment = apps.get_model("commitments", "Commitment")
    Mention = apps.get_model("commitments", "Mention")
    rows = (
        Mention.objects.filter(review="accepted", published=True)
        .order_by("commitment_id")
        .values_list("commitment_id", "stage")
    )
    updates = [
        Commitment(id=cid, furthest_stage=furthest(stage for _, stage in group))
        for cid, group in groupby(rows, key=lambda row: row[0])
    ]
    Commitment.objects.bulk_update(updates, ["furthest_stage"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("commitments", "0011_actor_redirect"),
    ]

    operations = [
        migrations.RenameField(
            model_name="commitment", old_name="current_stage", new_name="latest_stage"
        ),
        migrations.AddField(
            model_name="commitment",
            name="furthest_stage",
            field=models.CharField(blank=True, choices=STAGES, db_index=True, max_length=20),
        ),
        migrations.RunPython(fill_furthest, migrations.RunPython.noop),
    ]
