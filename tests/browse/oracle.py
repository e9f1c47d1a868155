"""A plain reference for the selection engine: which public commitments a query string selects
and in which order, worked out commitment by commitment from the rows (no index, no bit sets).
Slow and obvious on purpose; the engine must agree with it."""

from django.http import QueryDict

from browse.filters import NAMED, SORTS, CommitmentFilter
from browse.search import text_ranks
from commitments.evidence import Assessment
from commitments.models import Commitment, Mention


def _facts():
    """Each public commitment with its topics, actors, and accepted mentions' facts."""
    commitments = Commitment.objects.filter(meeting_count__gt=0).prefetch_related(
        "topics", "actors"
    )
    mentions = Mention.objects.filter(review=Mention.Review.ACCEPTED).values_list(
        "commitment_id", "stage", "meeting__slug", "meeting__series__slug", "meeting__start_date"
    )
    said = {}
    for commitment_id, stage, meeting, series, date in mentions:
        said.setdefault(commitment_id, []).append((stage, meeting, series, date))
    return [
        (c, {t.slug for t in c.topics.all()}, {a.slug for a in c.actors.all()}, said.get(c.id, []))
        for c in commitments
    ]


PROGRESS = ["pledged", "in_progress", "achieved", "expanded"]
NEWS = ["achieved", "expanded", "in_progress", "stalled", "pledged", "reaffirmed"]


def _furthest(said):
    """The furthest progress stage said (a reaffirmation or a stall: pledged at least)."""
    return max((s if s in PROGRESS else "pledged" for s, *_ in said), key=PROGRESS.index)


def _latest(said):
    """The stage with the most news at the latest meeting (by date, then meeting)."""
    last = max((d, m) for _, m, _, d in said)
    return min((s for s, m, _, d in said if (d, m) == last), key=NEWS.index)


def _latest_ratings():
    """{(commitment id, scope): the rating of its latest published assessment}, row by row."""
    latest = {}
    rows = Assessment.objects.filter(published_at__isnull=False).select_related("party")
    for a in rows.order_by("as_of", "id"):
        latest[(a.commitment_id, a.scope)] = a.rating  # later rows overwrite earlier ones
    return latest


def _known(facet, slugs):
    return set(NAMED[facet].objects.filter(slug__in=slugs).values_list("slug", flat=True))


def selected_ids(query):
    """The ids the query string selects (names that name nothing are left out)."""
    filterset = CommitmentFilter(QueryDict(query))
    chosen = {f: _known(f, filterset.selected(f)) for f in NAMED}
    furthest, latest, mention_stages = (
        set(filterset.selected("furthest")),
        set(filterset.selected("latest")),
        set(filterset.selected("mention_stage")),
    )
    start, stop = filterset.date_range()
    text = filterset.selected("q")
    matches = set(text_ranks(text)) if text else None
    assessed, ratings = filterset.assessments(), _latest_ratings()
    ids = set()
    for commitment, topics, actors, said in _facts():
        if chosen["topic"] and not topics & chosen["topic"]:
            continue
        if chosen["actor"] and not actors & chosen["actor"]:
            continue
        if furthest and _furthest(said) not in furthest:
            continue
        if latest and _latest(said) not in latest:
            continue
        if mention_stages and not any(s in mention_stages for s, *_ in said):
            continue
        if chosen["series"] and not any(series in chosen["series"] for _, _, series, _ in said):
            continue
        if chosen["meeting"] and not any(m in chosen["meeting"] for _, m, _, _ in said):
            continue
        if (start or stop) and not any(
            (not start or d >= start) and (not stop or d <= stop) for *_, d in said
        ):
            continue
        if matches is not None and commitment.id not in matches:
            continue
        if any(ratings.get((commitment.id, scope)) not in r for scope, r in assessed.items()):
            continue
        ids.add(commitment.id)
    return ids


def ordered_ids(query):
    """The ids the query string selects, in its order: the sort chosen, else relevance (with
    text, where the database ranks it), else the most recent activity first."""
    filterset = CommitmentFilter(QueryDict(query))
    ids = selected_ids(query)
    sort = filterset.selected("sort")
    by_sort = list(
        Commitment.objects.filter(id__in=ids)
        .order_by(*SORTS[sort or "recent"][1])
        .values_list("id", flat=True)
    )
    text = filterset.selected("q")
    ranks = text_ranks(text) if text and not sort else {}
    if any(ranks.values()):
        position = {pk: n for n, pk in enumerate(by_sort)}
        return sorted(by_sort, key=lambda pk: (-ranks[pk], position[pk]))
    return by_sort
