"""Time ingesting one new 10 KB statement (parse, save, suggestions) into a corpus.

Each run ingests a fresh text (same kind as a leaders' joint statement, mentioning existing
commitments so the suggestion engine has candidates) inside a transaction that is rolled back:
the corpus is left as it was. With --scales it also builds (once) and measures smaller corpora,
printing how the time grows from 1,000 to 100,000 commitments:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/trilat_bench .venv/bin/python bench/ingest.py
    DATABASE_URL=... .venv/bin/python bench/ingest.py --scales
"""

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, require_postgres, setup  # noqa: E402

TARGET_S = 1.0
SIZE = 10 * 1024
# Smaller corpora, in the benchmark's proportions (20 commitments and 200 clauses per meeting).
SCALES = [(50, 1_000), (500, 10_000)]


class Rollback(Exception):
    pass


def statement_text(run, titles, sentences):
    """A new ~10 KB leaders' joint statement: front matter, source-like prose, and clauses that
    speak of existing commitments with stage wording."""
    rng = random.Random(run)
    day = 1 + run % 27
    lines = [
        "---",
        f"date: '2027-03-{day:02d}'",
        'title: "Joint Statement of Japan, the Republic of Korea, and the United States"',
        "---",
        "",
        "We, the leaders of Japan, the Republic of Korea (ROK), and the United States, met "
        f"today for our Trilateral Leaders' Summit, our meeting number {run}.",
    ]
    openings = [
        "We reaffirm our commitment to the {t}.",
        "We welcomed progress on the {t}.",
        "Today, we announce the establishment of the {t}.",
        "We commit to expand the {t} in the coming year.",
    ]
    body = []
    while sum(len(p) + 2 for p in body) < SIZE - 600:
        paragraph = [rng.choice(sentences) for _ in range(2)]
        paragraph.append(rng.choice(openings).format(t=rng.choice(titles)))
        body.append(" ".join(paragraph))
    return "\n".join(lines) + "\n\n" + "\n\n".join(body) + "\n"


def measure(runs):
    from django.db import transaction

    from bench.vocabulary import load_vocabulary
    from commitments.ingest import parse_source, save_parsed
    from commitments.models import Commitment, Mention

    titles = list(Commitment.objects.order_by("?").values_list("title", flat=True)[:40]) or [
        "trilateral secretariat"
    ]
    sentences = load_vocabulary().sentences
    timings, suggested, sizes = [], [], []
    for run in range(runs):
        raw = statement_text(run + int(time.time()), titles, sentences).encode()
        sizes.append(len(raw))
        started = time.perf_counter()
        try:
            with transaction.atomic():
                # The series as an editor confirms it in the preview (the cue words are random).
                outcome = save_parsed(
                    parse_source(raw, filename=f"bench-{run}.txt"),
                    overrides={"series": "Trilateral Leaders' Summit"},
                )
                elapsed = time.perf_counter() - started
                suggested.append(
                    Mention.objects.filter(clause__statement=outcome.statement).count()
                    if getattr(outcome, "statement", None)
                    else 0
                )
                raise Rollback
        except Rollback:
            pass
        timings.append(elapsed)
    return {
        "commitments": Commitment.objects.count(),
        "bytes": statistics.median(sizes),
        "median_s": statistics.median(timings),
        "max_s": max(timings),
        "suggestions": statistics.median(suggested),
        "runs": runs,
    }


def database_url(base, name):
    return base.rsplit("/", 1)[0] + "/" + name


def ensure_corpus(url, meetings, commitments):
    """Create, migrate and synthesize a smaller corpus once (skipped when it has data)."""
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    name = url.rsplit("/", 1)[1]
    host = url.split("@", 1)[1].split("/", 1)[0].split(":")[0]
    created = subprocess.run(
        ["createdb", "-h", host, "-U", "postgres", name], capture_output=True, text=True
    )
    if created.returncode and "already exists" not in created.stderr:
        raise SystemExit(f"createdb {name}: {created.stderr.strip()}")
    python = str(ROOT / ".venv" / "bin" / "python")
    manage = str(ROOT / "manage.py")
    subprocess.run([python, manage, "migrate", "-v0"], env=env, check=True)
    probe = subprocess.run(
        [python, manage, "shell", "-c",
         "from commitments.models import Commitment; print(Commitment.objects.count())"],
        env=env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    if int(probe.stdout.strip().splitlines()[-1]) == 0:
        subprocess.run(
            [python, str(ROOT / "bench" / "synthesize.py"), "--meetings", str(meetings),
             "--commitments", str(commitments)],
            env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip


def print_row(result):
    verdict = "met" if result["max_s"] < TARGET_S else "MISSED"
    print(
        f"  {result['commitments']:>7,} commitments: median {result['median_s'] * 1000:6.0f} ms, "
        f"max {result['max_s'] * 1000:6.0f} ms over {result['runs']} runs "
        f"({result['bytes'] / 1024:.1f} KB, {result['suggestions']:.0f} suggested mentions) "
        f"[{verdict}: < {TARGET_S:.0f} s]"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scales", action="store_true", help="also 1,000 and 10,000 commitments")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup()
    require_postgres()
    if args.json:
        print(json.dumps(measure(args.runs)))
        return
    print("Ingesting one new 10 KB statement, suggestions included (rolled back after each run)")
    if args.scales:
        base = os.environ["DATABASE_URL"]
        for meetings, commitments in SCALES:
            url = database_url(base, f"trilat_bench_{commitments // 1000}k")
            ensure_corpus(url, meetings, commitments)
            done = subprocess.run(
                [sys.executable, __file__, "--json", "--runs", str(args.runs)],
                env={**os.environ, "DATABASE_URL": url},
                stdout=subprocess.PIPE, text=True, check=True,
            )  # fmt: skip
            print_row(json.loads(done.stdout.strip().splitlines()[-1]))
    print_row(measure(args.runs))


if __name__ == "__main__":
    main()
