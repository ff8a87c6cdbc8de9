"""The machine-wide lock that makes the index writer one at a time.

Every write to the index holds it: the writer process, command-line imports, a rebuild
(for its whole run, so that no change is written into the index it is about to replace;
changes made meanwhile wait in ``PendingIndexChange`` and are written into the new index
right after the swap). Re-entrant within a process: code holding it may call code that
takes it again.
"""
from __future__ import annotations

import fcntl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings

_held = threading.local()
_process_lock = threading.RLock()


def lock_path() -> Path:
    return Path(settings.DATA_DIR) / "search-writer.lock"


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
            try:
                yield True
            finally:
                _held.depth = 0
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        _process_lock.release()
