"""A realistic synthetic corpus for scale tests: meetings, statements, clauses, commitments, mentions.

Run it as a script against a dedicated database (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trilat_bench \
        .venv/bin/python bench/synthesize.py --meetings 5000 --commitments 100000 --seed 1

`synthesize(...)` writes N meetings (one statement each, K clauses per statement) in several series
over years, and M commitments mentioned 1 to 30 times each (a skewed distribution: most a few
times, some 30), with actors, topics, aliases and accepted mentions carrying stages and spans.
The wording comes from the curated corpus (fixtures/corpus.yaml) and the source texts
(fixtures/sources/) when present, else from a built-in vocabulary, so search and suggestion see
realistic words.

Deterministic for a seed: every meeting and every commitment draws from its own seeded generator,
so the output does not depend on batch sizes. Rows are streamed meeting by meeting and written in
batches (COPY on PostgreSQL, executemany elsewhere): memory holds one batch plus a compact plan
(a few bytes per mention), so peak memory stays flat as the corpus grows.
"""

import argparse
import datetime
import random
import resource
import sys
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

if __name__ == "__main__":  # a script: the project on the path and Django set up, before models
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.common import setup

    setup()

from django.core.management.color import no_style  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

from bench.corpus_rows import write_commitments, write_meetings
from bench.vocabulary import (  # noqa: E402
    COUNTRIES,
    FIRST_NAMES,
    LAST_NAMES,
    MAX_MENTIONS,
    ORGANISATIONS,
    SERIES,
    TITLES,
    Vocabulary,
    load_vocabulary,
    mention_count,
)
from commitments.models import (  # noqa: E402
    Actor,
    Clause,
    Commitment,
    CommitmentAlias,
    Meeting,
    MeetingSeries,
    Mention,
    Participation,
    Statement,
    Topic,
)
from commitments.services import derived  # noqa: E402

SLUG_PREFIX = "syn"
END_DATE = datetime.date(2026, 6, 30)


# (name, level, relative frequency of its meetings)
@dataclass
class Report:
    meetings: int = 0
    statements: int = 0
    clauses: int = 0
    commitments: int = 0
    mentions: int = 0
    aliases: int = 0
    derived: str = ""


@dataclass
class _Context:
    connection: object
    vocabulary: Vocabulary
    seed: int
    prefix: str
    now: object
    countries: list
    organisations: list
    people: list
    topics: list


def synthesize(
    meetings,
    commitments,
    clauses_per_statement=200,
    seed=1,
    batch_size=5000,
    using="default",
    vocabulary=None,
    log=None,
):
    """Write a synthetic corpus into the database `using`; returns a Report of what was written."""
    if meetings < 1 or commitments < 0 or clauses_per_statement < 1:
        raise ValueError("need at least 1 meeting, 0 commitments and 1 clause per statement")
    if using != "default":
        raise ValueError("the derived data (derived.refresh) is kept on the default database only")
    log = log or (lambda message: None)
    connection = connections[using]
    vocabulary = vocabulary or load_vocabulary()
    prefix = f"{SLUG_PREFIX}{seed}-"
    if Meeting.objects.using(using).filter(slug__startswith=prefix).exists():
        raise ValueError(
            f"this database already holds a synthetic corpus with seed {seed}; "
            "use another --seed or a fresh database"
        )
    report = Report()
    with transaction.atomic(using=using):
        fresh = not Commitment.objects.using(using).exists()
        ctx = _setup_reference_rows(connection, using, vocabulary, seed, prefix)
        schedule = _schedule_meetings(using, meetings, seed)
        first_ids = {
            model: (model.objects.using(using).aggregate(top=Max("id"))["top"] or 0) + 1
            for model in (Meeting, Statement, Clause, Commitment)
        }
        log(f"planning {commitments} commitments over {meetings} meetings")
        buckets, counts = _plan_mentions(schedule, commitments, seed)
        write_commitments(ctx, first_ids[Commitment], counts, batch_size, report)
        log(f"wrote {report.commitments} commitments")
        write_meetings(
            ctx, schedule, buckets, first_ids, clauses_per_statement, batch_size, report, log
        )
        del buckets
        models = [Meeting, Statement, Clause, Commitment]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            with connection.cursor() as cursor:
                cursor.execute(sql)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                _analyze(cursor)
        # COPY passed Django by: what the commitments show is computed once, here.
        log("computing derived data: summaries, search documents, suggestion index")
        report.derived = _refresh_derived(using, fresh, first_ids[Commitment])
    if connection.vendor == "postgresql" and connection.get_autocommit():
        # Outside the transaction: VACUUM sets the visibility map (index-only scans, fast counts).
        with connection.cursor() as cursor:
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in ANALYZED)
            # The search documents too: their statistics name the common words whose sets the
            # facet index keeps (browse/word_sets.py).
            cursor.execute(f"VACUUM (ANALYZE) {tables}, commitments_search")
    return report


ANALYZED = [
    Meeting,
    Participation,
    Statement,
    Clause,
    Commitment,
    Commitment.topics.through,
    Commitment.actors.through,
    CommitmentAlias,
    Mention,
]


def _analyze(cursor):
    """Fresh planner statistics for the tables written. Named tables only: a database-wide
    ANALYZE also locks shared catalogs until commit, blocking other databases' ANALYZE."""
    tables = ", ".join(cursor.db.ops.quote_name(m._meta.db_table) for m in ANALYZED)
    cursor.execute(f"ANALYZE {tables}")


def _setup_reference_rows(connection, using, vocabulary, seed, prefix):
    """Series, topics and actors: few rows, reused by name when they exist already."""
    db = Topic.objects.using(using)
    for index, (name, level, _) in enumerate(SERIES):
        MeetingSeries.objects.using(using).get_or_create(
            name=name,
            defaults={"slug": f"{prefix}series-{index}-{slugify(name)}"[:200], "level": level},
        )
    topics = []
    for index, name in enumerate(vocabulary.topics):
        topic = db.filter(name=name).first() or db.create(
            name=name, slug=f"{prefix}topic-{index}-{slugify(name)}"[:100]
        )
        topics.append(topic.id)
    countries = [
        _actor(using, Actor.Kind.COUNTRY, name, short, f"{prefix}country-{i}")
        for i, (name, short) in enumerate(COUNTRIES)
    ]
    organisations = [
        _actor(using, Actor.Kind.ORGANISATION, name, short, f"{prefix}org-{i}")
        for i, (name, short) in enumerate(ORGANISATIONS)
    ]
    rng = random.Random(f"{seed}:people")
    people = []
    for i in range(60):
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        country = countries[i % 3]
        person, _ = Actor.objects.using(using).get_or_create(
            slug=f"{prefix}person-{i}-{slugify(name)}",
            defaults={
                "kind": Actor.Kind.PERSON,
                "name": name,
                "title": rng.choice(TITLES),
                "country_id": country,
            },
        )
        people.append((person.id, country))
    return _Context(
        connection=connection,
        vocabulary=vocabulary,
        seed=seed,
        prefix=prefix,
        now=timezone.now(),
        countries=countries,
        organisations=organisations,
        people=people,
        topics=topics,
    )


def _actor(using, kind, name, short, slug):
    existing = Actor.objects.using(using).filter(kind=kind, name=name).first()
    if existing:
        return existing.id
    return Actor.objects.using(using).create(kind=kind, name=name, short_name=short, slug=slug).id


def _schedule_meetings(using, count, seed):
    """(series id, series name, ordinal, date) for each meeting, in date order."""
    rng = random.Random(f"{seed}:schedule")
    series = list(MeetingSeries.objects.using(using).filter(name__in=[s[0] for s in SERIES]))
    by_name = {s.name: s for s in series}
    weights = [w for _, _, w in SERIES]
    shares = [count * w // sum(weights) for w in weights]
    for i in range(count - sum(shares)):
        shares[i % len(shares)] += 1
    # Several meetings a year per series, over at least three years.
    span_days = max(3 * 365, max(shares) * 14)
    start = END_DATE - datetime.timedelta(days=span_days)
    schedule = []
    for (name, _, _), share in zip(SERIES, shares, strict=True):
        if not share:
            continue
        s = by_name[name]
        taken = set(s.meetings.values_list("start_date", flat=True))
        top = s.meetings.aggregate(top=Max("ordinal"))["top"] or 0
        days = [d for d in range(span_days) if start + datetime.timedelta(days=d) not in taken]
        chosen = sorted(rng.sample(days, share))
        for ordinal, day in enumerate(chosen, start=top + 1):
            schedule.append((s.id, s.name, ordinal, start + datetime.timedelta(days=day)))
    schedule.sort(key=lambda m: (m[3], m[0]))
    return schedule


def _plan_mentions(schedule, commitments, seed):
    """For each meeting, the commitments it mentions (encoded as index * 32 + mention number).

    A commitment lives mostly in one series: its mentions follow that series' meetings with small
    gaps, and a fifth of them land in other series (leaders reaffirming ministers' work).
    """
    by_series = {}
    for index, (series_id, *_rest) in enumerate(schedule):
        by_series.setdefault(series_id, []).append(index)
    series_ids = sorted(by_series)
    buckets = [array("l") for _ in schedule]
    counts = array("l", [0]) * commitments
    longest = max(by_series.values(), key=len)
    for c in range(commitments):
        rng = random.Random(f"{seed}:plan:{c}")
        if c == 0:
            # One commitment always runs through 30 consecutive meetings (the timeline benchmark).
            chosen = longest[-MAX_MENTIONS:]
        else:
            chosen = _meetings_of(rng, mention_count(rng), by_series, series_ids)
        counts[c] = len(chosen)
        for number, meeting in enumerate(chosen):
            buckets[meeting].append(c * 32 + number)
    return buckets, counts


def _meetings_of(rng, k, by_series, series_ids):
    home = by_series[rng.choice(series_ids)]
    position = rng.randrange(len(home))
    chosen = set()
    while len(chosen) < k and position < len(home):
        meeting = home[position]
        if rng.random() < 0.2:
            other = by_series[rng.choice(series_ids)]
            meeting = other[min(len(other) - 1, _bisect(other, meeting))]
        chosen.add(meeting)
        position += 1 + int(rng.expovariate(1.5))
    return sorted(chosen)


def _bisect(sorted_list, value):
    lo, hi = 0, len(sorted_list)
    while lo < hi:
        mid = (lo + hi) // 2
        if sorted_list[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _refresh_derived(using, fresh, first_id):
    """Summaries, search documents, the suggestion index and a new data version: for every
    commitment on a fresh database (one bulk pass), else for the new ones."""
    started = time.perf_counter()
    if fresh:
        count = derived.refresh_all()
    else:
        ids = list(Commitment.objects.filter(id__gte=first_id).values_list("id", flat=True))
        derived.refresh(ids)
        count = len(ids)
    return f"derived data computed for {count} commitments in {time.perf_counter() - started:.1f} s"


def peak_rss_mb():
    """This process's peak resident memory so far, in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        description="Write a realistic synthetic corpus: N meetings with one statement of K "
        "clauses each, M commitments mentioned 1 to 30 times. Deterministic for a seed."
    )
    parser.add_argument("--meetings", type=int, required=True, help="N meetings")
    parser.add_argument("--commitments", type=int, required=True, help="M commitments")
    parser.add_argument("--clauses-per-statement", type=int, default=200, help="K clauses")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=5000, help="rows per bulk write")
    parser.add_argument("--database", default="default", help="Django database alias")
    options = parser.parse_args(argv)
    if options.batch_size < 1:
        parser.error("--batch-size must be at least 1")
    return options


def main(argv=None, out=sys.stdout):
    """Build the corpus the arguments describe and print each phase's time and peak memory."""
    options = arguments(argv)
    started = time.perf_counter()

    def log(message):
        elapsed = time.perf_counter() - started
        print(f"[{elapsed:7.1f} s, peak RSS {peak_rss_mb():4.0f} MB] {message}", file=out)

    try:
        report = synthesize(
            meetings=options.meetings,
            commitments=options.commitments,
            clauses_per_statement=options.clauses_per_statement,
            seed=options.seed,
            batch_size=options.batch_size,
            using=options.database,
            log=log,
        )
    except ValueError as error:
        raise SystemExit(f"synthesize: {error}") from error
    print(
        f"synthesized {report.meetings} meetings, {report.statements} statements, "
        f"{report.clauses} clauses, {report.commitments} commitments ({report.aliases} aliases), "
        f"{report.mentions} mentions in {time.perf_counter() - started:.1f} s",
        file=out,
    )
    if report.derived:
        print(report.derived, file=out)
    print(f"peak RSS: {peak_rss_mb():.0f} MB", file=out)


if __name__ == "__main__":
    main()
