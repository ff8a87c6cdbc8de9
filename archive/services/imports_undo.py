"""Undoing an import: exactly what it created goes, in one transaction, and is recorded.

An import from the browser keeps the ids of what it created (``Revision.created_rows``): its
pages, the unions and people first named by its articles, and the issue and publication when
they were new. Undoing it removes those pages with every article on them (corrected, split or
not: they came from the import), and the unions, people, issue and publication only when
nothing else uses them any more; everything else in the archive stays as it is.

The importer may undo their own import; archive editors (``archive.undo_import``) anyone's.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.admin.models import LogEntry
from django.db import transaction

from ..models import Article, Issue, Page, Person, Publication, Revision, Union
from . import history
from .editing import announce


class UndoError(ValueError):
    """An import that cannot be undone; the message says why."""


@dataclass
class UndoPlan:
    """What undoing an import would remove, for the confirmation page and the history."""

    revision: Revision
    pages: list[Page]
    articles: int
    corrected: int  # articles staff changed after the import
    unions: list[Union]
    people: list[Person]
    issue: Issue | None  # removed with its last page
    publication: Publication | None  # removed with its last issue

    def describe(self) -> str:
        parts = [f"{len(self.pages)} 个版面（{'、'.join(str(p) for p in self.pages)}）",
                 f"{self.articles} 篇文章"]
        if self.unions:
            parts.append(f"{len(self.unions)} 个工会（{'、'.join(u.name for u in self.unions)}）")
        if self.people:
            parts.append(f"{len(self.people)} 位人物")
        if self.issue is not None:
            parts.append(f"这一期（{self.issue}）")
        if self.publication is not None:
            parts.append(f"报纸“{self.publication}”")
        return "、".join(parts)


def import_revisions(issue: Issue) -> list[Revision]:
    """The imports of this issue that can still be undone, newest first."""
    return list(
        Revision.objects.filter(
            kind=Revision.Kind.IMPORT, reverted_by__isnull=True,
            entry__content_type__app_label="archive", entry__content_type__model="issue",
            entry__object_id=str(issue.pk),
        ).select_related("entry__user").order_by("-entry__action_time", "-pk")
    )


def may_undo(user: object, revision: Revision) -> bool:
    if user.has_perm("archive.undo_import"):  # type: ignore[attr-defined]
        return True
    return revision.entry.user_id == user.pk and user.has_perm("archive.import_issue")  # type: ignore[attr-defined]


def plan(revision: Revision) -> UndoPlan:
    """What undoing ``revision`` removes, as the archive stands now."""
    if revision.kind != Revision.Kind.IMPORT:
        raise UndoError("这条记录不是一次导入")
    if revision.reverted_by_id is not None:
        raise UndoError("这次导入已经撤销过了")
    rows = revision.created_rows
    pages = list(Page.objects.filter(pk__in=rows.get("pages", [])).select_related("issue"))
    if not pages:
        raise UndoError("这次导入的版面都已不在档案库中，没有可撤销的内容")
    articles = Article.objects.filter(page__in=pages)
    article_ids = list(articles.values_list("pk", flat=True))
    corrected = LogEntry.objects.filter(
        content_type__app_label="archive", content_type__model="article",
        object_id__in=[str(pk) for pk in article_ids],
    ).values("object_id").distinct().count()
    issue = Issue.objects.filter(pk=rows.get("issue")).first()
    if issue is not None and issue.pages.exclude(pk__in=[p.pk for p in pages]).exists():
        issue = None
    publication = Publication.objects.filter(pk=rows.get("publication")).first()
    if publication is not None and (
        issue is None or publication.issues.exclude(pk=issue.pk).exists()
    ):
        publication = None
    unions = list(
        Union.objects.filter(pk__in=rows.get("unions", []))
        .exclude(article_links__article__in=Article.objects.exclude(pk__in=article_ids))
        .exclude(children__in=Union.objects.exclude(pk__in=rows.get("unions", [])))
        .distinct()
    )
    people = list(
        Person.objects.filter(pk__in=rows.get("people", []))
        .exclude(credits__article__in=Article.objects.exclude(pk__in=article_ids))
        .distinct()
    )
    return UndoPlan(revision, pages, len(article_ids), corrected, unions, people, issue,
                    publication)


def undo_import(revision_id: int, user: object) -> UndoPlan:
    """Remove what the import created; record it in the issue's history (or, when the issue
    goes too, in its last history line)."""
    with transaction.atomic():
        revision = (Revision.objects.select_for_update().select_related("entry")
                    .filter(pk=revision_id).first())
        if revision is None:
            raise UndoError("找不到这次导入的记录")
        if not may_undo(user, revision):
            raise UndoError("只有这次导入的操作人或档案编辑可以撤销它")
        undo = plan(revision)
        pages = [page.pk for page in undo.pages]
        removed = list(Article.objects.filter(page_id__in=pages).values_list("pk", flat=True))
        issue = undo.pages[0].issue
        entry = history.record(
            user, issue, f"撤销了 {_when(revision)} 的导入：删除{undo.describe()}",
            history.DELETED if undo.issue is not None else history.CHANGED,
        )
        undo_record = Revision.objects.create(entry=entry, kind=Revision.Kind.REVERT)
        announce(removed_ids=removed)
        Page.objects.filter(pk__in=pages).delete()
        Union.objects.filter(pk__in=[u.pk for u in undo.unions]).delete()
        Person.objects.filter(pk__in=[p.pk for p in undo.people]).delete()
        if undo.issue is not None:
            undo.issue.delete()
        if undo.publication is not None:
            undo.publication.delete()
        revision.reverted_by = undo_record
        revision.save(update_fields=["reverted_by"])
    return undo


def _when(revision: Revision) -> str:
    from django.utils import timezone

    return timezone.localtime(revision.entry.action_time).strftime("%Y-%m-%d %H:%M")
