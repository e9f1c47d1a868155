from django.apps import AppConfig


class BrowseConfig(AppConfig):
    """The public read side: the commitment browser, timelines, meetings, statements, feeds."""

    name = "browse"
