from django.apps import AppConfig


class ApiConfig(AppConfig):
    """Data out: the read-only JSON API and the CSV/JSON exports."""

    name = "api"
