"""Parse time of one long paragraph at 100 KB, 400 KB and 1 MB (just under the size limit).

Ingestion must stay linear in the length of a paragraph: a pasted page with no line breaks is
the worst case an editor can produce. No database is touched.

    .venv/bin/python bench/ingest_speed.py
"""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from commitments.ingest import parse_source  # noqa: E402

SENTENCES = [
    "The Secretary and the Foreign Ministers of Japan and the Republic of Korea met in Seoul on "
    "October 16, 2024, and reaffirmed the U.S.-Japan-ROK partnership.",
    "They condemned the DPRK's launches (in violation of U.N. resolutions, e.g. 2397) and said "
    "“We will act together.”",
    "Mr. Kim and Amb. Lee of No. 10 noted progress on the Trilateral Secretariat, approx. 30 projects.",
    "The three countries will continue to work closely with partners across the Indo-Pacific.",
]
SIZES = [100_000, 400_000, 999_000]


def one_paragraph(size):
    """One line of statement prose of `size` bytes."""
    parts, length, index = [], 0, 0
    while length < size:
        sentence = SENTENCES[index % len(SENTENCES)]
        parts.append(sentence)
        length += len(sentence.encode()) + 1
        index += 1
    return " ".join(parts).encode()[:size]


def main():
    for size in SIZES:
        raw = one_paragraph(size)
        started = time.perf_counter()
        result = parse_source(raw, filename=f"{size}.txt")
        elapsed = time.perf_counter() - started
        outcome = f"{len(result.clauses):,} clauses" if result.ok else "; ".join(result.errors)
        print(f"  one paragraph of {len(raw) / 1000:>5.0f} KB: {elapsed:6.2f} s ({outcome})")


if __name__ == "__main__":
    main()
