"""The search side of a backup and of its restore: the index held still, copied, brought back.

A backup pairs a copy of the database with a copy of the index. The pair is consistent when
every database change the copied index lacks is still a pending row (``PendingIndexChange``)
in the copied database: writing the pending rows after a restore then brings the index level
with the database. That holds when both copies are made while ``index_held_still`` holds the
writer lock:

- every write to the index holds the writer lock (``search.writelock``), so while it is held
  the index does not change: its copy is the index as its last commit left it, a whole one;
- a change's row is written in the change's own transaction, and the writer deletes rows
  only after the index has committed what they ask for, before it lets the lock go
  (``search.indexing.write_pending``): so while the lock is held, every committed change is
  in the index or has its row;
- the database, copied in one read transaction while the lock is held, holds every change
  committed up to its copy; those the index lacks have their rows in the copy.

Copied without the lock, the index can be caught between two steps of a commit (a table of
contents missing), and an edit written into the index between copying it and copying the
database would be in the database copy but neither in the index copy nor in its rows.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .drift import IndexCheck, check_index
from .engine import IndexCopy, engine
from .indexing import write_pending
from .vocabulary import refresh_user_dictionary
from .writelock import writer_lock, writers_stopped


class IndexBusy(Exception):
    """Something writes the index now, so it cannot be replaced; the message says what."""


@contextmanager
def index_held_still(on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the writer lock: inside, the index does not change (see the module's docstring).

    Waits while another process writes (a rebuild holds the lock for its whole run), calling
    ``on_wait`` first so that the wait can be explained.
    """
    with writer_lock(wait=False) as acquired:
        if acquired:
            yield
            return
    if on_wait is not None:
        on_wait()
    with writer_lock():
        yield


def copy_index(target: Path) -> IndexCopy:
    """Copy the index into the new directory ``target`` (call inside ``index_held_still``)."""
    return engine().copy_to(target)


def check_index_copy(source: Path) -> IndexCopy:
    """Open and read the index copy in ``source``; raises ``EngineUnavailable``."""
    return engine().check_copy(source)


@contextmanager
def index_writing_stopped() -> Iterator[None]:
    """Inside, no other process writes the index and no writer process runs.

    Raises ``IndexBusy`` at once when one does: a restore must not race the writer, which
    would write the old database's changes into the restored index, or the other way round.
    """
    with writers_stopped() as blocker:
        if blocker == "process":
            raise IndexBusy("检索索引写入进程（run_search_writer）正在运行：请先停止网站"
                            "（gunicorn 及其写入进程），再恢复备份")
        if blocker == "lock":
            raise IndexBusy("另一个进程正在写检索索引（导入、重建或修复索引）：请等它结束，"
                            "并先停止网站，再恢复备份")
        yield


def install_index(source: Path, before_swap: Callable[[], None]) -> IndexCopy:
    """Make the index copy in ``source`` the live index; ``before_swap`` runs just before it
    goes live, and if it raises the live index stays as it was."""
    return engine().install_copy(source, before_swap)


@dataclass(frozen=True)
class CatchUp:
    written: int  # pending changes written into the restored index
    check: IndexCheck


def catch_up() -> CatchUp:
    """After a restore: jieba's vocabulary from the restored database, the changes pending
    in it written into the restored index, then the comparison ``check_search_index`` makes."""
    refresh_user_dictionary()
    written = write_pending() if engine().format_is_current() else 0
    return CatchUp(written, check_index())
