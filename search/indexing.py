"""The one way the search index changes.

1. Whoever changes articles sends ``archive.signals.articles_changed`` inside its
   transaction; ``record_changes`` turns that into ``PendingIndexChange`` rows in the same
   transaction, so no committed change can miss the index and no rolled-back one reaches it.
2. ``write_pending`` — the writer — takes the rows in order, writes or deletes the documents
   in one Whoosh commit and only then deletes the rows. A file lock makes sure only one
   writer runs at a time on the machine; a failed commit leaves the rows for the next try.

Web workers never write the index (config/wsgi.py marks their processes): their changes are
written by the ``run_search_writer`` process that ``make serve`` starts, within a second.
Command-line imports and tests write their own changes right after they commit.
"""
from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from haystack import connections

from archive.models import Article
from archive.signals import articles_changed

from .models import PendingIndexChange
from .vocabulary import refresh_user_dictionary

WRITER_ENVIRONMENT = "ARCHIVE_SEARCH_WRITER"  # "0": this process only reads the index
BATCH = 500


def this_process_writes() -> bool:
    return os.environ.get(WRITER_ENVIRONMENT, "1") != "0"


@receiver(articles_changed, dispatch_uid="search.record_changes")
def record_changes(sender, changed_ids=(), removed_ids=(), **kwargs) -> None:  # noqa: ANN001
    rows = [PendingIndexChange(article_id=pk) for pk in changed_ids]
    rows += [PendingIndexChange(article_id=pk, removed=True) for pk in removed_ids]
    if not rows:
        return
    PendingIndexChange.objects.bulk_create(rows)
    if this_process_writes():
        transaction.on_commit(write_pending)


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "search-writer.lock"


@contextmanager
def writer_lock(wait: bool = True) -> Iterator[bool]:
    """Hold the machine-wide writer lock; yields False if ``wait`` is off and it is taken."""
    with open(lock_path(), "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def write_pending(wait: bool = True) -> int:
    """Write every pending change to the index; returns how many rows were handled."""
    handled = 0
    with writer_lock(wait) as acquired:
        if not acquired:
            return 0
        while True:
            rows = list(PendingIndexChange.objects.order_by("id")[:BATCH])
            if not rows:
                break
            _apply(rows)
            PendingIndexChange.objects.filter(id__in=[row.id for row in rows]).delete()
            handled += len(rows)
    return handled


def _apply(rows: list[PendingIndexChange]) -> None:
    removed = {row.article_id for row in rows if row.removed}
    wanted = {row.article_id for row in rows if not row.removed} - removed
    index = connections["default"].get_unified_index().get_index(Article)
    articles = list(index.index_queryset().filter(pk__in=wanted))
    gone = wanted - {article.pk for article in articles}  # deleted before we got here
    refresh_user_dictionary()
    connections["default"].get_backend().apply(
        index, articles, [f"archive.article.{pk}" for pk in removed | gone]
    )


def run_writer(interval: float = 1.0, stop=lambda: False) -> None:  # noqa: ANN001
    """Keep writing pending changes until ``stop()`` says so."""
    while not stop():
        write_pending()
        time.sleep(interval)
