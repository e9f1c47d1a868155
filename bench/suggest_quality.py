"""Suggestion quality on the curated corpus, leaving each meeting out in turn.

For each meeting: drop its mentions, drop the commitments only it mentions (they would not exist
yet when its statement arrives), rebuild the suggestion index from what the other meetings hold,
re-suggest the meeting's official statements, and compare with the curated (accepted) mentions:

- precision: suggested links that the curators made, over all suggested links;
- recall: curated links to commitments that exist in other meetings that were suggested;
- stage accuracy: correct links whose proposed stage is the curated one;
- new: clauses whose curated commitments all are new to the corpus that got a proposed new
  commitment (a title) rather than a wrong link.

Everything happens in a transaction that is rolled back: the database is left as it was.
Run after `manage.py loaddemo`:  DEBUG=1 .venv/bin/python bench/suggest_quality.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from commitments.models import Clause, Commitment, Meeting, Mention  # noqa: E402
from commitments.suggest import rebuild_index, suggest_for_statement  # noqa: E402


def curated_links(meeting):
    """{(clause id, commitment id): stage} of the meeting's accepted mentions."""
    return {
        (clause_id, commitment_id): stage
        for clause_id, commitment_id, stage in Mention.objects.filter(
            meeting=meeting, review=Mention.Review.ACCEPTED
        ).values_list("clause_id", "commitment_id", "stage")
    }


def leave_out(meeting):
    """Suggest the meeting's statements against the rest; returns the figures (rolled back)."""
    curated = curated_links(meeting)
    with transaction.atomic():
        Mention.objects.filter(meeting=meeting).delete()
        elsewhere = set(
            Mention.objects.filter(review=Mention.Review.ACCEPTED).values_list(
                "commitment_id", flat=True
            )
        )
        new_only = {cid for _, cid in curated} - elsewhere
        Commitment.objects.filter(id__in=new_only).delete()
        rebuild_index()
        started = time.perf_counter()
        for statement in meeting.statements.filter(translation_of__isnull=True):
            suggest_for_statement(statement)
        elapsed = time.perf_counter() - started
        pending = Mention.objects.filter(meeting=meeting, review=Mention.Review.PENDING)
        suggested, scores = {}, {}
        for clause_id, commitment_id, stage, score in pending.values_list(
            "clause_id", "commitment_id", "stage", "score"
        ):
            suggested[clause_id, commitment_id] = stage
            scores[clause_id, commitment_id] = score
        proposals = dict(
            Clause.objects.filter(statement__meeting=meeting)
            .exclude(proposed_title="")
            .values_list("id", "proposed_title")
        )
        carrying = Clause.objects.filter(
            statement__meeting=meeting, carries_commitment=True
        ).count()
        transaction.set_rollback(True)

    expected = {pair: stage for pair, stage in curated.items() if pair[1] not in new_only}
    correct = set(expected) & set(suggested)
    new_clauses = {clause for clause, cid in curated if cid in new_only} - {
        clause for clause, _ in expected
    }
    return {
        "meeting": meeting,
        "curated": len(expected),
        "suggested": len(suggested),
        "correct": len(correct),
        "stage_ok": sum(expected[pair] == suggested[pair] for pair in correct),
        "new_clauses": len(new_clauses),
        "new_proposed": len(new_clauses & set(proposals)),
        "carrying": carrying,
        "seconds": elapsed,
        "misses": sorted(set(expected) - correct),
        "wrong": sorted(set(suggested) - set(curated)),
        "scores": scores,
        "stages": [(pair, expected[pair], suggested[pair]) for pair in sorted(correct)],
    }


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float("nan")


def row(label, r):
    return (
        f"{label:<46} {r['curated']:>7} {r['suggested']:>9} {r['correct']:>7} "
        f"{ratio(r['correct'], r['suggested']):>9.2f} {ratio(r['correct'], r['curated']):>6.2f} "
        f"{ratio(r['stage_ok'], r['correct']):>6.2f} {r['new_proposed']:>4}/{r['new_clauses']:<4}"
    )


def describe(pair):
    clause_id, commitment_id = pair
    clause = Clause.objects.get(id=clause_id)
    commitment = Commitment.objects.get(id=commitment_id)
    return f"    #{clause.position} {clause.text[:70]!r} -> {commitment.slug}"


def main(verbose=False):
    meetings = [m for m in Meeting.objects.order_by("start_date") if curated_links(m)]
    if not meetings:
        sys.exit("No curated mentions: run `manage.py loaddemo` first.")
    header = (
        f"{'meeting left out':<46} {'curated':>7} {'suggested':>9} {'correct':>7} "
        f"{'precision':>9} {'recall':>6} {'stage':>6} {'new':>9}"
    )
    print(header)
    print("-" * len(header))
    results = [leave_out(meeting) for meeting in meetings]
    for r in results:
        print(row(str(r["meeting"])[:46], r))
        if verbose:
            for pair in r["misses"]:
                print("  missed", describe(pair))
            for pair in r["wrong"]:
                print(f"  wrong  {r['scores'][pair]:.2f}", describe(pair))
            for pair, curated_stage, stage in r["stages"]:
                if curated_stage != stage:
                    print(f"  stage  {stage} != {curated_stage}", describe(pair))
    total = {
        key: sum(r[key] for r in results)
        for key in ("curated", "suggested", "correct", "stage_ok", "new_clauses", "new_proposed")
    }
    print("-" * len(header))
    print(row("overall", total))
    print(
        "\nprecision = correct / suggested; recall = correct / curated links to commitments that"
        "\nexist in other meetings; stage = correct links with the curated stage; new = clauses"
        "\nwhose commitments are all new that got a proposed new commitment.\n"
    )
    times = ", ".join(f"{r['seconds']:.2f}s" for r in results)
    print(f"Suggestion time per meeting: {times}")


if __name__ == "__main__":
    main(verbose="-v" in sys.argv[1:])
