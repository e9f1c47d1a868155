"""Source text -> statement: decode, clean (noise), metadata, clauses (pure), then save.

`parse_source(raw, filename)` is pure (no ORM) and never raises; `save_parsed(result, ...)` and
`save_batch(...)` write in one transaction. The admin view and `manage.py ingest` use both.
"""

from commitments.ingest.parse import ParseResult, parse_source
from commitments.ingest.save import IngestError, SaveOutcome, destination, save_batch, save_parsed

__all__ = [
    "IngestError",
    "ParseResult",
    "SaveOutcome",
    "destination",
    "parse_source",
    "save_batch",
    "save_parsed",
]
