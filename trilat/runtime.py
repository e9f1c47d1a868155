"""Process-wide tuning for serving requests (applied by trilat/wsgi.py and the bench scripts)."""

import gc

# A page builds a few thousand short-lived objects; with CPython's default thresholds a full
# collection (35-150 ms over a warm process's heap) ran every few requests and made the p95.
GC_THRESHOLDS = (20_000, 10, 10)


def tune_gc():
    """Raise the collection thresholds and freeze what start-up allocated (never garbage)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
