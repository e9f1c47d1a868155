from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommitmentsConfig(AppConfig):
    name = "commitments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commitments import permissions
        from commitments.services import signals  # noqa: F401

        post_migrate.connect(permissions.ensure_groups_after_migrate, sender=self)
