"""Each process's warm view of the index: one snapshot, reopened whenever the index changed.

A snapshot is the index as one commit left it — a searcher opened afresh on the live
generation's table of contents, and the document sets built from it (``DocSets``). It is
never refreshed in place: Whoosh's ``Searcher.refresh()`` reuses the old reader's segments
and deletion lists (``FileIndex._reader(reuse=…)`` adds the old segments back), so a
long-running worker drifted from the truth after every commit — duplicate hits, counts above
the database — and failed outright after a rebuild. Here, when the live generation or its
commit number differs from the snapshot's, a new snapshot is opened from disk, exactly as a
fresh process would, and the old one is closed as soon as no query is using it, so memory
and open files stay flat however many commits a worker lives through.

A snapshot belongs to the process that opened it: Whoosh reads files by seek-then-read, so a
file shared with a forked child would have its position moved under it. A process never
uses a snapshot it inherited.
"""
from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from ..engine import EngineUnavailable
from .docsets import DocSets
from .store import live_directory

log = logging.getLogger(__name__)

INDEX_NAME = "MAIN"  # Whoosh's default index name, as haystack uses it
OPEN_TRIES = 3  # a writer may delete merged segments just as a reader opens them


def generation_of(directory: Path) -> int:
    """The number of the latest commit in ``directory`` (-1: no index there)."""
    return TOC._latest_generation(FileStorage(str(directory)), INDEX_NAME)


class Snapshot:
    def __init__(self, directory: Path, generation: int, schema) -> None:  # noqa: ANN001
        self.directory = directory
        self.generation = generation
        index = FileStorage(str(directory)).open_index(INDEX_NAME, schema=schema)
        self.searcher = index.searcher()
        opened = self.searcher.reader().generation()  # None for an index with no segments
        self.generation = generation if opened is None else opened
        self.sets = DocSets(self.searcher)
        self._users = 0
        self._retired = False
        self._lock = threading.Lock()
        # Whoosh reads each file by seek-then-read on one shared handle: one query at a time.
        self.reading = threading.Lock()
        self.pid = os.getpid()

    @property
    def key(self) -> tuple[Path, int, int]:
        return self.directory, self.generation, self.pid

    def acquire(self) -> None:
        with self._lock:
            self._users += 1

    def release(self) -> None:
        with self._lock:
            self._users -= 1
            close = self._retired and self._users == 0
        if close:
            self._close()

    def retire(self) -> None:
        with self._lock:
            self._retired = True
            close = self._users == 0
        if close:
            self._close()

    def _close(self) -> None:
        self.sets = None
        self.searcher.close()


_current: dict[Path, Snapshot] = {}
_lock = threading.Lock()


@contextmanager
def using(root: Path, schema) -> Iterator[Snapshot]:  # noqa: ANN001
    """The snapshot of the index as it is now, held for the duration of a query."""
    snapshot = _latest(root, schema)
    try:
        with snapshot.reading:
            yield snapshot
    finally:
        snapshot.release()


def _latest(root: Path, schema) -> Snapshot:  # noqa: ANN001
    for attempt in range(OPEN_TRIES):
        directory = live_directory(root)
        if directory is None:
            raise EngineUnavailable(f"检索索引不存在：{root}")
        try:
            generation = generation_of(directory)
            with _lock:
                current = _current.get(root)
                if current is None or current.key != (directory, generation, os.getpid()):
                    if generation < 0:
                        raise EngineUnavailable(f"检索索引没有目录文件：{directory}")
                    fresh = Snapshot(directory, generation, schema)
                    _current[root] = fresh
                    if current is not None and current.pid == os.getpid():
                        current.retire()  # one inherited from a parent is left to it
                    current = fresh
                current.acquire()
                return current
        except EngineUnavailable:
            raise
        except Exception as error:  # a truncated, missing or half-deleted file
            if attempt + 1 == OPEN_TRIES:
                log.exception("the search index at %s cannot be opened", root)
                raise EngineUnavailable(f"检索索引无法打开：{error}") from error
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


def forget(root: Path) -> None:
    """Drop this process's snapshot of ``root`` (the next query opens a new one)."""
    with _lock:
        current = _current.pop(root, None)
    if current is not None:
        current.retire()
