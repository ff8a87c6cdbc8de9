"""Admin → site: each archive object's change page links to its public page (在站点上查看).

The public addresses are built here from the site's URL names rather than by the models,
which hold data only. The way back, site → admin, is the staff-only 编辑 link of the public
pages (``templates/archive/includes/staff_edit.html``).
"""
from __future__ import annotations

from collections.abc import Callable

from django.contrib.admin import AdminSite
from django.db.models import Model
from django.urls import reverse

from ..models import Article, Issue, Page, Person, Place, Publication, Union

PUBLIC: dict[type[Model], tuple[str, Callable[[Model], object]]] = {
    Article: ("archive:article-detail", lambda obj: obj.pk),
    Issue: ("archive:issue-detail", lambda obj: obj.pk),
    Page: ("archive:page-detail", lambda obj: obj.pk),
    Union: ("archive:union-detail", lambda obj: obj.pk),
    Person: ("archive:person-detail", lambda obj: obj.pk),
    Place: ("archive:place-detail", lambda obj: obj.code),
    Publication: ("archive:paper-detail", lambda obj: obj.slug),
}


def public_url(obj: Model) -> str | None:
    """The reader's address of ``obj``, or None for objects without a public page."""
    route = PUBLIC.get(type(obj))
    if route is None or obj.pk is None:
        return None
    name, argument = route
    return reverse(name, args=[argument(obj)])


def use_site_links(site: AdminSite) -> None:
    """Give the admins of the objects with a public page Django's 在站点上查看 button."""
    for model, model_admin in site._registry.items():
        if model in PUBLIC:
            model_admin.view_on_site = public_url
