from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArchiveConfig(AppConfig):
    name = "archive"
    verbose_name = "报刊档案"

    def ready(self) -> None:
        from .permission_names import rename_default_permissions

        # Every app's permissions exist once migrate has run; any sender will do, so the
        # rename runs once per migrate (dispatch_uid).
        post_migrate.connect(rename_default_permissions,
                             dispatch_uid="archive.rename_default_permissions")
