"""Replacing a stored page from the browser: upload the corrected file, see what happens to
each article, choose for each article staff corrected whether the correction stays, confirm.

It is the same replacement ``manage.py import_pages --replace`` makes (``ingest.replacing``:
articles keep their ids, removed ones redirect), run through ``services.imports``; the upload
waits in its folder like any other (``services.upload``) until staff confirm or abandon it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from ..ingest.matching import Text, match_articles
from ..ingest.types import OnCorrections
from ..models import Article, Page
from ..selectors.corrections import corrections_in_effect, labels
from . import history
from .imports import IssueOutcome, import_issues
from .upload import Upload, UploadError, discard, load_upload, start_upload

SAME, CHANGED, ADDED, REMOVED = "不变", "有改动", "新增", "移除"


@dataclass
class ArticleChange:
    """One article of the page before or after: what replacing does to it."""

    status: str  # SAME, CHANGED, ADDED or REMOVED
    title: str
    before_title: str = ""
    article_id: int | None = None  # the stored article, where there is one
    corrected: str = ""  # the parts staff corrected, in words ("" for none)


@dataclass
class Comparison:
    changes: list[ArticleChange] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)

    @property
    def corrected(self) -> list[ArticleChange]:
        return [change for change in self.changes if change.corrected]


def start(page: Page, file: UploadedFile) -> Upload:
    """Keep the new file as an upload aimed at ``page``: same issue, number and name.

    A page without a number is found by its file name, so the new file is stored under the
    old one's name.
    """
    issue = page.issue
    upload = start_upload([file], issue.publication.name, issue.date, issue.date_estimated)
    described = upload.pages[0]
    if page.number is None:
        described.stored_name = described.on_disk
        described.file_name = page.source_file
    described.page_number = page.number
    described.page_name = described.page_name or page.name
    upload.save()
    return upload


def compare(page: Page, upload: Upload) -> Comparison:
    """What replacing ``page`` by the upload would do to each article, written nowhere."""
    outcome = _run(upload, dry_run=True, keep={})
    result = Comparison(problems=_problems(outcome))
    if not outcome.drafts:
        return result
    new = outcome.drafts[0].articles
    old = list(page.articles.order_by("order"))
    corrected = corrections_in_effect(article.pk for article in old)

    def corrections(article: Article) -> str:
        parts = corrected.get(article.pk)
        return labels(parts) if parts else ""

    pairs = match_articles([Text(a.title, a.body) for a in old],
                           [Text(a.title, "\n".join(a.paragraphs)) for a in new])
    paired_old = {o: n for n, o in pairs.items()}
    for n, draft in enumerate(new):
        before = old[pairs[n]] if n in pairs else None
        if before is None:
            result.changes.append(ArticleChange(ADDED, draft.title))
            continue
        same = (before.title, before.body) == (draft.title, "\n".join(draft.paragraphs))
        result.changes.append(ArticleChange(SAME if same else CHANGED, draft.title,
                                            before.title, before.pk, corrections(before)))
    for o, before in enumerate(old):
        if o not in paired_old:
            result.changes.append(ArticleChange(REMOVED, "", before.title, before.pk,
                                                corrections(before)))
    return result


def confirm(page: Page, upload: Upload, keep: dict[int, bool], user: object) -> IssueOutcome:
    """Replace the page, keeping (True) or discarding (False) each corrected article's
    corrections; recorded in the page's history. The upload goes once the page is replaced."""
    with transaction.atomic():
        outcome = _run(upload, dry_run=False, keep=keep)
        if outcome.ok and outcome.result.replaced:
            result = outcome.result
            history.record(user, page, (
                f"替换为新文件 {upload.pages[0].file_name}：保留 {result.articles_kept} 篇文章的地址，"
                f"移除 {result.articles_removed} 篇" + "".join(f"；{note}" for note in result.notes)
            ))
    if outcome.ok and outcome.result.replaced:
        discard(upload)
    return outcome


def _run(upload: Upload, *, dry_run: bool, keep: dict[int, bool]) -> IssueOutcome:
    # Not recorded as an import (no ``user``): undoing an import removes what it created,
    # and a replacement created nothing — it is recorded in the page's history instead.
    return next(import_issues(
        upload.planned(), replace=True, dry_run=dry_run, on_corrections=OnCorrections.KEEP,
        per_article={pk: OnCorrections.KEEP if kept else OnCorrections.DISCARD
                     for pk, kept in keep.items()},
    ))


def _problems(outcome: IssueOutcome) -> list[str]:
    lines = [problem.message for problem in outcome.problems]
    if outcome.ok and not outcome.result.replaced:
        lines.append("新文件与这个版面已存的文件完全相同，没有需要替换的内容")
    return lines


def load_for(page: Page, token: str) -> Upload:
    """The upload behind ``token``, if it is aimed at ``page``."""
    upload = load_upload(token)
    issue = page.issue
    if (upload.publication, upload.date) != (issue.publication.name, issue.date):
        raise UploadError("这次上传不是为这个版面准备的，请重新上传")
    return upload

