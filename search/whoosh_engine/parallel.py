"""A rebuild on every core: documents dealt out to writing processes, one table of contents.

Analysing an article (its n-grams, its jieba words) and sorting postings is Python work on
one core; a rebuild on a machine of two would leave one idle. Here the rebuilding process
reads the documents and deals them, in batches, to ``PROCESSES`` forked processes; each
writes its own segments with ``bulk.BulkWriter`` (a new one every ``segment_postings``
postings, so memory stays bounded) into the new generation's directory, without taking
Whoosh's lock, which the rebuilding process holds. When all are done, the rebuilding
process writes the one table of contents that lists their segments — until then the
generation has no documents, and it is not live until the swap.

A writing process that fails makes the rebuild fail (nothing goes live); one whose parent
was killed notices and exits.
"""
from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
import traceback
from collections.abc import Iterable

from whoosh.filedb.filestore import FileStorage

from .bulk import BulkWriter
from .fields import ArchiveCodec

PROCESSES = 2
BATCH = 100  # documents sent to a writing process at a time
POLL = 1.0  # seconds between checks that the other side is still there


class WriterFailed(RuntimeError):
    """A writing process of a rebuild failed; its traceback is the message."""


def write_segments(index, documents: Iterable[dict], *, index_name: str,  # noqa: ANN001
                   segment_postings: int, processes: int = PROCESSES) -> int:
    """Write ``documents`` (Whoosh field values) into the empty ``index``; returns how many."""
    context = multiprocessing.get_context("fork")
    inboxes = [context.Queue(maxsize=4) for _ in range(processes)]
    results = context.Queue()
    folder = index.storage.folder
    workers = [context.Process(target=_write, daemon=True,
                               args=(folder, index_name, index.schema, inbox, results,
                                     segment_postings, os.getpid()))
               for inbox in inboxes]
    for worker in workers:
        worker.start()
    main = BulkWriter(index, codec=ArchiveCodec(), compound=False)
    try:
        written, batch, turn = 0, [], 0
        for fields in documents:
            batch.append(fields)
            written += 1
            if len(batch) == BATCH:
                _send(inboxes[turn], workers[turn], batch)
                batch, turn = [], (turn + 1) % processes
        if batch:
            _send(inboxes[turn], workers[turn], batch)
        for inbox, worker in zip(inboxes, workers):
            _send(inbox, worker, None)
        segments = []
        for _ in workers:
            kind, payload = _receive(results, workers)
            if kind == "error":
                raise WriterFailed(payload)
            segments += payload
        for worker in workers:
            worker.join()
        main._close_segment()
        main._commit_toc(segments)
        main._finish()
        return written
    except BaseException:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
        for channel in (*inboxes, results):  # a feeder thread blocked on a dead reader
            channel.cancel_join_thread()     # must not hold up this process's exit
            channel.close()
        for worker in workers:
            worker.join(timeout=5)
        main.cancel()
        raise


def _send(inbox, worker, batch) -> None:  # noqa: ANN001
    while True:
        try:
            inbox.put(batch, timeout=POLL)
            return
        except queue.Full:
            if not worker.is_alive():
                raise WriterFailed(f"writing process {worker.pid} ended early "
                                   f"(exit code {worker.exitcode})") from None


def _receive(results, workers):  # noqa: ANN001, ANN202
    while True:
        try:
            return results.get(timeout=POLL)
        except queue.Empty:
            if all(not worker.is_alive() for worker in workers) and results.empty():
                raise WriterFailed("every writing process ended without a result") from None


def _exit_with_parent(parent: int) -> None:
    """End this process once the rebuild that started it is gone (killed, say): its
    segments would never be listed, and a read of a batch cut off mid-way never returns."""
    while os.getppid() == parent:
        time.sleep(POLL)
    os._exit(1)


def _segment_writer(index) -> BulkWriter:  # noqa: ANN001
    """A writer of one more segment: no lock (the rebuild holds it), temp dir shared."""
    return BulkWriter(index, _lk=False, shared_temp=True, codec=ArchiveCodec(), compound=False)


def _write(folder: str, index_name: str, schema, inbox, results,  # noqa: ANN001
           segment_postings: int, parent: int) -> None:
    """A writing process: its batches into segments of its own; the segments as result."""
    threading.Thread(target=_exit_with_parent, args=(parent,), daemon=True).start()
    try:
        index = FileStorage(folder).open_index(index_name, schema=schema)
        segments = []
        writer = _segment_writer(index)
        while True:
            try:
                batch = inbox.get(timeout=POLL)
            except queue.Empty:
                continue
            if batch is None:
                break
            for fields in batch:
                writer.add_document(**fields)
            if writer.postings_count() >= segment_postings:
                segments.append(writer._finalize_segment())
                writer._finish()
                writer = _segment_writer(index)
        if writer._added:
            segments.append(writer._finalize_segment())
            writer._finish()
        else:
            writer.cancel()
        results.put(("ok", segments))
    except BaseException:
        results.put(("error", traceback.format_exc()))
