"""Keep each commitment's current stage, first and last meeting and counts in step with its mentions."""

from itertools import groupby

from commitments.models import COMMITMENT_SUMMARY_FIELDS as SUMMARY_FIELDS
from commitments.models import PUBLIC_MENTION, Commitment, Mention, most_news


def latest_stage(mentions_of_last_meeting):
    """The stage a meeting gives a commitment: the one with the most news among its mentions."""
    return most_news(m["stage"] for m in mentions_of_last_meeting)


def summarize(mentions):
    """Summary field values from one commitment's accepted mentions (dicts with meeting data)."""
    if not mentions:
        return {
            "current_stage": "",
            "first_meeting_id": None,
            "last_meeting_id": None,
            "first_date": None,
            "last_date": None,
            "meeting_count": 0,
            "mention_count": 0,
        }
    ordered = sorted(mentions, key=lambda m: (m["meeting__start_date"], m["meeting_id"]))
    by_meeting = [list(group) for _, group in groupby(ordered, key=lambda m: m["meeting_id"])]
    first, last = by_meeting[0], by_meeting[-1]
    return {
        "current_stage": latest_stage(last),
        "first_meeting_id": first[0]["meeting_id"],
        "last_meeting_id": last[0]["meeting_id"],
        "first_date": first[0]["meeting__start_date"],
        "last_date": last[0]["meeting__start_date"],
        "meeting_count": len(by_meeting),
        "mention_count": len(ordered),
    }


def refresh_commitment_summaries(commitment_ids=None, batch_size=2000):
    """Recompute the summary columns of the given commitments (all when None), without history rows."""
    commitments = Commitment.objects.order_by("id")
    if commitment_ids is not None:
        commitments = commitments.filter(id__in=list(commitment_ids))
    ids = list(commitments.values_list("id", flat=True))
    for offset in range(0, len(ids), batch_size):
        batch = ids[offset : offset + batch_size]
        rows = (
            Mention.objects.filter(PUBLIC_MENTION, commitment_id__in=batch)
            .values("commitment_id", "meeting_id", "meeting__start_date", "stage")
            .order_by("commitment_id")
        )
        grouped = {
            cid: list(group) for cid, group in groupby(rows, key=lambda m: m["commitment_id"])
        }
        updates = []
        for cid in batch:
            commitment = Commitment(id=cid)
            for field, value in summarize(grouped.get(cid, [])).items():
                setattr(commitment, field, value)
            updates.append(commitment)
        # bulk_update bypasses save(), so no history row is written for derived columns.
        Commitment.objects.bulk_update(updates, SUMMARY_FIELDS, batch_size=500)
