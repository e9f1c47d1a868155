"""Keep commitment summaries in step with every write path (admin inlines, shell, services).

Bulk paths (bulk_create, queryset.update) bypass these and call refresh_commitment_summaries().
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from commitments.models import Meeting, Mention
from commitments.services.summaries import refresh_commitment_summaries


def _refresh(commitment_ids):
    ids = {cid for cid in commitment_ids if cid}
    if ids:
        refresh_commitment_summaries(ids)


@receiver(post_save, sender=Mention)
def mention_saved(sender, instance, **kwargs):
    # A mention moved to another commitment (merge, correction) changes both.
    _refresh([instance.commitment_id, getattr(instance, "_previous_commitment_id", None)])


@receiver(post_delete, sender=Mention)
def mention_deleted(sender, instance, **kwargs):
    _refresh([instance.commitment_id])


@receiver(post_save, sender=Meeting)
def meeting_saved(sender, instance, created, **kwargs):
    if not created:
        _refresh(instance.mentions.values_list("commitment_id", flat=True).distinct())
