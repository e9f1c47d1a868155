from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from browse import feeds, sitemaps, views

urlpatterns = [
    path("", views.browser, name="browser"),
    path("commitments/<slug:slug>/", views.commitment_detail, name="commitment_detail"),
    path(
        "assessments/disagreements/",
        views.assessment_disagreements,
        name="assessment_disagreements",
    ),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/compare/", views.compare_meetings, name="compare_meetings"),
    path("meetings/<slug:slug>/", views.meeting_detail, name="meeting_detail"),
    path("statements/<slug:slug>/", views.statement_detail, name="statement_detail"),
    path("actors/<slug:slug>/", views.actor_detail, name="actor_detail"),
    path("topics/<slug:slug>/", views.topic_detail, name="topic_detail"),
    path("feeds/mentions/", feeds.mentions_feed, name="feed_mentions"),
    path("commitments/<slug:slug>/feed/", feeds.commitment_feed, name="feed_commitment"),
    path("topics/<slug:slug>/feed/", feeds.topic_feed, name="feed_topic"),
    path("actors/<slug:slug>/feed/", feeds.actor_feed, name="feed_actor"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
]
