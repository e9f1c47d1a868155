"""sitemap.xml (an index of one sitemap per kind of page) and robots.txt, which points to it."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from browse import readers
from commitments.models import Meeting, Statement, Topic


class PageSitemap(Sitemap):
    """The list pages."""

    changefreq = "daily"

    def items(self):
        return ["browser", "meeting_list"]

    def location(self, item):
        return reverse(item)


class CommitmentSitemap(Sitemap):
    """Every public commitment (one with an accepted mention): drafts have nothing to show yet."""

    changefreq = "weekly"

    def items(self):
        return readers.public_commitments().only("slug", "updated_at").order_by("id")

    def lastmod(self, commitment):
        return commitment.updated_at


class MeetingSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Meeting.objects.filter(published=True).only("slug").order_by("id")


class StatementSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return (
            Statement.objects.filter(published_at__isnull=False)
            .only("slug", "published_at")
            .order_by("id")
        )

    def lastmod(self, statement):
        return statement.published_at


class ActorSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return readers.public_actors().only("slug").order_by("id")


class TopicSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Topic.objects.only("slug").order_by("id")


SITEMAPS = {
    "pages": PageSitemap,
    "commitments": CommitmentSitemap,
    "meetings": MeetingSitemap,
    "statements": StatementSitemap,
    "actors": ActorSitemap,
    "topics": TopicSitemap,
}


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /export/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
