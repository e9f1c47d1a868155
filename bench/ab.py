"""Two checkouts of Trilat timed on the same machine, their requests interleaved.

    python bench/ab.py --a /path/to/before --a-db postgres://.../trilat_bench_before \
        --b . --b-db postgres://.../trilat_bench [--rounds 5] [--requests 10]

Each side runs in its own process, in its own checkout (its own bench/common.py, settings and
code) on its own database, which that checkout's synthesizer built with the same arguments. The
parent asks each side in turn for `--requests` requests of one page, round after round, so that
both meet the same moments of a noisy machine. Printed: each page's median and p95 server time
(in-process) on each side, and their ratio. The pages are those both checkouts' bench/common.py
name, and each browser page's first view (the page cache emptied before each request).
"""

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

WORKER = r"""
import json, sys, time
sys.path.insert(0, ".")
from bench.common import app_scenarios, sample_data, setup
setup()
from django.test import Client
try:
    from browse.page_cache import clear
except ImportError:
    from commitments.pages import clear
client = Client()
pages = app_scenarios(sample_data())
client.get("/")
try:
    from browse.facet_index import wait_for_rebuild
except ImportError:
    wait_for_rebuild = lambda: None
wait_for_rebuild()
print(json.dumps(sorted(pages)), flush=True)
for line in sys.stdin:
    name, first, count = json.loads(line)
    path, samples = pages[name], []
    client.get(path)
    for _ in range(count):
        if first:
            clear()
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    print(json.dumps(samples), flush=True)
"""


def start(checkout, database):
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": database, "PYTHONPATH": str(checkout)}
    return subprocess.Popen(
        [sys.executable, "-c", WORKER],
        cwd=checkout,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )


def ask(worker, name, first, count):
    worker.stdin.write(json.dumps([name, first, count]) + "\n")
    worker.stdin.flush()
    return json.loads(worker.stdout.readline())


def p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", type=Path, required=True)
    parser.add_argument("--a-db", required=True)
    parser.add_argument("--b", type=Path, required=True)
    parser.add_argument("--b-db", required=True)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--requests", type=int, default=10, help="per page, side and round")
    args = parser.parse_args()
    sides = {"a": start(args.a.resolve(), args.a_db), "b": start(args.b.resolve(), args.b_db)}
    names = [set(json.loads(worker.stdout.readline())) for worker in sides.values()]
    cases = [(name, False) for name in sorted(names[0] & names[1])]
    cases += [(name, True) for name, _ in cases if name.startswith("browser")]
    samples = {(case, side): [] for case in cases for side in sides}
    for _ in range(args.rounds):
        for case in cases:
            for side, worker in sides.items():
                samples[case, side] += ask(worker, *case, args.requests)
    print(f"a: {args.a}\nb: {args.b}")
    print(f"{args.rounds} rounds of {args.requests} requests per page and side, interleaved\n")
    print(f"{'page':48} {'a median / p95':>18} {'b median / p95':>18} {'b/a p95':>8}")
    for name, first in cases:
        label = f"{name}, first view" if first else name
        a, b = samples[(name, first), "a"], samples[(name, first), "b"]
        print(
            f"{label:48} {statistics.median(a):7.1f} / {p95(a):6.1f} ms"
            f" {statistics.median(b):7.1f} / {p95(b):6.1f} ms {p95(b) / p95(a):8.2f}"
        )
    for worker in sides.values():
        worker.stdin.close()
        worker.wait()


if __name__ == "__main__":
    main()
