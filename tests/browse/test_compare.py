"""The classification of a commitment between two meetings (browse/compare.py): pure."""

from types import SimpleNamespace

import pytest

from browse.compare import GROUP_KEYS, Entry, classify, grouped, topic_counts


@pytest.mark.parametrize(
    ("before", "earlier", "later", "group"),
    [
        ("", "", "pledged", "new"),  # nothing said of it by the earlier meeting
        ("", "", "achieved", "new"),
        ("pledged", "pledged", "in_progress", "advanced"),
        ("achieved", "", "expanded", "advanced"),  # said before, not at the earlier meeting
        ("pledged", "pledged", "achieved", "achieved"),
        ("in_progress", "", "achieved", "achieved"),
        ("achieved", "achieved", "achieved", "held"),  # achieved again is no news
        ("expanded", "expanded", "achieved", "held"),
        ("achieved", "reaffirmed", "reaffirmed", "held"),
        ("pledged", "pledged", "pledged", "held"),
        ("achieved", "achieved", "pledged", "held"),  # a fresh promise is no step back
        ("achieved", "achieved", "stalled", "stalled"),
        ("pledged", "", "stalled", "stalled"),
        ("pledged", "pledged", "", "dropped"),
        ("achieved", "", "", None),  # neither meeting mentions it
    ],
)
def test_each_group_is_what_the_later_meeting_did(before, earlier, later, group):
    assert classify(before, earlier, later) == group


def _entry(group, *topics):
    return Entry(SimpleNamespace(title=group), group, "", "", "", topics=list(topics))


def test_grouped_keeps_every_group_in_order_even_empty():
    groups = grouped([_entry("held"), _entry("new"), _entry("held")])
    assert [key for key, *_ in groups] == GROUP_KEYS
    assert {key: len(entries) for key, _, _, entries in groups}["held"] == 2


def test_topic_counts_count_each_topic_and_the_commitments_without_one():
    dprk = SimpleNamespace(slug="dprk", name="DPRK")
    tech = SimpleNamespace(slug="tech", name="Technology")
    rows = topic_counts([_entry("new", dprk, tech), _entry("dropped", dprk), _entry("held")])
    assert [(t.name if t else None, total) for t, _, total in rows] == [
        ("DPRK", 2),
        ("Technology", 1),
        (None, 1),
    ]
    assert rows[0][1] == {key: int(key in ("new", "dropped")) for key in GROUP_KEYS}
