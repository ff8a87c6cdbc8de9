"""The "档案编辑" (archive editor) group: staff who import issues and correct articles.

Permissions are normally created after all migrations have run; they are created here first
so the group can be given them on a fresh database.
"""
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "档案编辑"

# (model, actions) the group may perform; "import" is Issue's own import_issue permission.
GRANTS = {
    "publication": ("view", "add", "change"),
    "issue": ("view", "change", "import"),
    "page": ("view", "change"),
    "article": ("view", "change", "delete"),
    "articleunion": ("view", "add", "change", "delete"),
    "credit": ("view", "add", "change", "delete"),
    "union": ("view", "add", "change", "delete"),
    "person": ("view", "add", "change"),
    "place": ("view", "change"),
}


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [
        "import_issue" if action == "import" else f"{action}_{model}"
        for model, actions in GRANTS.items() for action in actions
    ]
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="archive", codename__in=codenames)
    )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("archive", "0003_issue_import_permission"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_group, remove_group),
    ]
