"""Copies of the live index in a directory of their own: what a backup holds of the index.

A copy has the layout of the index directory (``store``) with a single generation:

    copy/CURRENT          the name of the copied generation
    copy/g-…/             the live generation as its latest commit left it: that commit's
                          table of contents, the files of the segments it lists, the format

Nothing else is copied: not Whoosh's lock file, not files a crashed writer left behind, not
the previous generation kept for readers. The writer lock is held by the caller (the
backend's contract methods), so no commit replaces the table of contents or deletes a merged
segment while the files are read; readers never write.

Bringing a copy back writes its files into a new generation beside the live one, which the
backend then swaps in like a rebuild's: readers answer from the old index until that moment.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import TOC

from config.private_files import PRIVATE_DIRECTORY, copy_private, write_private

from ..engine import EngineUnavailable, IndexCopy
from . import store
from .snapshots import INDEX_NAME

def commit_files(directory: Path, schema) -> tuple[list[str], int]:  # noqa: ANN001
    """The files that make up the latest commit in ``directory``, and its documents."""
    storage = FileStorage(str(directory))
    generation = TOC._latest_generation(storage, INDEX_NAME)
    if generation < 0:
        raise EngineUnavailable(f"检索索引没有目录文件：{directory}")
    toc = TOC.read(storage, INDEX_NAME, gen=generation, schema=schema)
    names = [TOC._filename(INDEX_NAME, generation)]
    for segment in toc.segments:
        names += segment.list_files(storage)
    if (directory / store.FORMAT_FILE).is_file():
        names.append(store.FORMAT_FILE)
    return names, sum(segment.doc_count() for segment in toc.segments)


def copy_live(root: Path, target: Path, schema) -> IndexCopy:  # noqa: ANN001
    """Copy the live generation of ``root`` and a CURRENT naming it into the new ``target``.

    What it copied is told from the table of contents; ``describe`` reads the copy itself.
    """
    live = store.live_directory(root)
    if live is None or not live.is_dir():
        raise EngineUnavailable(f"检索索引不存在：{root}")
    names, documents = commit_files(live, schema)
    os.mkdir(target, PRIVATE_DIRECTORY)
    try:
        copied = target / live.name
        os.mkdir(copied, PRIVATE_DIRECTORY)
        for name in names:
            copy_private(live / name, copied / name)
        write_private(target / store.POINTER, live.name)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return IndexCopy(live.name, store.read_format(live), documents)


def describe(source: Path, schema) -> IndexCopy:  # noqa: ANN001
    """Open the copy in ``source`` and read every stored document: what it holds."""
    return describe_generation(_copied_generation(source), schema)


def describe_generation(directory: Path, schema) -> IndexCopy:  # noqa: ANN001
    index = FileStorage(str(directory)).open_index(INDEX_NAME, schema=schema)
    with index.searcher() as searcher:
        documents = sum(1 for _ in searcher.all_stored_fields())
    return IndexCopy(directory.name, store.read_format(directory), documents)


def stage(root: Path, source: Path, schema) -> Path:  # noqa: ANN001
    """A new generation of ``root`` holding the copy in ``source`` (not live yet)."""
    copied = _copied_generation(source)
    names, _ = commit_files(copied, schema)
    directory = store.new_generation(root)
    try:
        for name in names:
            shutil.copyfile(copied / name, directory / name)
    except BaseException:
        shutil.rmtree(directory, ignore_errors=True)
        raise
    return directory


def _copied_generation(source: Path) -> Path:
    directory = store.live_directory(source)
    if directory is None or not directory.is_dir():
        raise EngineUnavailable(f"索引副本缺少 {store.POINTER} 或它指向的目录：{source}")
    return directory
