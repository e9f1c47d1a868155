"""Evidence and assessments: the checks every write makes, the version guard, publication.

Both are drafts until an editor publishes them. An assessment cites evidence (at least one item,
unless its rating is "no evidence": then its rationale says what was looked for), and it is never
public while evidence it cites is not: publishing refuses, or publishes the evidence with it when
asked to. Evidence that published assessments cite is not unpublished under them. Every write
records who made it in the row's history; edits are guarded by the row's `version`, as mentions.
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils import timezone

from commitments import tracking
from commitments.evidence import PARTY_NAMES, Assessment, Evidence, Rating, party_code
from commitments.services.edits import EditConflict, EditError, _when, _who, last_change


class PublicationRefused(EditError):
    """A publication refused with words an editor can act on; nothing was written."""


# -- checks ----------------------------------------------------------------------------------


def evidence_problem(rating, evidence):
    """Why an assessment with this rating cannot cite `evidence` (a list), or "" when it can."""
    if rating != Rating.NO_EVIDENCE and not list(evidence):
        return (
            "An assessment cites at least one evidence item; only the rating “no evidence” may "
            "cite none (its rationale then says what was looked for)."
        )
    return ""


def party_problem(party, rating):
    """Why this party (an Actor or None for the three together) cannot carry this rating."""
    if party is None:
        if rating == Rating.NOT_APPLICABLE:
            return "“Not applicable” is for one party; the three together are always assessed."
        return ""
    if party.kind != "country" or not party_code(party.slug, party.name):
        return f"“{party}” is not one of the parties assessed ({', '.join(PARTY_NAMES)})."
    return ""


def check_assessment(assessment, evidence):
    """Raise EditError when the assessment (unsaved or not) and the evidence it would cite break
    a rule; the rationale is required."""
    for problem in (
        "" if (assessment.rationale or "").strip() else "Say why: the rationale is required.",
        party_problem(assessment.party, assessment.rating),
        evidence_problem(assessment.rating, evidence),
    ):
        if problem:
            raise EditError(problem)


# -- the version guard ----------------------------------------------------------------------


def describe(obj):
    if isinstance(obj, Assessment):
        return f"rating {obj.get_rating_display()} as of {obj.as_of:%Y-%m-%d}"
    return f"title “{obj.title}”, dated {obj.date:%Y-%m-%d}"


def conflict(model, pk):
    """An EditConflict naming who changed the row, when, and what it holds now."""
    noun = model._meta.verbose_name
    current = model.objects.filter(pk=pk).first()
    if current is None:
        return EditConflict(f"This {noun} no longer exists: someone removed it.")
    user, when = last_change(current)
    return EditConflict(
        f"{_who(user)} changed this {noun} on {_when(when)} after you opened it; it now has "
        f"{describe(current)}. Your change was not saved: reload to see their version, then "
        "decide again.",
        current=current,
        changed_by=user,
        changed_at=when,
    )


def claim(obj, expected_version):
    """Take the row at the version the editor saw and bump it; EditConflict if it moved on (a
    conditional UPDATE: of two editors saving from one version, exactly one wins)."""
    model = type(obj)
    rows = model.objects.filter(pk=obj.pk, version=expected_version)
    with tracking.muted():  # the version shows nowhere
        claimed = rows.update(version=F("version") + 1)
    if claimed != 1:
        raise conflict(model, obj.pk)
    obj.version = expected_version + 1


# -- writing -----------------------------------------------------------------------------------


def _save(obj, user, reason, **kwargs):
    obj._history_user = user
    obj._change_reason = reason[:100]
    obj.save(**kwargs)


@tracking.deferred()
def add_evidence(user=None, *, commitments, parties=(), published=False, **values):
    """A new evidence item for these commitments (a draft unless `published`)."""
    evidence = Evidence(**values)
    if published:
        evidence.published_at = timezone.now()
    evidence.full_clean(exclude=["commitments", "parties"])
    if not commitments:
        raise EditError("Evidence speaks to at least one commitment.")
    _save(evidence, user, "added")
    evidence.commitments.set(commitments)
    evidence.parties.set(parties)
    return evidence


@tracking.deferred()
def add_assessment(user=None, *, evidence=(), published=False, **values):
    """A new assessment citing `evidence` (a draft unless `published`: then its evidence must be
    published too, or is published with it)."""
    evidence = list(evidence)
    assessment = Assessment(**values)
    check_assessment(assessment, evidence)
    assessment.full_clean(exclude=["evidence"])
    _save(assessment, user, "added")
    assessment.evidence.set(evidence)
    if published:
        publish_assessments([assessment], user, with_evidence=True)
    return assessment


# -- publication -------------------------------------------------------------------------------


@dataclass
class Outcome:
    published: list = field(default_factory=list)
    unpublished: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)

    @property
    def messages(self):
        said = []
        for verb, items in (("Published", self.published), ("Unpublished", self.unpublished)):
            if items:
                said.append(f"{verb} {len(items)}: " + "; ".join(f"“{i}”" for i in items) + ".")
        if self.unchanged:
            said.append(f"{len(self.unchanged)} already as asked, left as they were.")
        return said or ["Nothing to change."]


def unpublished_evidence(assessments):
    """The draft evidence these assessments cite, in date order."""
    return list(
        Evidence.objects.filter(
            assessments__in=[a.pk for a in assessments], published_at__isnull=True
        )
        .distinct()
        .order_by("date", "id")
    )


@tracking.deferred()
def publish_evidence(items, user=None):
    """Publish the draft evidence items."""
    outcome = Outcome()
    now = timezone.now()
    for evidence in Evidence.objects.select_for_update().filter(pk__in=[e.pk for e in items]):
        if evidence.is_published:
            outcome.unchanged.append(evidence)
            continue
        evidence.published_at = now
        _save(evidence, user, "published", update_fields=["published_at"])
        outcome.published.append(evidence)
    return outcome


@tracking.deferred()
def unpublish_evidence(items, user=None):
    """Make evidence drafts again; refused while a published assessment cites it."""
    rows = list(Evidence.objects.select_for_update().filter(pk__in=[e.pk for e in items]))
    cited = (
        Assessment.objects.filter(evidence__in=rows, published_at__isnull=False)
        .select_related("commitment", "party")
        .distinct()
    )
    if cited:
        listed = "; ".join(str(a) for a in cited[:5])
        raise PublicationRefused(
            f"Published assessments cite this evidence ({listed}): unpublish them first, or "
            "cite other evidence."
        )
    outcome = Outcome()
    for evidence in rows:
        if not evidence.is_published:
            outcome.unchanged.append(evidence)
            continue
        evidence.published_at = None
        _save(evidence, user, "unpublished", update_fields=["published_at"])
        outcome.unpublished.append(evidence)
    return outcome


@tracking.deferred()
def publish_assessments(items, user=None, with_evidence=False):
    """Publish the draft assessments. Evidence they cite that is still a draft is published with
    them when `with_evidence`; otherwise the publication is refused, naming it."""
    rows = list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(pk__in=[a.pk for a in items])
        .select_related("commitment", "party")
    )
    drafts = [a for a in rows if not a.is_published]
    for assessment in drafts:
        cited = list(assessment.evidence.all())
        check_assessment(assessment, cited)
    waiting = unpublished_evidence(drafts)
    outcome = Outcome(unchanged=[a for a in rows if a.is_published])
    if waiting and not with_evidence:
        names = "; ".join(f"“{e}”" for e in waiting)
        raise PublicationRefused(
            f"These assessments cite evidence that is still a draft: {names}. Publish the "
            "evidence first, or publish them together."
        )
    if waiting:
        outcome.published.extend(publish_evidence(waiting, user).published)
    now = timezone.now()
    for assessment in drafts:
        assessment.published_at = now
        _save(assessment, user, "published", update_fields=["published_at"])
        outcome.published.append(assessment)
    return outcome


@tracking.deferred()
def unpublish_assessments(items, user=None):
    """Make assessments drafts again (their evidence stays as it is)."""
    outcome = Outcome()
    for assessment in Assessment.objects.select_for_update().filter(pk__in=[a.pk for a in items]):
        if not assessment.is_published:
            outcome.unchanged.append(assessment)
            continue
        assessment.published_at = None
        _save(assessment, user, "unpublished", update_fields=["published_at"])
        outcome.unpublished.append(assessment)
    return outcome
