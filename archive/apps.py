from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "报刊档案"

    def ready(self) -> None:
        from .permission_names import rename_default_permissions

        # Connected after django.contrib.auth's create_permissions, so after each app's
        # post_migrate its new permissions are renamed too (cheap: a few hundred rows).
        post_migrate.connect(rename_default_permissions,
                             dispatch_uid="archive.rename_default_permissions")
