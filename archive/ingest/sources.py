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
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .types import PageSource

MANIFEST_NAME = "manifest.csv"
PAGE_SUFFIX = ".txt"
REQUIRED_COLUMNS = ("file", "publication", "date")

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


def read_manifest(path: Path) -> tuple[dict[str, ManifestRow], list[Problem]]:
    """Rows of a manifest by file name, and one problem per row (or file) that is wrong.

    Excel on a Chinese system saves CSV as GBK, so GB18030 is tried when UTF-8 fails.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        return {}, [Problem(str(path), f"无法读取：{exc.strerror}")]
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return {}, [Problem(str(path), "无法识别文字编码（应为 UTF-8）")]

    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = {name.strip() for name in reader.fieldnames or () if name}
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        return {}, [Problem(str(path), f"缺少列：{', '.join(missing)}")]

    rows: dict[str, ManifestRow] = {}
    problems: list[Problem] = []
    for raw in reader:
        cells = {(k or "").strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(cells.values()):
            continue
        line = reader.line_num
        name = cells.get("file", "")
        where = path.parent / name if name else path
        if not name:
            problems.append(Problem(str(path), f"第 {line} 行没有填写文件名"))
            continue
        if name in rows:
            problems.append(Problem(str(where), f"在 {MANIFEST_NAME} 中出现了两次（第 {line} 行）"))
            continue
        try:
            rows[name] = ManifestRow(
                line=line,
                file=name,
                publication=cells.get("publication") or None,
                date=parse_date(cells["date"]) if cells.get("date") else None,
                date_estimated=(
                    parse_flag_bool(cells["date_estimated"])
                    if cells.get("date_estimated") else None
                ),
                page_number=parse_page_number(cells["page"]) if cells.get("page") else None,
                page_name=cells.get("page_name") or None,
            )
        except ArgumentProblem as exc:
            problems.append(Problem(str(where), f"{MANIFEST_NAME} 第 {line} 行：{exc}"))
    return rows, problems


def plan_import(paths: list[str], given: Given) -> Plan:
    """Resolve paths to the pages to import; every file ends up planned, a problem or skipped."""
    plan = Plan()
    named_files = [p for p in paths if Path(p).is_file()]
    if (given.page_number is not None or given.page_name is not None) and (
        len(paths) != 1 or len(named_files) != 1
    ):
        plan.problems.append(
            Problem("--page/--page-name", "只能在导入单个文件时使用（版次只属于一个版面）")
        )
        return plan

    seen: set[Path] = set()
    manifests: dict[Path, tuple[dict[str, ManifestRow], list[Problem]]] = {}

    def manifest_of(directory: Path) -> tuple[dict[str, ManifestRow], list[Problem]] | None:
        manifest = directory / MANIFEST_NAME
        if not manifest.is_file():
            return None
        if directory not in manifests:
            manifests[directory] = read_manifest(manifest)
        return manifests[directory]

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            _plan_directory(path, given, manifest_of(path), plan, seen)
        elif path.is_file():
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            loaded = manifest_of(path.parent)
            rows = loaded[0] if loaded else {}
            _plan_file(path, rows.get(path.name), given, plan, has_manifest=loaded is not None)
        else:
            plan.problems.append(Problem(raw, "路径不存在"))
    return plan


def _plan_directory(
    directory: Path,
    given: Given,
    loaded: tuple[dict[str, ManifestRow], list[Problem]] | None,
    plan: Plan,
    seen: set[Path],
) -> None:
    if loaded is None:
        if given.publication is None or given.date is None:
            plan.problems.append(Problem(
                str(directory),
                f"目录中没有 {MANIFEST_NAME}，需要用 --publication 和 --date 说明这些版面",
            ))
            return
        files = sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == PAGE_SUFFIX)
        if not files:
            plan.problems.append(Problem(str(directory), f"目录中没有 {PAGE_SUFFIX} 文件"))
        for path in files:
            if path.resolve() not in seen:
                seen.add(path.resolve())
                _plan_file(path, None, given, plan, has_manifest=False)
        return

    rows, manifest_problems = loaded
    plan.problems.extend(manifest_problems)
    row_paths = {name: directory / name for name in rows}
    for name, row in rows.items():
        path = row_paths[name]
        if not path.is_file():
            plan.problems.append(
                Problem(str(path), f"{MANIFEST_NAME} 第 {row.line} 行列出了这个文件，但文件不存在")
            )
            continue
        if path.resolve() not in seen:
            seen.add(path.resolve())
            _plan_file(path, row, given, plan, has_manifest=True)
    # Files the manifest names but whose rows were wrong already carry a problem.
    mentioned = set(rows) | {Path(p.path).name for p in manifest_problems}
    for path in sorted(directory.iterdir()):
        if path.suffix == PAGE_SUFFIX and path.is_file() and path.name not in mentioned:
            plan.skipped.append(Problem(str(path), f"{MANIFEST_NAME} 中没有这个文件，已跳过"))


def _plan_file(
    path: Path, row: ManifestRow | None, given: Given, plan: Plan, *, has_manifest: bool
) -> None:
    try:
        source = _merge(path.name, row, given)
    except ArgumentProblem as exc:
        message = str(exc)
        if row is None and has_manifest:
            message = f"不在 {MANIFEST_NAME} 中，{message}"
        plan.problems.append(Problem(str(path), message))
        return
    plan.pages.append(PlannedPage(path=path, source=source))


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

