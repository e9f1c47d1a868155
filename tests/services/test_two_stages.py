"""A commitment's two stages: how far it has got (furthest) and what was said last (latest)."""

import datetime

import pytest

from commitments.models import Commitment, furthest
from commitments.services import derived
from tests.builders import (
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
)


def _said(*stages):
    """Mentions at one meeting each, a day apart, in order."""
    return [
        {"meeting_id": n, "meeting__start_date": datetime.date(2024, 1, n), "stage": stage}
        for n, stage in enumerate(stages, start=1)
    ]


@pytest.mark.parametrize(
    ("stages", "far", "latest"),
    [
        (["pledged", "achieved", "reaffirmed"], "achieved", "reaffirmed"),
        (["achieved", "expanded", "stalled"], "expanded", "stalled"),
        (["reaffirmed", "reaffirmed"], "pledged", "reaffirmed"),
        (["stalled"], "pledged", "stalled"),
        (["in_progress", "pledged"], "in_progress", "pledged"),
    ],
)
def test_the_furthest_stage_never_goes_back_the_latest_word_is_the_last(stages, far, latest):
    summary = derived.summarize(_said(*stages))

    assert (summary["furthest_stage"], summary["latest_stage"]) == (far, latest)


def test_no_mention_gives_no_stage():
    assert furthest([]) == ""
    assert derived.summarize([])["furthest_stage"] == ""


@pytest.mark.django_db
def test_achieved_in_april_reaffirmed_in_november_reads_achieved_then_reaffirmed():
    series = make_series()
    april = make_meeting(series, datetime.date(2024, 4, 24))
    november = make_meeting(series, datetime.date(2024, 11, 15))
    commitment = make_commitment()
    make_mention(make_clause(make_statement(april)), commitment, "achieved")
    make_mention(make_clause(make_statement(november)), commitment, "reaffirmed")

    fresh = Commitment.objects.get(pk=commitment.pk)

    assert (fresh.furthest_stage, fresh.latest_stage) == ("achieved", "reaffirmed")
    assert fresh.last_meeting == november
