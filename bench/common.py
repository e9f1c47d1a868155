"""Shared by the bench scripts: Django set-up, the scenarios measured, timing helpers."""

import os
import statistics
import sys
from pathlib import Path

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
    return {"topic": topic, "actor": actor, "commitment": busiest, "meeting": meeting}


SEARCH_TERMS = ["semiconductor", "maritime security", "Trilateral Secretariat"]


def app_scenarios(data):
    """name -> path of the app's pages measured."""
    topic, actor = data["topic"].slug, data["actor"].slug
    return {
        "browser": "/",
        "browser topic+actor+stage": f"/?topic={topic}&actor={actor}&stage=reaffirmed",
        "browser search": f"/?q={SEARCH_TERMS[0]}",
        "browser search (broad)": "/?q=maritime+security",
        "timeline (30 mentions)": data["commitment"].get_absolute_url(),
        "meeting page": data["meeting"].get_absolute_url(),
    }
