"""Server time of the public pages against the benchmark corpus, next to what a user would
otherwise use: the Django admin changelist, Datasette over the same data in SQLite, and the floor
(a bare view running the page's one main SQL query). Prints median and p95 and the ratios.

Every request is served in-process (django.test.Client; Datasette's own ASGI client), so the
figures are server time without network. Run on PostgreSQL (see bench/README.md):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trilat_bench .venv/bin/python bench/pages.py
"""

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (  # noqa: E402
    COMMON_WORD,
    MORE_TERMS,
    ROOT,
    SEARCH_TERMS,
    app_scenarios,
    filter_combinations,
    machine,
    require_postgres,
    sample_data,
    setup,
    summary,
)

OUT = ROOT / "bench" / "out"
DATASETTE_PYTHON = OUT / "datasette-venv" / "bin" / "python"
TARGETS = {"browser_p95_ms": 50, "floor_ratio": 1.5, "timeline_p95_ms": 30}
BROWSER = [
    "browser",
    "browser topic+actor+stage",
    "browser search",
    "browser search (broad)",
    "browser search (common word)",
]


def measure(get, path, requests, budget_s, warmup=2, before=None):
    """Time `get(path)` `requests` times (fewer if the time budget runs out, at least 5);
    `before()` runs untimed ahead of each request."""
    for _ in range(warmup):
        get(path)
    samples, started = [], time.perf_counter()
    for n in range(requests):
        if before:
            before()
        t0 = time.perf_counter()
        response = get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"GET {path} answered {response.status_code}")
        if n >= 4 and time.perf_counter() - started > budget_s:
            break
    return summary(samples)


def admin_scenarios(data):
    topic, actor = data["topic"].id, data["actor"].id
    base = "/admin/commitments/commitment/"
    return {
        "browser": base,
        "browser topic+actor+stage": f"{base}?topics__id__exact={topic}&actors__id__exact={actor}"
        "&latest_stage__exact=reaffirmed",
        "browser search": f"{base}?q={SEARCH_TERMS[0]}",
        "browser search (broad)": f"{base}?q=maritime+security",
        "browser search (common word)": f"{base}?q={COMMON_WORD}",
    }


def floor_scenarios(app):
    return {
        "browser": "/__floor__/",
        "browser topic+actor+stage": "/__floor__/" + app["browser topic+actor+stage"][1:],
        "browser search": "/__floor__/" + app["browser search"][1:],
        "browser search (broad)": "/__floor__/" + app["browser search (broad)"][1:],
        "browser search (common word)": "/__floor__/" + app["browser search (common word)"][1:],
        "timeline (30 mentions)": "/__floor__" + app["timeline (30 mentions)"],
        "meeting page": "/__floor__" + app["meeting page"],
    }


def datasette_scenarios(data):
    facets = "&".join(
        [
            "_facet=latest_stage",
            "_facet_m2m=commitments_topic",
            "_facet_m2m=commitments_actor",
            "_size=25",
            "_sort_desc=last_date",
        ]
    )
    table = "/trilat/commitments_commitment"
    wheres = [
        "id in (select commitment_id from commitments_commitment_topics "
        f"where topic_id = {data['topic'].id})",
        "id in (select commitment_id from commitments_commitment_actors "
        f"where actor_id = {data['actor'].id})",
    ]
    filtered = "&".join(f"_where={quote(w)}" for w in wheres)
    return {
        "browser": f"{table}?{facets}",
        "browser topic+actor+stage": f"{table}?latest_stage=reaffirmed&{filtered}&{facets}",
        "browser search": f"{table}?_search={SEARCH_TERMS[0]}&{facets}",
        "browser search (broad)": f"{table}?_search={quote('maritime security')}&{facets}",
        "browser search (common word)": f"{table}?_search={COMMON_WORD}&{facets}",
    }


EXPORT_TABLES = {
    "commitments_topic": ("id INTEGER PRIMARY KEY, name TEXT, slug TEXT", "id, name, slug"),
    "commitments_actor": (
        "id INTEGER PRIMARY KEY, kind TEXT, name TEXT, slug TEXT",
        "id, kind, name, slug",
    ),
    "commitments_commitment": (
        "id INTEGER PRIMARY KEY, title TEXT, slug TEXT, summary TEXT, latest_stage TEXT, "
        "first_date TEXT, last_date TEXT, meeting_count INTEGER, mention_count INTEGER",
        "id, title, slug, summary, latest_stage, first_date::text, last_date::text, "
        "meeting_count, mention_count",
    ),
    "commitments_commitment_topics": (
        "id INTEGER PRIMARY KEY, commitment_id INTEGER REFERENCES commitments_commitment(id), "
        "topic_id INTEGER REFERENCES commitments_topic(id)",
        "id, commitment_id, topic_id",
    ),
    "commitments_commitment_actors": (
        "id INTEGER PRIMARY KEY, commitment_id INTEGER REFERENCES commitments_commitment(id), "
        "actor_id INTEGER REFERENCES commitments_actor(id)",
        "id, commitment_id, actor_id",
    ),
}
EXPORT_INDEXES = [
    "CREATE INDEX commitment_stage ON commitments_commitment (latest_stage)",
    "CREATE INDEX commitment_last_date ON commitments_commitment (last_date)",
    "CREATE INDEX ct_commitment ON commitments_commitment_topics (commitment_id)",
    "CREATE INDEX ct_topic ON commitments_commitment_topics (topic_id)",
    "CREATE INDEX ca_commitment ON commitments_commitment_actors (commitment_id)",
    "CREATE INDEX ca_actor ON commitments_commitment_actors (actor_id)",
    "CREATE VIRTUAL TABLE commitments_commitment_fts USING fts5 "
    '(title, summary, content="commitments_commitment", content_rowid="id")',
    "INSERT INTO commitments_commitment_fts (commitments_commitment_fts) VALUES ('rebuild')",
]


def export_sqlite(path, force=False):
    """The browser's tables copied from PostgreSQL into SQLite for Datasette (with FTS5 on
    commitment title + summary and the indexes a careful user would add). Reused if current."""
    from django.db import connection

    from commitments.models import Commitment

    expected = Commitment.objects.count()
    if path.exists() and not force:
        with sqlite3.connect(path) as db:
            try:
                (count,) = db.execute("SELECT count(*) FROM commitments_commitment").fetchone()
            except sqlite3.Error:
                count = -1
        if count == expected:
            return 0.0
        path.unlink()
    elif path.exists():
        path.unlink()
    started = time.perf_counter()
    db = sqlite3.connect(path)
    for table, (columns, select) in EXPORT_TABLES.items():
        db.execute(f"CREATE TABLE {table} ({columns})")
        marks = ", ".join("?" * len(select.split(",")))
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {select} FROM {table} ORDER BY id")
            while rows := cursor.fetchmany(10_000):
                db.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    for statement in EXPORT_INDEXES:
        db.execute(statement)
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return time.perf_counter() - started


DATASETTE_RUNNER = """
import asyncio, json, sys, time
from datasette.app import Datasette

async def main(db, paths, requests, budget):
    ds = Datasette([db])
    await ds.invoke_startup()
    results = {}
    for name, path in paths.items():
        for _ in range(2):
            await ds.client.get(path)
        samples, started = [], time.perf_counter()
        for n in range(requests):
            t0 = time.perf_counter()
            response = await ds.client.get(path)
            samples.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                raise SystemExit(f"GET {path} answered {response.status_code}")
            if n >= 4 and time.perf_counter() - started > budget:
                break
        info = (await ds.client.get(path.replace("?", ".json?", 1))).json()
        results[name] = {"samples": samples, "timed_out": info.get("facets_timed_out", []),
                         "count": info.get("filtered_table_rows_count")}
    print(json.dumps(results))

asyncio.run(main(sys.argv[1], json.loads(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])))
"""


def run_datasette(db_path, paths, requests, budget_s):
    command = [
        str(DATASETTE_PYTHON),
        "-c",
        DATASETTE_RUNNER,
        str(db_path),
        json.dumps(paths),
        str(requests),
        str(budget_s),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"Datasette run failed:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bump_data_version():
    """What any write does: the facet index no longer serves (browse/facet_index.py)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('trilat_data_version')")


def bench_admin_user():
    from django.contrib.auth.models import User

    user = User.objects.filter(username="bench-admin").first()
    return user or User.objects.create_superuser("bench-admin", "bench@example.org", None)


def postgres_settings():
    """The server settings the figures depend on (the database's size against its memory)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'),"
            " pg_size_pretty(pg_database_size(current_database()))"
        )
        version, buffers, size = cursor.fetchone()
    return f"{version}, shared_buffers {buffers}, database {size}"


def corpus_size():
    from commitments.models import Clause, Commitment, Meeting, Mention

    return {
        "meetings": Meeting.objects.count(),
        "commitments": Commitment.objects.count(),
        "clauses": Clause.objects.count(),
        "mentions": Mention.objects.count(),
    }


def row(label, stats, extra=""):
    print(
        f"  {label:<44} n={stats['n']:<4} median {stats['median']:8.1f} ms   p95 {stats['p95']:8.1f} ms{extra}"
    )


def print_ratios(results, name, page):
    """A browser page's p95 against the floor's, the admin's and Datasette's for `name`."""
    parts = [f"floor x{page / results['floor'][name]['p95']:.2f}"]
    parts.append(f"vs admin x{page / results['admin'][name]['p95']:.2f}")
    if "datasette" in results:
        parts.append(f"vs Datasette x{page / results['datasette'][name]['p95']:.2f}")
    print(f"  {name:<30} p95 {page:7.1f} ms: " + ", ".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page (max)")
    parser.add_argument("--budget", type=float, default=60, help="seconds per page (max)")
    parser.add_argument("--combinations", type=int, default=200, help="random filter mixes")
    parser.add_argument("--no-datasette", action="store_true")
    parser.add_argument("--reexport", action="store_true", help="rebuild the SQLite copy")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    setup()
    require_postgres()
    from django.test import Client

    size = corpus_size()
    print(f"machine: {machine()}")
    print("corpus: " + ", ".join(f"{v:,} {k}" for k, v in size.items()))
    print(f"PostgreSQL: {postgres_settings()}")
    data = sample_data()
    app = app_scenarios(data)
    print(
        f"requests per page: up to {args.requests} (or {args.budget:.0f} s), server time in-process"
    )
    results = {"machine": machine(), "corpus": size, "app": {}, "floor": {}, "admin": {}}

    from browse import facet_index, page_cache

    client = Client()
    # A process that has served a while: its first index is made, with its per-year and common
    # words' sets (made in a thread once it serves: about 20 s at 100,000 commitments).
    client.get("/")
    facet_index.wait_for_rebuild()
    print("\nTrilat pages (a browser address opened again is answered from the page cache)")
    for name, path in app.items():
        results["app"][name] = stats = measure(client.get, path, args.requests, args.budget)
        row(name, stats)
    print("\nTrilat browser, first views: each request draws the page (the page cache emptied)")
    for name in BROWSER:
        results["app"][f"{name}, first view"] = stats = measure(
            client.get, app[name], args.requests, args.budget, before=page_cache.clear
        )
        row(f"{name}, first view", stats)
    combos = filter_combinations(args.combinations)
    # A server that has been answering has its search documents in memory: one search per term
    # first, so that the mixes measure filtering, not a freshly built database's first disk reads.
    for term in SEARCH_TERMS + MORE_TERMS:
        client.get("/", {"q": term})
    print(f"\nTrilat browser, {len(combos)} different random filter combinations, each once")
    print(f"  (after one search for each of their {len(SEARCH_TERMS + MORE_TERMS)} terms)")
    samples = []
    for path in combos:
        page_cache.clear()  # first views, even of a mix the searches above happened to open
        t0 = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - t0) * 1000)
        if response.status_code not in (200, 400):
            raise SystemExit(f"GET {path} answered {response.status_code}")
    results["app"]["browser, random filters"] = stats = summary(samples)
    slowest = combos[max(range(len(samples)), key=samples.__getitem__)]
    row("browser, random filters", stats, f"   slowest: {slowest}")
    print("\nTrilat browser, first view just after a write (the index is rebuilt meanwhile)")
    facet_index.REBUILD_EVERY = 0  # every measured write starts a rebuild (the worst case)
    lags = []

    def after_write():
        facet_index.wait_for_rebuild()
        bump_data_version()
        page_cache.clear()  # the previous index's pages would serve: draw the page, the worst case

    results["app"]["browser (after a write)"] = stats = measure(
        client.get, "/", max(5, args.requests // 5), args.budget, before=after_write
    )
    row("browser (after a write)", stats)
    for _ in range(3):
        bump_data_version()
        t0 = time.perf_counter()
        client.get("/")
        facet_index.wait_for_rebuild()
        lags.append((time.perf_counter() - t0) * 1000)
    results["app"]["index rebuild (lists lag a write by)"] = stats = summary(lags)
    row("index rebuild (lists lag a write by)", stats)
    api = f"/api/commitments?{urlencode({'per_page': 25})}"
    try:
        results["app"]["API list"] = stats = measure(client.get, api, args.requests, args.budget)
        row("API list", stats)
    except SystemExit as problem:
        print(f"  API list: not measured ({problem})")

    print("\n(c) the floor: the page's one main SQL query, rows rendered bare")
    for name, path in floor_scenarios(app).items():
        results["floor"][name] = stats = measure(client.get, path, args.requests, args.budget)
        row(name, stats)

    print("\n(a) Django admin changelist (logged-in superuser), same filters and search")
    admin = Client()
    admin.force_login(bench_admin_user())
    for name, path in admin_scenarios(data).items():
        results["admin"][name] = stats = measure(admin.get, path, args.requests, args.budget)
        row(name, stats)

    if not args.no_datasette:
        print("\n(b) Datasette over the same data in SQLite, table view with facets")
        if not DATASETTE_PYTHON.exists():
            print(f"  not measured: no Datasette at {DATASETTE_PYTHON} (see bench/README.md)")
        else:
            db_path = OUT / "trilat.sqlite3"
            took = export_sqlite(db_path, force=args.reexport)
            if took:
                print(f"  exported to {db_path} in {took:.1f} s")
            raw = run_datasette(db_path, datasette_scenarios(data), args.requests, args.budget)
            results["datasette"] = {}
            for name, found in raw.items():
                stats = summary(found["samples"])
                stats["facets_timed_out"] = found["timed_out"]
                results["datasette"][name] = stats
                note = f"   facets timed out: {found['timed_out']}" if found["timed_out"] else ""
                row(name, stats, note)

    print("\nRatios (p95; < 1 means Trilat is faster)")
    verdicts = []
    for name in BROWSER:
        page = results["app"][name]["p95"]
        print_ratios(results, name, page)
        verdicts.append(
            (f"{name} p95 < {TARGETS['browser_p95_ms']} ms", page < TARGETS["browser_p95_ms"])
        )
        verdicts.append(
            (
                f"{name} <= {TARGETS['floor_ratio']}x floor",
                page <= TARGETS["floor_ratio"] * results["floor"][name]["p95"],
            )
        )
        verdicts.append((f"{name} faster than admin", page < results["admin"][name]["p95"]))
        if "datasette" in results:
            verdicts.append(
                (f"{name} faster than Datasette", page < results["datasette"][name]["p95"])
            )
    print("First views (each drawn, none from the page cache):")
    for name in BROWSER:
        print_ratios(results, name, results["app"][f"{name}, first view"]["p95"])
    first_views = [f"{name}, first view" for name in BROWSER]
    for name in [*first_views, "browser, random filters", "browser (after a write)"]:
        if name in results["app"]:
            page = results["app"][name]["p95"]
            verdicts.append(
                (f"{name} p95 < {TARGETS['browser_p95_ms']} ms", page < TARGETS["browser_p95_ms"])
            )
    timeline = results["app"]["timeline (30 mentions)"]["p95"]
    verdicts.append(
        (f"timeline p95 < {TARGETS['timeline_p95_ms']} ms", timeline < TARGETS["timeline_p95_ms"])
    )
    print("\nTargets")
    for label, ok in verdicts:
        print(f"  {'met   ' if ok else 'MISSED'} {label}")
    results["targets"] = dict(verdicts)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
