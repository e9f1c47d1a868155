"""Shared by the bench scripts: Django set-up, the scenarios measured, timing helpers."""

import os
import statistics
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def setup():
    """Configure Django for a bench script run as `python bench/<script>.py`."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from trilat.runtime import tune_gc

    tune_gc()  # as trilat/wsgi.py does for the served application


def require_postgres():
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit(
            "This benchmark runs on PostgreSQL: set DATABASE_URL, e.g. "
            "postgres://postgres@127.0.0.1:5432/trilat_bench (see bench/README.md)."
        )


def percentile(samples, fraction):
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(samples_ms):
    return {
        "n": len(samples_ms),
        "median": statistics.median(samples_ms),
        "p95": percentile(samples_ms, 0.95),
    }


def machine():
    """nproc, memory and CPU model of this machine, for the figures' provenance."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        memory_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        memory_kb = 0
    return f"{os.cpu_count()} CPUs ({cpu}), {memory_kb / 1024 / 1024:.1f} GB RAM"


def sample_data():
    """Real names from the database to build the scenarios with (deterministic picks)."""
    from django.db.models import Count

    from commitments.models import Actor, Commitment, Meeting, Topic

    topic = Topic.objects.annotate(n=Count("commitments")).order_by("-n", "id").first()
    actor = (
        Actor.objects.filter(kind=Actor.Kind.COUNTRY)
        .annotate(n=Count("commitments"))
        .order_by("-n", "id")[1:2]
        .first()
    )
    busiest = Commitment.objects.order_by("-mention_count", "id").first()
    meeting = (
        Meeting.objects.annotate(n=Count("mentions"))
        .filter(n__gt=0)
        .order_by("-start_date")
        .first()
    )
    earlier = (
        Meeting.objects.filter(
            series=meeting.series, published=True, start_date__lt=meeting.start_date
        )
        .order_by("-start_date")
        .first()
    )
    statement = meeting.statements.filter(published_at__isnull=False).order_by("id").first()
    return {
        "topic": topic,
        "actor": actor,
        "commitment": busiest,
        "meeting": meeting,
        "earlier meeting": earlier,
        "statement": statement,
    }


SEARCH_TERMS = ["semiconductor", "maritime security", "Trilateral Secretariat"]
COMMON_WORD = "cooperation"  # in about half the corpus's commitments, as in real statements
MORE_TERMS = ["supply chain", "cyber", "critical minerals", "coast guard", "humanitarian"]


def filter_combinations(count, seed=7):
    """`count` browser addresses, each a different random mix of the filters (deterministic):
    topic, actor, furthest stage, latest word, stage at a mention, series, meeting, text, dates, sort."""
    import random

    from commitments.models import PROGRESS_ORDER, Actor, Meeting, MeetingSeries, Stage, Topic

    rng = random.Random(seed)
    pools = {
        "topic": list(Topic.objects.order_by("id").values_list("slug", flat=True)),
        "actor": list(Actor.objects.order_by("id").values_list("slug", flat=True)),
        "furthest": [s.value for s in PROGRESS_ORDER],
        "latest": [s.value for s in Stage],
        "mention_stage": [s.value for s in Stage],
        "series": list(MeetingSeries.objects.order_by("id").values_list("slug", flat=True)),
        "meeting": list(Meeting.objects.order_by("id").values_list("slug", flat=True)),
        "q": SEARCH_TERMS + MORE_TERMS,
        "sort": ["recent", "first", "meetings", "title"],
    }
    chances = {
        "topic": 0.5,
        "actor": 0.5,
        "furthest": 0.2,
        "latest": 0.3,
        "mention_stage": 0.2,
        "series": 0.25,
        "meeting": 0.1,
        "q": 0.25,
        "sort": 0.2,
    }
    paths = set()
    while len(paths) < count:
        pairs = [
            (name, rng.choice(pools[name]))
            for name, p in chances.items()
            if pools[name] and rng.random() < p
        ]
        if rng.random() < 0.15:  # a few years, decades, or open-ended on either side
            start = rng.randrange(1988, 2026)
            stop = start + rng.choice([0, 2, 7, 15, 30])
            shape = rng.choice(["both", "both", "after", "before"])
            if shape != "before":
                pairs.append(("mentioned_after", f"{start}-{rng.randrange(1, 13):02d}-01"))
            if shape != "after":
                pairs.append(("mentioned_before", f"{min(stop, 2026)}-12-31"))
        paths.add("/?" + urlencode(pairs) if pairs else "/")
    return sorted(paths)


def app_scenarios(data):
    """name -> path of the app's pages measured."""
    topic, actor = data["topic"].slug, data["actor"].slug
    return {
        "browser": "/",
        "browser topic+actor+stage": f"/?topic={topic}&actor={actor}&stage=reaffirmed",
        "browser search": f"/?q={SEARCH_TERMS[0]}",
        "browser search (broad)": "/?q=maritime+security",
        "browser search (common word)": f"/?q={COMMON_WORD}",
        "timeline (30 mentions)": data["commitment"].get_absolute_url(),
        "meeting page": data["meeting"].get_absolute_url(),
        "compare two meetings": (
            f"/meetings/compare/?from={data['earlier meeting'].slug}&to={data['meeting'].slug}"
        ),
        "statement page": data["statement"].get_absolute_url(),
        "meeting list": "/meetings/",
        "topic page": f"/topics/{topic}/",
        "disagreements": "/assessments/disagreements/",
    }
