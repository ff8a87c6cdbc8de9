"""Recording where the addresses of merged and replaced articles and unions now lead.

Called inside the transaction that merges or removes the row, so an address never dies
without its redirect. Every redirect points at the final row: when a target is itself merged
away later, the redirects to it move on to the new target, so a lookup is always one step and
a chain can never loop (ids are never reused).
"""
from __future__ import annotations

from ..models import Article, ArticleRedirect, Page, Union, UnionRedirect


def article_merged(old: Article, into: Article) -> None:
    """``old`` was merged into ``into``: its address (and those that led to it) lead there."""
    _article_gone(old, into, into.page_id, ArticleRedirect.Reason.MERGED)


def article_replaced(old: Article, by: Article | None, page: Page) -> None:
    """``old`` was removed when ``page`` was imported again; ``by`` is the new article that
    holds most of its text, or None when none does (then the page is where it went)."""
    _article_gone(old, by, page.pk, ArticleRedirect.Reason.REPLACED)


def merge_undone(old_id: int, by: Article) -> None:
    """The article merged away as ``old_id`` stands on its own again as ``by`` (a re-import
    that discarded the merge printed it apart): its address leads there."""
    ArticleRedirect.objects.filter(old_id=old_id).update(
        article=by, page_id=by.page_id, reason=ArticleRedirect.Reason.REPLACED
    )


def union_merged(old: Union, into: Union) -> None:
    """``old`` was merged into ``into``: its address (and those that led to it) lead there."""
    UnionRedirect.objects.filter(union_id=old.pk).update(union=into)
    UnionRedirect.objects.update_or_create(
        old_id=old.pk, defaults={"old_name": old.name, "union": into}
    )


def _article_gone(
    old: Article, target: Article | None, page_id: int | None, reason: str
) -> None:
    ArticleRedirect.objects.filter(article_id=old.pk).update(
        article=target, page_id=page_id
    )
    ArticleRedirect.objects.update_or_create(
        old_id=old.pk,
        defaults={"old_title": old.title[:200], "article": target, "page_id": page_id,
                  "reason": reason},
    )
