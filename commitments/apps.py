from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CommitmentsConfig(AppConfig):
    name = "commitments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commitments import permissions
        from commitments.services import derived

        post_migrate.connect(permissions.ensure_groups_after_migrate, sender=self)
        pre_migrate.connect(derived.migration_started, sender=self)
        post_migrate.connect(derived.migration_finished, sender=self)
