"""Bringing a backup back: ``manage.py restore DIR``.

Nothing is touched until the backup has proved whole: its manifest present and complete,
every file it lists there with the size and SHA-256 it had, the database copy passing
SQLite's integrity check and the index copy opening. Nothing may write meanwhile: a running
writer process or another holder of the writer lock makes the restore refuse, and the
restore keeps both for itself until it is done.

Then, in this order: the index copy is written beside the live index (not live yet); the
database is replaced through SQLite's backup API, in one write transaction of the live
database, so a crash leaves the old database or the new one, and processes that have the
database open see the new one (a file put in its place would leave them on the old one, and
a WAL file beside it would be applied to the wrong database); the secret key is put in place;
the new index goes live (one rename). Last, the changes pending in the backup are written
into the restored index and the index is compared with the database, as
``check_search_index`` does. A restore interrupted between the database and the index is
finished by running it again.
"""
from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from config.private_files import SECRET_KEY_FILE, write_private
from search.backup import (
    CatchUp, IndexBusy, catch_up, check_index_copy, index_writing_stopped, install_index,
)
from search.engine import EngineUnavailable

from ..control_chars import shown
from .backup import (
    MANIFEST_FILE, MANIFEST_FORMAT, BackupError, check_database_copy, file_digest, require_sqlite,
)

# What a manifest must say; a backup whose manifest lacks any of these is not restored.
REQUIRED = (
    ("manifest",), ("created",), ("app_version",), ("database", "vendor"),
    ("database", "file"), ("database", "articles"), ("index", "directory"),
    ("index", "generation"), ("index", "format"), ("index", "documents"), ("secret_key",),
    ("files",),
)
UNTOUCHED = "未做任何改动"
_SEPARATORS = {"/", "\\", os.sep, *([os.altsep] if os.altsep else [])}


@dataclass(frozen=True)
class Restored:
    manifest: dict
    unapplied_migrations: int  # the restored database is older than the code
    caught_up: CatchUp | None  # None while migrations are unapplied


def restore_backup(directory: Path) -> Restored:
    """Replace this data directory's database, index and secret key with the backup's."""
    require_sqlite("恢复")
    directory = Path(directory).absolute()
    manifest = read_manifest(directory)
    database = directory / manifest["database"]["file"]
    index = directory / manifest["index"]["directory"]
    check_database_copy(database)
    try:
        with index_writing_stopped():
            check_index_copy(index)
            install_index(index, before_swap=lambda: _bring_in(directory, manifest))
            unapplied = _unapplied_migrations()
            caught_up = None if unapplied else catch_up()
    except IndexBusy as error:
        raise BackupError(f"{error}（{UNTOUCHED}）") from error
    except EngineUnavailable as error:
        raise BackupError(f"备份中的检索索引无法读取（{error}），{UNTOUCHED}") from error
    except sqlite3.Error as error:
        raise BackupError(f"数据库无法恢复（{error}），原有数据未改动") from error
    except OSError as error:
        raise BackupError(f"恢复失败（{error}）：解决后再运行一次 restore") from error
    return Restored(manifest, unapplied, caught_up)


def read_manifest(directory: Path) -> dict:
    """The backup's manifest, once the backup is found whole; refuses otherwise."""
    if not directory.is_dir():
        raise BackupError(f"备份目录 {directory} 不存在")
    path = directory / MANIFEST_FILE
    if not path.is_file():
        raise BackupError(f"{directory} 中没有备份清单 {MANIFEST_FILE}：这不是一份完整的备份"
                          f"（备份中途失败或被打断时不写清单），{UNTOUCHED}")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise BackupError(f"备份清单 {path} 无法读取（{error}），{UNTOUCHED}") from error
    for keys in REQUIRED:
        value = manifest
        for key in keys:
            if not isinstance(value, dict) or key not in value:
                raise BackupError(f"备份清单不完整：缺少 {'.'.join(keys)}，{UNTOUCHED}")
            value = value[key]
    if manifest["manifest"] != MANIFEST_FORMAT:
        raise BackupError(f"备份清单的格式（{manifest['manifest']}）不是本版本能读的格式"
                          f"（{MANIFEST_FORMAT}），{UNTOUCHED}")
    if manifest["database"]["vendor"] != "sqlite":
        raise BackupError(f"这份备份的数据库不是 SQLite（{manifest['database']['vendor']}），"
                          f"{UNTOUCHED}")
    _check_names(manifest)
    _check_files(directory, manifest)
    return manifest


def _check_names(manifest: dict) -> None:
    """The names the manifest gives are names inside the backup, and nothing else.

    A restore writes where these names say (the key into the data directory), so a name
    that climbs out (``..``) or leads into a directory is refused before anything is read.
    """
    for section, key in (("database", "file"), ("index", "directory")):
        name = manifest[section][key]
        if not _plain_name(name):
            raise BackupError(f"备份清单中的 {section}.{key}（{_quoted(name)}）不是文件名："
                              f"不能为空，不能含路径分隔符或 ..，{UNTOUCHED}")
    key_file = manifest["secret_key"]
    if key_file is not None and key_file != SECRET_KEY_FILE:
        raise BackupError(f"备份清单中的密钥文件名（{_quoted(key_file)}）无效：应为 "
                          f"{SECRET_KEY_FILE}，{UNTOUCHED}")
    if not isinstance(manifest["files"], dict):
        raise BackupError(f"备份清单中的 files 不是文件列表，{UNTOUCHED}")
    for name in manifest["files"]:
        if not all(_plain_name(part) for part in name.split("/")):
            raise BackupError(f"备份清单中的文件名（{_quoted(name)}）无效：只能是备份目录中的"
                              f"相对路径，不能含 ..，{UNTOUCHED}")


def _plain_name(name: object) -> bool:
    return (isinstance(name, str) and name not in ("", ".", "..") and "\0" not in name
            and not any(separator in name for separator in _SEPARATORS))


def _quoted(name: object) -> str:
    return f"“{shown(str(name), limit=80)}”"


def _check_files(directory: Path, manifest: dict) -> None:
    files = manifest["files"]
    needed = [manifest["database"]["file"],
              f"{manifest['index']['directory']}/CURRENT",
              *([SECRET_KEY_FILE] if manifest["secret_key"] else [])]
    for name in needed:
        if name not in files:
            raise BackupError(f"备份清单不完整：没有列出 {name}，{UNTOUCHED}")
    root = directory.resolve()
    for name, entry in files.items():
        path = (directory / name).resolve()
        if not path.is_relative_to(root) or not isinstance(entry, dict):
            raise BackupError(f"备份清单中的文件 {name} 无效，{UNTOUCHED}")
        if not path.is_file():
            raise BackupError(f"备份缺少文件 {name}，{UNTOUCHED}")
        if path.stat().st_size != entry.get("bytes") or file_digest(path) != entry.get("sha256"):
            raise BackupError(f"备份文件 {name} 已损坏（大小或 SHA-256 与清单不符），{UNTOUCHED}")


def _bring_in(directory: Path, manifest: dict) -> None:
    """The backup's database and secret key in place of this data directory's.

    The key is written beside its place first, so that once the database is replaced only
    a rename is left that could fail.
    """
    if connection.in_atomic_block:
        raise RuntimeError("a restore replaces the database: call it outside a transaction")
    key = _stage_secret_key(directory) if manifest["secret_key"] else None
    try:
        source = sqlite3.connect(f"file:{directory / manifest['database']['file']}?mode=ro",
                                 uri=True)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)  # one write transaction of the live database
        finally:
            source.close()
    except BaseException:
        if key is not None:
            key.unlink(missing_ok=True)
        raise
    if key is not None:
        os.replace(key, Path(settings.DATA_DIR) / SECRET_KEY_FILE)


def _stage_secret_key(directory: Path) -> Path:
    staged = Path(settings.DATA_DIR) / f".{SECRET_KEY_FILE}.restoring"
    try:
        key = (directory / SECRET_KEY_FILE).read_text(encoding="ascii")
    except UnicodeDecodeError as error:
        raise BackupError(f"备份中的密钥文件 {SECRET_KEY_FILE} 不是密钥（{error.reason}），"
                          f"{UNTOUCHED}") from error
    staged.unlink(missing_ok=True)
    write_private(staged, key)
    return staged


def _unapplied_migrations() -> int:
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
