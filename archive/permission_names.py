"""Chinese names for Django's default permissions ("Can add 文章" → "可添加 文章").

Django names the add/change/delete/view permissions in English whatever the language; staff
read them on every user and group page. After each migrate the names are put in Chinese,
so an existing database is renamed too.
"""
from __future__ import annotations

from django.apps import AppConfig

VERBS = {"add": "可添加", "change": "可修改", "delete": "可删除", "view": "可查看"}


def chinese_name(codename: str, verbose_name: str) -> str | None:
    """The Chinese name of a default permission, or None for the others."""
    action, _, _ = codename.partition("_")
    verb = VERBS.get(action)
    return f"{verb} {verbose_name}" if verb else None


def rename_default_permissions(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from django.contrib.auth.models import Permission

    changed = []
    for permission in Permission.objects.using(using).select_related("content_type"):
        model = permission.content_type.model_class()
        if model is None or not permission.name.startswith("Can "):
            continue
        name = chinese_name(permission.codename, str(model._meta.verbose_name))
        if name and permission.name != name:
            permission.name = name
            changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"])
