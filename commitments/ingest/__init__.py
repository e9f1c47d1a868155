"""Source text -> statement: decode, clean (noise), metadata, clauses (pure), then save.

`parse_source(raw, filename, given=...)` is pure (no ORM) and never raises; `save_parsed(result,
...)` and `save_batch(...)` write in one transaction. The admin view and `manage.py ingest` use
both; `destination(result)` says where saving would put a text, writing nothing.
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
