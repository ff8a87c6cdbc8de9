"""Running the archive as an operator does, for tests: its commands and gunicorn, in separate
processes, on an archive of their own (a file database and index in a scratch directory)."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.serving import environment
from bench.serving import writer_pids as running_writers

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def manage(data_dir: Path, *args: str, timeout: float = 600, check: bool = True,
           **extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                          env=environment(data_dir, **extra), capture_output=True, text=True,
                          check=check, timeout=timeout)


def sample_archive(data_dir: Path) -> Path:
    """A data directory holding the four sample pages, migrated and indexed."""
    manage(data_dir, "migrate", "--noinput")
    manage(data_dir, "load_samples")
    return data_dir


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(data_dir: Path, *args: str, **extra: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """The site as ``make serve`` runs it (config/gunicorn.py), on a free loopback port."""
    port = free_port()
    log = open(data_dir / "gunicorn.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi",
         "-b", f"127.0.0.1:{port}", *args],
        cwd=ROOT, env=environment(data_dir, **extra), stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError((data_dir / "gunicorn.log").read_text())
            try:
                with urllib.request.urlopen(url + "/robots.txt", timeout=5):
                    break
            except (urllib.error.URLError, ConnectionError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        log.close()


def writer_pids(server: subprocess.Popen) -> list[int]:
    return running_writers(server.pid)


def wait_for(condition, timeout: float = 30, step: float = 0.1):  # noqa: ANN001, ANN201
    """Poll ``condition()`` until it returns something true; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting after {timeout} s")
        time.sleep(step)
