"""Keeps the search index writer (``manage.py run_search_writer``) running beside the site.

gunicorn's master calls ``start`` once the site is ready and ``stop`` when it shuts down
(see config/gunicorn.py), so the writer lives exactly as long as the site: if it dies (a
crash, ``kill -9``, running out of memory) it is started again, after a pause that grows
while it keeps dying at once, and every restart is logged. The writer itself retries
transient faults without exiting (``search.indexing.run_writer``); this is the net below.

``ARCHIVE_RUN_SEARCH_WRITER=0`` leaves the writer to something else (systemd, say).
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

MANAGE = Path(__file__).resolve().parent.parent / "manage.py"
QUICK_DEATH = 10.0  # seconds: a writer that dies sooner than this is restarted more slowly
LONGEST_PAUSE = 30.0

_state: dict = {"stopping": threading.Event(), "process": None, "thread": None}

# The master forks workers while this thread may be starting the writer. A worker forked
# in the middle of ``Popen`` would inherit the pipe through which Popen learns that the exec
# succeeded, and Popen would wait until that worker exits. So forks and starts take turns.
_starting = threading.Lock()


def _command() -> list[str]:
    return [sys.executable, str(MANAGE), "run_search_writer"]


def _environment() -> dict[str, str]:
    environment = dict(os.environ)
    environment.pop("ARCHIVE_SEARCH_WRITER", None)  # the web workers' "read only" mark
    return environment


def _keep_running(log) -> None:  # noqa: ANN001 - gunicorn's logger
    stopping: threading.Event = _state["stopping"]
    pause = 1.0
    while not stopping.is_set():
        started = time.monotonic()
        with _starting:
            process = subprocess.Popen(_command(), env=_environment())
        _state["process"] = process
        log.info("search index writer started (pid %s)", process.pid)
        status = process.wait()
        if stopping.is_set():
            return
        lived = time.monotonic() - started
        pause = min(pause * 2, LONGEST_PAUSE) if lived < QUICK_DEATH else 1.0
        log.error("search index writer (pid %s) exited with status %s after %.0f s; "
                  "restarting in %.0f s", process.pid, status, lived, pause)
        stopping.wait(pause)


def start(log) -> None:  # noqa: ANN001
    """Start the writer and the thread that restarts it (once per process)."""
    if os.environ.get("ARCHIVE_RUN_SEARCH_WRITER", "1") == "0" or _state["thread"]:
        return
    os.register_at_fork(before=_starting.acquire, after_in_parent=_starting.release,
                        after_in_child=_starting.release)
    thread = threading.Thread(target=_keep_running, args=(log,), name="search-writer",
                              daemon=True)
    _state["thread"] = thread
    thread.start()


def stop(timeout: float = 15.0) -> None:
    """Stop the writer: SIGTERM (it finishes the batch it is writing), then SIGKILL."""
    _state["stopping"].set()
    process: subprocess.Popen | None = _state["process"]
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
