"""Pure shaping of already-loaded data for the public pages: marker strips, the drawn timeline,
a statement's paragraphs, what a meeting did, and the labels their templates print. No database
access here, and no markup: the templates write the HTML."""

import datetime
import functools
import re
from dataclasses import dataclass, field
from itertools import groupby
from typing import NamedTuple

from django.template.defaultfilters import date
from django.utils.text import capfirst
from django.utils.translation import get_language

from commitments.models import MeetingSeries, Stage, most_news

_LABELS = dict(Stage.choices)


def meeting_stage(mentions):
    """The stage one meeting gives a commitment: the one with the most news among its mentions."""
    return most_news(m.stage for m in mentions)


def stage_label(stage):
    return _LABELS.get(stage, stage)


# -- labels the templates print --------------------------------------------------------------
# A browser page prints the same dozen meetings' dates hundreds of times; the |date filter
# costs about 20 microseconds a call, a remembered label well under one.


def day_label(day):
    """`day` as "15 Nov 2024", as the |date:"j M Y" filter writes it."""
    return _formatted(day, "j M Y", get_language())


def long_day_label(day):
    """`day` as "15 November 2024"."""
    return _formatted(day, "j F Y", get_language())


def month_label(day):
    """`day`'s month, "Nov 2024"."""
    return _formatted(day, "M Y", get_language())


def months_label(first, last):
    """The months from `first` to `last`: "Nov 2024", or "Nov 2024 – Jan 2025"."""
    if last == first:
        return month_label(first)
    return f"{month_label(first)} – {month_label(last)}"


def meeting_label(meeting):
    """A meeting's title and day, "Lima Meeting, 15 Nov 2024" (a tooltip)."""
    return f"{meeting.title}, {day_label(meeting.start_date)}"


@functools.lru_cache(maxsize=4096)
def _formatted(day, format, _language):
    return date(day, format)


_LEVELS = dict(MeetingSeries.Level.choices)


def level_label(level):
    """A meeting series' level as a phrase: "Leaders level", "Working level"."""
    label = _LEVELS.get(level, level)
    return capfirst(label if level == MeetingSeries.Level.WORKING else f"{label} level")


def quoted_words(mention, limit=120):
    """The highlighted words of a mention, or its clause shortened to `limit` characters."""
    return shortened(mention.clause.text, mention.span_start, mention.span_end, limit)


def shortened(text, start, end, limit=120):
    """The words of `text` from `start` to `end`, or all of it, cut to `limit` characters."""
    before, span, _after = highlight(text, start, end)
    words = span or before
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


class Highlight(NamedTuple):
    before: str
    words: str
    after: str


def highlight(text, start, end):
    """Split a clause around the highlighted span: (before, words, after); bad offsets highlight
    nothing."""
    if start is None or end is None or not 0 <= start < end <= len(text):
        return Highlight(text, "", "")
    return Highlight(text[:start], text[start:end], text[end:])


def short_series_name(name):
    """A series' name without "Trilateral" (every series is), for the browser's column heads:
    "Defense Trilateral Talks" -> "Defense Talks"; a name of that word alone stays."""
    return " ".join(w for w in name.split() if w.lower() != "trilateral") or name


# -- marker strips (browser rows) ------------------------------------------------------------


# What a blank marker says: the meeting came before the commitment was first made; or came
# after, without mentioning it; or was a later meeting of a series that had mentioned it, with
# no mention since ("not mentioned since", as on the timeline).
UNMADE, ABSENT, SILENT = "unmade", "absent", "silent"


@dataclass
class Marker:
    meeting: object
    stage: str = ""
    quote: str = ""
    absence: str = ""  # for a meeting without a mention: UNMADE, ABSENT or SILENT

    @property
    def stage_label(self):
        return stage_label(self.stage) if self.stage else ""


@dataclass
class Strip:
    markers: list
    elsewhere: int = 0  # meetings with a mention that have no column on this page


def by_meeting(mentions):
    """Mentions (ordered by meeting) grouped as [(meeting, [mentions])]."""
    return [(group[0].meeting, group) for group in _groups(mentions, lambda m: m.meeting_id)]


def _groups(items, key):
    return [list(group) for _, group in groupby(items, key=key)]


def marker_strip(mentions, columns, elsewhere=None, mentioned=None):
    """One marker per column meeting: the stage given there and the quoted words, or why it is
    blank (`absence`); `mentions` (ordered by meeting, then clause) have `meeting_id`, `stage`,
    `text`, `span_start` and `span_end`; `elsewhere`: how many other meetings mentioned it (by
    default, those of `mentions`); `mentioned`: (date, id, series) of every meeting that
    mentioned it, the columns' included (by default, the columns with a mention). Columns have
    `id`, `start_date` and `series`."""
    at = {group[0].meeting_id: group for group in _groups(mentions, lambda m: m.meeting_id)}
    if mentioned is None:
        mentioned = [(c.start_date, c.id, c.series) for c in columns if c.id in at]
    first = min(mentioned, default=None)
    last_in_series = {}
    for when, id_, series in mentioned:
        last_in_series[series] = max(last_in_series.get(series, (when, id_)), (when, id_))
    markers = []
    for meeting in columns:
        group = at.pop(meeting.id, None)
        if group:
            said = group[0]
            quote = shortened(said.text, said.span_start, said.span_end)
            markers.append(Marker(meeting, meeting_stage(group), quote))
            continue
        when = (meeting.start_date, meeting.id)
        last = last_in_series.get(meeting.series)
        if first is None or when < first[:2]:
            absence = UNMADE
        elif last is not None and when > last:
            absence = SILENT
        else:
            absence = ABSENT
        markers.append(Marker(meeting, absence=absence))
    return Strip(markers, elsewhere=len(at) if elsewhere is None else elsewhere)


# -- the drawn timeline (commitment page) ----------------------------------------------------


@dataclass
class TimelinePoint:
    """A meeting on the drawn timeline: a stage mark (or a dashed one, `silent`) on a stem down to
    the axis, its number to the right; the mark and number sit at whole units of x. The template
    draws each point where `at` says ("x y"), its mark, stem and number at fixed offsets from
    there: few values a point, as a drawing shows dozens of points twice."""

    number: int
    meeting: object
    stage: str
    x: float
    lane: int = 0
    silent: bool = False  # the series met, the commitment was not mentioned
    stem: int = 0  # the stem's length, down to the axis (set once the axis is placed)

    @property
    def at(self):
        """Where the point is drawn: "x y", the mark's centre."""
        return f"{int(self.x)} {self.y}"

    @property
    def css(self):
        return "point-silent" if self.silent else f"stage-{self.stage}"

    @property
    def y(self):
        return 44 + self.lane * 26

    @property
    def mark(self):
        """The symbol drawn: the stage's, or "silent"."""
        return "silent" if self.silent else self.stage

    @property
    def title(self):
        """The point's tooltip: "2. Lima Meeting, 15 Nov 2024: achieved"."""
        said = "not mentioned" if self.silent else stage_label(self.stage)
        return f"{self.number}. {meeting_label(self.meeting)}: {said}"


@dataclass
class TimelineFinding:
    """Evidence or an assessment on the drawn timeline, below the axis: a mark of its kind (never
    a meeting's), in a row of its own, linking to its entry."""

    kind: str  # "evidence" or "assessment"
    x: float
    title: str
    anchor: str

    @property
    def mark_x(self):
        return int(self.x) - MARK_HALF


@dataclass
class Tick:
    x: float
    label: str


@dataclass
class Timeline:
    points: list
    ticks: list
    width: int = 800
    height: int = 130
    axis_y: int = 104
    left: int = 40
    right: int = 760
    lanes: int = 1
    findings: list = field(default_factory=list)

    @property
    def evidence_y(self):
        """The row of evidence marks, under the ticks' labels; assessments' row under it."""
        return self.axis_y + 28

    @property
    def assessment_y(self):
        return self.axis_y + 54


def _months_between(first, last):
    return (last.year - first.year) * 12 + last.month - first.month


# A point's extent in the drawing's units: its mark 22 wide around x, then its number, in 13px
# bold digits (templates/browse/commitment_detail.html#timeline_drawing), from x + 14.
MARK_HALF, NUMBER_AT, DIGIT_WIDTH, SPACE = 11, 14, 8, 3
# Past this many lanes a point shares the lane that frees soonest: a drawing of dozens of meetings
# within days would otherwise grow taller than a screen.
MAX_LANES = 10


def _extent(x, number):
    return x - MARK_HALF, x + NUMBER_AT + DIGIT_WIDTH * len(str(number))


def draw_timeline(points, width=800, left=40, right=760, max_ticks=8, findings=()):
    """Place (meeting, stage, silent) points on a date axis; close points go to lower lanes, as
    many as it takes (up to MAX_LANES) for no mark or number to cover another; at most
    `max_ticks` labelled months or years below. `findings`: (date, kind, title, anchor) of
    evidence and assessments, drawn under the axis, on it too."""
    if not points and not findings:
        return Timeline([], [], width=width, left=left, right=right)
    dates = [meeting.start_date for meeting, _, _ in points] + [f[0] for f in findings]
    first, last = min(dates), max(dates)
    span_days = max((last - first).days, 1)
    pad = max(span_days // 12, 15)
    start, end = first - datetime.timedelta(days=pad), last + datetime.timedelta(days=pad)
    total = (end - start).days

    def x_of(date):
        return round(left + (right - left) * (date - start).days / total, 1)

    placed, lanes_end = [], []  # where each lane's last number ends
    for number, (meeting, stage, silent) in enumerate(points, start=1):
        x = x_of(meeting.start_date)
        starts, ends = _extent(x, number)
        lane = next((i for i, end in enumerate(lanes_end) if starts - end >= SPACE), None)
        if lane is None and len(lanes_end) < MAX_LANES:
            lane = len(lanes_end)
            lanes_end.append(ends)
        elif lane is None:
            lane = min(range(MAX_LANES), key=lanes_end.__getitem__)
        lanes_end[lane] = ends
        placed.append(TimelinePoint(number, meeting, stage, x, lane, silent))

    months = max(_months_between(start, end), 1)
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60) if months / s <= max_ticks), 120)
    ticks, year, month = [], start.year, start.month
    while True:
        month += 1
        if month > 12:
            year, month = year + 1, 1
        tick = datetime.date(year, month, 1)
        if tick > end:
            break
        if (month - 1) % step == 0 or (step >= 12 and month == 1):
            ticks.append(Tick(x_of(tick), tick.strftime("%b %Y") if step < 12 else str(year)))
    lanes = max(len(lanes_end), 1)
    below = 66 if findings else 0  # the rows of evidence and assessment marks
    height = 44 + lanes * 26 + 40 + below
    axis_y = height - 26 - below
    for point in placed:
        point.stem = axis_y - point.y
    found = [
        TimelineFinding(kind, x_of(day), title, anchor) for day, kind, title, anchor in findings
    ]
    return Timeline(
        placed,
        ticks,
        width=width,
        height=height,
        axis_y=axis_y,
        left=left,
        right=right,
        lanes=lanes,
        findings=found,
    )


@dataclass
class Silence:
    series: object
    last_mentioned_at: object
    later_meetings: list = field(default_factory=list)


def silences(mentions, series_meetings):
    """Per series: the last meeting that mentioned the commitment, when the series met again later."""
    last_at = {}
    for mention in mentions:
        meeting = mention.meeting
        known = last_at.get(meeting.series_id)
        if known is None or (meeting.start_date, meeting.id) > (known.start_date, known.id):
            last_at[meeting.series_id] = meeting
    result = []
    for series_id, meeting in last_at.items():
        later = [
            m
            for m in series_meetings
            if m.series_id == series_id and (m.start_date, m.id) > (meeting.start_date, meeting.id)
        ]
        if later:
            result.append(
                Silence(meeting.series, meeting, sorted(later, key=lambda m: m.start_date))
            )
    return sorted(result, key=lambda s: s.last_mentioned_at.start_date)


# -- a statement's body ----------------------------------------------------------------------

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass
class Piece:
    text: str
    clause: object = None


def _split_gap(text, breaks):
    """Text between clauses as [piece-or-None...] where None marks a paragraph break."""
    parts = breaks.split(text)
    out = []
    for i, part in enumerate(parts):
        if i:
            out.append(None)
        if part.strip():
            out.append(Piece(part))
    return out


def statement_paragraphs(body, clauses):
    """The body as paragraphs, each a list of pieces: plain text, or a clause located by offsets."""
    breaks = _PARAGRAPH_BREAK if _PARAGRAPH_BREAK.search(body) else re.compile(r"\n")
    flat, cursor = [], 0
    for clause in sorted(clauses, key=lambda c: (c.start, c.position)):
        if clause.start < cursor or clause.end > len(body):
            flat.append(Piece(clause.text, clause))  # overlapping or stale offsets: keep the clause
            continue
        flat.extend(_split_gap(body[cursor : clause.start], breaks))
        flat.append(Piece(clause.text, clause))
        cursor = clause.end
    flat.extend(_split_gap(body[cursor:], breaks))
    paragraphs, current = [], []
    for piece in flat:
        if piece is None:
            if current:
                paragraphs.append(current)
            current = []
        else:
            current.append(piece)
    if current:
        paragraphs.append(current)
    return paragraphs


# -- what a meeting did ----------------------------------------------------------------------

OUTCOME_GROUPS = [
    ("new", "New", "First made at this meeting."),
    ("achieved", "Achieved", "Reported done: launched, signed, established, held."),
    ("progressed", "Progressed", "Work reported under way, or widened and deepened."),
    ("stalled", "Stalled", "A delay or obstacle reported."),
    ("reaffirmed", "Reaffirmed", "Repeated or pledged again, without news."),
]
_OUTCOME_OF_STAGE = {
    Stage.ACHIEVED: "achieved",
    Stage.IN_PROGRESS: "progressed",
    Stage.EXPANDED: "progressed",
    Stage.STALLED: "stalled",
    Stage.REAFFIRMED: "reaffirmed",
    Stage.PLEDGED: "reaffirmed",
}


@dataclass
class Outcome:
    commitment: object
    stage: str
    mentions: list

    @property
    def stage_label(self):
        return stage_label(self.stage)


def meeting_outcomes(meeting, mentions):
    """Group a meeting's accepted mentions by what the meeting did to each commitment."""
    groups = {key: [] for key, _, _ in OUTCOME_GROUPS}
    ordered = sorted(mentions, key=lambda m: (m.commitment.title, m.commitment_id))
    for group in _groups(ordered, lambda m: m.commitment_id):
        commitment = group[0].commitment
        stage = meeting_stage(group)
        if commitment.first_meeting_id == meeting.id:
            key = "new"
        else:
            key = _OUTCOME_OF_STAGE.get(stage, "reaffirmed")
        groups[key].append(Outcome(commitment, stage, group))
    return [(key, label, help_text, groups[key]) for key, label, help_text in OUTCOME_GROUPS]
