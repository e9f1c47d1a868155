"""Libraries weighed against ingestion's own code, on the same texts as bench/ingest_texts.py.

For each candidate that is installed (none is a dependency of the project; install them in a
scratch environment to run this): its import time and memory, its speed, and how often it gets
right what our code gets right.
- dates: dateparser's search_dates on the meeting sentence (publication date as the base for
  relative dates) vs ingest.dates, scored on the meeting date;
- sentences: pysbd and syntok vs ingest.clauses, agreement on the bundled texts' sentences and
  the time for one paragraph of 100 KB;
- HTML: trafilatura and selectolax vs ingest.html on pages made from the bundled texts with
  navigation, header and footer around them;
- language: lingua vs ingest.metadata's script count.

    python bench/ingest_libraries.py [DEVELOPMENT_SET_FOLDER]
"""

import importlib
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trilat.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from ingest_speed import one_paragraph  # noqa: E402
from ingest_texts import DEFAULT_DEVELOPMENT_SET, development_set, own_texts  # noqa: E402

from commitments.ingest import parse_source  # noqa: E402
from commitments.ingest.clauses import split_sentences  # noqa: E402
from commitments.ingest.clean import clean  # noqa: E402
from commitments.ingest.decode import decode_bytes  # noqa: E402
from commitments.ingest.html import html_to_text  # noqa: E402
from commitments.ingest.opening import meeting_sentence  # noqa: E402
from commitments.ingest.places import place_in  # noqa: E402

SOURCES = ROOT / "fixtures" / "sources"


def load(name):
    """(module, seconds to import, MB allocated while importing) or None if not installed."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        module = importlib.import_module(name)
    except ImportError:
        tracemalloc.stop()
        return None
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return module, elapsed, peak / 1e6


def texts(folder):
    found = list(own_texts())
    if folder.is_dir():
        found += list(development_set(folder))
    return [(label, raw, expected) for label, raw, expected in found if expected.get("kept")]


def compare_dates(corpus):
    loaded = load("dateparser.search")
    if loaded is None:
        print("dates: dateparser not installed")
        return
    search, seconds, megabytes = loaded
    ours = theirs = total = 0
    spent = 0.0
    for label, raw, expected in corpus:
        if expected.get("meeting_date") is None:
            continue
        total += 1
        result = parse_source(raw, filename=label)
        ours += bool(result.ok and result.metadata.meeting_date == expected["meeting_date"])
        text, _ = decode_bytes(raw)
        cleaned = clean(text)
        sentence = meeting_sentence(cleaned.paragraphs, cleaned.preamble, place_in)
        base = result.metadata.published_on if result.ok else None
        settings = {"RELATIVE_BASE": _datetime(base)} if base else {}
        started = time.perf_counter()
        found = search.search_dates(sentence or "", languages=["en", "ko", "ja"], settings=settings)
        spent += time.perf_counter() - started
        date = found[0][1].date() if found else None
        theirs += date == expected["meeting_date"]
    print(
        f"dates: meeting date right: ours {ours}/{total}, dateparser {theirs}/{total} "
        f"({spent / max(total, 1) * 1000:.0f} ms a sentence; import {seconds:.2f} s, "
        f"{megabytes:.0f} MB)"
    )


def _datetime(date):
    import datetime

    return datetime.datetime(date.year, date.month, date.day, 23, 59)


def compare_sentences():
    paragraphs = []
    for path in sorted(SOURCES.glob("*.txt")):
        result = parse_source(path.read_bytes(), filename=path.name)
        paragraphs += result.paragraphs
    ours = [[p[s:e] for s, e in split_sentences(p)] for p in paragraphs]
    long_paragraph = one_paragraph(100_000).decode()
    started = time.perf_counter()
    split_sentences(long_paragraph)
    print(
        f"sentences: ours: {sum(map(len, ours))} sentences, 100 KB paragraph in "
        f"{time.perf_counter() - started:.2f} s"
    )
    for name, split in (("pysbd", _pysbd), ("syntok", _syntok)):
        loaded = load(name)
        if loaded is None:
            print(f"sentences: {name} not installed")
            continue
        _, seconds, megabytes = loaded
        theirs = [split(p) for p in paragraphs]
        same = sum(1 for a, b in zip(ours, theirs, strict=True) if a == b)
        started = time.perf_counter()
        split(long_paragraph[:20_000])
        per_20kb = time.perf_counter() - started
        print(
            f"sentences: {name}: {sum(map(len, theirs))} sentences, {same}/{len(paragraphs)} "
            f"paragraphs cut exactly as ours; 20 KB paragraph in {per_20kb:.2f} s; import "
            f"{seconds:.2f} s, {megabytes:.0f} MB"
        )


def _pysbd(text):
    import pysbd

    return [s.strip() for s in pysbd.Segmenter(language="en", clean=False).segment(text)]


def _syntok(text):
    from syntok import segmenter

    sentences = []
    for paragraph in segmenter.analyze(text):
        for sentence in paragraph:
            sentences.append("".join(t.spacing + t.value for t in sentence).strip())
    return sentences


NAV = "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About us</a></nav>"
FOOTER = "<footer><p>Subscribe to our newsletter</p><p>Privacy policy</p></footer>"


def html_pages():
    for path in sorted(SOURCES.glob("*.txt")):
        result = parse_source(path.read_bytes(), filename=path.name)
        body = "".join(f"<p>{p}</p>" for p in result.paragraphs)
        page = (
            f"<!doctype html><html><head><title>{result.metadata.title}</title></head><body>"
            f"<header>Site banner</header>{NAV}<main><article><h1>{result.metadata.title}</h1>"
            f"{body}</article></main><aside>Related stories</aside>{FOOTER}</body></html>"
        )
        yield page, result.paragraphs


def compare_html():
    extractors = [("ours", lambda page: html_to_text(page)[0], None)]
    loaded = load("trafilatura")
    if loaded:
        extractors.append(("trafilatura", lambda page: loaded[0].extract(page) or "", loaded))
    loaded_lax = load("selectolax.lexbor")
    if loaded_lax:

        def lax(page, module=loaded_lax[0]):
            tree = module.LexborHTMLParser(page)
            for node in tree.css("nav, header, footer, aside, script, style"):
                node.decompose()
            main = tree.css_first("main") or tree.body
            return main.text(separator="\n") if main else ""

        extractors.append(("selectolax", lax, loaded_lax))
    pages = list(html_pages())
    for name, extract, cost in extractors:
        kept = noise = 0
        started = time.perf_counter()
        for page, paragraphs in pages:
            text = " ".join(extract(page).split())
            kept += sum(1 for p in paragraphs if " ".join(p.split()) in text)
            noise += sum(1 for word in ("Home", "Subscribe", "Related stories") if word in text)
        elapsed = (time.perf_counter() - started) / len(pages)
        total = sum(len(p) for _, p in pages)
        extra = f"; import {cost[1]:.2f} s, {cost[2]:.0f} MB" if cost else ""
        print(
            f"html: {name}: {kept}/{total} paragraphs kept whole, {noise} noise lines kept, "
            f"{elapsed * 1000:.0f} ms a page{extra}"
        )


def compare_languages(corpus):
    ours = sum(
        1
        for label, raw, expected in corpus
        if parse_source(raw, filename=label).metadata.language == expected.get("language")
    )
    print(f"language: ours {ours}/{len(corpus)} right")
    loaded = load("lingua")
    if loaded is None:
        print("language: lingua not installed")
        return
    lingua, seconds, megabytes = loaded
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    detector = lingua.LanguageDetectorBuilder.from_languages(
        lingua.Language.ENGLISH, lingua.Language.KOREAN, lingua.Language.JAPANESE
    ).build()
    codes = {
        lingua.Language.ENGLISH: "en",
        lingua.Language.KOREAN: "ko",
        lingua.Language.JAPANESE: "ja",
    }
    right = 0
    for label, raw, expected in corpus:
        body = parse_source(raw, filename=label).body
        right += codes.get(detector.detect_language_of(body)) == expected.get("language")
    elapsed = time.perf_counter() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    print(
        f"language: lingua {right}/{len(corpus)} right ({elapsed:.2f} s with its models; import "
        f"{seconds:.2f} s; the process grew by {grown:.0f} MB)"
    )


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DEVELOPMENT_SET or ".")
    corpus = texts(folder)
    compare_dates(corpus)
    compare_sentences()
    compare_html()
    compare_languages(corpus)


if __name__ == "__main__":
    main()
