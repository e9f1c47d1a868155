"""Suggestion quality on real texts of other meetings: a development set read by an editor.

The texts are not in the repository: they are read from the folder given as argument (or in
the TRILAT_DEVSET environment variable). `bench/realworld_links.yaml` holds one editor's reading of them: which
clause (a file name and a few of its words) speaks of which commitment of fixtures/corpus.yaml, at
which stage. Each text is ingested as a new statement against the demo data (`make data`), the
suggestion engine runs as it does on every new statement, and its pending suggestions are compared
with the reading:

- precision: suggested links the reading makes, over all suggested links;
- recall: links of the reading that were suggested;
- stage: correct links whose proposed stage is the reading's.

Everything happens in a transaction that is rolled back (the suggestion index is rebuilt in it
first, with the engine's code as it is): the database is left as it was.

    DEBUG=1 .venv/bin/python bench/suggest_realworld.py [-v] [--clauses] [FOLDER]

`--clauses` prints each text's clauses as ingestion splits them (to write the reading).
"""

import datetime
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.db import transaction  # noqa: E402

from commitments.ingest import IngestError, parse_source, save_parsed  # noqa: E402
from commitments.models import Commitment, Mention  # noqa: E402
from commitments.suggest import rebuild_index  # noqa: E402

DEFAULT_FOLDER = os.environ.get("TRILAT_DEVSET", "")
READING = Path(__file__).resolve().parent / "realworld_links.yaml"
FALLBACK_SERIES = "Development set meeting"


def squashed(text):
    return " ".join(text.replace("’", "'").replace("“", '"').replace("”", '"').split()).casefold()


def meeting_date(name):
    """The meeting date a development-set file name starts with (2024-06-02_...)."""
    found = re.match(r"(\d{4})-(\d{2})-(\d{2})", name)
    return datetime.date(*map(int, found.groups())) if found else None


def ingest(path):
    """Save one text as a new statement (with the date of its file name and a series of its own
    where ingestion found none); returns the statement, or the reason it was refused."""
    raw = path.read_bytes()
    result = parse_source(raw, filename=path.name)
    if not result.ok:
        return None, "; ".join(result.errors)
    overrides = {}
    if result.metadata.meeting_date is None:
        overrides["meeting_date"] = meeting_date(path.name)
    try:
        with transaction.atomic():
            return save_parsed(result, overrides=overrides).statement, ""
    except IngestError:
        overrides["series"] = FALLBACK_SERIES
        with transaction.atomic():
            return save_parsed(result, overrides=overrides).statement, ""


def clause_of(statement, quote):
    """The clause of `statement` whose text holds `quote` (spaces and quotes made plain)."""
    wanted = squashed(quote)
    found = [c for c in statement.clauses.all() if wanted in squashed(c.text)]
    return found[0] if len(found) == 1 else None


def evaluate(folder, reading, verbose=False, show_clauses=False):
    slugs = dict(Commitment.objects.values_list("slug", "id"))
    titles = {cid: slug for slug, cid in slugs.items()}
    rows = []
    with transaction.atomic():
        rebuild_index()  # with the engine's code as it is now
        for name, links in sorted(reading["texts"].items()):
            path = folder / name
            if not path.exists():
                print(f"{name}: missing from {folder}")
                continue
            statement, refused = ingest(path)
            if statement is None:
                print(f"{name}: refused by ingestion ({refused})")
                continue
            if show_clauses:
                print(f"\n== {name}")
                for clause in statement.clauses.order_by("position"):
                    print(f"  #{clause.position} {clause.text}")
            expected, problems = {}, []
            for link in links or []:
                clause = clause_of(statement, link["quote"])
                if clause is None:
                    problems.append(f"quote not in exactly one clause: {link['quote']!r}")
                    continue
                if link["commitment"] not in slugs:
                    problems.append(f"unknown commitment {link['commitment']}")
                    continue
                expected[clause.id, slugs[link["commitment"]]] = link["stage"]
            suggested = {
                (clause_id, cid): (stage, score)
                for clause_id, cid, stage, score in Mention.objects.filter(
                    clause__statement=statement, review=Mention.Review.PENDING
                ).values_list("clause_id", "commitment_id", "stage", "score")
            }
            correct = set(expected) & set(suggested)
            positions = dict(statement.clauses.values_list("id", "position"))
            rows.append(
                {
                    "name": name,
                    "language": statement.language,
                    "expected": len(expected),
                    "suggested": len(suggested),
                    "correct": len(correct),
                    "stage_ok": sum(expected[p] == suggested[p][0] for p in correct),
                    "missed": [
                        (positions[c], titles[k], expected[c, k])
                        for c, k in expected
                        if (c, k) not in suggested
                    ],
                    "wrong": [
                        (positions[c], titles[k], *suggested[c, k])
                        for c, k in suggested
                        if (c, k) not in expected
                    ],
                    "stages": [
                        (positions[c], titles[k], expected[c, k], suggested[c, k][0])
                        for c, k in sorted(correct)
                        if expected[c, k] != suggested[c, k][0]
                    ],
                    "problems": problems,
                }
            )
        transaction.set_rollback(True)
    return rows


def ratio(numerator, denominator):
    return numerator / denominator if denominator else float("nan")


def line(label, r):
    return (
        f"{label:<52} {r['expected']:>6} {r['suggested']:>9} {r['correct']:>7} "
        f"{ratio(r['correct'], r['suggested']):>9.2f} {ratio(r['correct'], r['expected']):>6.2f} "
        f"{ratio(r['stage_ok'], r['correct']):>6.2f}"
    )


def total(rows):
    keys = ("expected", "suggested", "correct", "stage_ok")
    return {key: sum(r[key] for r in rows) for key in keys}


def main(argv):
    verbose = "-v" in argv
    show_clauses = "--clauses" in argv
    folders = [Path(a) for a in argv if not a.startswith("-")]
    folder = folders[0] if folders else Path(DEFAULT_FOLDER) if DEFAULT_FOLDER else None
    if folder is None or not folder.is_dir():
        sys.exit(
            f"No development set at {folder}: give its folder as the argument or in TRILAT_DEVSET."
        )
    if not Commitment.objects.exists():
        sys.exit("No commitments: run `make data` (migrate, loaddemo) first.")
    reading = yaml.safe_load(READING.read_text(encoding="utf-8"))
    rows = evaluate(folder, reading, verbose, show_clauses)
    header = (
        f"{'text':<52} {'links':>6} {'suggested':>9} {'correct':>7} "
        f"{'precision':>9} {'recall':>6} {'stage':>6}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(line(r["name"][:52], r))
        for problem in r["problems"]:
            print("   !", problem)
        if verbose:
            for position, slug, stage in r["missed"]:
                print(f"   missed #{position} -> {slug} ({stage})")
            for position, slug, stage, score in r["wrong"]:
                print(f"   wrong  #{position} -> {slug} ({stage}, {score:.2f})")
            for position, slug, wanted, given in r["stages"]:
                print(f"   stage  #{position} -> {slug}: {given} != {wanted}")
    print("-" * len(header))
    english = [r for r in rows if r["language"] == "en"]
    if len(english) != len(rows):
        print(line("texts in English", total(english)))
        print(line("texts in other languages", total([r for r in rows if r not in english])))
    print(line("overall", total(rows)))


if __name__ == "__main__":
    main(sys.argv[1:])
