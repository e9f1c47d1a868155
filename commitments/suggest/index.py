"""The suggestion index: weighted terms per commitment (CommitmentTerm) and each term's document
frequency (SuggestionTerm), kept in step by `reindex_commitments(ids)` (and `forget_commitments`).

A commitment's terms come from its names (title, the parts of the title in parentheses, aliases,
the acronym its capitalised name spells) and from its ACCEPTED mentions (the highlighted words
weigh more than the rest of the clause). Pending or rejected suggestions never feed the index.
Document frequencies are updated incrementally (+1/-1 per changed term), so reindexing one
commitment costs a few queries whatever the corpus size; `rebuild_index()` recounts everything.
commitments/services/derived.py keeps the index in step with every write.
"""

import re
from collections import Counter, defaultdict
from itertools import islice

from django.db import transaction
from django.db.models import F

from commitments.models import Commitment, CommitmentAlias, CommitmentTerm, Mention, SuggestionTerm
from commitments.suggest.text import acronym_of, terms

NAME_WEIGHT = 3.0
SPAN_WEIGHT = 2.0
CLAUSE_WEIGHT = 1.0
MAX_TERM_LENGTH = 64


def chunked(items, size):
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def commitment_names(title, aliases=()):
    """The names a commitment goes by: the title, its parenthesised parts apart, the aliases."""
    names = []
    for name in [title, *aliases]:
        names.append(name)
        inner = re.findall(r"\(([^()]+)\)", name)
        if inner:
            names.append(" ".join(re.sub(r"\([^()]*\)", " ", name).split()))
            names.extend(part.strip() for part in inner)
    return [name for name in dict.fromkeys(names) if name.strip()]


def commitment_vector(names, mentions=()):
    """Term weights of a commitment from its names and accepted mentions (text, span_start, span_end)."""
    vector = defaultdict(float)
    for name in names:
        for term in {*terms(name), acronym_of(name)} - {""}:
            vector[term[:MAX_TERM_LENGTH]] = NAME_WEIGHT
    mentions = list(mentions)
    if mentions:
        in_clauses, in_spans = Counter(), Counter()
        for text, span_start, span_end in mentions:
            in_clauses.update({t[:MAX_TERM_LENGTH] for t in terms(text)})
            if span_start is not None and span_end is not None:
                in_spans.update({t[:MAX_TERM_LENGTH] for t in terms(text[span_start:span_end])})
        for term, count in in_clauses.items():
            vector[term] += CLAUSE_WEIGHT * count / len(mentions)
        for term, count in in_spans.items():
            vector[term] += SPAN_WEIGHT * count / len(mentions)
    return dict(vector)


def titles_and_aliases(ids):
    """({id: title}, {id: [alias, ...]}) of the existing commitments among `ids` (two queries)."""
    titles = dict(Commitment.objects.filter(id__in=ids).values_list("id", "title"))
    aliases = defaultdict(list)
    for cid, name in CommitmentAlias.objects.filter(commitment_id__in=ids).values_list(
        "commitment_id", "name"
    ):
        aliases[cid].append(name)
    return titles, aliases


def _vectors(ids):
    """{commitment id: term vector} for existing commitments among `ids` (four queries)."""
    titles, aliases = titles_and_aliases(ids)
    mentions = defaultdict(list)
    accepted = Mention.objects.filter(commitment_id__in=ids, review=Mention.Review.ACCEPTED)
    for cid, text, start, end in accepted.values_list(
        "commitment_id", "clause__text", "span_start", "span_end"
    ):
        mentions[cid].append((text, start, end))
    return {
        cid: commitment_vector(commitment_names(title, aliases[cid]), mentions[cid])
        for cid, title in titles.items()
    }


def _apply_frequency_changes(delta):
    """Add each term's change in document frequency to SuggestionTerm (create, bump, drop)."""
    delta = {term: change for term, change in delta.items() if change}
    if not delta:
        return
    known = set()
    for chunk in chunked(delta, 500):
        known.update(SuggestionTerm.objects.filter(term__in=chunk).values_list("term", flat=True))
    SuggestionTerm.objects.bulk_create(
        [
            SuggestionTerm(term=term, commitment_count=change)
            for term, change in delta.items()
            if term not in known and change > 0
        ],
        batch_size=1000,
    )
    by_change = defaultdict(list)
    for term in known:
        by_change[delta[term]].append(term)
    for change, group in by_change.items():
        for chunk in chunked(group, 500):
            SuggestionTerm.objects.filter(term__in=chunk).update(
                commitment_count=F("commitment_count") + change
            )
    for chunk in chunked([t for t in known if delta[t] < 0], 500):
        SuggestionTerm.objects.filter(term__in=chunk, commitment_count=0).delete()


@transaction.atomic
def reindex_commitments(ids, batch_size=500):
    """Bring the suggestion index in step with these commitments' names, aliases and accepted mentions.

    derived.refresh() calls it for every write that changes them. Ids of deleted commitments are
    fine: `forget_commitments` took them out as they were deleted.
    """
    for batch in chunked(sorted({int(i) for i in ids if i}), batch_size):
        vectors = _vectors(batch)
        old = defaultdict(set)
        for cid, term in CommitmentTerm.objects.filter(commitment_id__in=batch).values_list(
            "commitment_id", "term"
        ):
            old[cid].add(term)
        delta = Counter()
        for cid in batch:
            new = set(vectors.get(cid, {}))
            delta.update(new - old[cid])
            delta.subtract(old[cid] - new)
        CommitmentTerm.objects.filter(commitment_id__in=batch).delete()
        CommitmentTerm.objects.bulk_create(
            [
                CommitmentTerm(commitment_id=cid, term=term, weight=weight)
                for cid, vector in vectors.items()
                for term, weight in vector.items()
            ],
            batch_size=2000,
        )
        _apply_frequency_changes(delta)


def forget_commitments(ids):
    """Take commitments about to be deleted out of the index: their postings, and their share of
    each term's document frequency."""
    postings = CommitmentTerm.objects.filter(commitment_id__in=list(ids))
    gone = Counter(postings.values_list("term", flat=True))
    postings.delete()
    _apply_frequency_changes({term: -count for term, count in gone.items()})


@transaction.atomic
def rebuild_index(batch_size=500):
    """Rebuild the whole suggestion index from scratch; returns the number of commitments indexed."""
    CommitmentTerm.objects.all().delete()
    SuggestionTerm.objects.all().delete()
    frequency = Counter()
    ids = list(Commitment.objects.order_by("id").values_list("id", flat=True))
    for batch in chunked(ids, batch_size):
        vectors = _vectors(batch)
        CommitmentTerm.objects.bulk_create(
            [
                CommitmentTerm(commitment_id=cid, term=term, weight=weight)
                for cid, vector in vectors.items()
                for term, weight in vector.items()
            ],
            batch_size=2000,
        )
        for vector in vectors.values():
            frequency.update(vector.keys())
    SuggestionTerm.objects.bulk_create(
        [SuggestionTerm(term=term, commitment_count=n) for term, n in frequency.items()],
        batch_size=2000,
    )
    return len(ids)
