"""Which files to import and what each one is: paths, manifest.csv and command-line flags.

Staff hand the importer page files, or directories holding page files and a ``manifest.csv``
(columns ``file,publication,date,date_estimated,page,page_name,note``). This module turns
those into one ``PageSource`` per file, or one problem per file that cannot be imported, before
anything is read or stored.

How the manifest and the flags combine, for every file alike:

- a manifest value wins; a flag fills only a cell the manifest leaves empty (a file with no
  manifest row takes everything from the flags);
- a flag that contradicts a filled manifest cell is a problem of that file, not a silent
  choice: the person typing the flag and the person writing the manifest disagree;
- ``--page`` and ``--page-name`` describe one page, so they are accepted only when a single
  file is named;
- in a directory with a manifest, a ``.txt`` file the manifest does not name is skipped with a
  notice: such a file has no trustworthy date or publication, and notes or OCR logs often sit
  beside the pages, so refusing the whole directory for them would help no one.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from .types import PageSource

MANIFEST_NAME = "manifest.csv"
PAGE_SUFFIX = ".txt"
REQUIRED_COLUMNS = ("file", "publication", "date")
T = TypeVar("T")

_TRUE = {"true", "1", "yes", "y", "是"}
_FALSE = {"false", "0", "no", "n", "否", ""}


class ArgumentProblem(ValueError):
    """A value (flag or manifest cell) that is not what it should be; the message says why."""


@dataclass(frozen=True)
class Given:
    """What the command-line flags say about the pages; None where a flag was not given."""

    publication: str | None = None
    date: date | None = None
    date_estimated: bool | None = None
    page_number: int | None = None
    page_name: str | None = None


@dataclass(frozen=True)
class PlannedPage:
    """A file to import and everything known about it."""

    path: Path
    source: PageSource


@dataclass(frozen=True)
class Problem:
    """A file (or argument) that cannot be imported, with the reason in plain words."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass
class Plan:
    pages: list[PlannedPage] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # not errors: notices


def parse_date(value: str) -> date:
    """An ISO date that exists on the calendar (2019-02-30 and "yesterday" are refused)."""
    text = value.strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ArgumentProblem(f"日期“{value}”无效，应为真实存在的日期，格式 YYYY-MM-DD") from None


def parse_page_number(value: str) -> int:
    """A page number is a positive whole number (版次 1, 2, 3 …)."""
    text = value.strip()
    if not text.isdecimal() or int(text) < 1:
        raise ArgumentProblem(f"版次“{value}”无效，应为正整数")
    return int(text)


def parse_flag_bool(value: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ArgumentProblem(f"“{value}”不是 true 或 false")


@dataclass(frozen=True)
class ManifestRow:
    """One manifest line; None means the cell was empty."""

    line: int
    file: str
    publication: str | None
    date: date | None
    date_estimated: bool | None
    page_number: int | None
    page_name: str | None


@dataclass
class Manifest:
    """A directory's manifest.csv: good rows and bad rows by file name, and wider problems."""

    path: Path
    rows: dict[str, ManifestRow] = field(default_factory=dict)
    bad_rows: dict[str, Problem] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # the file itself, nameless rows

    def problem_of(self, name: str) -> Problem | None:
        return self.bad_rows.get(name)


def read_manifest(path: Path) -> Manifest:
    """Read a manifest, keeping one problem per row (or for the file) that is wrong.

    Excel on a Chinese system saves CSV as GBK, so GB18030 is tried when UTF-8 fails.
    """
    manifest = Manifest(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        manifest.problems.append(Problem(str(path), f"无法读取：{exc.strerror}"))
        return manifest
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        manifest.problems.append(Problem(str(path), "无法识别文字编码（应为 UTF-8）"))
        return manifest

    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {name.strip() for name in reader.fieldnames or () if name}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        manifest.problems.append(Problem(str(path), f"缺少列：{', '.join(missing)}"))
        return manifest

    for raw in reader:
        cells = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        line = reader.line_num
        name = cells.get("file", "")
        if not name:
            manifest.problems.append(Problem(str(path), f"第 {line} 行没有填写文件名"))
            continue
        where = str(path.parent / name)
        if name in manifest.rows or name in manifest.bad_rows:
            manifest.bad_rows[name] = Problem(where, f"在 {MANIFEST_NAME} 中出现了两次（第 {line} 行）")
            manifest.rows.pop(name, None)
            continue
        try:
            manifest.rows[name] = _row(line, name, cells)
        except ArgumentProblem as exc:
            manifest.bad_rows[name] = Problem(where, f"{MANIFEST_NAME} 第 {line} 行：{exc}")
    if not (manifest.rows or manifest.bad_rows or manifest.problems):
        manifest.problems.append(Problem(str(path), "没有列出任何文件"))
    return manifest


def _row(line: int, name: str, cells: dict[str, str]) -> ManifestRow:
    def parsed(column: str, parse: Callable[[str], T]) -> T | None:
        return parse(cells[column]) if cells.get(column) else None

    return ManifestRow(
        line=line,
        file=name,
        publication=cells.get("publication") or None,
        date=parsed("date", parse_date),
        date_estimated=parsed("date_estimated", parse_flag_bool),
        page_number=parsed("page", parse_page_number),
        page_name=cells.get("page_name") or None,
    )


def plan_import(paths: list[str], given: Given) -> Plan:
    """Resolve paths to the pages to import; every file ends up planned, a problem or skipped."""
    plan = Plan()
    if (given.page_number is not None or given.page_name is not None) and not (
        len(paths) == 1 and Path(paths[0]).is_file()
    ):
        plan.problems.append(
            Problem("--page/--page-name", "只能在导入单个文件时使用（版次只属于一个版面）")
        )
        return plan

    planner = _Planner(given, plan)
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            planner.directory(path)
        elif path.is_file():
            planner.file(path, planner.manifest_of(path.parent))
        else:
            plan.problems.append(Problem(raw, "路径不存在"))
    return plan


class _Planner:
    """Plans files once each, reading each directory's manifest once."""

    def __init__(self, given: Given, plan: Plan) -> None:
        self.given = given
        self.plan = plan
        self.seen: set[Path] = set()
        self.manifests: dict[Path, Manifest | None] = {}

    def manifest_of(self, directory: Path) -> Manifest | None:
        key = directory.resolve()
        if key not in self.manifests:
            path = directory / MANIFEST_NAME
            manifest = read_manifest(path) if path.is_file() else None
            if manifest is not None:
                self.plan.problems.extend(manifest.problems)
            self.manifests[key] = manifest
        return self.manifests[key]

    def directory(self, directory: Path) -> None:
        manifest = self.manifest_of(directory)
        if manifest is None:
            if self.given.publication is None or self.given.date is None:
                self.plan.problems.append(Problem(
                    str(directory),
                    f"目录中没有 {MANIFEST_NAME}，需要用 --publication 和 --date 说明这些版面",
                ))
                return
            pages = _text_files(directory)
            if not pages:
                self.plan.problems.append(Problem(str(directory), f"目录中没有 {PAGE_SUFFIX} 文件"))
            for path in pages:
                self.file(path, None)
            return

        for name in [*manifest.rows, *manifest.bad_rows]:
            path = directory / name
            row = manifest.rows.get(name)
            if not path.is_file() and row is not None:
                self.plan.problems.append(Problem(
                    str(path), f"{MANIFEST_NAME} 第 {row.line} 行列出了这个文件，但文件不存在"
                ))
            else:
                self.file(path, manifest)
        if not (manifest.rows or manifest.bad_rows):
            return  # an unreadable manifest is reported once, not again for every file
        for path in _text_files(directory):
            if path.name not in manifest.rows and path.name not in manifest.bad_rows:
                self.plan.skipped.append(
                    Problem(str(path), f"{MANIFEST_NAME} 中没有这个文件，已跳过")
                )

    def file(self, path: Path, manifest: Manifest | None) -> None:
        key = path.resolve()
        if key in self.seen:
            return
        self.seen.add(key)
        if manifest is not None and (problem := manifest.problem_of(path.name)):
            self.plan.problems.append(problem)
            return
        row = manifest.rows.get(path.name) if manifest else None
        try:
            source = _merge(path.name, row, self.given)
        except ArgumentProblem as exc:
            unlisted = f"不在 {MANIFEST_NAME} 中，" if manifest is not None and row is None else ""
            self.plan.problems.append(Problem(str(path), f"{unlisted}{exc}"))
            return
        self.plan.pages.append(PlannedPage(path=path, source=source))


def _text_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == PAGE_SUFFIX)


def _merge(file_name: str, row: ManifestRow | None, given: Given) -> PageSource:
    """The manifest's value where it has one, else the flag's; disagreement is a problem."""
    values = {}
    for attr, flag in (
        ("publication", "--publication"),
        ("date", "--date"),
        ("date_estimated", "--date-estimated"),
        ("page_number", "--page"),
        ("page_name", "--page-name"),
    ):
        from_row = getattr(row, attr) if row else None
        from_flag = getattr(given, attr)
        # --date-estimated is a switch: "not given" cannot contradict a manifest's true.
        if attr == "date_estimated" and from_flag is False:
            from_flag = None
        if from_row is not None and from_flag is not None and from_row != from_flag:
            raise ArgumentProblem(
                f"{flag} 给出“{_show(from_flag)}”，但 {MANIFEST_NAME} 写的是“{_show(from_row)}”"
            )
        values[attr] = from_row if from_row is not None else from_flag

    missing = [flag for attr, flag in (("publication", "--publication"), ("date", "--date"))
               if values[attr] is None]
    if missing:
        raise ArgumentProblem(f"缺少报名或出版日期（请用 {' 和 '.join(missing)} 给出）")
    return PageSource(
        file_name=file_name,
        publication=values["publication"],
        date=values["date"],
        date_estimated=bool(values["date_estimated"]),
        page_number=values["page_number"],
        page_name=values["page_name"] or "",
    )


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def read_page_file(path: Path, max_bytes: int) -> bytes:
    """The bytes of a page file, refusing an oversize file before reading it into memory."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ArgumentProblem(
            f"文件过大（{size:,} 字节，上限 {max_bytes:,} 字节），一个版面的文本不应这么大"
        )
    return path.read_bytes()

