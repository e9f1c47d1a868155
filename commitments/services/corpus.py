"""The curated commitment corpus (fixtures/corpus.yaml): read, check, then load what is missing.

Clauses are referred to stably, by the statement's content hash and a quote (the highlighted words)
that occurs inside exactly one clause of it, so the corpus survives re-ingestion and changes of
clause splitting. Loading creates what is missing and never edits what exists: an editor's changes
to a topic, commitment or mention are kept, and a slug merged away is not re-created.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from commitments import tracking
from commitments.models import (
    Actor,
    ActorAlias,
    Clause,
    Commitment,
    CommitmentAlias,
    CommitmentRedirect,
    Mention,
    Stage,
    Statement,
    Topic,
    news_rank,
    normalize_alias,
)
from commitments.rules import free_slug, is_slug

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_PATH = Path(settings.BASE_DIR) / "fixtures" / "corpus.yaml"
STAGES = {stage.value for stage in Stage}
ACTOR_KINDS = {kind.value for kind in Actor.Kind}
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Typographic variants a source text and a curator may disagree on.
_QUOTE_CLASSES = {
    "'": "['’‘]",
    "’": "['’‘]",
    "‘": "['’‘]",
    '"': '["“”]',
    "“": '["“”]',
    "”": '["“”]',
}


class CorpusError(Exception):
    """The corpus cannot be loaded; `problems` lists every reason, one a line."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass
class LoadReport:
    topics: list = field(default_factory=list)
    actors: list = field(default_factory=list)
    commitments: list = field(default_factory=list)
    aliases: int = 0
    mentions: int = 0
    mentions_kept: int = 0
    redirected: list = field(default_factory=list)
    deleted: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.topics or self.actors or self.commitments or self.aliases or self.mentions)


# --- Reading and checking (no database) ---------------------------------------------------------


def read_corpus(path=DEFAULT_PATH):
    """Parse the corpus file; a missing file or bad YAML is a CorpusError."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except FileNotFoundError as exc:
        raise CorpusError([f"{path}: no such file"]) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise CorpusError([f"{path}: not valid YAML: {exc}"]) from exc
    if not isinstance(data, dict):
        raise CorpusError([f"{path}: expected a mapping with statements, topics and commitments"])
    return data


def quote_pattern(quote):
    """A regex for the quote that tolerates differences in white space and in quote marks."""
    parts = []
    for word in quote.split():
        parts.append("".join(_QUOTE_CLASSES.get(ch, re.escape(ch)) for ch in word))
    return re.compile(r"\s+".join(parts))


def find_quote(clause_texts, quote):
    """Every (index, start, end) where the quote occurs in the given clause texts."""
    pattern = quote_pattern(quote)
    return [
        (index, match.start(), match.end())
        for index, text in enumerate(clause_texts)
        for match in pattern.finditer(text)
    ]


def actor_names(spec):
    """Every name an actor spec answers to, normalised."""
    names = [spec.get("name", ""), spec.get("short_name", ""), *(spec.get("aliases") or [])]
    return [key for key in (normalize_alias(str(name)) for name in names) if key]


def check_corpus(data):
    """Every structural problem of a parsed corpus (unknown references, bad stages...), as text."""
    problems = []
    statements = data.get("statements") or {}
    if not isinstance(statements, dict):
        return ["statements: expected a mapping of key -> {sha256, file}"]
    for key, spec in statements.items():
        if not isinstance(spec, dict) or not _SHA256.match(str(spec.get("sha256", ""))):
            problems.append(f"statement {key}: sha256 must be 64 lowercase hex digits")

    topic_slugs = set()
    for n, topic in enumerate(_as_list(data, "topics", problems), 1):
        slug = topic.get("slug", "") if isinstance(topic, dict) else ""
        if not is_slug(str(slug)) or not topic.get("name"):
            problems.append(f"topic #{n}: needs a slug (letters, digits, -) and a name")
        elif slug in topic_slugs:
            problems.append(f"topic {slug}: listed twice")
        topic_slugs.add(slug)

    actor_keys = {}
    for n, spec in enumerate(_as_list(data, "actors", problems), 1):
        if not isinstance(spec, dict) or not spec.get("name"):
            problems.append(f"actor #{n}: needs a name")
            continue
        if spec.get("kind") not in ACTOR_KINDS:
            problems.append(
                f"actor {spec['name']}: unknown kind {spec.get('kind')!r} "
                f"(one of {', '.join(sorted(ACTOR_KINDS))})"
            )
        for key in actor_names(spec):
            other = actor_keys.setdefault(key, spec["name"])
            if other != spec["name"]:
                problems.append(f"actor {spec['name']}: name {key!r} is also {other}'s")
    for spec in _as_list(data, "actors", []):
        country = spec.get("country") if isinstance(spec, dict) else None
        if country and normalize_alias(country) not in actor_keys:
            problems.append(f"actor {spec['name']}: unknown country {country!r}")

    slugs = set()
    for n, item in enumerate(_as_list(data, "commitments", problems), 1):
        if not isinstance(item, dict):
            problems.append(f"commitment #{n}: expected a mapping")
            continue
        slug = str(item.get("slug", ""))
        where = f"commitment {slug or '#' + str(n)}"
        if not is_slug(slug):
            problems.append(f"{where}: needs a slug (letters, digits, -)")
        elif slug in slugs:
            problems.append(f"{where}: slug listed twice")
        slugs.add(slug)
        if not str(item.get("title", "")).strip():
            problems.append(f"{where}: needs a title")
        for topic in item.get("topics") or []:
            if topic not in topic_slugs:
                problems.append(f"{where}: unknown topic {topic!r}")
        for actor in item.get("actors") or []:
            if normalize_alias(str(actor)) not in actor_keys:
                problems.append(f"{where}: unknown actor {actor!r}")
        mentions = item.get("mentions") or []
        if not mentions:
            problems.append(f"{where}: has no mentions")
        for m, mention in enumerate(mentions, 1):
            if not isinstance(mention, dict):
                problems.append(f"{where}, mention #{m}: expected a mapping")
                continue
            if mention.get("statement") not in statements:
                problems.append(
                    f"{where}, mention #{m}: unknown statement {mention.get('statement')!r}"
                )
            if mention.get("stage") not in STAGES:
                problems.append(
                    f"{where}, mention #{m}: unknown stage {mention.get('stage')!r} "
                    f"(one of {', '.join(sorted(STAGES))})"
                )
            if not str(mention.get("quote", "")).strip():
                problems.append(f"{where}, mention #{m}: needs a quote")
    return problems


def _as_list(data, key, problems):
    value = data.get(key) or []
    if not isinstance(value, list):
        problems.append(f"{key}: expected a list")
        return []
    return value


@dataclass
class PlannedMention:
    commitment_slug: str
    clause_id: int
    stage: str
    span_start: int
    span_end: int
    quote: str


def locate_mentions(data, clauses_by_hash):
    """Find each mention's clause and span; returns (planned mentions, problems, notes).

    `clauses_by_hash` maps a statement's content hash to its clauses as (id, text) pairs; a hash
    missing from it is a statement not ingested yet.
    """
    statements = data.get("statements") or {}
    problems, notes, planned = [], [], {}
    missing = set()
    for item in data.get("commitments") or []:
        for mention in item.get("mentions") or []:
            key = mention["statement"]
            sha = statements[key]["sha256"]
            where = f"commitment {item['slug']}, {key}, quote {mention['quote']!r}"
            if sha not in clauses_by_hash:
                missing.add(key)
                continue
            clauses = clauses_by_hash[sha]
            hits = find_quote([text for _, text in clauses], mention["quote"])
            if not hits:
                problems.append(f"{where}: found in no clause")
                continue
            if len(hits) > 1:
                positions = ", ".join(str(index + 1) for index, _, _ in hits)
                problems.append(f"{where}: found in several places (clauses {positions})")
                continue
            index, start, end = hits[0]
            clause_id = clauses[index][0]
            pair = (item["slug"], clause_id)
            earlier = planned.get(pair)
            if earlier is not None:
                # Two quotes now in one clause (a coarser clause splitting): keep the more newsworthy.
                notes.append(f"{where}: same clause as {earlier.quote!r}; kept one mention")
                if news_rank(mention["stage"]) >= news_rank(earlier.stage):
                    continue
            planned[pair] = PlannedMention(
                item["slug"], clause_id, mention["stage"], start, end, mention["quote"]
            )
    for key in sorted(missing):
        spec = statements[key]
        problems.append(
            f"statement {key} ({spec.get('file', '')}, sha256 {spec['sha256'][:12]}...) is not in "
            "the database: ingest it first (manage.py ingest fixtures/sources)"
        )
    return list(planned.values()), problems, notes


# --- Loading (one transaction) ------------------------------------------------------------------


def load_corpus(data):
    """Check the whole corpus against the database, then create what is missing in one transaction.

    What the commitments show is refreshed once, at the end (tracking.deferred).
    Raises CorpusError listing every problem, having written nothing.
    """
    problems = check_corpus(data)
    if problems:
        raise CorpusError(problems)
    hashes = {spec["sha256"] for spec in (data.get("statements") or {}).values()}
    clauses_by_hash = {}
    for statement_hash, clause_id, text in (
        Clause.objects.filter(statement__content_hash__in=hashes)
        .order_by("statement_id", "position")
        .values_list("statement__content_hash", "id", "text")
    ):
        clauses_by_hash.setdefault(statement_hash, []).append((clause_id, text))
    for statement_hash in hashes - clauses_by_hash.keys():
        if Statement.objects.filter(content_hash=statement_hash).exists():
            clauses_by_hash[statement_hash] = []  # ingested, but without clauses
    planned, problems, notes = locate_mentions(data, clauses_by_hash)
    if problems:
        raise CorpusError(problems)

    report = LoadReport(notes=notes)
    with tracking.deferred():
        topics = {
            spec["slug"]: _get_or_create_topic(spec, report) for spec in data.get("topics") or []
        }
        actors = _get_or_create_actors(data.get("actors") or [], report)
        commitments = {
            item["slug"]: _get_or_create_commitment(item, topics, actors, report)
            for item in data.get("commitments") or []
        }
        clause_ids = {p.clause_id for p in planned}
        existing = set(
            Mention.objects.filter(clause_id__in=clause_ids).values_list(
                "clause_id", "commitment_id"
            )
        )
        # A mention an editor deleted stays deleted: its history row remembers the decision.
        existing |= set(
            Mention.history.filter(clause_id__in=clause_ids, history_type="-").values_list(
                "clause_id", "commitment_id"
            )
        )
        meeting_of, published = {}, set()
        for clause_id, meeting_id, published_at in Clause.objects.filter(
            id__in=clause_ids
        ).values_list("id", "statement__meeting_id", "statement__published_at"):
            meeting_of[clause_id] = meeting_id
            if published_at:
                published.add(clause_id)
        new = []
        for plan in planned:
            commitment = commitments[plan.commitment_slug]
            if commitment is None:
                continue
            if (plan.clause_id, commitment.id) in existing:
                report.mentions_kept += 1
                continue
            existing.add((plan.clause_id, commitment.id))
            new.append(
                Mention(
                    clause_id=plan.clause_id,
                    commitment=commitment,
                    meeting_id=meeting_of[plan.clause_id],
                    published=plan.clause_id in published,
                    stage=plan.stage,
                    origin=Mention.Origin.EDITOR,
                    review=Mention.Review.ACCEPTED,
                    span_start=plan.span_start,
                    span_end=plan.span_end,
                )
            )
        bulk_create_with_history(new, Mention, batch_size=500)  # in bulk, with history rows
        report.mentions = len(new)
    return report


def _get_or_create_topic(spec, report):
    topic = (
        Topic.objects.filter(slug=spec["slug"]).first()
        or Topic.objects.filter(name__iexact=spec["name"]).first()
    )
    if topic is None:
        topic = Topic.objects.create(
            slug=spec["slug"], name=spec["name"], description=spec.get("description", "")
        )
        report.topics.append(topic.slug)
    return topic


def _find_actor(spec):
    keys = actor_names(spec)
    aliases = {a.normalized: a.actor for a in ActorAlias.objects.filter(normalized__in=keys)}
    for key in keys:  # the corpus's own name first, then its short name and aliases
        if key in aliases:
            return aliases[key]
    names = [spec["name"], spec.get("short_name") or "", *(spec.get("aliases") or [])]
    for name in filter(None, names):
        actor = Actor.objects.filter(name__iexact=name).first()
        if actor is not None:
            return actor
    return Actor.objects.filter(slug=slugify(spec["name"])).first()


def _get_or_create_actors(specs, report):
    """Map every normalised actor name of the corpus to an Actor, creating the missing ones."""
    by_key = {}
    # Countries first: a person's country must exist before the person.
    for spec in sorted(specs, key=lambda s: s["kind"] != Actor.Kind.COUNTRY):
        actor = _find_actor(spec)
        if actor is None:
            country = by_key.get(normalize_alias(spec["country"])) if spec.get("country") else None
            actor = Actor.objects.create(
                kind=spec["kind"],
                name=spec["name"],
                slug=free_slug(Actor, spec["name"]),
                short_name=spec.get("short_name", ""),
                title=spec.get("title", ""),
                country=country,
            )
            for name in dict.fromkeys(
                [spec["name"], spec.get("short_name") or "", *(spec.get("aliases") or [])]
            ):
                key = normalize_alias(name)
                if key and not ActorAlias.objects.filter(normalized=key).exists():
                    ActorAlias.objects.create(actor=actor, name=name)
            report.actors.append(actor.name)
        for key in actor_names(spec):
            by_key[key] = actor
    return by_key


def _get_or_create_commitment(item, topics, actors, report):
    """The commitment at this slug: existing ones are left as editors made them."""
    commitment = Commitment.objects.filter(slug=item["slug"]).first()
    if commitment is not None:
        return commitment
    if Commitment.history.filter(slug=item["slug"], history_type="-").exists():
        # Deleted by an editor: a reload must not bring it back.
        report.deleted.append(item["slug"])
        return None
    redirect = (
        CommitmentRedirect.objects.filter(old_slug=item["slug"])
        .select_related("commitment")
        .first()
    )
    if redirect is not None:
        # Merged away by an editor: its mentions belong to the commitment it was merged into.
        report.redirected.append(f"{item['slug']} -> {redirect.commitment.slug}")
        return redirect.commitment
    commitment = Commitment.objects.create(
        slug=item["slug"], title=item["title"].strip(), summary=(item.get("summary") or "").strip()
    )
    commitment.topics.set([topics[slug] for slug in item.get("topics") or []])
    commitment.actors.set(
        list(dict.fromkeys(actors[normalize_alias(a)] for a in item.get("actors") or []))
    )
    aliases = [
        CommitmentAlias(commitment=commitment, name=str(name))
        for name in dict.fromkeys(item.get("aliases") or [])
    ]
    bulk_create_with_history(aliases, CommitmentAlias)
    report.aliases += len(aliases)
    report.commitments.append(commitment.slug)
    return commitment
