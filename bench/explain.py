"""Print EXPLAIN (ANALYZE, BUFFERS) for every SQL query of the browser's main pages.

The queries are those the real views run (captured while requesting each page in-process), so
the plans are the app's, not copies. Run against a PostgreSQL corpus, e.g.:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trilat_bench .venv/bin/python bench/explain.py
    ... bench/explain.py --only "browser search" --summary   # one line per query
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import app_scenarios, require_postgres, sample_data, setup  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="a scenario name (default: all)")
    parser.add_argument("--summary", action="store_true", help="one line per query, no plans")
    parser.add_argument("--extra", action="append", default=[], help="another path to explain")
    args = parser.parse_args()
    setup()
    require_postgres()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    data = sample_data()
    scenarios = app_scenarios(data)
    # Each other filter and sort alone, through the floor view: the browser's main query only.
    meeting = data["meeting"]
    for query in [
        "mention_stage=achieved",
        f"series={meeting.series.slug}",
        f"meeting={meeting.slug}",
        "mentioned_after=2020-01-01&mentioned_before=2021-01-01",
        "sort=first",
        "sort=meetings",
        "sort=title",
        "stage=stalled&sort=title",
    ]:
        scenarios[f"main query: {query}"] = f"/__floor__/?{query}"
    scenarios.update({path: path for path in args.extra})
    from django.test.utils import override_settings

    # Every query the pages can run: the facet index is built on each request here, so its
    # build queries show too.
    override_settings(FACET_INDEX_SECONDS=0).enable()
    client = Client()
    for name, path in scenarios.items():
        if args.only and name != args.only:
            continue
        client.get(path)  # warm caches so plans show steady-state buffers
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        print(f"\n=== {name}: GET {path} -> {response.status_code}, {len(captured)} queries")
        for number, query in enumerate(captured.captured_queries, start=1):
            sql = query["sql"]
            if not re.match(r"\s*(SELECT|WITH)\b", sql, re.I):
                continue
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                plan = [row[0] for row in cursor.fetchall()]
            total = next((line for line in plan if line.startswith("Execution Time")), "")
            print(f"\n--- query {number} ({total}): {sql[:300]}{'...' if len(sql) > 300 else ''}")
            if not args.summary:
                print("\n".join(plan))


if __name__ == "__main__":
    main()
