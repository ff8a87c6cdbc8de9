"""A consistent copy of the archive, taken while the site runs: ``manage.py backup DIR``.

A backup is one directory, readable only by its owner (the database holds password hashes,
the secret key signs sign-ins):

    DIR/archive.sqlite3   the database, copied by SQLite's online backup API
    DIR/whoosh_index/     the search index: its live generation and a CURRENT naming it
    DIR/secret_key        the data directory's secret key, when there is one
    DIR/manifest.json     what the backup holds, each file with its size and SHA-256

The database and then the index are copied while the search side holds the index still
(``search.backup.index_held_still``, whose docstring says why that makes the pair
consistent: what the copied index lacks is pending in the copied database). SQLite copies
the database itself, in one read transaction, so the copy is one moment of the database
however busy the site is, and includes what a WAL file holds; copying the file would not.

Nothing half-written looks like a backup: everything is written into ``DIR.partial-…``
beside DIR, checked (the database's integrity check, the index opened and read), the
manifest written last, and only then is the directory renamed to DIR. A restore requires
the manifest and every file it lists, unchanged (``archive.services.restore``).
"""
from __future__ import annotations

import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.private_files import PRIVATE_DIRECTORY, SECRET_KEY_FILE, fsync_path, write_private
from search.backup import check_index_copy, copy_index, index_held_still
from search.engine import EngineUnavailable, IndexCopy
from search.models import PendingIndexChange

from ..models import Article

MANIFEST_FORMAT = 1
MANIFEST_FILE = "manifest.json"
DATABASE_FILE = "archive.sqlite3"
INDEX_DIRECTORY = "whoosh_index"
DISTRIBUTION = "union-press-archive"  # the project's name in pyproject.toml


class BackupError(Exception):
    """A backup or restore that cannot be made; the message says why, for the operator."""


@dataclass(frozen=True)
class Backup:
    directory: Path
    manifest: dict
    seconds: float


def require_sqlite(action: str) -> None:
    """Refuse, saying what to use instead, unless the archive's database is SQLite."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine.endswith("sqlite3"):
        return
    if "postgresql" in engine:
        raise BackupError(
            f"数据库是 PostgreSQL，{action}命令只能处理 SQLite 数据库：请用 PostgreSQL 的 pg_dump "
            "备份数据库（pg_restore 恢复），恢复数据库后运行 manage.py rebuild_index 重建检索索引")
    raise BackupError(f"数据库（{engine}）不是 SQLite，{action}命令只能处理 SQLite 数据库："
                      "请用该数据库自带的备份工具，恢复后运行 manage.py rebuild_index 重建检索索引")


def create_backup(directory: Path, on_wait: Callable[[], None] | None = None) -> Backup:
    """Write a backup of the archive into ``directory`` (new, or an empty directory).

    ``on_wait`` is called if the index is being written for a while (a rebuild), before the
    backup waits for it.
    """
    require_sqlite("备份")
    directory = Path(directory).absolute()
    refuse_unless_empty(directory)
    started = time.monotonic()
    directory.parent.mkdir(parents=True, exist_ok=True)
    partial = directory.parent / f"{directory.name}.partial-{secrets.token_hex(4)}"
    try:
        os.mkdir(partial, PRIVATE_DIRECTORY)
        try:
            manifest = _write_backup(partial, on_wait)
            _move_into_place(partial, directory)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    except EngineUnavailable as error:
        raise BackupError(f"检索索引无法复制（{error}）：先运行 manage.py check_search_index "
                          "--repair 修复索引，再备份") from error
    except sqlite3.Error as error:
        raise BackupError(f"数据库无法复制：{error}") from error
    except OSError as error:
        raise BackupError(f"备份无法写入 {directory}：{error}") from error
    return Backup(directory, manifest, time.monotonic() - started)


def refuse_unless_empty(directory: Path) -> None:
    if not directory.exists():
        return
    if not directory.is_dir():
        raise BackupError(f"{directory} 已存在且不是目录：请指定一个新的备份目录")
    if any(directory.iterdir()):
        raise BackupError(f"备份目录 {directory} 已存在且不是空的：请指定一个新的（或空的）目录，"
                          "备份不会覆盖已有的文件")


def _write_backup(partial: Path, on_wait: Callable[[], None] | None) -> dict:
    with index_held_still(on_wait):
        taken = timezone.localtime()  # the moment both copies show
        _copy_database(partial / DATABASE_FILE)
        index = copy_index(partial / INDEX_DIRECTORY)
    articles, pending = check_database_copy(partial / DATABASE_FILE)
    if check_index_copy(partial / INDEX_DIRECTORY) != index:
        raise BackupError("检索索引的副本与索引不符（文档数或格式不同），备份未完成：请再备份一次")
    secret_key = _copy_secret_key(partial)
    manifest = {
        "manifest": MANIFEST_FORMAT,
        "created": taken.isoformat(timespec="seconds"),
        "app_version": _app_version(),
        "database": {"vendor": connection.vendor, "sqlite_version": sqlite3.sqlite_version,
                     "file": DATABASE_FILE, "articles": articles, "pending_changes": pending},
        "index": _index_entry(index),
        "secret_key": SECRET_KEY_FILE if secret_key else None,
        "files": {name: _file_entry(partial / name) for name in _files_below(partial)},
    }
    write_private(partial / MANIFEST_FILE,
                  json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    _sync_tree(partial)
    return manifest


def _copy_database(target: Path) -> None:
    """The database as one moment left it, in a file of its own (no -wal beside it)."""
    if connection.in_atomic_block:
        raise RuntimeError("a backup copies committed data: call it outside a transaction")
    write_private(target, "")  # created private; SQLite takes an empty file as a new database
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # every page in one step: one read transaction
        copy.execute("PRAGMA journal_mode=DELETE")  # a WAL database's copy would be WAL too
    finally:
        copy.close()


def check_database_copy(path: Path) -> tuple[int, int]:
    """Run SQLite's integrity check on a copy; its articles and pending index changes."""
    try:
        copy = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as error:
        raise BackupError(f"数据库副本 {path} 无法打开：{error}") from error
    try:
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"数据库副本 {path} 未通过完整性检查：{'；'.join(problems[:5])}")
        articles = copy.execute(f'SELECT COUNT(*) FROM "{Article._meta.db_table}"').fetchone()[0]
        pending = copy.execute(
            f'SELECT COUNT(*) FROM "{PendingIndexChange._meta.db_table}"').fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise BackupError(f"数据库副本 {path} 无法读取：{error}") from error
    finally:
        copy.close()
    return articles, pending


def _copy_secret_key(partial: Path) -> bool:
    source = Path(settings.DATA_DIR) / SECRET_KEY_FILE
    if not source.is_file():
        return False  # the key comes from DJANGO_SECRET_KEY
    write_private(partial / SECRET_KEY_FILE, source.read_text(encoding="ascii"))
    return True


def _index_entry(index: IndexCopy) -> dict:
    return {"directory": INDEX_DIRECTORY, "generation": index.name,
            "format": index.index_format, "documents": index.documents}


def _app_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return "未知"


def _files_below(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def _file_entry(path: Path) -> dict:
    return {"bytes": path.stat().st_size, "sha256": file_digest(path)}


def file_digest(path: Path) -> str:
    with open(path, "rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def _sync_tree(root: Path) -> None:
    """Everything written reaches the disk before the backup is given its name."""
    for path in [*root.rglob("*"), root]:
        fsync_path(path)


def _move_into_place(partial: Path, directory: Path) -> None:
    try:
        os.rename(partial, directory)  # onto a missing or empty directory: atomic
    except OSError as error:
        raise BackupError(f"备份目录 {directory} 在备份期间被占用（{error.strerror}）："
                          "请指定一个新的目录") from error
    fsync_path(directory.parent)
