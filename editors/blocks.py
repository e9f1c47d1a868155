"""What the desk and the review queue show of a clause: its text with the quoted words marked, and
its accepted and pending mentions beside it. Reading only; two queries for any number of clauses."""

from dataclasses import dataclass, field

from commitments.models import Clause, Mention


@dataclass
class Segment:
    """A run of the clause text; `marks` is "" (plain), "accepted" or "pending"; `names`, the
    commitments whose mentions quote it."""

    text: str
    marks: str = ""
    names: tuple = ()


@dataclass
class ClauseBlock:
    clause: Clause
    segments: list = field(default_factory=list)
    accepted: list = field(default_factory=list)
    pending: list = field(default_factory=list)
    rejected: int = 0

    @property
    def anchor(self):
        return self.clause.anchor

    @property
    def proposal(self):
        """The engine's proposed new commitment, when the clause speaks of none yet."""
        clause = self.clause
        if self.accepted or self.pending or clause.proposal_dismissed:
            return None
        if not (clause.carries_commitment and clause.proposed_title):
            return None
        return clause.proposed_title, clause.get_proposed_stage_display()


def segments(text, mentions):
    """The clause text cut where a mention's quoted words start or end, each run marked by the
    mentions covering it (an accepted one outranks a pending one)."""
    spans = [
        (m.span_start, m.span_end, m.review, m.commitment.title)
        for m in mentions
        if m.span_start is not None and 0 <= m.span_start < m.span_end <= len(text)
    ]
    cuts = sorted({0, len(text), *(s[0] for s in spans), *(s[1] for s in spans)})
    runs = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(review, name) for s, e, review, name in spans if s <= start and end <= e]
        reviews = {review for review, _ in covering}
        marks = ""
        if Mention.Review.ACCEPTED in reviews:
            marks = "accepted"
        elif Mention.Review.PENDING in reviews:
            marks = "pending"
        names = tuple(dict.fromkeys(name for _, name in covering))
        if runs and (runs[-1].marks, runs[-1].names) == (marks, names):
            runs[-1].text += text[start:end]
        else:
            runs.append(Segment(text[start:end], marks, names))
    return runs


def clause_blocks(clauses):
    """A ClauseBlock per clause (in the order given), with its mentions, best suggestion first."""
    clauses = list(clauses)
    by_clause = {clause.pk: ClauseBlock(clause) for clause in clauses}
    mentions = (
        Mention.objects.filter(clause_id__in=list(by_clause))
        .select_related("commitment")
        .order_by("clause_id", "-score", "id")
    )
    for mention in mentions:
        block = by_clause[mention.clause_id]
        mention.clause = block.clause  # no query per mention for mention.highlighted
        if mention.review == Mention.Review.ACCEPTED:
            block.accepted.append(mention)
        elif mention.review == Mention.Review.PENDING:
            block.pending.append(mention)
        else:
            block.rejected += 1
    for block in by_clause.values():
        block.segments = segments(block.clause.text, [*block.accepted, *block.pending])
    return [by_clause[clause.pk] for clause in clauses]


def clause_block(clause_id):
    """The ClauseBlock of one clause, read afresh (after an action on it)."""
    clause = Clause.objects.select_related("statement").filter(pk=clause_id).first()
    return clause_blocks([clause])[0] if clause else None
