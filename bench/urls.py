"""The app's URLs plus the bench-only floor views (never part of the app)."""

from django.urls import include, path

from bench import floor

urlpatterns = [
    path("__floor__/", include(floor.urlpatterns)),
    path("", include("trilat.urls")),
]
