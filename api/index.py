"""/api/ itself: what the API offers, read off its own OpenAPI schema (so the list follows the
routes as they are declared), with the addresses of its docs and schema."""

import functools

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_safe

from api.endpoints import api


@functools.cache
def endpoints():
    """Each operation of the API: method, path (with its {parameters}), summary, in the schema's
    order. The schema is built from the routes once per process."""
    paths = api.get_openapi_schema()["paths"]
    return [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
        }
        for path, operations in paths.items()
        for method, operation in operations.items()
    ]


@require_safe
def api_index(request):
    """The list of endpoints, and where the docs and the schema are."""
    absolute = request.build_absolute_uri
    return JsonResponse(
        {
            "name": api.title,
            "version": api.version,
            "description": api.description,
            "docs": absolute(reverse("api:openapi-view")),
            "openapi": absolute(reverse("api:openapi-json")),
            "site": absolute("/"),
            # "url": where to ask, for a path without {parameters}
            "endpoints": [
                {**e, "url": None if "{" in e["path"] else absolute(e["path"])} for e in endpoints()
            ],
        },
        json_dumps_params={"indent": 2, "ensure_ascii": False},
    )
