"""Files only the archive's own user may read, and getting them onto the disk.

The data directory holds password hashes and the secret key that signs sign-ins, so what
is made from it (the key itself, a backup, the index copied into a backup) is created
readable by its owner only. A private file is created with ``O_EXCL``: it is always a new
file, never one that was there (or a link planted in its place) written through.

This module is in ``config`` because three layers need it and each may import ``config``
without a cycle: the settings (the secret key's file, before Django is set up), the
archive's backup and restore, and the search engine's index copies, which import nothing
from the archive. It imports nothing of the project.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700
SECRET_KEY_FILE = "secret_key"  # in the data directory, and in a backup of it
_CHUNK = 1024 * 1024


def write_private(path: Path, text: str) -> None:
    """Create ``path`` (it must not exist), readable by its owner only, holding ``text``."""
    with open(_create_private(path), "w", encoding="utf-8") as out:
        out.write(text)


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` into a new private file ``target`` (it must not exist)."""
    with open(_create_private(target), "wb") as out, open(source, "rb") as data:
        shutil.copyfileobj(data, out, _CHUNK)


def fsync_path(path: Path) -> None:
    """Flush a file or a directory (its entries: names created, renamed) to the disk."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _create_private(path: Path) -> int:
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
