"""HEAD on the API: answered as GET would be, without the body (django-ninja routes GET only,
and answers other methods 405)."""

from django.urls import reverse


class HeadAsGetMiddleware:
    """A HEAD request under /api/ runs as a GET; the response keeps the GET's headers (its length
    included) and drops the body."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = None

    def __call__(self, request):
        if request.method != "HEAD":
            return self.get_response(request)
        self.prefix = self.prefix or reverse("api:api-root")
        if not request.path.startswith(self.prefix):
            return self.get_response(request)
        request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = "HEAD"
        if not response.streaming:
            response["Content-Length"] = str(len(response.content))
            response.content = b""
        return response
