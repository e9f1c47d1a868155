"""What happened, beside what was said: a commitment's published evidence and assessments, the
latest assessment per party, and where the statements and the assessments disagree.

Only published evidence and assessments are read. The latest assessment of a party (or of the
three together) is its current one; earlier ones stay on the record, shown on the timeline.
"""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Prefetch

from browse import presentation
from commitments.evidence import (
    RATING_DESCRIPTIONS,
    SCOPES,
    TOGETHER,
    Assessment,
    Evidence,
    Rating,
    party_code,
    rating_rank,
)
from commitments.models import Commitment, Stage

SUBSTANTIAL = rating_rank(Rating.SUBSTANTIAL)
# The statements say it was done: their furthest stage, where the branch has one, else the
# current stage, is one of these.
SAID_DONE = {Stage.ACHIEVED.value, Stage.EXPANDED.value}
STALE_AFTER = datetime.timedelta(days=365)


def said_stage(commitment):
    """How far the statements say the commitment got: its furthest stage."""
    return commitment.furthest_stage


def published_evidence():
    return Evidence.objects.filter(published_at__isnull=False)


def published_assessments():
    return Assessment.objects.filter(published_at__isnull=False)


def latest_per_scope(assessments):
    """{scope: the latest assessment} of assessments of one commitment (any order)."""
    latest = {}
    for assessment in assessments:
        scope = assessment.scope
        known = latest.get(scope)
        if known is None or (assessment.as_of, assessment.id) > (known.as_of, known.id):
            latest[scope] = assessment
    return latest


@dataclass
class Disagreement:
    """The statements say one thing, our latest assessment another, in words."""

    said: str  # the stage the statements give
    assessed: list  # the latest assessments that disagree
    kind: str  # "said-done" (said achieved, assessed below substantial) or "assessed-done"

    @property
    def said_label(self):
        return presentation.stage_label(self.said)

    @property
    def found(self):
        """ "together limited; US not started"."""
        return "; ".join(f"{a.scope} {a.get_rating_display()}" for a in self.assessed)

    @property
    def words(self):
        said = presentation.stage_label(self.said)
        if self.kind == "said-done":
            return f"Said {said}, assessed {self.found}."
        return f"Said {said} only, assessed {self.found}."


def disagreement(stage, latest):
    """Where the statements' stage and the latest assessments (`latest`: {scope: assessment})
    disagree, or None: said achieved (or expanded) while no latest assessment reaches
    substantial; or said less while one rates it complete."""
    rated = [a for a in latest.values() if a.rank is not None]
    if not rated or not stage:
        return None
    ordered = sorted(rated, key=lambda a: SCOPES.index(a.scope) if a.scope in SCOPES else 9)
    if stage in SAID_DONE:
        if all(a.rank < SUBSTANTIAL for a in rated):
            return Disagreement(stage, ordered, "said-done")
        return None
    complete = [a for a in ordered if a.rating == Rating.COMPLETE]
    if complete:
        return Disagreement(stage, complete, "assessed-done")
    return None


# -- a commitment's evidence and assessments, for its timeline -----------------------------


@dataclass
class RecordItem:
    """One dated thing on the timeline's axis: a meeting's words, evidence, or an assessment."""

    kind: str  # "meeting", "evidence" or "assessment"
    date: object
    item: object

    @property
    def day(self):
        return presentation.long_day_label(self.date)


@dataclass
class Outcomes:
    evidence: list = field(default_factory=list)
    assessments: list = field(default_factory=list)
    latest: dict = field(default_factory=dict)  # scope -> the latest published assessment
    notes: list = field(default_factory=list)  # plain words: said done but not found so, stale

    @property
    def latest_in_order(self):
        return [self.latest[s] for s in SCOPES if s in self.latest]


def commitment_outcomes(commitment, today=None):
    """The commitment's published evidence and assessments, the latest per party, and what the
    page must say about them (3 queries, whatever their number)."""
    today = today or datetime.date.today()
    cited = Prefetch("evidence", queryset=published_evidence().order_by("date", "id"))
    assessments = list(
        published_assessments()
        .filter(commitment=commitment)
        .select_related("party")
        .prefetch_related(cited)
        .order_by("as_of", "id")
    )
    evidence = list(
        published_evidence()
        .filter(commitments=commitment)
        .prefetch_related("parties")
        .order_by("date", "id")
    )
    outcomes = Outcomes(evidence, assessments, latest_per_scope(assessments))
    outcomes.notes = _notes(commitment, outcomes.latest, today)
    return outcomes


def _notes(commitment, latest, today):
    notes = []
    stage = said_stage(commitment)
    if stage in SAID_DONE:
        label = presentation.stage_label(stage)
        if not latest:
            notes.append(
                f"The statements say this was {label}; we have not assessed what happened yet."
            )
        elif (found := disagreement(stage, latest)) is not None:
            notes.append(
                f"The statements say this was {label}, but no assessment of ours finds "
                f"substantial progress (latest: {found.found})."
            )
    if latest:
        newest = max(a.as_of for a in latest.values())
        if today - newest > STALE_AFTER:
            notes.append(
                f"Our latest assessment is as of {presentation.long_day_label(newest)}, more than "
                "a year ago: what happened since is not assessed."
            )
    return notes


def record(entries, outcomes):
    """The timeline's meeting entries, evidence and assessments on one date axis (a meeting
    first on a shared day: the words, then what was found)."""
    order = {"meeting": 0, "evidence": 1, "assessment": 2}
    items = [RecordItem("meeting", e.meeting.start_date, e) for e in entries]
    items += [RecordItem("evidence", e.date, e) for e in outcomes.evidence]
    items += [RecordItem("assessment", a.as_of, a) for a in outcomes.assessments]
    return sorted(items, key=lambda i: (i.date, order[i.kind]))


def draw_with_findings(timeline, outcomes, narrow=False):
    """The timeline's drawing again, with its evidence and assessments under the axis (the
    meetings keep their numbers); `narrow`: the half-width drawing phones are shown."""
    if not outcomes.evidence and not outcomes.assessments:
        return timeline.narrow_drawing if narrow else timeline.drawing
    points = [(p.meeting, p.stage, p.silent) for p in timeline.drawing.points]
    findings = [
        (e.date, "evidence", f"Evidence, {e.date:%d %b %Y}: {e.title}", f"evidence-{e.pk}")
        for e in outcomes.evidence
    ] + [
        (
            a.as_of,
            "assessment",
            f"Assessment as of {a.as_of:%d %b %Y}, {a.scope}: {a.get_rating_display()}",
            f"assessment-{a.pk}",
        )
        for a in outcomes.assessments
    ]
    if narrow:
        return presentation.draw_timeline(
            points, width=400, left=24, right=376, max_ticks=4, findings=findings
        )
    return presentation.draw_timeline(points, findings=findings)


def rating_legend():
    return [(r.value, r.label, RATING_DESCRIPTIONS[r]) for r in Rating]


# -- across commitments: the facet index and the disagreements -------------------------------


def latest_ratings():
    """[(commitment id, scope, rating)] of the latest published assessment of each public
    commitment and scope (one query; ties on the date go to the later row)."""
    assessment = Assessment._meta.db_table
    actor = Assessment._meta.get_field("party").related_model._meta.db_table
    commitment = Commitment._meta.db_table
    sql = (
        f"SELECT a.commitment_id, p.slug, p.name, a.rating FROM {assessment} a "
        f"JOIN {commitment} c ON c.id = a.commitment_id AND c.meeting_count > 0 "
        f"LEFT JOIN {actor} p ON p.id = a.party_id "
        "WHERE a.published_at IS NOT NULL AND NOT EXISTS ("
        f"SELECT 1 FROM {assessment} b WHERE b.commitment_id = a.commitment_id "
        "AND b.published_at IS NOT NULL "
        "AND (b.party_id = a.party_id OR (b.party_id IS NULL AND a.party_id IS NULL)) "
        "AND (b.as_of > a.as_of OR (b.as_of = a.as_of AND b.id > a.id))) "
        "ORDER BY a.commitment_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    found = []
    for commitment_id, slug, name, rating in rows:
        scope = TOGETHER if slug is None else party_code(slug, name)
        if scope:
            found.append((commitment_id, scope, rating))
    return found


def disagreements():
    """[(commitment, Disagreement)] of the public commitments whose statements and latest
    published assessments disagree, by title (2 queries)."""
    assessments = (
        published_assessments()
        .filter(commitment__meeting_count__gt=0)
        .select_related("party", "commitment")
        .order_by("commitment_id", "as_of", "id")
    )
    by_commitment = {}
    for assessment in assessments:
        by_commitment.setdefault(assessment.commitment_id, []).append(assessment)
    found = []
    for rows in by_commitment.values():
        commitment = rows[0].commitment
        result = disagreement(said_stage(commitment), latest_per_scope(rows))
        if result is not None:
            found.append((commitment, result))
    return sorted(found, key=lambda pair: (pair[0].title, pair[0].id))
