"""A rebuild killed half-way (``kill -9``) leaves the old index serving, as processes see it.

Runs the archive's own commands in separate processes on an archive of their own (a file
database and index in a scratch data directory), as an operator would on a server.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEARCH = """
import json
from search.query import SearchRequest
from search.service import search_articles
found = search_articles(SearchRequest(q="工会"))
print(json.dumps([found.count, [hit.id for hit in found.hits]]))
"""


def manage(data_dir: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:  # noqa: ANN003
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir),
           "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=True, timeout=600, **kwargs)


def search(data_dir: Path) -> list:
    return json.loads(manage(data_dir, "shell", "-c", SEARCH).stdout.strip().splitlines()[-1])


def test_a_killed_rebuild_leaves_the_old_index_serving(tmp_path):
    data_dir = tmp_path / "archive"
    env = {**os.environ, "ARCHIVE_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "bench/generate.py", "--articles", "3000", "--corpus",
                    "samples", "--data-dir", str(data_dir)], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=600)
    manage(data_dir, "rebuild_index", "--noinput")
    index = data_dir / "whoosh_index"
    live = (index / "CURRENT").read_text()
    before = search(data_dir)
    assert before[0] > 2000

    rebuild = subprocess.Popen(
        [sys.executable, "manage.py", "rebuild_index", "--noinput"], cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    existing = {p.name for p in index.iterdir()}
    deadline = time.monotonic() + 120
    while rebuild.poll() is None and time.monotonic() < deadline:
        if {p.name for p in index.iterdir() if p.name.startswith("g-")} - existing:
            break  # the new generation exists: the rebuild is writing into it
        time.sleep(0.02)
    time.sleep(1.0)
    assert rebuild.poll() is None, "the rebuild finished before it could be killed"
    rebuild.send_signal(signal.SIGKILL)
    rebuild.wait()

    assert (index / "CURRENT").read_text() == live
    assert search(data_dir) == before  # a fresh process answers from the old index
    out = manage(data_dir, "check_search_index").stdout
    assert "索引缺 0 篇" in out and "内容过期 0 篇" in out

    manage(data_dir, "rebuild_index", "--noinput")  # the next rebuild tidies up
    assert (index / "CURRENT").read_text() != live
    assert search(data_dir)[0] == before[0]
    generations = [p.name for p in index.iterdir() if p.is_dir()]
    assert len(generations) <= 2, generations
