"""The fuzz harness's settings and fixtures.

In the suite (and CI) each property runs a bounded number of examples from a fixed seed, so a run
is repeatable and takes seconds; `make fuzz` sets FUZZ_EXAMPLES (more examples) and FUZZ_RANDOM=1
(a new seed each run; Hypothesis prints the seed of a failure to reproduce it).
"""

import os

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from tests.world import build_world

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"


def fuzz_settings(examples):
    """Hypothesis settings for a property: `examples` in the suite, FUZZ_EXAMPLES under make fuzz."""
    return settings(
        max_examples=EXAMPLES or examples,
        derandomize=not RANDOM,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def in_process_wsgi():
    """Requests sent straight to the WSGI application keep the test's database connection (as
    Django's test client does): the connection is not closed at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
