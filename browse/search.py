"""Free-text search over commitments: which commitments match the words, and how relevant each is.

On PostgreSQL one query over the GIN-indexed weighted search documents (commitments_search: title,
aliases, summary, quoted clauses) gives the matches with their ts_rank; elsewhere a portable
substring match over the same texts (no ranking). Either way the text is first read by our own
parser (browse/search_query.py): the database's query parser never sees what was typed.
"""

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from browse.search_query import parse, tsquery
from commitments.models import PUBLIC_MENTION, Commitment, CommitmentAlias, Mention

SEARCH_CONFIG = "english"

RANKS_SQL = (
    "SELECT commitment_id, ts_rank(document, query) "
    f"FROM commitments_search, to_tsquery('{SEARCH_CONFIG}', %s) query "
    "WHERE document @@ query ORDER BY 2 DESC"
)


def text_ranks(text):
    """{commitment id: relevance} of the commitments matching `text`, most relevant first (on
    PostgreSQL; elsewhere every match ranks 0). Text that asks for no word matches nothing."""
    parsed = parse(text)
    if not parsed:
        return {}
    if connection.vendor != "postgresql":
        matches = Commitment.objects.filter(portable_match(parsed)).order_by()
        return dict.fromkeys(matches.values_list("pk", flat=True), 0.0)
    with connection.cursor() as cursor:
        cursor.execute(RANKS_SQL, [tsquery(parsed)])
        return dict(cursor.fetchall())


def portable_match(parsed):
    """A condition on commitments for a ParsedQuery (text is parsed first): each group's words
    (an alternative's words side by side) in the title, summary, an alias or a public clause,
    and none of the excluded ones."""
    if isinstance(parsed, str):
        parsed = parse(parsed)
    condition = Q()
    for group in parsed.groups:
        condition &= Q.create([_contains(" ".join(words)) for words in group], connector=Q.OR)
    for words in parsed.excluded:
        condition &= ~_contains(" ".join(words))
    return condition


def _contains(text):
    """A condition on commitments: `text` in the title, summary, an alias or a public clause."""
    aliases = CommitmentAlias.objects.filter(commitment_id=OuterRef("pk"), name__icontains=text)
    clauses = Mention.objects.filter(
        PUBLIC_MENTION, commitment_id=OuterRef("pk"), clause__text__icontains=text
    )
    return (
        Q(title__icontains=text)
        | Q(summary__icontains=text)
        | Q(Exists(aliases))
        | Q(Exists(clauses))
    )
