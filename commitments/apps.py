from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate


class CommitmentsConfig(AppConfig):
    name = "commitments"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from commitments import permissions, tracking
        from commitments.services import derived

        # The domain reports what changes; the services keep the derived data fresh.
        tracking.install(
            refresh=derived.refresh, forget=derived.forget, after_migrate=derived.after_migrate
        )
        post_migrate.connect(permissions.ensure_groups_after_migrate, sender=self)
        pre_migrate.connect(tracking.migration_started, sender=self)
        post_migrate.connect(tracking.migration_finished, sender=self)
