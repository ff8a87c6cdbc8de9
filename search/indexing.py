"""The one way the search index changes.

1. Whoever changes articles sends ``archive.signals.articles_changed`` inside its
   transaction; ``record_changes`` turns that into ``PendingIndexChange`` rows in the same
   transaction, so no committed change can miss the index and no rolled-back one reaches it.
   Edits elsewhere that change what an article's document holds (a publication's slug, an
   issue's date, a page's number, a place's code) are found by ``search.dependencies`` from
   the document's own definition and recorded the same way.
2. ``write_pending`` — the writer — takes the rows in order, writes or deletes the documents
   in one commit of the engine and only then deletes the rows. The writer lock
   (``search.writelock``) makes sure only one writer runs at a time on the machine; a failed
   commit leaves the rows for the next try.
3. ``rebuild`` writes every article into a new index beside the live one and swaps it in,
   then writes the changes made meanwhile.

Web workers never write the index (config/wsgi.py marks their processes): their changes are
written by the ``run_search_writer`` process that ``make serve`` starts, within a second.
Command-line imports and tests write their own changes right after they commit.
"""
from __future__ import annotations

import logging
import os
import time

from django.db import connection, transaction
from django.dispatch import receiver

from archive.signals import articles_changed

from .documents import article_document, indexed_articles
from .engine import engine
from .models import PendingIndexChange
from .vocabulary import refresh_user_dictionary
from .writelock import writer_lock

WRITER_ENVIRONMENT = "ARCHIVE_SEARCH_WRITER"  # "0": this process only reads the index
BATCH = 500
LONGEST_PAUSE = 30.0  # seconds between a failing writer's tries, at most
log = logging.getLogger("search.writer")
REBUILD_CHUNK = 1000  # articles read from the database at a time by a rebuild


def this_process_writes() -> bool:
    return os.environ.get(WRITER_ENVIRONMENT, "1") != "0"


@receiver(articles_changed, dispatch_uid="search.record_changes")
def record_changes(sender, changed_ids=(), removed_ids=(), **kwargs) -> None:  # noqa: ANN001
    queue_changes(changed_ids, removed_ids)


def queue_changes(changed_ids=(), removed_ids=()) -> None:  # noqa: ANN001 - iterables of ids
    """Record that these articles' documents must be rewritten (or deleted)."""
    rows = [PendingIndexChange(article_id=pk) for pk in changed_ids]
    rows += [PendingIndexChange(article_id=pk, removed=True) for pk in removed_ids]
    if not rows:
        return
    PendingIndexChange.objects.bulk_create(rows, batch_size=BATCH)
    if this_process_writes():
        transaction.on_commit(write_pending)


def write_pending(wait: bool = True) -> int:
    """Write the pending changes to the index; returns how many rows were handled."""
    with writer_lock(wait) as acquired:
        if not acquired:
            return 0
        return _write_pending()


def _write_pending() -> int:
    """Write the changes pending when it starts (later ones wait for the next call).

    Bounded so that a stream of edits arriving faster than commits cannot keep the writer
    lock from everyone else for ever: a backup, a command-line import, a rebuild.
    """
    last = PendingIndexChange.objects.order_by("-id").values_list("id", flat=True).first()
    handled = 0
    while last is not None:
        rows = list(PendingIndexChange.objects.filter(id__lte=last).order_by("id")[:BATCH])
        if not rows:
            break
        _apply(rows)
        PendingIndexChange.objects.filter(id__in=[row.id for row in rows]).delete()
        handled += len(rows)
    return handled


def _apply(rows: list[PendingIndexChange]) -> None:
    removed = {row.article_id for row in rows if row.removed}
    wanted = {row.article_id for row in rows if not row.removed} - removed
    articles = list(indexed_articles().filter(pk__in=wanted))
    gone = wanted - {article.pk for article in articles}  # deleted before we got here
    refresh_user_dictionary()
    engine().write([article_document(article) for article in articles], removed | gone)


def rebuild() -> int:
    """Rebuild the whole index beside the live one; returns the documents written.

    Holds the writer lock from start to end: changes made during the rebuild wait as
    pending rows and are written into the new index right after it goes live.
    """
    with writer_lock():
        refresh_user_dictionary()
        articles = indexed_articles().order_by("pk").iterator(chunk_size=REBUILD_CHUNK)
        written = engine().rebuild(article_document(article) for article in articles)
        _write_pending()
    return written


def run_writer(interval: float = 1.0, stop=lambda: False) -> None:  # noqa: ANN001
    """Keep writing pending changes until ``stop()`` says so.

    Never gives up: a database locked by a long transaction, a lost connection, an index
    that cannot be read for a moment or a full disk are logged and tried again, waiting
    twice as long after every failure (at most ``LONGEST_PAUSE``). The pending rows stay in
    the database meanwhile, so the writer catches up by itself once the fault is gone.
    """
    pause, failures = interval, 0
    while not stop():
        try:
            write_pending()
        except Exception as error:  # noqa: BLE001 - any failure is retried, none is fatal
            failures += 1
            connection.close()  # a fresh connection for the next try
            pause = min(max(pause, interval) * 2, LONGEST_PAUSE)
            if failures == 1:
                log.exception("检索索引写入失败，%.0f 秒后重试", pause)
            else:
                log.warning("检索索引写入仍然失败（第 %d 次）：%s；%.0f 秒后重试",
                            failures, error, pause)
        else:
            if failures:
                log.warning("检索索引写入已恢复（此前失败 %d 次）", failures)
            pause, failures = interval, 0
        _sleep(pause, stop)


def _sleep(seconds: float, stop) -> None:  # noqa: ANN001
    """Sleep, waking early when ``stop()`` becomes true."""
    deadline = time.monotonic() + seconds
    while not stop() and (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.2))
