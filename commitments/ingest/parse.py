"""The pure half of ingestion: raw bytes -> a ParseResult (metadata, body, clauses) or errors."""

from dataclasses import dataclass, field

from django.conf import settings

from commitments.ingest.clauses import cut_clauses
from commitments.ingest.clean import clean
from commitments.ingest.decode import DecodeError, decode_bytes
from commitments.ingest.html import HtmlError, html_to_text, looks_like_html
from commitments.ingest.metadata import Metadata, extract_metadata
from commitments.models import content_hash

MIN_STATEMENT_WORDS = 30


@dataclass
class ParseResult:
    """What parse_source found in one source text; `ok` is False when `errors` says why not."""

    filename: str | None
    content_hash: str
    errors: list = field(default_factory=list)
    raw_text: str = ""
    encoding: str = ""
    metadata: Metadata | None = None
    paragraphs: list = field(default_factory=list)
    clauses: list = field(default_factory=list)
    segments: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors

    @property
    def body(self):
        return "\n\n".join(self.paragraphs)

    @property
    def dropped(self):
        """The pieces of the source text left out of the body, each with the reason."""
        return [segment for segment in self.segments if not segment.kept]

    @property
    def label(self):
        return self.filename or f"text {self.content_hash[:12]}"


def parse_source(raw, filename=None, max_bytes=None):
    """Parse one source text. Never raises: problems come back as `errors` on the result."""
    raw = raw.encode("utf-8") if isinstance(raw, str) else bytes(raw or b"")
    result = ParseResult(filename=filename, content_hash=content_hash(raw))
    limit = max_bytes if max_bytes is not None else settings.INGEST_MAX_BYTES
    if len(raw) > limit:
        result.errors.append(
            f"The file is too big: {len(raw):,} bytes; the limit is {limit:,} bytes "
            "(the longest joint statements are about 30 KB)."
        )
        return result
    try:
        _parse_into(result, raw)
    except (DecodeError, HtmlError) as exc:
        result.errors.append(str(exc))
    except Exception as exc:  # a bug must not take the batch or the server down with it
        result.errors.append(f"The text could not be parsed ({type(exc).__name__}: {exc}).")
    return result


def _parse_into(result, raw):
    text, result.encoding = decode_bytes(raw)
    result.raw_text = text
    page_metadata = None
    if looks_like_html(text):
        text, page_metadata = html_to_text(text)
        result.warnings.append("An HTML page: its text was extracted; check the body.")
    if result.encoding not in ("utf-8", "utf-8-sig"):
        result.warnings.append(f"Decoded as {result.encoding}.")
    cleaned = clean(text, page_metadata)
    result.segments = cleaned.segments
    result.warnings.extend(cleaned.warnings)
    words = sum(len(p.split()) for p in cleaned.paragraphs)
    chars = sum(len(p) for p in cleaned.paragraphs)
    if not cleaned.paragraphs or (words < MIN_STATEMENT_WORDS and chars < 4 * MIN_STATEMENT_WORDS):
        result.errors.append(
            "No recognisable statement: the text has no run of statement prose (sentences of "
            "ordinary words). Is this the right file?"
        )
        return
    metadata = extract_metadata(cleaned)
    if len(metadata.parties) < 2 and not metadata.series and not metadata.participants:
        result.errors.append(
            "No recognisable statement: the text names no meeting series, no participants and "
            "fewer than two countries party to it."
        )
        return
    result.metadata = metadata
    result.warnings.extend(metadata.warnings)
    result.paragraphs = cleaned.paragraphs
    result.clauses = cut_clauses(cleaned.paragraphs)
