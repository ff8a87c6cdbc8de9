"""Taking a staff action back: a revision's rows are put back as they were before it.

A revision can be reverted only while its rows still look as the action left them: when
someone changed one of them since, reverting would silently throw that later work away, so
it is refused, naming the row. The revert is itself a history line with a revision of its
own (it can be reverted in turn), runs in one transaction, and announces every article whose
index entry it changes. Undoing an import (``imports_undo``) is the same idea over the rows
the import created.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models import Article, ArticleRedirect, Issue, Page, Place, Revision, Union, UnionRedirect
from . import history
from .editing import announce, articles_of_pages
from .snapshots import TRACKED, Watch, current, model_of, restore

# Rows are put back parents first: an article's unions must exist before its links do.
_RESTORE_ORDER = [Place, Union, Issue, Page, Article]
_NAMES = {Article: "文章", Union: "工会", Place: "地区", Page: "版面", Issue: "期"}
_ORDER_OUT_OF_THE_WAY = 1_000_000


class RevertError(ValueError):
    """A revision that cannot be taken back; the message says why, in the staff's words."""


@dataclass
class Reverted:
    entry: LogEntry
    changed_articles: list[int] = field(default_factory=list)
    removed_articles: list[int] = field(default_factory=list)


def can_revert(revision: Revision) -> bool:
    return revision.reverted_by_id is None and revision.kind != Revision.Kind.IMPORT


def revert(revision_id: int, user: object) -> Reverted:
    """Put every row of the revision back as it was before; refuse if any changed since."""
    with transaction.atomic():
        revision = (Revision.objects.select_for_update().select_related("entry__user")
                    .filter(pk=revision_id).first())
        if revision is None:
            raise RevertError("找不到这条修改记录")
        if revision.kind == Revision.Kind.IMPORT:
            raise RevertError("导入请用“撤销这次导入”撤销")
        if revision.reverted_by_id is not None:
            raise RevertError("这次修改已经撤销过了")
        changes = sorted(revision.changes, key=_restore_rank)
        _refuse_if_changed_since(changes)
        watch = Watch()
        for change in changes:
            watch.add(model=model_of(change["model"]), pk=change["pk"],
                      parts=_parts(change))
        try:
            with transaction.atomic():
                _apply(changes)
        except IntegrityError as error:
            raise RevertError(
                "撤销会与之后的修改冲突（例如版面上的文章顺序已变），未做任何改动"
            ) from error
        outcome = _announce(changes)
        entry = history.record(
            user, _subject(revision.entry), _revert_message(revision.entry), watch=watch,
            kind=Revision.Kind.REVERT,
        )
        revision.reverted_by = getattr(entry, "revision", None)
        revision.save(update_fields=["reverted_by"])
        outcome.entry = entry
    return outcome


def _restore_rank(change: dict) -> tuple[int, int]:
    model = model_of(change["model"])
    return _RESTORE_ORDER.index(model), change["pk"]


def _parts(change: dict) -> list[str]:
    return list((change["after"] or change["before"] or {}).keys())


def _refuse_if_changed_since(changes: list[dict]) -> None:
    for change in changes:
        model = model_of(change["model"])
        now = current(model, change["pk"], _parts(change))
        if now != change["after"]:
            name = _NAMES.get(model, "记录")
            raise RevertError(
                f"{name} {change['pk']} 在这次修改之后又有改动，不能直接撤销（否则会丢掉之后的"
                "修改）；请先撤销之后的修改，或直接编辑"
            )


def _apply(changes: list[dict]) -> None:
    """Removed rows come back, created rows go, changed rows take their old values."""
    moving = [c["pk"] for c in changes
              if c["model"] == "archive.article" and c["after"] and "order" in (c["before"] or {})]
    # Orders are unique per page: lift the articles that move before any takes its place.
    Article.objects.filter(pk__in=moving).update(order=F("order") + _ORDER_OUT_OF_THE_WAY)
    for change in reversed(changes):
        if change["before"] is None:
            model_of(change["model"])._default_manager.filter(pk=change["pk"]).delete()
    for change in changes:
        if change["before"] is not None:
            restore(model_of(change["model"]), change["pk"], change["before"])
            if change["after"] is None:
                _forget_redirect(change["model"], change["pk"])


def _forget_redirect(label: str, pk: int) -> None:
    """A row that stands again under its id no longer leads elsewhere."""
    if label == "archive.article":
        ArticleRedirect.objects.filter(old_id=pk).delete()
    elif label == "archive.union":
        UnionRedirect.objects.filter(old_id=pk).delete()


def _announce(changes: list[dict]) -> Reverted:
    """Tell the index about every article whose entry shows a row the revert changed."""
    from .unions import articles_of_place, articles_of_union  # unions imports editing

    changed: set[int] = set()
    removed: set[int] = set()
    for change in changes:
        model, pk = model_of(change["model"]), change["pk"]
        exists = model._default_manager.filter(pk=pk).exists()
        if model is Article:
            (changed if exists else removed).add(pk)
        elif model is Union and exists:
            changed.update(articles_of_union(Union.objects.get(pk=pk)))
        elif model is Place and exists:
            changed.update(articles_of_place(Place.objects.get(pk=pk)))
        elif model is Page:
            changed.update(articles_of_pages(Page.objects.filter(pk=pk)))
        elif model is Issue:
            changed.update(articles_of_pages(Page.objects.filter(issue_id=pk)))
    announce(changed_ids=changed - removed, removed_ids=removed)
    return Reverted(entry=None, changed_articles=sorted(changed - removed),  # type: ignore[arg-type]
                    removed_articles=sorted(removed))


def _subject(entry: LogEntry):  # noqa: ANN202 - a tracked model instance
    """The row the reverted line was about (recreated by the revert if it was removed)."""
    model = entry.content_type.model_class()
    obj = model._default_manager.filter(pk=entry.object_id).first()
    return obj if obj is not None else model(pk=int(entry.object_id))


def _revert_message(entry: LogEntry) -> str:
    when = timezone.localtime(entry.action_time).strftime("%Y-%m-%d %H:%M")
    who = entry.user.get_username() if entry.user else "—"
    return f"撤销了 {who} 在 {when} 的修改（{history.describe(entry)}）"


def tracked(model: type) -> bool:
    return model in TRACKED
