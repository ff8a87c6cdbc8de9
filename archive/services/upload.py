"""Importing an issue through the browser: upload, preview, confirm — or abandon.

The uploaded page files wait in a folder of their own under ``DATA_DIR/uploads/`` with a small
``upload.json`` saying what staff said about them (publication, date, page numbers and
names). Preview and import both hand those files to ``services.imports.import_issues``, the
same code ``manage.py import_pages`` runs: the preview is its dry run, the import its real
run, in one transaction. Nothing reaches the database before staff confirm; the folder goes
once the issue is imported or the upload is abandoned, and stale folders are swept.
"""
from __future__ import annotations

import hashlib
import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..ingest.file_names import read_file_name
from ..ingest.sources import PlannedPage
from ..ingest.types import PageSource
from ..control_chars import shown, without_control_chars
from ..models import Issue
from . import import_checks
from .imports import IssueOutcome, import_issues

STALE_AFTER_SECONDS = 2 * 24 * 3600
# A page's source file name is kept whole (Django cuts an uploaded name to 255 characters,
# the length of Page.source_file); on disk a name may have at most 255 bytes, and a name
# longer than this is stored under a shorter one.
MAX_STORED_BYTES = 200
SHOWN_NAME_CHARS = 40  # of a file name an error message repeats
_TOKEN = re.compile(r"^[0-9a-f]{32}$")
_META = "upload.json"


class UploadError(ValueError):
    """Files or values that cannot be taken; the message names the problem."""


@dataclass
class UploadedPage:
    file_name: str
    page_number: int | None = None
    page_name: str = ""
    stored_name: str = ""  # the file's name in the upload folder, when not ``file_name``

    @property
    def on_disk(self) -> str:
        return self.stored_name or self.file_name


@dataclass
class Upload:
    """Page files waiting to be imported as one issue, and what staff said about them."""

    token: str
    publication: str
    date: date
    date_estimated: bool
    pages: list[UploadedPage] = field(default_factory=list)

    @property
    def directory(self) -> Path:
        return upload_root() / self.token

    def planned(self) -> list[PlannedPage]:
        """The files as the importer takes them: one PlannedPage each, in upload order."""
        return [
            PlannedPage(
                path=self.directory / page.on_disk,
                source=PageSource(
                    file_name=page.file_name,
                    publication=self.publication,
                    date=self.date,
                    date_estimated=self.date_estimated,
                    page_number=page.page_number,
                    page_name=page.page_name,
                ),
            )
            for page in self.pages
        ]

    def file_name_at(self, path: str) -> str:
        """The uploaded file's own name for a path in the upload folder."""
        for page in self.pages:
            if str(self.directory / page.on_disk) == path:
                return page.file_name
        return path.removeprefix(f"{self.directory}/")

    def save(self) -> None:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        (self.directory / _META).write_text(
            json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8"
        )


def upload_root() -> Path:
    return Path(settings.DATA_DIR) / "uploads"


def start_upload(
    files: list[UploadedFile], publication: str, issue_date: date, date_estimated: bool
) -> Upload:
    """Keep the uploaded files in a new folder; refuse (writing nothing) names and sizes
    the importer would refuse anyway, so staff hear of them at once.

    A file keeps its name (the archive records it as the page's source file) but is stored
    under a shorter one when the name is too long for the file system: 100 Chinese
    characters are 300 bytes in UTF-8, more than the 255 a file name may have.
    """
    sweep_stale()
    if not files:
        raise UploadError("请选择至少一个版面文件")
    limit = settings.ARCHIVE_MAX_PAGE_BYTES
    problems: list[str] = []
    names: list[str] = []
    for upload in files:
        name = without_control_chars(Path(upload.name or "").name).strip()
        if not name or name.startswith(".") or name == _META:
            given = shown(upload.name or "", limit=SHOWN_NAME_CHARS)
            problems.append(f"“{given}”：文件名不可用，请改名后再上传")
        elif name in names:
            problems.append(f"{name}：选择了两次")
        elif upload.size > limit:
            problems.append(
                f"{name}：文件过大（{upload.size:,} 字节，上限 {limit:,} 字节），"
                "一个版面的文本不应这么大"
            )
        elif upload.size == 0:
            problems.append(f"{name}：文件是空的")
        names.append(name)
    problems += _identical(files, names)
    if problems:
        raise UploadError("；".join(problems))

    result = Upload(
        token=secrets.token_hex(16),
        publication=publication.strip(),
        date=issue_date,
        date_estimated=date_estimated,
        pages=[_described_by_name(name, _stored_name(index, name, names))
               for index, name in enumerate(names, start=1)],
    )
    result.directory.mkdir(parents=True)
    try:
        for page, upload in zip(result.pages, files):
            with (result.directory / page.on_disk).open("wb") as stream:
                for chunk in upload.chunks():
                    stream.write(chunk)
        result.save()
    except OSError as error:
        shutil.rmtree(result.directory, ignore_errors=True)
        raise UploadError(f"上传的文件无法保存：{error.strerror or error}") from error
    return result


def _described_by_name(name: str, stored_name: str) -> UploadedPage:
    """A page with the number and name its file name gives (``zjgr_20210408_p3.txt``)."""
    facts = read_file_name(name)
    return UploadedPage(name, page_number=facts.page_number, page_name=facts.page_name,
                        stored_name=stored_name)


def _identical(files: list[UploadedFile], names: list[str]) -> list[str]:
    """Files of one upload with the same bytes: the same page chosen twice."""
    first: dict[str, str] = {}
    problems = []
    for upload, name in zip(files, names):
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        other = first.setdefault(digest.hexdigest(), name)
        if other != name:
            problems.append(f"{name}：与 {other} 内容完全相同，请只选择其中一个")
    return problems


def _stored_name(index: int, name: str, names: list[str]) -> str:
    """A name the file system takes for the ``index``-th file, or "" when ``name`` is one.

    The shortened name starts with the file's position (so two long names that begin alike
    stay apart), keeps as much of the name as fits, and keeps its extension; it is never
    the name of another file of the upload.
    """
    if len(name.encode("utf-8")) <= MAX_STORED_BYTES:
        return ""
    stem, suffix = Path(name).stem, Path(name).suffix
    if len(suffix.encode("utf-8")) > 16:
        stem, suffix = name, ""
    prefix = f"{index:03d}-"
    room = MAX_STORED_BYTES - len(prefix.encode()) - len(suffix.encode("utf-8"))
    short = f"{prefix}{stem.encode('utf-8')[:room].decode('utf-8', 'ignore')}{suffix}"
    return short if short not in names else f"{prefix}{suffix}"


def load_upload(token: str) -> Upload:
    """The upload behind ``token``; UploadError when it was imported, abandoned or swept."""
    path = upload_root() / token / _META if _TOKEN.match(token) else None
    if path is None or not path.is_file():
        raise UploadError("找不到这次上传：它可能已经导入、已放弃或已过期，请重新上传")
    data = json.loads(path.read_text(encoding="utf-8"))
    return Upload(
        token=data["token"],
        publication=data["publication"],
        date=date.fromisoformat(data["date"]),
        date_estimated=data["date_estimated"],
        pages=[UploadedPage(**page) for page in data["pages"]],
    )


def describe_pages(upload: Upload, pages: list[UploadedPage]) -> bool:
    """Set page numbers and names; True when they differ from what was previewed."""
    changed = [asdict(p) for p in pages] != [asdict(p) for p in upload.pages]
    if changed:
        upload.pages = pages
        upload.save()
    return changed


def describe_issue(
    upload: Upload, publication: str, issue_date: date, date_estimated: bool
) -> bool:
    """Set the paper and date of the upload; True when they differ from what was previewed."""
    given = (publication.strip(), issue_date, date_estimated)
    changed = given != (upload.publication, upload.date, upload.date_estimated)
    if changed:
        upload.publication, upload.date, upload.date_estimated = given
        upload.save()
    return changed


def preview(upload: Upload) -> IssueOutcome:
    """What importing would do: the importer's dry run over the uploaded files."""
    return next(import_issues(upload.planned(), dry_run=True))


def confirm(
    upload: Upload, user: object, confirmed: set[str] = frozenset()
) -> tuple[IssueOutcome, Issue | None]:
    """Import the issue in one transaction; on success the upload folder is removed.

    An issue whose every page is already stored is reported as a problem: staff asked to
    import something and nothing new would be written. A new paper or an odd date
    (``import_checks``) not among ``confirmed`` raises UploadError naming it.
    """
    pending = import_checks.unconfirmed(upload.publication, upload.date, set(confirmed))
    if pending:
        raise UploadError("；".join(check.message for check in pending))
    with transaction.atomic():
        outcome = next(import_issues(upload.planned(), user=user))
        if not outcome.ok:
            return outcome, None
        result = outcome.result
        if not (result.created or result.replaced):
            return outcome, None
        issue = Issue.objects.get(publication__name=upload.publication, date=upload.date)
    discard(upload)
    return outcome, issue


def discard(upload: Upload) -> None:
    shutil.rmtree(upload.directory, ignore_errors=True)


def sweep_stale(max_age: float = STALE_AFTER_SECONDS) -> None:
    """Remove upload folders nobody confirmed or abandoned within ``max_age`` seconds."""
    root = upload_root()
    if not root.is_dir():
        return
    cutoff = time.time() - max_age
    for folder in root.iterdir():
        if folder.is_dir() and _TOKEN.match(folder.name) and folder.stat().st_mtime < cutoff:
            shutil.rmtree(folder, ignore_errors=True)
