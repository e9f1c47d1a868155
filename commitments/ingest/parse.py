"""The pure half of ingestion: raw bytes -> a ParseResult (metadata, body, clauses) or errors.

A text is kept whenever it is a statement of the parties: it names at least two of the United
States, Japan and the Republic of Korea (countries, leaders, ministers or ministries, in any of
the three languages), or an editor supplies what it lacks. What cannot be found stays empty with
a warning. Refused, with the reason, are only binary or empty files, texts over the size limit
and texts that name none of the parties.
"""

from dataclasses import dataclass, field

from django.conf import settings

from commitments.ingest import gazetteer
from commitments.ingest.clauses import cut_clauses
from commitments.ingest.clean import clean
from commitments.ingest.decode import DecodeError, decode_bytes
from commitments.ingest.html import HtmlError, html_to_text, looks_like_html
from commitments.ingest.metadata import Metadata, apply_given, extract_metadata, names_of_parties
from commitments.rules import content_hash


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
    text_warnings: list = field(default_factory=list)  # about the bytes and the page, not metadata

    @property
    def ok(self):
        return not self.errors

    @property
    def warnings(self):
        return [*self.text_warnings, *(self.metadata.warnings if self.metadata else [])]

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


def parse_source(raw, filename=None, max_bytes=None, given=None):
    """Parse one source text, with what an editor supplies (`given`, see metadata.GIVEN_FIELDS)
    applied. Never raises: problems come back as `errors` on the result."""
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
        _parse_into(result, raw, given or {})
    except (DecodeError, HtmlError) as exc:
        result.errors.append(str(exc))
    except Exception as exc:  # a bug must not take the batch or the server down with it
        result.errors.append(f"The text could not be parsed ({type(exc).__name__}: {exc}).")
    return result


def _parse_into(result, raw, given):
    text, result.encoding = decode_bytes(raw)
    result.raw_text = text
    page_metadata = None
    if looks_like_html(text):
        text, page_metadata = html_to_text(text)
        result.text_warnings.append("An HTML page: its text was extracted; check the body.")
    if result.encoding not in ("utf-8", "utf-8-sig"):
        result.text_warnings.append(f"Decoded as {result.encoding}.")
    cleaned = clean(text, page_metadata)
    result.segments = cleaned.segments
    result.text_warnings.extend(cleaned.warnings)
    if not cleaned.paragraphs:
        result.errors.append(
            "No recognisable statement: nothing is left once the page's furniture (menus, "
            "banners, buttons) is removed. Is this the right file?"
        )
        return
    metadata = extract_metadata(cleaned)
    named = names_of_parties(cleaned, metadata)
    if len(metadata.parties) < 2 <= len(named):
        metadata.parties = named
        metadata.warn(
            "Parties to the statement taken from the countries, people and ministries it names "
            "anywhere; check them.",
            "parties",
        )
    apply_given(metadata, given)
    if len(named) < 2 and len(metadata.parties) < 2:
        result.errors.append(_no_parties(named))
        return
    result.metadata = metadata
    result.paragraphs = cleaned.paragraphs
    result.clauses = cut_clauses(cleaned.paragraphs)


def _no_parties(named):
    parties = (
        ", ".join(gazetteer.TRILATERAL_PARTIES[:-1]) + " and " + gazetteer.TRILATERAL_PARTIES[-1]
    )
    found = f"only {named[0]}" if named else "none"
    return (
        f"No recognisable statement: the text names {found} of the parties ({parties}: their "
        "countries, leaders, ministers or ministries). A statement of the partnership names at "
        "least two. If this is one, give its parties or a known meeting series."
    )
