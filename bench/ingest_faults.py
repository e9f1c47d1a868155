"""Ingestion under faults, on a scratch database (never the benchmark corpus):

- the same file ingested by several processes at once: exactly one statement is made, every other
  process reports it already present, none fails;
- a killed ingestion: `manage.py ingest` of a folder of texts is killed with SIGKILL midway; what
  it saved is whole (each statement with all its clauses, no meeting without a statement, no
  suggestion without its clause), the text it was saving left no trace, and ingesting the folder
  again completes it.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<scratch> .venv/bin/python bench/ingest_faults.py
"""

import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import ROOT, setup  # noqa: E402

setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

from commitments.ingest import parse_source  # noqa: E402
from commitments.models import Meeting, Mention, Statement  # noqa: E402

PROCESSES = 4
TEXTS = 12
PARAGRAPH = 150_000  # bytes of prose per text: each takes about a second to ingest


def manage(*args):
    return [sys.executable, str(ROOT / "manage.py"), *args]


RUN = random.randrange(100, 800)  # this run's years: texts no earlier run ingested


def text(n, size=PARAGRAPH):
    """A statement of its own meeting, with one long paragraph of prose."""
    from bench.ingest_speed import one_paragraph

    date = f"May {1 + n % 28}, {2000 + RUN + 800 * (n % 2)}"
    return (
        f"Joint Statement of the Trilateral Defense Talks\n\nTokyo, {date}\n\n"
        f"The United States, Japan, and the Republic of Korea convened the Defense Trilateral Talks "
        f"in Tokyo on {date}, meeting {RUN}-{n}.\n\n"
    ).encode() + one_paragraph(size)


def whole():
    """Problems with what was saved: statements missing clauses, empty meetings, stray rows."""
    problems = []
    for statement in Statement.objects.annotate(n=Count("clauses")):
        expected = len(parse_source(statement.raw_text.encode(), filename="x.txt").clauses)
        if statement.n != expected:
            problems.append(f"{statement.slug}: {statement.n} clauses of {expected}")
    empty = Meeting.objects.annotate(n=Count("statements")).filter(n=0).count()
    if empty:
        problems.append(f"{empty} meeting(s) without a statement")
    orphans = Mention.objects.filter(clause__isnull=True).count()
    if orphans:
        problems.append(f"{orphans} mention(s) without a clause")
    return problems


def concurrent_same_file(folder):
    path = folder / "same.txt"
    path.write_bytes(text(0, 20_000))
    before = Statement.objects.count()
    runs = [
        subprocess.Popen(
            manage("ingest", str(path)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(PROCESSES)
    ]
    outputs = [run.communicate() for run in runs]
    made = Statement.objects.count() - before
    created = sum(b"created" in out for out, _ in outputs)
    present = sum(b"already present" in out for out, _ in outputs)
    failed = [
        err.decode()[-300:] for (_, err), run in zip(outputs, runs, strict=True) if run.returncode
    ]
    print(f"== the same file ingested by {PROCESSES} processes at once")
    print(
        f"  statements made: {made}; created: {created}, already present: {present}; failed: {len(failed)}"
    )
    for message in failed:
        print("  ", message)
    ok = made == 1 and created == 1 and present == PROCESSES - 1 and not failed
    print(f"  {'ok' if ok else 'FAILED'}; whole: {whole() or 'yes'}")
    return ok and not whole()


def killed_midway(folder):
    texts = folder / "batch"
    texts.mkdir()
    for n in range(1, TEXTS + 1):
        (texts / f"text-{n:02d}.txt").write_bytes(text(n))
    before = Statement.objects.count()
    run = subprocess.Popen(
        manage("ingest", str(texts)), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while Statement.objects.count() - before < TEXTS // 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.4)  # into the next text's transaction
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    connection.close()
    saved = Statement.objects.count() - before
    problems = whole()
    print(f"== manage.py ingest of {TEXTS} texts killed with SIGKILL midway")
    print(f"  saved before the kill: {saved} of {TEXTS}; whole: {problems or 'yes'}")
    again = subprocess.run(manage("ingest", str(texts)), capture_output=True)
    total = Statement.objects.count() - before
    print(
        f"  ingested again: exit {again.returncode}, {total} of {TEXTS} statements; whole: {whole() or 'yes'}"
    )
    return not problems and again.returncode == 0 and total == TEXTS and not whole()


def main():
    if "bench" in connection.settings_dict["NAME"]:
        sys.exit("Run this on a scratch database, not a benchmark corpus: it ingests texts.")
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    with tempfile.TemporaryDirectory() as scratch:
        results = [concurrent_same_file(Path(scratch)), killed_midway(Path(scratch))]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
