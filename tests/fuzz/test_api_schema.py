"""schemathesis runs the API's OpenAPI schema against the application in-process (WSGI, no
network): every operation, with data the schema allows and data it forbids. No answer may be a
server error, and every answer must be one the schema documents (status, content type, headers,
body); data the schema forbids must be refused.

Data the schema allows may still be refused for what the database holds, which no schema can
state: a well-formed name that names no topic (actor, series, meeting), or a page past the last;
or for a relation between two parameters, which OpenAPI cannot state: "mentioned after" a date
later than "mentioned before" (the assessments' "after" and "before" alike). schemathesis's own check that valid data is accepted is replaced by
one that allows exactly those refusals (a 400 whose every error says so) and no other.
"""

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from schemathesis.specs.openapi.checks import positive_data_acceptance

from tests.fuzz.conftest import fuzz_settings

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", WSGIHandler())


def _for_the_data(error):
    return (
        error.startswith("There is no ")
        or error.endswith(" pages of results.")
        or error.endswith("The “from” date is after the “to” date.")
        or error.endswith("The “after” date is later than the “before” date.")  # assessments
        # Two parameters that must differ (a comparison's two meetings): no schema states it.
        or error.startswith("Both parameters name the same meeting")
    )


def refused_only_for_what_the_data_holds(ctx, response, case):
    """A schema-valid request answered 400 only for a name that names nothing, a page past the
    last or dates in the wrong order."""
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return None
    if response.status_code == 400:
        errors = response.json().get("errors", [])
        other = [error for error in errors if not _for_the_data(error)]
        assert errors and not other, f"Schema-valid request refused: {other or 'no reason'}"
    else:
        assert response.status_code < 400 or response.status_code == 404, response.status_code
    return None


@schema.parametrize()
@fuzz_settings(examples=60)
def test_the_api_answers_as_its_schema_says(case, world, in_process_wsgi):
    case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[refused_only_for_what_the_data_holds],
    )
