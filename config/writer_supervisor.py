"""Keeps the search index writer (``manage.py run_search_writer``) running beside the site.

gunicorn's master calls ``start`` once the site is ready and ``stop`` when it shuts down
(see config/gunicorn.py), so the writer lives exactly as long as the site: if it dies (a
crash, ``kill -9``, running out of memory) it is started again, after a pause that grows
while it keeps dying at once, and every restart is logged. The writer itself retries
transient faults without exiting (``search.indexing.run_writer``), and ends by itself if the
master is killed outright; this is the net below.

``ARCHIVE_RUN_SEARCH_WRITER=0`` leaves the writer to something else (systemd, say).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Protocol

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
QUICK_DEATH = 10.0  # seconds: a writer that dies sooner than this is restarted more slowly
LONGEST_PAUSE = 30.0


class Log(Protocol):
    def info(self, message: str, *args: object) -> None: ...
    def error(self, message: str, *args: object) -> None: ...
    def exception(self, message: str, *args: object) -> None: ...


_stopping = threading.Event()
_thread: threading.Thread | None = None
_process: subprocess.Popen | None = None
# Held while the writer is being started and while it is being stopped, so that ``stop``
# never misses a writer that is starting. The master's forks (new workers) take it too: a
# worker forked in the middle of ``Popen`` would inherit the pipe through which Popen learns
# that the exec succeeded, and Popen would then wait until that worker exits.
_starting = threading.Lock()


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("ARCHIVE_SEARCH_WRITER", None)  # the web workers' "read only" mark
    environment["ARCHIVE_WRITER_PARENT"] = str(os.getpid())
    return environment


def _start_writer() -> subprocess.Popen | None:
    global _process
    with _starting:
        if _stopping.is_set():
            return None
        _process = subprocess.Popen([sys.executable, str(MANAGE), "run_search_writer"],
                                    env=_environment())
        return _process


def _keep_running(log: Log) -> None:
    pause = 1.0
    while not _stopping.is_set():
        started = time.monotonic()
        try:
            process = _start_writer()
            if process is None:
                return
            log.info("检索索引写入进程已启动（pid %s）", process.pid)
            status = process.wait()
        except Exception:  # noqa: BLE001 - out of memory or processes: try again later
            log.exception("无法启动检索索引写入进程")
            status = None
        if _stopping.is_set():
            return
        lived = time.monotonic() - started
        pause = min(pause * 2, LONGEST_PAUSE) if lived < QUICK_DEATH else 1.0
        log.error("检索索引写入进程退出（状态 %s，运行了 %.0f 秒），%.0f 秒后重启",
                  status, lived, pause)
        _stopping.wait(pause)


def start(log: Log) -> None:
    """Start the writer and the thread that restarts it (once per process)."""
    global _thread
    if os.environ.get("ARCHIVE_RUN_SEARCH_WRITER", "1") == "0" or _thread is not None:
        return
    os.register_at_fork(before=_starting.acquire, after_in_parent=_starting.release,
                        after_in_child=_starting.release)
    _thread = threading.Thread(target=_keep_running, args=(log,), name="search-writer",
                               daemon=True)
    _thread.start()


def stop(timeout: float = 15.0) -> None:
    """Stop the writer: SIGTERM (it finishes the batch it is writing), then SIGKILL."""
    with _starting:
        _stopping.set()
        process = _process
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    if _thread is not None:
        _thread.join(timeout)
