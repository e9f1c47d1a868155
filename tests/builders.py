"""Small builders for test data: each makes one valid object with overridable fields."""

import datetime
import itertools

from django.utils import timezone
from django.utils.text import slugify

from commitments.models import (
    Actor,
    Assessment,
    Clause,
    Commitment,
    Evidence,
    Meeting,
    MeetingSeries,
    Mention,
    Statement,
    Topic,
    content_hash,
)

_counter = itertools.count(1)


def _n():
    return next(_counter)


def make_actor(name=None, kind=Actor.Kind.COUNTRY, **fields):
    name = name or f"Actor {_n()}"
    fields.setdefault("slug", f"{slugify(name)}-{_n()}")
    return Actor.objects.create(name=name, kind=kind, **fields)


def make_topic(name=None, **fields):
    name = name or f"Topic {_n()}"
    fields.setdefault("slug", f"{slugify(name)}-{_n()}")
    return Topic.objects.create(name=name, **fields)


def make_series(name=None, level=MeetingSeries.Level.LEADERS, **fields):
    name = name or f"Series {_n()}"
    fields.setdefault("slug", f"{slugify(name)}-{_n()}")
    return MeetingSeries.objects.create(name=name, level=level, **fields)


def make_meeting(series=None, start_date=None, **fields):
    """A meeting, public as if one of its statements were published (published=False: not)."""
    series = series or make_series()
    fields.setdefault("published", True)
    n = _n()
    start_date = start_date or datetime.date(2024, 1, 1) + datetime.timedelta(days=n)
    fields.setdefault("title", f"{series.name} meeting {n}")
    fields.setdefault("slug", f"meeting-{n}")
    return Meeting.objects.create(series=series, start_date=start_date, **fields)


def make_statement(meeting=None, body=None, published=True, **fields):
    """A statement, published unless `published=False` (a draft)."""
    meeting = meeting or make_meeting()
    n = _n()
    if published:
        fields.setdefault("published_at", timezone.now())
    body = body or f"We commit to cooperate on item {n}. We reaffirm our partnership."
    fields.setdefault("title", f"Joint statement {n}")
    fields.setdefault("slug", f"statement-{n}")
    fields.setdefault("raw_text", body)
    fields.setdefault("content_hash", content_hash(f"{body}-{n}".encode()))
    return Statement.objects.create(meeting=meeting, body=body, **fields)


def make_clause(statement=None, text=None, position=None, **fields):
    statement = statement or make_statement()
    text = text or statement.body
    position = position or (statement.clauses.count() + 1)
    start = fields.pop("start", max(statement.body.find(text), 0))
    return Clause.objects.create(
        statement=statement,
        position=position,
        text=text,
        start=start,
        end=start + len(text),
        **fields,
    )


def make_commitment(title=None, **fields):
    title = title or f"Commitment {_n()}"
    fields.setdefault("slug", f"{slugify(title)}-{_n()}")
    return Commitment.objects.create(title=title, **fields)


def make_mention(clause=None, commitment=None, stage="pledged", **fields):
    return Mention.objects.create(
        clause=clause or make_clause(),
        commitment=commitment or make_commitment(),
        stage=stage,
        **fields,
    )


def the_parties():
    """The three countries assessed, {short name: Actor}, made once per test database."""
    names = {"US": "United States", "JP": "Japan", "ROK": "Republic of Korea"}
    return {
        short: Actor.objects.get_or_create(
            slug=slugify(name),
            defaults={"name": name, "kind": Actor.Kind.COUNTRY, "short_name": short},
        )[0]
        for short, name in names.items()
    }


def make_evidence(*commitments, published=True, parties=(), **fields):
    """An evidence item (test data: example.org addresses) for these commitments."""
    n = _n()
    fields.setdefault("kind", Evidence.Kind.OFFICIAL_RELEASE)
    fields.setdefault("url", f"https://www.example.org/release-{n}")
    fields.setdefault("publisher", "Example Ministry")
    fields.setdefault("date", datetime.date(2024, 6, 1))
    fields.setdefault("title", f"Release {n}")
    fields.setdefault("summary", f"Release {n} reports a step taken.")
    if published:
        fields.setdefault("published_at", timezone.now())
    evidence = Evidence.objects.create(**fields)
    evidence.commitments.set(commitments or [make_commitment()])
    evidence.parties.set(parties)
    return evidence


def make_assessment(
    commitment, rating="limited", party=None, evidence=None, published=True, **fields
):
    """An assessment (for the three together unless `party`), citing `evidence` (a new published
    item when None, none for "no evidence")."""
    fields.setdefault("as_of", datetime.date(2024, 7, 1))
    fields.setdefault("rationale", f"Rated {rating} from the evidence cited.")
    if published:
        fields.setdefault("published_at", timezone.now())
    assessment = Assessment.objects.create(
        commitment=commitment, rating=rating, party=party, **fields
    )
    if evidence is None:
        evidence = [] if rating == "no_evidence" else [make_evidence(commitment)]
    assessment.evidence.set(evidence)
    return assessment
