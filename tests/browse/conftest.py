"""A small world for the selection engine's tests: twelve commitments over two series, with
topics, actors and stages spread over them, and one commitment that is not public."""

import datetime

import pytest

from tests.builders import (
    make_actor,
    make_assessment,
    make_clause,
    make_commitment,
    make_meeting,
    make_mention,
    make_series,
    make_statement,
    make_topic,
    the_parties,
)


@pytest.fixture
def facet_world(db):
    """Twelve commitments over two series, topics and actors; one commitment is not public."""
    foreign, defence = make_series(slug="foreign"), make_series(slug="defence")
    meetings = [
        make_meeting(
            (foreign, defence)[i % 2], datetime.date(2024, 1, 1) + datetime.timedelta(days=40 * i)
        )
        for i in range(6)
    ]
    topics = [make_topic(slug=f"topic-{i}") for i in range(3)]
    actors = [make_actor(slug=f"actor-{i}") for i in range(4)]
    stages = ["pledged", "in_progress", "achieved", "stalled", "reaffirmed", "expanded"]
    for n in range(12):
        commitment = make_commitment(slug=f"c{n}")
        commitment.topics.add(topics[n % 3])
        commitment.actors.add(*actors[n % 4 : n % 4 + 2])
        for k in range(1 + n % 3):
            meeting = meetings[(n + 2 * k) % 6]
            clause = make_clause(make_statement(meeting), text=f"Item {n}, take {k}.")
            make_mention(clause, commitment, stages[(n + k) % 6])
    hidden = make_commitment(slug="never-mentioned")
    hidden.topics.add(topics[0])
    _assess(hidden)


RATINGS = ["no_evidence", "not_started", "limited", "substantial", "complete"]


def _assess(hidden):
    """Latest assessments over the commitments, with earlier ones they supersede, drafts and
    one of a commitment that is not public (none of which may count)."""
    from commitments.models import Commitment

    parties = the_parties()
    day = datetime.date(2024, 6, 1)
    for n, commitment in enumerate(Commitment.objects.filter(slug__startswith="c").order_by("id")):
        if n % 4 == 3:
            continue  # never assessed
        make_assessment(commitment, RATINGS[n % 5], as_of=day)
        make_assessment(commitment, RATINGS[(n + 2) % 5], as_of=day + datetime.timedelta(days=90))
        party = parties[("US", "JP", "ROK")[n % 3]]
        make_assessment(commitment, RATINGS[(n + 1) % 5], party=party, as_of=day)
        if n % 2:
            make_assessment(commitment, "not_applicable", party=parties["JP"], as_of=day)
        make_assessment(
            commitment, "complete", as_of=day + datetime.timedelta(days=400), published=False
        )
    make_assessment(hidden, "complete", as_of=day)


QUERIES = [
    "",
    "topic=topic-0",
    "topic=topic-1&actor=actor-2",
    "stage=reaffirmed&stage=pledged",
    "mention_stage=achieved&series=defence",
    "actor=actor-1&mention_stage=pledged&topic=topic-2",
    "q=item",
    "mentioned_after=2024-03-01&topic=topic-0",
    "mentioned_after=2023-06-01&mentioned_before=2024-12-31",  # 2024 whole, from its year's set
    "mentioned_before=2024-04-15&actor=actor-1",
    "topic=no-such-topic",
]
