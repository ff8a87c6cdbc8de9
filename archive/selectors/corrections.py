"""Which parts of an article staff have corrected, read from the history of their edits.

Staff correct articles in the admin change form (Django's history lists the form fields and
inlines changed) and through the editing services (which list the fields they change in the
same form, see ``services.history.record``). A re-import that overwrote a correction records
so in ``ArticleReimport``; a correction made before that no longer counts.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType

from ..models import Article, ArticleReimport, ArticleUnion, Credit


@dataclass(frozen=True)
class Correctable:
    """A part of an article staff correct as one: its name, its label and its fields."""

    name: str
    label: str
    fields: tuple[str, ...]  # Article fields; "unions" and "people" are the link tables

    @property
    def columns(self) -> tuple[str, ...]:
        """The fields stored on the article row itself (not the unions or people links)."""
        return tuple(name for name in self.fields if name not in ("unions", "people"))


CORRECTABLE: tuple[Correctable, ...] = (
    Correctable("kicker", "引题", ("kicker",)),
    Correctable("title", "主题", ("title", "title_derived")),
    Correctable("subtitle", "副题", ("subtitle",)),
    Correctable("byline", "署名", ("byline",)),
    Correctable("body", "正文", ("body", "continuations")),
    Correctable("kind", "体裁", ("kind",)),
    Correctable("places", "地区", ("province", "city", "county")),
    Correctable("unions", "工会组织", ("unions",)),
    Correctable("people", "署名人物", ("people",)),
    Correctable("review", "审核状态", ("needs_review", "review_reasons")),
)
ALL_PARTS = frozenset(part.name for part in CORRECTABLE)
# What the history calls a field (its verbose name) and the inline link tables.
_PART_OF_FIELD_LABEL = {
    str(Article._meta.get_field(field).verbose_name): part.name
    for part in CORRECTABLE for field in part.fields
}
_PART_OF_INLINE = {
    str(ArticleUnion._meta.verbose_name): "unions",
    str(Credit._meta.verbose_name): "people",
}


def labels(parts: Iterable[str]) -> str:
    """The parts by their Chinese labels, in the order of ``CORRECTABLE``: 主题、正文.

    Every part at once is an article staff made (a split's second half): 整篇文章.
    """
    chosen = set(parts)
    if chosen >= ALL_PARTS:
        return "整篇文章"
    return "、".join(part.label for part in CORRECTABLE if part.name in chosen)


def corrections_in_effect(article_ids: Iterable[int]) -> dict[int, set[str]]:
    """For each article, the parts staff corrected that no re-import has overwritten since.

    Articles without corrections are left out.
    """
    ids = [int(pk) for pk in article_ids]
    if not ids:
        return {}
    latest: dict[int, dict[str, datetime]] = {}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Article),
        object_id__in=[str(pk) for pk in ids],
        action_flag__in=[ADDITION, CHANGE],
    ).values_list("object_id", "action_flag", "change_message", "action_time")
    for object_id, flag, message, when in entries:
        parts = ALL_PARTS if flag == ADDITION else parts_in_message(message)
        mine = latest.setdefault(int(object_id), {})
        for part in parts:
            if part not in mine or mine[part] < when:
                mine[part] = when
    overwritten: dict[int, dict[str, datetime]] = {}
    for article_id, discarded, when in ArticleReimport.objects.filter(
        article_id__in=ids
    ).values_list("article_id", "discarded", "created"):
        mine = overwritten.setdefault(article_id, {})
        for part in discarded:
            if part not in mine or mine[part] < when:
                mine[part] = when
    result: dict[int, set[str]] = {}
    for article_id, parts in latest.items():
        gone = overwritten.get(article_id, {})
        live = {part for part, when in parts.items() if part not in gone or gone[part] < when}
        if live:
            result[article_id] = live
    return result


def parts_in_message(message: str) -> set[str]:
    """The parts a history entry's message says were changed.

    Messages are Django's JSON form: ``{"changed": {"fields": [...]}}`` for the article's own
    fields, and ``{"added"|"changed"|"deleted": {"name": ...}}`` for its union and people
    links. Plain-text messages name no fields.
    """
    if not message or not message.startswith("["):
        return set()
    try:
        items = json.loads(message)
    except json.JSONDecodeError:
        return set()
    parts: set[str] = set()
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        for verb in ("added", "changed", "deleted"):
            detail = item.get(verb)
            if not isinstance(detail, dict):
                continue
            if "name" in detail:
                part = _PART_OF_INLINE.get(str(detail["name"]))
                if part:
                    parts.add(part)
            else:
                parts.update(
                    _PART_OF_FIELD_LABEL[label] for label in detail.get("fields", [])
                    if label in _PART_OF_FIELD_LABEL
                )
    return parts


def reimport_lines(article_id: int) -> list[tuple[datetime, str]]:
    """The re-imports that updated an article in place, as (time, sentence), newest first."""
    lines = []
    for kept, discarded, when in ArticleReimport.objects.filter(
        article_id=article_id
    ).order_by("-created", "-pk").values_list("kept", "discarded", "created"):
        text = "版面重新导入，文章按新文件更新"
        if kept:
            text += f"；保留了人工修改的{labels(kept)}"
        if discarded:
            text += f"；放弃了人工修改的{labels(discarded)}（按要求采用新导入）"
        lines.append((when, text))
    return lines
