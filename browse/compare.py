"""Comparing two meetings, the pure part: what the later meeting did to each commitment, next to
the earlier one (docs/domain.md, "Comparing two meetings"). No database: browse/comparison.py
reads the mentions and hands their stages here.
"""

from collections import Counter
from dataclasses import dataclass, field

from commitments.models import Stage, progress_rank

_LABELS = dict(Stage.choices)

# (key, heading, what it means), in the order the page shows them.
GROUPS = [
    ("new", "New", "First made after the earlier meeting: nothing was said of it until then."),
    ("advanced", "Advanced", "A stage further along than it had got by the earlier meeting."),
    ("achieved", "Achieved", "Reported done at the later meeting, not done by the earlier one."),
    ("held", "Held", "Said again at the later meeting without getting further."),
    ("stalled", "Stalled", "The later meeting reports a delay or an obstacle."),
    ("dropped", "Dropped", "Mentioned at the earlier meeting, not at the later one."),
]
GROUP_KEYS = [key for key, _, _ in GROUPS]


def classify(before, earlier, later):
    """The group of one commitment, or None when neither meeting mentions it.

    `before`: the furthest stage it had reached up to and including the earlier meeting ("" if
    nothing was said of it by then); `earlier`, `later`: the stage each meeting gave it ("" if
    that meeting does not mention it)."""
    if not later:
        return "dropped" if earlier else None
    if not before:
        return "new"
    if later == Stage.STALLED:
        return "stalled"
    if later != Stage.REAFFIRMED and progress_rank(later) > progress_rank(before):
        return "achieved" if later == Stage.ACHIEVED else "advanced"
    return "held"


@dataclass
class Entry:
    """One commitment compared: its group, its stages, and what each meeting said of it."""

    commitment: object
    group: str
    before: str
    earlier_stage: str
    later_stage: str
    earlier_quotes: list = field(default_factory=list)
    later_quotes: list = field(default_factory=list)
    topics: list = field(default_factory=list)

    @property
    def earlier_label(self):
        return _LABELS.get(self.earlier_stage, self.earlier_stage)

    @property
    def later_label(self):
        return _LABELS.get(self.later_stage, self.later_stage)


def grouped(entries):
    """[(key, heading, meaning, entries)] in GROUPS order, every group present."""
    by_group = {key: [] for key in GROUP_KEYS}
    for entry in entries:
        by_group[entry.group].append(entry)
    return [(key, heading, meaning, by_group[key]) for key, heading, meaning in GROUPS]


def topic_counts(entries, no_topic="No topic"):
    """[(topic, {group: count}, total)] by topic name (a topic is any object with `name`), then
    the commitments without a topic under `no_topic` (None in the topic's place)."""
    counts, topics = {}, {}
    for entry in entries:
        for topic in entry.topics or [None]:
            key = topic.slug if topic is not None else None
            topics.setdefault(key, topic)
            counts.setdefault(key, Counter())[entry.group] += 1
    order = sorted((k for k in counts if k is not None), key=lambda k: (topics[k].name, k))
    if None in counts:
        order.append(None)
    return [
        (topics[key], {g: counts[key][g] for g in GROUP_KEYS}, sum(counts[key].values()))
        for key in order
    ]
