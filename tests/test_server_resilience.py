"""The site as a server: concurrent writers on SQLite, a writer that outlives faults, slow
clients, throttled sign-ins, refused oversized bodies. Each runs the real processes — the
archive's commands and gunicorn with config/gunicorn.py — on an archive of its own."""
from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from tests.serving import (
    ROOT, environment, gunicorn, manage, sample_archive, wait_for, writer_pids,
)

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="SQLite's locking and the file-backed archive are tested in the SQLite run",
)

HOLD_WRITE_LOCK = """
import sys, time
from django.db import transaction
from archive.models import Publication
with transaction.atomic():
    Publication.objects.create(name="锁表测试报", slug="lock-test")
    print("holding", flush=True)
    sys.stdin.readline()  # until told how long to go on holding
    time.sleep(float(sys.argv[-1]))
print("released", flush=True)
"""

RETITLE = """
import sys, time
from django.db import transaction
from archive.models import Article
from archive.services.editing import announce
print("editing", flush=True)
started = time.monotonic()
with transaction.atomic():
    article = Article.objects.order_by("pk").first()
    article.title = sys.argv[-1]
    article.save(update_fields=["title"])
    announce([article.pk])
print(round(time.monotonic() - started, 2))
"""

FIND = """
import json, sys
from search.query import SearchRequest
from search.service import search_articles
found = search_articles(SearchRequest(q=sys.argv[-1]))
print(json.dumps([hit.title for hit in found.hits]))
"""

PENDING = """
from search.models import PendingIndexChange
print(PendingIndexChange.objects.count())
"""


def shell(data_dir, script: str, *args: str, **extra: str) -> subprocess.Popen:  # noqa: ANN001
    """Run ``script`` in a Django shell of its own, with ``args`` after it in sys.argv."""
    return subprocess.Popen(
        [sys.executable, "-c", "import django, sys; django.setup(); exec(sys.argv[1])",
         script, *args],
        cwd=ROOT, env=environment(data_dir, **extra), stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def shell_output(data_dir, script: str, *args: str, **extra: str) -> str:  # noqa: ANN001
    process = shell(data_dir, script, *args, **extra)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory):  # noqa: ANN001, ANN201
    return sample_archive(tmp_path_factory.mktemp("served"))


def test_the_database_is_in_wal_mode_and_private(tmp_path):
    data_dir = tmp_path / "shared"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    manage(data_dir, "migrate", "--noinput")
    with sqlite3.connect(data_dir / "archive.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert (data_dir / "archive.sqlite3").stat().st_mode & 0o777 == 0o600
    assert data_dir.stat().st_mode & 0o777 == 0o700


def test_an_edit_waits_for_a_long_write_instead_of_failing(archive_dir):
    """A write transaction goes on for 6.5 s after an edit begins (longer than SQLite's
    old 5 s timeout): the edit waits, succeeds and is then searchable."""
    holder = shell(archive_dir, HOLD_WRITE_LOCK, "6.5")
    assert holder.stdout.readline().strip() == "holding"
    editor = shell(archive_dir, RETITLE, "锁后改题测试")
    assert editor.stdout.readline().strip() == "editing"
    holder.stdin.write("go\n")
    holder.stdin.flush()
    out, err = editor.communicate(timeout=120)
    assert editor.returncode == 0, err
    assert holder.wait(timeout=60) == 0
    assert float(out.strip().splitlines()[-1]) > 5.5, "the edit should have waited"
    assert "锁后改题测试" in json.loads(shell_output(archive_dir, FIND, "锁后改题测试"))


def test_the_writer_outlives_a_database_lock_and_catches_up(archive_dir):
    """The writer gets "database is locked" (its busy timeout is 1 s here) and fails again
    on its next tries while the lock lasts: it logs, retries and writes the change once the
    lock is gone."""
    shell_output(archive_dir, RETITLE, "写入进程重试测试", ARCHIVE_SEARCH_WRITER="0")
    assert int(shell_output(archive_dir, PENDING)) > 0
    lock = sqlite3.connect(archive_dir / "archive.sqlite3", isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    writer = subprocess.Popen(
        [sys.executable, "manage.py", "run_search_writer", "--interval", "0.2"], cwd=ROOT,
        env=environment(archive_dir, ARCHIVE_SQLITE_BUSY_TIMEOUT="1"),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(writer.stderr), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("检索索引写入仍然失败" in line for line in log), timeout=90)
        assert writer.poll() is None, "the writer exited during the lock"
        lock.execute("ROLLBACK")
        lock.close()
        wait_for(lambda: int(shell_output(archive_dir, PENDING)) == 0, timeout=60, step=0.5)
        assert "写入进程重试测试" in json.loads(shell_output(archive_dir, FIND, "写入进程重试测试"))
    finally:
        writer.terminate()
        writer.wait(timeout=30)
        reader.join(timeout=10)
    text = "".join(log)
    assert "database is locked" in text and "检索索引写入已恢复" in text, text


def test_gunicorn_keeps_the_writer_running(archive_dir):
    with gunicorn(archive_dir, "--workers", "1") as (url, server):
        first = wait_for(lambda: writer_pids(server))
        os.kill(first[0], signal.SIGKILL)
        second = wait_for(lambda: [pid for pid in writer_pids(server) if pid != first[0]])
        shell_output(archive_dir, RETITLE, "重启后的写入进程", ARCHIVE_SEARCH_WRITER="0")
        query = urllib.parse.quote("重启后的写入进程")
        wait_for(lambda: "重启后的写入进程" in _get(f"{url}/search/?q={query}")[1], timeout=30)
    assert not os.path.exists(f"/proc/{second[0]}/stat") or _is_zombie(second[0])
    assert "后重启" in (archive_dir / "gunicorn.log").read_text()


def test_the_writer_ends_when_the_master_is_killed(archive_dir):
    with gunicorn(archive_dir, "--workers", "1") as (_, server):
        writer = wait_for(lambda: writer_pids(server))[0]
        os.kill(server.pid, signal.SIGKILL)
        wait_for(lambda: _is_zombie(writer) or not os.path.exists(f"/proc/{writer}"),
                 timeout=30)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _get(url: str, timeout: float = 10) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.status, response.read().decode()


def test_idle_and_half_sent_connections_do_not_stop_the_site(archive_dir):
    """50 connections that send nothing and 30 that send half a request and stall: the site
    still answers searches at once, and the stalled ones are closed after the client
    timeout."""
    with gunicorn(archive_dir, ARCHIVE_CLIENT_TIMEOUT="3") as (url, server):
        port = int(url.rsplit(":", 1)[1])
        idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(50)]
        stalled = []
        for _ in range(30):
            client = socket.create_connection(("127.0.0.1", port))
            client.sendall(b"GET /search/?q=%E5%B7%A5%E4%BC%9A HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            stalled.append(client)
        try:
            times = []
            for path in ["/robots.txt", "/search/?q=%E7%96%97%E4%BC%91%E5%85%BB", "/"] * 3:
                started = time.monotonic()
                status, _ = _get(url + path, timeout=10)
                times.append(time.monotonic() - started)
                assert status == 200
            assert max(times) < 8, times
            stalled[0].settimeout(10)
            assert stalled[0].recv(100) == b"", "a stalled request should be closed"
        finally:
            for client in idle + stalled:
                client.close()


def test_an_oversized_upload_is_refused_before_it_is_sent(archive_dir):
    with gunicorn(archive_dir, "--workers", "1") as (url, _):
        port = int(url.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=10) as client:
            client.sendall(b"POST /admin/archive/issue/import/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Content-Type: multipart/form-data; boundary=x\r\n"
                           b"Content-Length: 209715200\r\n\r\n--x\r\n")
            received = b""
            while chunk := client.recv(65536):  # the server closes after its answer
                received += chunk
            answer = received.decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413")
    assert "提交的数据超过了" in answer


def test_pages_carry_a_content_security_policy(archive_dir):
    with gunicorn(archive_dir, "--workers", "1") as (url, _):
        with urllib.request.urlopen(url + "/") as response:
            policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


def test_deploy_check_is_clean_with_the_production_variables(tmp_path):
    done = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", check=False,
                  DJANGO_HTTPS="1", DJANGO_SECURE_HSTS_PRELOAD="1",
                  DJANGO_ALLOWED_HOSTS="archive.example.org",
                  DJANGO_CSRF_TRUSTED_ORIGINS="https://archive.example.org")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
