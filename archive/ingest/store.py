"""The last import stage and the only one that writes: an issue's page drafts into the database.

All pages of one issue are stored in one transaction, so an import either stores the whole
issue or leaves the archive exactly as it was. A page is known by the SHA-256 of its file:
importing the same file again writes nothing. A different file for a page the archive already
holds (same issue and page number, or same file name where the number is unknown) is refused
unless the caller asks to replace it, because silently overwriting a page would lose articles
staff may have reviewed; a replacement keeps the articles it can pair, and the staff's
corrections, as ``replacing`` describes.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from ..models import Article, ArticleUnion, Credit, Issue, Page, Person, Union
from ..services.publications import get_or_create_publication
from ..signals import articles_changed
from . import replacing
from .rows import build_rows, clip
from .types import IngestError, OnCorrections, PageDraft


@dataclass
class IssueResult:
    """What storing one issue did, for the import summary."""

    publication: str
    date: date
    created: list[str] = field(default_factory=list)  # source file names
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    articles_created: int = 0
    flagged: int = 0  # articles created with review reasons
    warnings: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)  # articles written, for the index
    articles_kept: int = 0  # articles of replaced pages that kept their ids
    articles_removed: int = 0  # old articles of replaced pages removed (their ids redirect)
    notes: list[str] = field(default_factory=list)  # what a replacement did with old articles
    # What the import made, by table, so undoing it removes exactly that (``imports_undo``).
    created_rows: dict[str, object] = field(default_factory=dict)


def store_issue(
    pages: list[PageDraft], *, replace: bool = False,
    on_corrections: OnCorrections = OnCorrections.REFUSE, user: object = None,
    per_article: Mapping[int, OnCorrections] | None = None,
) -> IssueResult:
    """Store the pages of one issue (same publication and date) all together or not at all.

    Raises IngestError naming the file when a page conflicts with one already stored and
    ``replace`` is off, or when the pages do not belong to one issue; raises
    ``replacing.CorrectionsInTheWay`` when replacing would overwrite staff corrections and
    ``on_corrections`` does not say to keep or discard them. With ``user`` (an import from
    the browser) the import is a line in the issue's history that can be undone.
    """
    if not pages:
        raise IngestError("没有要保存的版面")
    first = pages[0].source
    for page in pages[1:]:
        if (page.source.publication, page.source.date) != (first.publication, first.date):
            raise IngestError(f"{page.source.file_name}: 与 {first.file_name} 不属于同一期")
    _refuse_duplicate_numbers(pages)

    result = IssueResult(publication=first.publication, date=first.date)
    with transaction.atomic():
        writes = _plan_writes(_existing_issue(pages), pages, replace, result)
        if not writes:  # every page already stored: not even the issue is touched
            return result
        issue, made = _issue_for(pages)
        marks = _high_water_marks()
        replaced = {stored.pk for _, stored in writes if stored.pk}
        _save_pages(issue, writes)
        changed_ids, removed_ids = _store_articles(writes, replaced, on_corrections, result,
                                                   per_article or {})
        result.created_rows = _created_rows(
            made, [page.pk for _, page in writes if page.pk not in replaced], marks
        )
        articles_changed.send(sender=Article, changed_ids=changed_ids, removed_ids=removed_ids)
        if user is not None:
            record_import(user, issue, result)
    result.article_ids = changed_ids
    return result


def _refuse_duplicate_numbers(pages: list[PageDraft]) -> None:
    first_with: dict[int, PageDraft] = {}
    for page in pages:
        number = page.source.page_number
        if number is None:
            continue
        other = first_with.setdefault(number, page)
        if other.sha256 != page.sha256:
            raise IngestError(
                f"{page.source.file_name}: 与 {other.source.file_name} 都标为第 {number} 版，"
                "内容却不同"
            )


def _existing_issue(pages: list[PageDraft]) -> Issue | None:
    source = pages[0].source
    return Issue.objects.filter(
        publication__name=source.publication, date=source.date
    ).first()


def _issue_for(pages: list[PageDraft]) -> tuple[Issue, dict[str, int]]:
    """The issue, created if new; its date stops being an estimate once any page confirms it.

    Also returns the ids of the publication and issue when this import created them.
    """
    source = pages[0].source
    publication, new_publication = get_or_create_publication(source.publication)
    estimated = all(page.source.date_estimated for page in pages)
    issue, created = Issue.objects.get_or_create(
        publication=publication, date=source.date, defaults={"date_estimated": estimated}
    )
    if not created and issue.date_estimated and not estimated:
        issue.date_estimated = False
        issue.save(update_fields=["date_estimated"])
    made = {"publication": publication.pk} if new_publication else {}
    if created:
        made["issue"] = issue.pk
    return issue, made


def _high_water_marks() -> dict[str, int]:
    """The highest union and person ids before the import adds any."""
    return {
        "unions": Union.objects.aggregate(top=Max("pk"))["top"] or 0,
        "people": Person.objects.aggregate(top=Max("pk"))["top"] or 0,
    }


def _created_rows(
    made: dict[str, int], new_pages: list[int], marks: dict[str, int]
) -> dict[str, object]:
    """The rows this import created: new pages (with their articles), and the unions and
    people its articles link that are newer than the import's start.

    Only rows linked from this import's own articles count, so a union another import
    created at the same moment (PostgreSQL lets two imports run at once) is never taken.
    """
    articles = Article.objects.filter(page_id__in=new_pages)
    union_ids = set(ArticleUnion.objects.filter(article__in=articles, union_id__gt=marks["unions"])
                    .values_list("union_id", flat=True))
    union_ids |= set(Union.objects.filter(children__in=union_ids, pk__gt=marks["unions"])
                     .values_list("pk", flat=True))
    people = set(Credit.objects.filter(article__in=articles, person_id__gt=marks["people"])
                 .values_list("person_id", flat=True))
    return {**made, "pages": sorted(new_pages), "unions": sorted(union_ids),
            "people": sorted(people)}


def record_import(user: object, issue: Issue, result: IssueResult) -> None:
    """The import as a line of the issue's history, with what it created (for undoing it)."""
    from ..models import Revision
    from ..services import history

    entry = history.record(
        user, issue,
        f"网页导入 {len(result.created)} 个版面（{'、'.join(result.created)}），"
        f"{result.articles_created} 篇文章，其中 {result.flagged} 篇待审核",
        history.ADDED if "issue" in result.created_rows else history.CHANGED,
    )
    Revision.objects.create(entry=entry, kind=Revision.Kind.IMPORT,
                            created_rows=result.created_rows)


def _plan_writes(
    issue: Issue | None, pages: list[PageDraft], replace: bool, result: IssueResult
) -> list[tuple[PageDraft, Page]]:
    """Pair each draft that needs writing with a new or an existing (to replace) Page row."""
    stored_by_sha = {
        page.sha256: page
        for page in Page.objects.select_related("issue__publication").filter(
            sha256__in=[draft.sha256 for draft in pages]
        )
    }
    in_issue = list(issue.pages.all()) if issue is not None else []
    issue_id = issue.pk if issue is not None else None
    by_number = {page.number: page for page in in_issue if page.number is not None}
    by_file = {page.source_file: page for page in in_issue if page.number is None}

    writes: list[tuple[PageDraft, Page]] = []
    seen_sha: dict[str, str] = {}
    for draft in pages:
        name = draft.source.file_name
        number = draft.source.page_number
        stored = stored_by_sha.get(draft.sha256)
        if stored is not None or draft.sha256 in seen_sha:
            result.unchanged.append(name)
            if stored is None:
                result.warnings.append(
                    f"{name}: 与同一期的 {seen_sha[draft.sha256]} 内容完全相同，只导入一次"
                )
            elif (stored.issue_id, stored.number) != (issue_id, number):
                result.warnings.append(
                    f"{name}: 内容与已导入的 {stored.source_file}（{stored}）相同，未重复导入"
                )
            continue
        seen_sha[draft.sha256] = name
        target = by_number.get(number) if number is not None else by_file.get(name)
        if target is None:
            writes.append((draft, Page()))
            result.created.append(name)
            continue
        if not replace:
            where = f"第 {number} 版" if number is not None else "同名版面"
            raise IngestError(
                f"{name}: {issue} {where}已导入（{target.source_file}），内容不同；"
                "确认要替换请使用 --replace"
            )
        writes.append((draft, target))
        result.replaced.append(name)
    return writes


def _save_pages(issue: Issue, writes: list[tuple[PageDraft, Page]]) -> None:
    now = timezone.now()
    for draft, page in writes:
        page.issue = issue
        page.number = draft.source.page_number
        page.name = clip(draft.source.page_name, Page, "name")
        page.original_text = draft.original_text
        page.source_file = clip(draft.source.file_name, Page, "source_file")
        page.sha256 = draft.sha256
        page.imported_at = now
    replaced = [page for _, page in writes if page.pk is not None]
    Page.objects.bulk_create([page for _, page in writes if page.pk is None])
    if replaced:
        Page.objects.bulk_update(
            replaced, ["number", "name", "original_text", "source_file", "sha256", "imported_at"]
        )


def _store_articles(
    writes: list[tuple[PageDraft, Page]], replaced: set[int], on_corrections: OnCorrections,
    result: IssueResult, per_article: Mapping[int, OnCorrections],
) -> tuple[list[int], list[int]]:
    """Write the articles of the stored pages; returns the ids changed and removed."""
    pages = build_rows(writes)
    plans = {
        id(page_rows): replacing.plan_page(page_rows, on_corrections, per_article)
        for page_rows in pages if page_rows.page.pk in replaced
    }
    if on_corrections is OnCorrections.REFUSE:
        replacing.refuse_losses(list(plans.values()))
    for plan in plans.values():
        replacing.make_room(plan)
    new_rows = [
        row
        for page_rows in pages
        for row in (plans[id(page_rows)].new_rows() if id(page_rows) in plans else page_rows.rows)
    ]
    Article.objects.bulk_create([row.article for row in new_rows])
    ArticleUnion.objects.bulk_create([link for row in new_rows for link in row.links])
    Credit.objects.bulk_create([credit for row in new_rows for credit in row.credits])
    changed = [row.article.pk for row in new_rows]
    removed: list[int] = []
    for plan in plans.values():
        kept, gone = replacing.finish(plan)
        changed += kept
        removed += gone
        result.articles_kept += len(kept)
        result.articles_removed += len(gone)
        result.notes.extend(f"{plan.file_name}: {note}" for note in plan.notes)

    everything = [
        row
        for page_rows in pages
        for row in (plans[id(page_rows)].stored_rows() if id(page_rows) in plans
                    else page_rows.rows)
    ]
    result.warnings = list(dict.fromkeys(
        result.warnings + [warning for page_rows in pages for warning in page_rows.warnings]
    ))
    result.articles_created = len(everything)
    result.flagged = sum(1 for row in everything if row.article.needs_review)
    return changed, removed
