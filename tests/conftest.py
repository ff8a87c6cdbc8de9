"""Shared fixtures: the sample pages, scratch copies of them, and running the import command."""
from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

SEEDS_DIR = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@pytest.fixture(scope="session", autouse=True)
def scratch_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tests write the search index, its lock and its dictionary in a scratch directory,
    never in the archive's own data directory."""
    from django.conf import settings
    from haystack import connections

    directory = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = directory
    settings.HAYSTACK_CONNECTIONS["default"]["PATH"] = str(directory / "whoosh_index")
    connections.reload("default")
    return directory
MANIFEST_COLUMNS = ["file", "publication", "date", "date_estimated", "page", "page_name", "note"]

CommandResult = tuple[int, str, str]


@pytest.fixture
def seeds_dir() -> Path:
    """The sample archive's pages and manifest (read only: copy before changing anything)."""
    return SEEDS_DIR


@pytest.fixture
def seed_rows() -> list[dict[str, str]]:
    with (SEEDS_DIR / "manifest.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def copy_seed(tmp_path: Path) -> Callable[..., Path]:
    """Copy one sample page into a scratch directory (optionally under another name)."""

    def copy(name: str, *, to: Path | None = None, as_name: str | None = None) -> Path:
        directory = to or tmp_path / "pages"
        directory.mkdir(parents=True, exist_ok=True)
        target = directory / (as_name or name)
        shutil.copyfile(SEEDS_DIR / name, target)
        target.chmod(0o644)
        return target

    return copy


def write_manifest(directory: Path, rows: list[dict[str, str]]) -> Path:
    """Write a manifest.csv in the importer's form; missing columns are left empty."""
    path = directory / "manifest.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=MANIFEST_COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({column: row.get(column, "") for column in MANIFEST_COLUMNS})
    return path


def run_command(name: str, *args: str) -> CommandResult:
    """Run a management command as a user would: (exit status, stdout, stderr).

    A CommandError ends the command the way ``manage.py`` ends it: its message on stderr and
    its return code as the exit status.
    """
    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
        status = 0
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        status = exc.returncode
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def call_import(db: None) -> Callable[..., CommandResult]:
    """``call_import(*args)`` runs ``import_pages`` and returns (exit status, stdout, stderr)."""
    return lambda *args: run_command("import_pages", *[str(a) for a in args])
