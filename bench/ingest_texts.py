"""What ingestion finds in real and written texts, scored against what is known of each.

Reads the project's own texts (tests/ingest/texts/, expected values in expected.yaml beside them)
and, when it exists, a development set of real texts in another folder (given as the
argument, or in the TRILAT_DEVSET environment variable) whose README.md
table gives each text's meeting date, meeting, place and language. Prints, per text, what was
kept or refused (and why), the meeting date, series, place, language, participants and parties,
the publisher and the outlet, and a score; then a summary per set. Writes nothing.

    .venv/bin/python bench/ingest_texts.py [DEVELOPMENT_SET_FOLDER]

The participants of the development set are not in its README: bench/realworld_participants.yaml
gives who met, by meeting date and language (read from the texts by an editor).
"""

import argparse
import datetime
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402
import yaml  # noqa: E402

django.setup()

from commitments.ingest import parse_source  # noqa: E402
from commitments.rules import normalize_alias  # noqa: E402

OWN_TEXTS = ROOT / "tests" / "ingest" / "texts"
# The development set is not in the repository: its folder is given (argument or TRILAT_DEVSET).
DEFAULT_DEVELOPMENT_SET = os.environ.get("TRILAT_DEVSET", "")
PARTICIPANTS = Path(__file__).resolve().parent / "realworld_participants.yaml"
# The series a README's description of a meeting names, most specific first.
README_SERIES = [
    (r"working group", "Defense Trilateral Talks Working Group"),
    (r"defense trilateral talks", "Defense Trilateral Talks"),
    (r"chiefs of defense|tri-chod", "Trilateral Chiefs of Defense"),
    (r"freedom edge", "Freedom Edge"),
    (r"indo-pacific dialogue", "Indo-Pacific Dialogue"),
    (r"vice foreign minist", "Vice Foreign Ministerial Dialogue"),
    (r"defen[cs]e ministers|\bTMM\b", "Trilateral Ministerial Meeting"),
    (r"foreign ministers", "Foreign Ministers' Meeting"),
    (r"leaders", "Trilateral Leaders' Summit"),
    (r"secretariat", "Trilateral Secretariat"),
    (r"economic security", "Economic Security Dialogue"),
]
LANGUAGES = {"english": "en", "korean": "ko", "japanese": "ja"}
SCORED = ["kept", "date", "series", "place", "language", "participants"]


def own_texts():
    """(label, raw bytes, expected) for the project's own texts."""
    expected = yaml.safe_load((OWN_TEXTS / "expected.yaml").read_text(encoding="utf-8"))
    for name, values in expected.items():
        yield name, (OWN_TEXTS / name).read_bytes(), values


def development_set(folder):
    """(label, raw bytes, expected) for the texts a README table describes."""
    readme = folder / "README.md"
    if not readme.exists():
        return
    participants = yaml.safe_load(PARTICIPANTS.read_text(encoding="utf-8")) or {}
    for row in _table_rows(readme.read_text(encoding="utf-8")):
        path = folder / row["file"]
        if not path.exists():
            continue
        date = _first_date(row.get("meeting date", ""))
        language = _language(row.get("language", ""))
        expected = {
            "kept": True,
            "meeting_date": date,
            "series": _series(row.get("meeting (kind, place)", "")),
            "place": row.get("meeting (kind, place)", "").rsplit(",", 1)[-1].strip(),
            "language": language,
        }
        who = participants.get(f"{date} {language}")
        if who is not None:
            expected["participants"] = who
        yield row["file"], path.read_bytes(), expected


def _table_rows(text):
    lines = [line for line in text.splitlines() if line.startswith("|")]
    if len(lines) < 3:
        return
    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip("|").split(" | ")]
        if len(cells) >= len(header):
            yield dict(zip(header, cells, strict=False))


def _first_date(text):
    match = re.search(r"\d{4}-\d{2}-\d{2}", text)
    return datetime.date.fromisoformat(match.group()) if match else None


def _language(text):
    first = text.split()[0].casefold() if text.split() else ""
    return LANGUAGES.get(first, first)


def _series(description):
    for pattern, name in README_SERIES:
        if re.search(pattern, description, re.I):
            return name
    return None


def examine(label, raw, expected):
    """One text: what parsing found, and a mark per scored field (True, False or None: unknown)."""
    started = time.perf_counter()
    result = parse_source(raw, filename=label)
    elapsed = time.perf_counter() - started
    row = {"label": label, "ms": elapsed * 1000, "kept": result.ok, "errors": result.errors}
    marks = {"kept": result.ok == expected.get("kept", True)}
    if result.ok:
        meta = result.metadata
        people = [getattr(p, "known", "") or p.name or p.title for p in meta.participants]
        row.update(
            date=meta.meeting_date,
            series=meta.series,
            place=meta.place,
            language=meta.language,
            participants=people,
            parties=list(meta.parties),
            publisher=meta.publisher,
            found_at=getattr(meta, "found_at", ""),
            is_repost=getattr(meta, "is_repost", False),
            ready=bool(meta.series and meta.meeting_date),
            warnings=len(result.warnings),
        )
        marks["date"] = _mark(expected, "meeting_date", lambda v: meta.meeting_date == v)
        marks["series"] = _mark(expected, "series", lambda v: meta.series == v)
        marks["place"] = _mark(expected, "place", lambda v: _same_place(meta.place, v))
        marks["language"] = _mark(expected, "language", lambda v: meta.language == v)
        marks["participants"] = _mark(
            expected, "participants", lambda v: _names(people) == _names(v)
        )
    else:
        row["ready"] = False
        for field in SCORED[1:]:
            marks[field] = False if expected.get("kept", True) else None
    row["marks"] = marks
    return row


def _mark(expected, key, test):
    if key not in expected:
        return None
    return bool(test(expected[key]))


def _same_place(found, expected):
    """The place found names the expected one (its first word is in it), or both are empty."""
    if not expected:
        return not found
    if not found:
        return False
    first = normalize_alias(found).split()[0]
    return first in normalize_alias(expected).split()


def _names(names):
    return sorted(normalize_alias(name) for name in names or [])


def print_row(row):
    marks = row["marks"]
    score = sum(1 for v in marks.values() if v) / max(
        1, sum(1 for v in marks.values() if v is not None)
    )

    def tick(field):
        value = marks.get(field)
        return {True: "ok", False: "WRONG", None: "-"}[value]

    print(f"\n{row['label']}  ({row['ms']:.0f} ms, score {score:.0%})")
    if not row["kept"]:
        print(f"  refused [{tick('kept')}]: {'; '.join(row['errors'])}")
        return
    print(f"  kept [{tick('kept')}], {row['warnings']} warning(s), ready to save: {row['ready']}")
    print(
        f"  date {row['date']} [{tick('date')}]; series {row['series'] or '-'} [{tick('series')}]"
    )
    print(
        f"  place {row['place'] or '-'} [{tick('place')}]; language {row['language']} [{tick('language')}]"
    )
    print(f"  participants {', '.join(row['participants']) or '-'} [{tick('participants')}]")
    print(f"  parties {', '.join(row['parties']) or '-'}")
    repost = " (repost)" if row["is_repost"] else ""
    print(f"  publisher {row['publisher'] or '-'}; found at {row['found_at'] or '-'}{repost}")


def print_summary(title, rows):
    print(f"\n== {title}: {len(rows)} texts")
    ready = sum(1 for row in rows if row["ready"])
    parts = [f"ready to save (series and date found) {ready}/{len(rows)}"]
    for field in SCORED:
        known = [row["marks"][field] for row in rows if row["marks"].get(field) is not None]
        parts.append(f"{field} right {sum(known)}/{len(known)}")
    print("   " + "; ".join(parts))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(DEFAULT_DEVELOPMENT_SET))
    args = parser.parse_args()
    sets = [("the project's own texts", list(own_texts()))]
    folder = Path(args.folder) if args.folder else None
    if folder and folder.is_dir():
        sets.append((f"development set ({folder.name})", list(development_set(folder))))
    else:
        print(
            "(no development set given (argument or TRILAT_DEVSET): only the project's own texts)"
        )
    summaries = []
    for title, texts in sets:
        print(f"\n######## {title}")
        rows = [examine(*text) for text in texts]
        for row in rows:
            print_row(row)
        summaries.append((title, rows))
    for title, rows in summaries:
        print_summary(title, rows)


if __name__ == "__main__":
    main()
