import gc

import pytest
from django.template.context import RequestContext
from django_htmx.middleware import HtmxDetails

from browse import results, views
from commitments.models import Commitment, Meeting, Mention
from tests.world import build_world
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


def _cyclic_garbage(make_response):
    """The objects that only the cyclic collector would free once `make_response()`'s response
    is dropped."""
    gc.collect()
    gc.disable()
    try:
        response = make_response()
        assert response.status_code == 200
        del response
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()


@pytest.mark.django_db
def test_a_pages_data_is_freed_with_its_response_not_left_to_the_cycle_collector(rf):
    build_world()

    def get(path, view, **kwargs):
        request = rf.get(path)
        request.htmx = HtmxDetails(request)
        return lambda: view(request, **kwargs)

    timeline = _cyclic_garbage(get("/", views.commitment_detail, slug="freedom-edge"))
    browser = _cyclic_garbage(get("/?stage=reaffirmed", views.browser))

    page_data = (Mention, Meeting, Commitment, results.Row, results.Column, RequestContext)
    assert not [o for o in timeline + browser if isinstance(o, page_data)]
