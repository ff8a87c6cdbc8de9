"""Where the index lives on disk: generations of one directory, one of them live.

    whoosh_index/              HAYSTACK_CONNECTIONS["default"]["PATH"]
        CURRENT                the name of the live generation
        g-20261201T201500-…/   a whole Whoosh index, and the format it was written in

A rebuild (or a clear) writes a new generation beside the live one and makes it live by
replacing ``CURRENT`` (``os.replace``: atomic), so readers answer from the old index until
that moment and from the new one after, and a rebuild killed half-way leaves the old one
serving. The generation before the live one is kept until the next swap, so that a reader
still holding it can finish its query; older ones and abandoned builds are removed.
"""
from __future__ import annotations

import os
import secrets
import shutil
import time
from pathlib import Path

from config.private_files import fsync_path

POINTER = "CURRENT"
FORMAT_FILE = "archive-index-format"
PREFIX = "g-"


def live_directory(root: Path) -> Path | None:
    """The live generation's directory, or None when there is none yet."""
    try:
        name = (root / POINTER).read_text(encoding="utf-8").strip()
    except (FileNotFoundError, NotADirectoryError):
        return None
    return root / name if name else None


def has_generations(root: Path) -> bool:
    """Whether ``root`` holds any generation directory (live or not)."""
    return root.is_dir() and any(child.is_dir() and child.name.startswith(PREFIX)
                                 for child in root.iterdir())


def new_generation(root: Path) -> Path:
    """An empty directory for a new generation (not live until ``make_live``)."""
    root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    directory = root / f"{PREFIX}{stamp}-{os.getpid()}-{secrets.token_hex(3)}"
    directory.mkdir()
    return directory


def write_format(directory: Path, index_format: str) -> None:
    (directory / FORMAT_FILE).write_text(index_format, encoding="utf-8")


def read_format(directory: Path | None) -> str | None:
    if directory is None:
        return None
    try:
        return (directory / FORMAT_FILE).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None


def make_live(root: Path, directory: Path) -> None:
    """Swap ``directory`` in as the live generation; remove all but it and the previous."""
    _sync_tree(directory)
    previous = live_directory(root)
    temporary = root / f".{POINTER}.{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(directory.name)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, root / POINTER)
    fsync_path(root)
    if previous is None:
        return  # nothing was live: remove nothing (it may be all there is)
    keep = {directory.name, previous.name}
    for child in root.iterdir():
        if child.name in keep or child.name == POINTER:
            continue
        if child.is_dir() and child.name.startswith(PREFIX):
            shutil.rmtree(child, ignore_errors=True)
        elif child.is_file() and not child.name.startswith("."):
            child.unlink(missing_ok=True)  # an index of the layout before generations


def _sync_tree(directory: Path) -> None:
    for child in directory.iterdir():
        if child.is_file():
            with open(child, "rb") as handle:
                os.fsync(handle.fileno())
    fsync_path(directory)
