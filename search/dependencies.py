"""Re-index the articles behind a row their documents read, when that row changes.

``search.documents.DOCUMENT_SOURCES`` says which fields of which models an article's
document reads; this turns a change to one of them (a publication's new slug, an issue's
corrected date) into pending index changes for every article concerned, in the same
transaction, whichever code made the change. A deleted article — deleted on its own, or with
the page, issue or publication it belongs to — is queued for removal the same way, so no
delete path has to remember to. Writes that bypass ``save()`` (bulk updates) are still found
by ``check_search_index``, which compares content versions.
"""
from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.db.models.signals import post_delete, post_save, pre_save

from archive.models import Article

from .documents import DOCUMENT_SOURCES
from .indexing import queue_changes


def connect() -> None:
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid="search.deleted")
    for label, (fields, paths) in DOCUMENT_SOURCES.items():
        model = apps.get_model(label)
        pre_save.connect(_remember(fields), sender=model, weak=False,
                         dispatch_uid=f"search.remember.{label}")
        post_save.connect(_requeue(fields, paths), sender=model, weak=False,
                          dispatch_uid=f"search.requeue.{label}")


def _article_deleted(sender, instance, **kwargs) -> None:  # noqa: ANN001 - a signal receiver
    queue_changes(removed_ids=[instance.pk])


def _remember(fields: tuple[str, ...]):  # noqa: ANN202 - a signal receiver
    def remember(sender, instance, raw=False, **kwargs) -> None:  # noqa: ANN001
        if raw or instance.pk is None:
            return
        instance._search_before = sender.objects.filter(pk=instance.pk).values(*fields).first()
    return remember


def _requeue(fields: tuple[str, ...], paths: tuple[str, ...]):  # noqa: ANN202
    def requeue(sender, instance, created=False, raw=False, **kwargs) -> None:  # noqa: ANN001
        before = getattr(instance, "_search_before", None)
        instance._search_before = None
        if created or raw or before is None:
            return  # a new row has no articles yet
        if all(before[name] == getattr(instance, name) for name in fields):
            return
        match = Q()
        for path in paths:
            match |= Q(**{path: instance.pk})
        queue_changes(Article.objects.filter(match).values_list("pk", flat=True))
    return requeue
