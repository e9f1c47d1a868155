from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """The editors' side: the admin, ingestion, review and tagging."""

    name = "editors"
