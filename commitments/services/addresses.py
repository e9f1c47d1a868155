"""A commitment's addresses: a unique slug for a new one, earlier slugs that keep answering."""

from commitments.models import Commitment, CommitmentRedirect
from commitments.rules import unique_slug

SLUG_MAX_LENGTH = Commitment._meta.get_field("slug").max_length


def unique_commitment_slug(title, exclude_pk=None):
    """A slug from the title that no commitment has and no earlier address (redirect) uses."""
    others = Commitment.objects.exclude(pk=exclude_pk)

    def taken(slug):
        return (
            others.filter(slug=slug).exists()
            or CommitmentRedirect.objects.filter(old_slug=slug).exists()
        )

    return unique_slug(title, taken, max_length=SLUG_MAX_LENGTH, fallback="commitment")


def record_slug_change(commitment, old_slug):
    """Keep an earlier address answering: old slug -> 301 to the commitment."""
    if not old_slug or old_slug == commitment.slug:
        return
    # The new slug is live again: it must not also redirect.
    CommitmentRedirect.objects.filter(old_slug=commitment.slug).delete()
    CommitmentRedirect.objects.update_or_create(
        old_slug=old_slug, defaults={"commitment": commitment}
    )


def slug_taken_by_other(slug, commitment_pk=None):
    """The commitment that already answers at `slug` (live or as an earlier address), if not ours."""
    live = Commitment.objects.filter(slug=slug).exclude(pk=commitment_pk).first()
    if live:
        return live
    moved = CommitmentRedirect.objects.select_related("commitment").filter(old_slug=slug).first()
    if moved and moved.commitment_id != commitment_pk:
        return moved.commitment
    return None
