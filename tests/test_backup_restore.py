"""``manage.py backup`` and ``manage.py restore`` on archives of their own, as operators run them.

Every archive here is a data directory in a scratch place (a file database and an index),
worked on by the archive's own commands in separate processes, while other processes edit,
import and write the index — the site running. A backup restored into a fresh data
directory must answer every search as the original did, and whatever happened during the
backup, the restored index must hold every article the restored database holds, as it is.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings

from archive.services.backup import MANIFEST_FILE
from tests.conftest import SEEDS_DIR, run_command, write_manifest
from tests.serving import environment

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 120
QUERIES = ("工会", "疗休养", "职工", "劳模", "五一劳动奖章")
CLEAN = "索引缺 0 篇，多出 0 篇，内容过期 0 篇，重复 0 篇，待写入 0 条"
LATE_PAGE = "003_345039c405546bf1.txt"  # imported while backups are taken

# Every query's answer (ids in order, count, facets), and every article's title with the
# longest stretch of it a reader would type (no punctuation: 工会：为… is two searches).
SEARCHES = """
import json, os, re
from archive.models import Article
from search.engine import engine
from search.query import SearchRequest
from search.syntax import parse_query
from search.service import FACETS
titles = dict(Article.objects.order_by("pk").values_list("pk", "title"))
typed = {pk: max(re.findall(r"\\w+", title), key=len) for pk, title in titles.items() if title}
answers = {}
for q in [*json.loads(os.environ["QUERIES"]), *titles.values(), *typed.values()]:
    found = engine().find(parse_query(q), SearchRequest(q=q), start=0, stop=1000, facets=FACETS)
    facets = {name: sorted(map(list, values)) for name, values in found.facets.items()}
    answers[q] = [found.ids, found.count, facets]
session = None
if os.environ.get("SESSION_KEY"):
    from django.contrib.sessions.backends.db import SessionStore
    session = SessionStore(session_key=os.environ["SESSION_KEY"]).load()
print(json.dumps({"titles": titles, "typed": typed, "answers": answers, "session": session},
                 ensure_ascii=False))
"""

SIGN_IN = """
from django.contrib.sessions.backends.db import SessionStore
session = SessionStore()
session["_auth_user_id"] = "1"
session["note"] = "备份前登录"
session.create()
print(session.session_key)
"""

# Staff renaming articles one after another (a web worker: it leaves the index to the writer).
EDITOR = """
import os, sys, time
from pathlib import Path
from django.db import transaction
from archive.models import Article
from archive.signals import articles_changed
stop = Path(os.environ["STOP_FILE"])
ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
n = 0
while not stop.exists():
    pk = ids[n % len(ids)]
    with transaction.atomic():
        Article.objects.filter(pk=pk).update(title=f"备份期间第{n}次改名")
        articles_changed.send(sender=Article, changed_ids=[pk], removed_ids=[])
    n += 1
    if n == 3:
        print("editing", flush=True)
    time.sleep(0.01)
"""

RENAME_FIRST = """
from django.db import transaction
from archive.models import Article
from archive.signals import articles_changed
with transaction.atomic():
    article = Article.objects.order_by("pk").first()
    article.title = "等待备份时改的标题"
    article.save()
    articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])
"""

# An import whose store step has written the whole issue and waits, its transaction open,
# for a line on stdin before it commits.
HELD_IMPORT = """
import os, sys
from django.db import transaction
from archive.ingest.sources import Given, plan_import
from archive.services.imports import import_issues
plan = plan_import([os.environ["PAGES"]], Given())
with transaction.atomic():
    outcomes = list(import_issues(plan.pages))
    assert outcomes and all(outcome.ok for outcome in outcomes), [o.problems for o in outcomes]
    print("stored", sum(outcome.result.articles_created for outcome in outcomes), flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""

ISSUE_ARTICLES = """
import os
from archive.models import Article
print(Article.objects.filter(page__issue__date=os.environ["ISSUE_DATE"]).count())
"""

HOLD_WRITER_LOCK = """
import os, time
from pathlib import Path
from search.writelock import writer_lock
with writer_lock():
    print("held", flush=True)
    while not Path(os.environ["STOP_FILE"]).exists():
        time.sleep(0.01)
"""


def manage(data_dir: Path, *args: str, check: bool = True,
           **extra: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT,
                          env=environment(data_dir, **extra), capture_output=True, text=True,
                          timeout=TIMEOUT)
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


class Running:
    """A command running beside the test, its output collected as it comes (pipes never fill)."""

    def __init__(self, data_dir: Path, *args: str, **extra: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=environment(data_dir, **extra),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = {"stdout": [], "stderr": []}
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._read, args=(name,), daemon=True)
                         for name in self.lines]
        for reader in self._readers:
            reader.start()

    def _read(self, name: str) -> None:
        for line in getattr(self.process, name):
            with self._changed:
                self.lines[name].append(line)
                self._changed.notify_all()
        with self._changed:
            self._changed.notify_all()

    def wait_for(self, marker: str, timeout: float = TIMEOUT) -> None:
        """Until a line of its output says ``marker``; fails if it ends or takes too long."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(marker in line for lines in self.lines.values() for line in lines):
                left = deadline - time.monotonic()
                ended = self.process.poll() is not None
                if ended and not any(reader.is_alive() for reader in self._readers):
                    raise AssertionError(f"ended without saying {marker!r}: {self.output()}")
                if left <= 0:
                    raise AssertionError(f"did not say {marker!r} in {timeout} s: {self.output()}")
                self._changed.wait(min(left, 0.2))

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def say(self, line: str) -> None:
        """Write a line to its standard input."""
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def finish(self, timeout: float = TIMEOUT) -> tuple[int, str, str]:
        """Wait for it to end: (exit status, stdout, stderr)."""
        self.process.wait(timeout)
        for reader in self._readers:
            reader.join(timeout)
        return self.process.returncode, "".join(self.lines["stdout"]), self.output()

    def stop(self) -> None:
        if self.running:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        return "".join(self.lines["stderr"])[-3000:]


@pytest.fixture
def start():
    """``start(data_dir, *args)``: run a command in the background; whatever still runs
    when the test ends is killed."""
    started: list[Running] = []

    def run(data_dir: Path, *args: str, **extra: str) -> Running:
        started.append(Running(data_dir, *args, **extra))
        return started[-1]

    yield run
    for running in started:
        if running.running:
            running.process.kill()
            running.process.wait()


def searches(data_dir: Path, **extra: str) -> dict:
    out = manage(data_dir, "shell", "-c", SEARCHES, QUERIES=json.dumps(QUERIES), **extra)
    return json.loads(out.stdout.strip().splitlines()[-1])


def article_count(data_dir: Path) -> int:
    out = manage(data_dir, "shell", "-c", "from archive.models import Article; "
                 "print(Article.objects.count())").stdout
    return int(out.strip().splitlines()[-1])


def assert_every_title_found(result: dict) -> None:
    lost = [(pk, result["titles"][pk]) for pk, typed in result["typed"].items()
            if int(pk) not in result["answers"][typed][0]]
    assert not lost, f"articles the index cannot find by their titles: {lost}"


def seed_rows() -> list[dict[str, str]]:
    with (SEEDS_DIR / "manifest.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def pages(directory: Path, rows: list[dict[str, str]]) -> Path:
    directory.mkdir(parents=True)
    for row in rows:
        shutil.copyfile(SEEDS_DIR / row["file"], directory / row["file"])
    write_manifest(directory, rows)
    return directory


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of three sample pages (the fourth is imported by a test)."""
    root = tmp_path_factory.mktemp("backup-template")
    archive = root / "archive"
    manage(archive, "migrate", "--noinput", "--verbosity", "0")
    early = [row for row in seed_rows() if row["file"] != LATE_PAGE]
    manage(archive, "import_pages", str(pages(root / "pages", early)))
    return archive


@pytest.fixture
def archive(template: Path, tmp_path: Path) -> Path:
    """A copy of the template for one test (copied while nothing runs on it)."""
    copy = tmp_path / "archive"
    shutil.copytree(template, copy)
    return copy


@pytest.fixture(scope="module")
def made_backup(template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A backup of the template, read only (copy it before damaging it)."""
    backup = tmp_path_factory.mktemp("made-backup") / "backup"
    manage(template, "backup", str(backup))
    return backup


def test_a_restored_backup_answers_every_search_as_the_original(archive, tmp_path):
    session_key = manage(archive, "shell", "-c", SIGN_IN).stdout.strip().splitlines()[-1]
    backup = tmp_path / "backups" / "monday"

    made = manage(archive, "backup", str(backup))

    assert f"已备份到 {backup}" in made.stdout
    original = searches(archive, SESSION_KEY=session_key)
    assert original["answers"]["疗休养"][1] >= 3
    assert_every_title_found(original)
    assert [p.name for p in backup.parent.iterdir()] == ["monday"]  # no partial copy left
    for path in [backup, *backup.rglob("*")]:
        assert path.stat().st_mode & 0o777 == (0o700 if path.is_dir() else 0o600), path
    manifest = json.loads((backup / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["database"]["articles"] == len(original["titles"])
    assert manifest["index"]["documents"] == len(original["titles"])
    assert manifest["index"]["generation"] == (archive / "whoosh_index" / "CURRENT").read_text()
    assert manifest["database"]["vendor"] == "sqlite" and manifest["index"]["format"]

    fresh = tmp_path / "fresh"
    restored = manage(fresh, "restore", str(backup))

    assert "已恢复" in restored.stdout and CLEAN in restored.stdout, restored.stdout
    again = searches(fresh, SESSION_KEY=session_key)
    assert again["answers"] == original["answers"]
    assert again["titles"] == original["titles"]
    assert again["session"]["note"] == "备份前登录"  # signed with the restored secret key
    assert (fresh / "secret_key").read_text() == (archive / "secret_key").read_text()
    assert CLEAN in manage(fresh, "check_search_index").stdout


def restore_and_check(backup: Path, into: Path) -> dict:
    """Restore ``backup`` into the fresh data directory ``into``: it must be consistent."""
    restored = manage(into, "restore", str(backup))
    assert CLEAN in restored.stdout, restored.stdout
    result = searches(into)
    assert_every_title_found(result)
    return result


def test_edits_during_a_backup_cannot_leave_a_title_the_restored_index_misses(
        archive, tmp_path, start):
    stop = tmp_path / "stop"
    writer = start(archive, "run_search_writer", "--interval", "0.05")
    editor = start(archive, "shell", "-c", EDITOR, STOP_FILE=str(stop), ARCHIVE_SEARCH_WRITER="0")
    editor.wait_for("editing")
    backups = [tmp_path / f"backup-{n}" for n in range(2)]
    for backup in backups:
        manage(archive, "backup", str(backup))
    stop.touch()
    status, _, err = editor.finish()
    writer.stop()
    assert status == 0, err

    renamed = []
    for n, backup in enumerate(backups):
        result = restore_and_check(backup, tmp_path / f"restored-{n}")
        renamed.append(sorted(t for t in result["titles"].values() if t.startswith("备份期间")))
    assert all(renamed) and len({tuple(r) for r in renamed}) == len(backups), \
        "every backup caught the archive in the middle of the editing, each at another moment"


def issue_articles(data_dir: Path, issue_date: str) -> int:
    out = manage(data_dir, "shell", "-c", ISSUE_ARTICLES, ISSUE_DATE=issue_date).stdout
    return int(out.strip().splitlines()[-1])


def test_a_backup_during_an_import_has_none_of_the_issue_and_one_after_it_all(
        archive, tmp_path, start):
    before = article_count(archive)
    late = [row for row in seed_rows() if row["file"] == LATE_PAGE]
    issue_date = late[0]["date"]
    importer = start(archive, "shell", "-c", HELD_IMPORT,
                     PAGES=str(pages(tmp_path / "late", late)))
    importer.wait_for("stored")
    manage(archive, "backup", str(tmp_path / "during"))
    assert importer.running, "the import committed before the backup was taken"
    importer.say("commit")
    status, out, err = importer.finish()
    assert status == 0 and "committed" in out, err
    stored = int(out.split("stored", 1)[1].split()[0])
    manage(archive, "backup", str(tmp_path / "after"))

    assert stored > 0 and article_count(archive) == before + stored
    during = restore_and_check(tmp_path / "during", tmp_path / "restored-during")
    assert len(during["titles"]) == before
    assert issue_articles(tmp_path / "restored-during", issue_date) == 0
    after = restore_and_check(tmp_path / "after", tmp_path / "restored-after")
    assert len(after["titles"]) == before + stored
    assert issue_articles(tmp_path / "restored-after", issue_date) == stored


# Run in this process, on the test database: only where that is SQLite.
in_process_sqlite = pytest.mark.skipif(
    not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
    reason="backups are of SQLite archives; the subprocess tests cover PostgreSQL's refusal")


@in_process_sqlite
def test_a_backup_refuses_a_directory_that_is_not_empty(tmp_path):
    target = tmp_path / "backup"
    target.mkdir()
    (target / "notes.txt").write_text("上周的备份", encoding="utf-8")

    status, _, err = run_command("backup", str(target))

    assert status == 1
    assert "已存在且不是空的" in err and str(target) in err
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["backup"]


def test_a_backup_of_an_unreadable_index_fails_and_leaves_nothing(archive, tmp_path):
    (archive / "whoosh_index" / "CURRENT").unlink()
    target = tmp_path / "backups" / "monday"

    done = manage(archive, "backup", str(target), check=False)

    assert done.returncode == 1
    assert "检索索引无法复制" in done.stderr and "check_search_index --repair" in done.stderr
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # no DIR.partial-… either


@in_process_sqlite
@pytest.mark.parametrize("damage, message", [
    ("no manifest", "没有备份清单 manifest.json"),
    ("manifest without index", "备份清单不完整：缺少 index.directory"),
    ("database damaged", "备份文件 archive.sqlite3 已损坏"),
    ("index file missing", "备份缺少文件 whoosh_index/"),
    # Names a restore would write or read by, leading elsewhere (each still listed with its
    # right size and checksum): the key would be written over the data directory's database.
    ("secret key named as the database",
     "备份清单中的密钥文件名（“archive.sqlite3”）无效：应为 secret_key"),
    ("database named by a path", "备份清单中的 database.file（“whoosh_index/../archive.sqlite3”）"
                                 "不是文件名"),
    ("a listed file climbing out", "备份清单中的文件名（“whoosh_index/../archive.sqlite3”）无效"),
])
def test_a_restore_refuses_an_incomplete_backup_and_touches_nothing(
        made_backup, tmp_path, damage, message):
    backup = tmp_path / "backup"
    shutil.copytree(made_backup, backup)
    manifest_path = backup / MANIFEST_FILE
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    around = "whoosh_index/../archive.sqlite3"
    if damage == "no manifest":
        manifest_path.unlink()
    elif damage == "manifest without index":
        del manifest["index"]
    elif damage == "secret key named as the database":
        manifest["secret_key"] = "archive.sqlite3"
    elif damage == "database named by a path":
        manifest["database"]["file"] = around
        manifest["files"][around] = manifest["files"]["archive.sqlite3"]
    elif damage == "a listed file climbing out":
        manifest["files"][around] = manifest["files"]["archive.sqlite3"]
    elif damage == "database damaged":
        with open(backup / "archive.sqlite3", "r+b") as database:
            database.seek(4096)
            page = database.read(4096)
            database.seek(4096)
            database.write(bytes(b ^ 0xFF for b in page))
    else:
        generation = next(p for p in (backup / "whoosh_index").iterdir() if p.is_dir())
        next(generation.glob("*.trm")).unlink()
    if damage != "no manifest":
        manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    key = Path(settings.DATA_DIR) / "secret_key"
    key_before = key.read_bytes() if key.exists() else None

    status, _, err = run_command("restore", str(backup))

    assert status == 1
    assert message in err and "未做任何改动" in err
    assert (key.read_bytes() if key.exists() else None) == key_before
    assert not list(Path(settings.DATA_DIR).glob(".*restoring"))


def test_a_restore_refuses_while_the_index_writer_runs(archive, made_backup, start):
    live = (archive / "whoosh_index" / "CURRENT").read_text()
    writer = start(archive, "run_search_writer")
    writer.wait_for("检索索引写入进程已启动")
    done = manage(archive, "restore", str(made_backup), check=False)
    writer.stop()

    assert done.returncode == 1
    assert "检索索引写入进程（run_search_writer）正在运行" in done.stderr
    assert "未做任何改动" in done.stderr
    assert (archive / "whoosh_index" / "CURRENT").read_text() == live


def test_while_another_process_writes_the_index_a_backup_waits_and_a_restore_refuses(
        archive, made_backup, tmp_path, start):
    """An import or a rebuild holds the writer lock: the backup waits for it, and an edit
    made meanwhile (pending, not yet in the index) is in the restored index all the same."""
    live = (archive / "whoosh_index" / "CURRENT").read_text()
    stop = tmp_path / "stop"
    holder = start(archive, "shell", "-c", HOLD_WRITER_LOCK, STOP_FILE=str(stop))
    holder.wait_for("held")
    backup = start(archive, "backup", str(tmp_path / "backup"))
    backup.wait_for("检索索引正在被写入", timeout=30)
    manage(archive, "shell", "-c", RENAME_FIRST, ARCHIVE_SEARCH_WRITER="0")
    refused = manage(archive, "restore", str(made_backup), check=False)
    assert backup.running, "the backup did not wait for the writer lock"
    writer = start(archive, "run_search_writer", "--interval", "0.05")
    stop.touch()
    holder.finish()
    status, _, err = backup.finish()
    writer.stop()

    assert refused.returncode == 1
    assert "另一个进程正在写检索索引" in refused.stderr and "未做任何改动" in refused.stderr
    assert (archive / "whoosh_index" / "CURRENT").read_text() == live
    assert status == 0, err
    result = restore_and_check(tmp_path / "backup", tmp_path / "restored")
    assert "等待备份时改的标题" in result["titles"].values()


def test_a_postgresql_archive_is_told_to_use_pg_dump(tmp_path):
    target = tmp_path / "backup"
    postgres = {"DATABASE_URL": "postgres://archive@127.0.0.1:9/archive"}
    env = {**environment(tmp_path / "archive"), **postgres}
    done = subprocess.run([sys.executable, "manage.py", "backup", str(target)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=TIMEOUT)

    assert done.returncode == 1
    assert "数据库是 PostgreSQL" in done.stderr and "pg_dump" in done.stderr
    assert not target.exists()
