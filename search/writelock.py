"""The machine-wide lock that makes the index writer one at a time.

Every write to the index holds it: the writer process, command-line imports, a rebuild
(for its whole run, so that no change is written into the index it is about to replace;
changes made meanwhile wait in ``PendingIndexChange`` and are written into the new index
right after the swap). Re-entrant within a process: code holding it may call code that
takes it again. It belongs to the process that took it: a forked child (a rebuild's writing
process) does not hold it.

A second lock says that a writer process is running at all (``writer_process``), and
``writers_stopped`` takes both, so that a restore replaces the index and the database only
while nothing writes them.
"""
from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

_held = threading.local()
_process_lock = threading.RLock()
_handles: list = []  # the lock file as this process opened it, while held


def _release_inherited() -> None:
    """In a forked child: close the parent's lock file. A lock taken with ``flock`` lasts
    while any process has the file open, so a child that outlived a killed parent would
    otherwise keep every writer out."""
    for handle in _handles:
        handle.close()
    _handles.clear()
    _held.depth = 0


os.register_at_fork(after_in_child=_release_inherited)


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "search-writer.lock"


def running_path() -> Path:
    return Path(settings.DATA_DIR) / "search-writer.running"


@contextmanager
def writer_lock(wait: bool = True) -> Iterator[bool]:
    """Hold the writer lock; yields False if ``wait`` is off and another process has it."""
    if getattr(_held, "depth", 0):
        _held.depth += 1
        try:
            yield True
        finally:
            _held.depth -= 1
        return
    if not _process_lock.acquire(blocking=wait):
        yield False
        return
    try:
        with open(lock_path(), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                yield False
                return
            _held.depth = 1
            _handles.append(handle)
            try:
                yield True
            finally:
                _held.depth = 0
                _handles.clear()
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _process_lock.release()


@contextmanager
def writer_process() -> Iterator[None]:
    """Mark this process as a running index writer while inside (``run_search_writer``
    holds it for its whole run).

    The writer takes the writer lock only for each batch it writes, so the lock alone cannot
    tell whether a writer is running; this shared lock, held for the writer's whole life,
    can (``writers_stopped``). A writer that starts while writers are stopped waits here.
    """
    with open(running_path(), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextmanager
def writers_stopped() -> Iterator[str | None]:
    """Hold the writer lock and keep writer processes from starting, if nothing writes now.

    Yields None when both are held, or what stands in the way: "process" (a writer process
    is running) or "lock" (another process holds the writer lock: an import, a rebuild).
    """
    with writer_lock(wait=False) as acquired:
        if not acquired:
            yield "lock"
            return
        with open(running_path(), "a") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield "process"
                return
            try:
                yield None
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
