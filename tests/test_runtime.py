import gc

from trilat.runtime import GC_THRESHOLDS, tune_gc


def test_serving_raises_the_garbage_collection_thresholds():
    before = gc.get_threshold()
    try:
        tune_gc()
        assert gc.get_threshold() == GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
