"""Importing planned page files, one issue at a time.

Pages are grouped by issue (publication and date). Every page of an issue is read and run
through the pipeline first; only when all of them succeed is the issue stored, in one
transaction. A bad page therefore keeps its whole issue out of the archive, while other
issues in the same run still import. A dry run stores the issue inside a transaction that is
rolled back, so it finds the same conflicts a real import would and writes nothing.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction

from ..ingest.likeness import ALIKE, likeness, runs
from ..ingest.pipeline import build_page
from ..ingest.sources import ArgumentProblem, PlannedPage, Problem, read_page_file
from ..ingest.store import IssueResult, store_issue
from ..ingest.types import IngestError, OnCorrections, PageDraft
from ..models import Page
from ..selectors.gazetteer import stored_gazetteer
from ..selectors.pages import pages_to_compare
from .publications import home_province_code

logger = logging.getLogger(__name__)


@dataclass
class IssueOutcome:
    """What happened to one issue's files: stored (``result``) or not (``problems``)."""

    publication: str
    date: date
    pages: list[PlannedPage]
    drafts: list[PageDraft] = field(default_factory=list)
    result: IssueResult | None = None
    problems: list[Problem] = field(default_factory=list)  # files that are wrong
    held_back: list[Problem] = field(default_factory=list)  # good files of a failed issue

    @property
    def ok(self) -> bool:
        return self.result is not None


def group_by_issue(pages: list[PlannedPage]) -> list[list[PlannedPage]]:
    """Pages of the same publication and date together, in the order they were given."""
    groups: dict[tuple[str, date], list[PlannedPage]] = {}
    for page in pages:
        groups.setdefault((page.source.publication, page.source.date), []).append(page)
    return list(groups.values())


def import_issues(
    pages: list[PlannedPage], *, replace: bool = False, dry_run: bool = False,
    on_corrections: OnCorrections = OnCorrections.REFUSE, user: object = None,
    per_article: Mapping[int, OnCorrections] | None = None,
) -> Iterator[IssueOutcome]:
    """Import each issue in turn, yielding its outcome as soon as it is known.

    ``on_corrections`` says what replacing a page does with staff corrections of its
    articles; by default an issue whose replacement would lose any is not imported;
    ``per_article`` (article id → choice) overrides it for single articles. An
    import made by ``user`` (from the browser) is recorded in the issue's history.
    """
    homes: dict[str, str | None] = {}
    for group in group_by_issue(pages):
        publication = group[0].source.publication
        if publication not in homes:
            homes[publication] = home_province_code(publication)
        yield _import_issue(group, homes[publication], replace=replace, dry_run=dry_run,
                            on_corrections=on_corrections, user=user,
                            per_article=per_article or {})


def _import_issue(
    group: list[PlannedPage], home: str | None, *, replace: bool, dry_run: bool,
    on_corrections: OnCorrections, user: object = None,
    per_article: Mapping[int, OnCorrections],
) -> IssueOutcome:
    outcome = IssueOutcome(
        publication=group[0].source.publication, date=group[0].source.date, pages=group
    )
    for page in group:
        try:
            outcome.drafts.append(_build(page, home))
        except (IngestError, ArgumentProblem, OSError) as exc:
            outcome.problems.append(_problem(page, exc))
    if not outcome.problems:
        outcome.problems = _second_copies(group, outcome.drafts)
    if not outcome.problems:
        try:
            outcome.result = _store(outcome.drafts, replace=replace, dry_run=dry_run,
                                    on_corrections=on_corrections, user=user,
                                    per_article=per_article)
        except IngestError as exc:
            outcome.problems.append(_problem(_blamed(group, str(exc)), exc))
    if outcome.problems:
        bad = {problem.path for problem in outcome.problems}
        names = "、".join(sorted({p.source.file_name for p in group if str(p.path) in bad}))
        outcome.held_back = [
            Problem(str(page.path), f"未导入：同一期的 {names} 有错误，整期都没有写入")
            for page in group if str(page.path) not in bad
        ]
    return outcome


def _second_copies(group: list[PlannedPage], drafts: list[PageDraft]) -> list[Problem]:
    """New pages whose text is nearly that of a page stored elsewhere (another number, no
    number, another date): the same page again, which would double its articles.

    A page with the same number (or, unnumbered, the same file name) in the same issue is
    not looked at here: importing it means replacing that page, which the store decides.
    """
    source = group[0].source
    stored = pages_to_compare(source.publication, source.date,
                              [draft.source.file_name for draft in drafts])
    stored_runs = [(page, runs(page.original_text)) for page in stored]
    problems = []
    earlier: list[tuple[PageDraft, frozenset[str]]] = []
    for planned, draft in zip(group, drafts):
        mine = runs(draft.original_text)
        twin = next((other for other, theirs in earlier
                     if other.sha256 != draft.sha256 and likeness(mine, theirs) >= ALIKE), None)
        earlier.append((draft, mine))
        if twin is not None:
            problems.append(Problem(str(planned.path), (
                f"与同一次导入的 {twin.source.file_name} 的文字 "
                f"{likeness(mine, runs(twin.original_text)):.0%} 相同，是同一版面的两个文件；"
                "请只保留其中一个"
            )))
            continue
        for page, theirs in stored_runs:
            if page.sha256 == draft.sha256 or _same_slot(page, draft):
                continue
            share = likeness(mine, theirs)
            if share >= ALIKE:
                problems.append(Problem(str(planned.path), (
                    f"与 {_page_label(page)}（{page.source_file}）的文字 {share:.0%} 相同，"
                    "是同一版面，未导入；如果这是该版的更正稿，请在那个版面的管理页上用“替换版面”"
                )))
                break
    return problems


def _same_slot(page: Page, draft: PageDraft) -> bool:
    source = draft.source
    if (page.issue.publication.name, page.issue.date) != (source.publication, source.date):
        return False
    if source.page_number is not None:
        return page.number == source.page_number
    return page.number is None and page.source_file == source.file_name


def _page_label(page: Page) -> str:
    number = f"第{page.number}版" if page.number else "版次不详的版面"
    return f"{page.issue.date:%Y-%m-%d} {number}"


def _build(page: PlannedPage, home: str | None) -> PageDraft:
    data = read_page_file(page.path, settings.ARCHIVE_MAX_PAGE_BYTES)
    try:
        return build_page(data, page.source, home_province_code=home,
                          gazetteer=stored_gazetteer())
    except IngestError:
        raise
    except Exception as exc:  # noqa: BLE001 - one page's bug must not stop other issues
        logger.exception("pipeline failed on %s", page.path)
        raise IngestError(f"处理时出现程序错误（{type(exc).__name__}: {exc}）") from exc


def _store(
    drafts: list[PageDraft], *, replace: bool, dry_run: bool, on_corrections: OnCorrections,
    user: object = None, per_article: Mapping[int, OnCorrections],
) -> IssueResult:
    if not dry_run:
        return store_issue(drafts, replace=replace, on_corrections=on_corrections, user=user,
                           per_article=per_article)
    with transaction.atomic():
        result = store_issue(drafts, replace=replace, on_corrections=on_corrections,
                             per_article=per_article)
        transaction.set_rollback(True)
    return result


def _blamed(group: list[PlannedPage], message: str) -> PlannedPage:
    """The page a store error names (its messages start with the file name)."""
    for page in group:
        if message.startswith(f"{page.source.file_name}:"):
            return page
    return group[0]


def _problem(page: PlannedPage, exc: Exception) -> Problem:
    """A one-line problem naming the file by the path the user gave, not twice."""
    if isinstance(exc, OSError):
        message = f"无法读取：{exc.strerror or exc}"
    else:
        message = str(exc)
    prefix = f"{page.source.file_name}:"
    if message.startswith(prefix):
        message = message[len(prefix):].strip()
    return Problem(str(page.path), message)
