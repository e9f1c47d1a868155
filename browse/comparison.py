"""Comparing two meetings, the reading part: the query string checked, both meetings' public
mentions read, each commitment classified (browse/compare.py). A fixed number of queries
whatever the size of the database: the two meetings, their mentions, what was said of those
commitments before, their topics, and the names filtered by.

The page (browse/views.py), the CSV and JSON downloads and the API (api/comparison.py) all read
through `read_comparison`, so one query string gives the same comparison everywhere.
"""

from dataclasses import dataclass
from functools import cached_property
from itertools import groupby
from types import SimpleNamespace

from django.db.models import Q

from browse import compare
from browse.readers import public_actors, public_mentions
from commitments.models import (
    Actor,
    Commitment,
    Meeting,
    Topic,
    furthest,
    most_news,
    slug_url,
)
from commitments.rules import is_slug

PARAMETERS = ("from", "to", "topic", "actor")
NAMED = {"topic": Topic, "actor": Actor}
_MENTION = (
    "id",
    "commitment_id",
    "meeting_id",
    "stage",
    "clause__position",
    "clause__text",
    "clause__statement__slug",
    "clause__statement__title",
    "clause__statement__translation_of_id",
    "commitment__title",
    "commitment__slug",
    "commitment__furthest_stage",
    "commitment__latest_stage",
    "commitment__first_meeting__slug",
    "commitment__first_meeting__title",
    "commitment__first_meeting__start_date",
)


class ComparisonError(Exception):
    """The query string names no comparison: the messages say why."""

    def __init__(self, messages):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class Quote:
    """One mention's words: the clause, where it stands, and the stage it gives."""

    text: str
    stage: str
    statement_slug: str
    statement_title: str
    position: int

    @property
    def anchor(self):
        return f"clause-{self.position}"

    @property
    def url(self):
        return f"{slug_url('statement_detail', self.statement_slug)}#{self.anchor}"


@dataclass
class Comparison:
    earlier: object
    later: object
    entries: list
    topics: list  # the Topic objects filtered by
    actors: list  # the Actor objects filtered by

    @cached_property
    def groups(self):
        return compare.grouped(self.entries)

    @cached_property
    def topic_counts(self):
        return compare.topic_counts(self.entries)

    def query(self):
        """The comparison's query string parts, earlier meeting first."""
        pairs = [("from", self.earlier.slug), ("to", self.later.slug)]
        pairs += [("topic", t.slug) for t in self.topics]
        pairs += [("actor", a.slug) for a in self.actors]
        return pairs


def parse(querydict):
    """{"from", "to", "topic", "actor"} from the query string; ComparisonError when it is wrong."""
    messages = []
    for key in querydict:
        if key not in PARAMETERS:
            allowed = ", ".join(PARAMETERS)
            messages.append(f"“{key[:40]}” is not a parameter here; use {allowed}.")
    chosen = {}
    for key in ("from", "to"):
        values = [v.strip() for v in querydict.getlist(key) if v.strip()]
        if not values:
            messages.append(f"Choose two meetings: “{key}” names none.")
        elif len(values) > 1:
            messages.append(f"“{key}” names more than one meeting: choose one.")
        elif not is_slug(values[0]):
            messages.append(f"“{values[0][:40]}” is not a meeting's address name.")
        else:
            chosen[key] = values[0]
    for key in NAMED:
        slugs = list(dict.fromkeys(v.strip() for v in querydict.getlist(key) if v.strip()))
        for slug in slugs:
            if not is_slug(slug):
                messages.append(f"“{slug[:40]}” is not a valid {key} name.")
        chosen[key] = slugs
    if not messages and chosen["from"] == chosen["to"]:
        messages.append("Both parameters name the same meeting: choose two different meetings.")
    if messages:
        raise ComparisonError(messages)
    return chosen


def read_comparison(querydict):
    """The Comparison the query string asks for; ComparisonError when it names none."""
    chosen = parse(querydict)
    meetings = {
        m.slug: m
        for m in Meeting.objects.filter(
            slug__in=[chosen["from"], chosen["to"]], published=True
        ).select_related("series")
    }
    messages = [
        f"There is no public meeting called “{chosen[key]}”."
        for key in ("from", "to")
        if chosen[key] not in meetings
    ]
    names = {}
    for key, model in NAMED.items():
        if chosen[key]:
            known = public_actors() if model is Actor else model.objects  # no draft-only actor
            found = {n.slug: n for n in known.filter(slug__in=chosen[key])}
            messages += [f"There is no {key} called “{s}”." for s in chosen[key] if s not in found]
            names[key] = [found[s] for s in chosen[key] if s in found]
    if messages:
        raise ComparisonError(messages)
    earlier, later = sorted(
        (meetings[chosen["from"]], meetings[chosen["to"]]), key=lambda m: (m.start_date, m.id)
    )
    entries = _entries(earlier, later, names.get("topic", []), names.get("actor", []))
    return Comparison(earlier, later, entries, names.get("topic", []), names.get("actor", []))


def _entries(earlier, later, topics, actors):
    """Every commitment either meeting mentions (within the topics and actors), classified."""
    mentions = public_mentions().filter(meeting_id__in=[earlier.id, later.id])
    if topics:
        mentions = mentions.filter(commitment__in=_having("topics", topics))
    if actors:
        mentions = mentions.filter(commitment__in=_having("actors", actors))
    rows = mentions.order_by(
        "commitment__title", "commitment_id", "clause__statement_id", "clause__position", "id"
    ).values(*_MENTION)
    said = {cid: list(group) for cid, group in groupby(rows, key=lambda r: r["commitment_id"])}
    if not said:
        return []
    # The commitments as a subquery, not a list: Django prepares every value of a long IN list.
    ids = mentions.order_by().values("commitment_id")
    history = _stages_before(ids, earlier)
    topics_of = _topics_of(ids)
    entries = []
    for cid, group in said.items():
        at_earlier = _official([r for r in group if r["meeting_id"] == earlier.id])
        at_later = _official([r for r in group if r["meeting_id"] == later.id])
        earlier_stage = most_news(r["stage"] for r in at_earlier) if at_earlier else ""
        later_stage = most_news(r["stage"] for r in at_later) if at_later else ""
        before = furthest([*history.get(cid, []), *(r["stage"] for r in at_earlier)])
        key = compare.classify(before, earlier_stage, later_stage)
        if key is None:
            continue
        entries.append(
            compare.Entry(
                _commitment(group[0]),
                key,
                before,
                earlier_stage,
                later_stage,
                [_quote(r) for r in at_earlier],
                [_quote(r) for r in at_later],
                topics_of.get(cid, []),
            )
        )
    return entries


def _having(relation, names):
    through = getattr(Commitment, relation).through
    column = "topic_id" if relation == "topics" else "actor_id"
    return through.objects.filter(**{f"{column}__in": [n.id for n in names]}).values(
        "commitment_id"
    )


def _official(rows):
    """A meeting's mentions of one commitment, without a translation's where the official text
    has its own (the translation says the same thing)."""
    official = [r for r in rows if r["clause__statement__translation_of_id"] is None]
    return official or rows


def _stages_before(ids, earlier):
    """{commitment id: [stages]} of public mentions at meetings before the earlier meeting."""
    before = Q(meeting__start_date__lt=earlier.start_date) | Q(
        meeting__start_date=earlier.start_date, meeting_id__lt=earlier.id
    )
    stages = {}
    rows = (
        public_mentions()
        .filter(before, commitment_id__in=ids)
        .order_by()
        .values_list("commitment_id", "stage")
        .distinct()
    )
    for cid, stage in rows:
        stages.setdefault(cid, []).append(stage)
    return stages


def _topics_of(ids):
    """{commitment id: [topic]} by topic name, each topic a namespace with slug and name."""
    topics = {}
    for cid, slug, name in (
        Commitment.topics.through.objects.filter(commitment_id__in=ids)
        .order_by("topic__name", "topic_id")
        .values_list("commitment_id", "topic__slug", "topic__name")
    ):
        topics.setdefault(cid, []).append(SimpleNamespace(slug=slug, name=name))
    return topics


def _commitment(row):
    first = None
    if row["commitment__first_meeting__slug"]:
        first = SimpleNamespace(
            slug=row["commitment__first_meeting__slug"],
            title=row["commitment__first_meeting__title"],
            start_date=row["commitment__first_meeting__start_date"],
        )
    return SimpleNamespace(
        id=row["commitment_id"],
        title=row["commitment__title"],
        slug=row["commitment__slug"],
        url=slug_url("commitment_detail", row["commitment__slug"]),
        furthest_stage=row["commitment__furthest_stage"],
        latest_stage=row["commitment__latest_stage"],
        first_meeting=first,
    )


def _quote(row):
    return Quote(
        row["clause__text"],
        row["stage"],
        row["clause__statement__slug"],
        row["clause__statement__title"],
        row["clause__position"],
    )


# -- the "Compare with..." control of a meeting page -------------------------------------------

# The most recent public meetings offered in the control's list: every meeting of the partnership
# for years to come, and few enough to keep a meeting page fast (each option costs a little).
MAX_CHOICES = 120


@dataclass
class CompareChoices:
    previous_in_series: object  # the previous public meeting of the same series, or None
    previous_any: object  # the previous public meeting of any series, or None
    meetings: list  # (slug, "title (date)") of the most recent public meetings, newest first


def compare_choices(meeting, previous_in_series):
    """What a meeting page offers to compare it with (2 queries)."""
    earlier = Q(start_date__lt=meeting.start_date) | Q(
        start_date=meeting.start_date, id__lt=meeting.id
    )
    public = Meeting.objects.filter(published=True)
    previous_any = (
        public.filter(earlier).order_by("-start_date", "-id").only("slug", "title", "start_date")
    ).first()
    meetings = [
        (slug, f"{title} ({date:%Y-%m-%d})")
        for slug, title, date in public.exclude(id=meeting.id)
        .order_by("-start_date", "-id")
        .values_list("slug", "title", "start_date")[:MAX_CHOICES]
    ]
    return CompareChoices(previous_in_series, previous_any, meetings)
