"""Chinese names for Django's default permissions ("Can add 文章" → "可添加 文章").

Django names the add/change/delete/view permissions in English whatever the language; staff
read them on every user and group page. After each migrate the names are put in Chinese,
so an existing database is renamed too, in the site's language (model names included).
"""
from __future__ import annotations

from django.apps import AppConfig
from django.conf import settings
from django.utils import translation

VERBS = {"add": "可添加", "change": "可修改", "delete": "可删除", "view": "可查看"}


def chinese_name(codename: str, verbose_name: str) -> str | None:
    """The Chinese name of a default permission, or None for the others."""
    action, _, _ = codename.partition("_")
    verb = VERBS.get(action)
    return f"{verb} {verbose_name}" if verb else None


def rename_default_permissions(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from django.contrib.auth.models import Permission

    changed = []
    # migrate runs without a language; the models' names are wanted in the site's.
    with translation.override(settings.LANGUAGE_CODE):
        for permission in Permission.objects.using(using).select_related("content_type"):
            model = permission.content_type.model_class()
            if model is None:
                continue
            action, _, model_name = permission.codename.partition("_")
            if model_name != model._meta.model_name:
                continue  # not one of the four default permissions
            name = chinese_name(permission.codename, str(model._meta.verbose_name))
            if name and permission.name != name:
                permission.name = name[:255]
                changed.append(permission)
    Permission.objects.using(using).bulk_update(changed, ["name"])
