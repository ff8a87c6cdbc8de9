"""Staff housekeeping of unions and places: merging duplicate unions, naming and placing them.

Articles carry their unions and places as links, so a change here changes how those articles
are tagged: every function announces the affected articles with ``articles_changed`` inside
its transaction, and records what it did in the history.
"""
from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from ..ingest.generic_names import is_generic
from ..models import Article, ArticleUnion, Place, Union
from ..models import Revision
from . import history, redirects
from .editing import announce
from .snapshots import Watch


class UnionMergeError(ValueError):
    """A merge that cannot be made; the message says why."""


def articles_of_union(union: Union) -> list[int]:
    return list(union.article_links.values_list("article_id", flat=True))


def articles_of_place(place: Place) -> list[int]:
    return list(
        Article.objects.filter(Q(province=place) | Q(city=place) | Q(county=place))
        .values_list("pk", flat=True)
    )


def merge_unions(keep: Union, others: Iterable[Union], user: object) -> list[int]:
    """Fold ``others`` into ``keep``: one body under several names. Returns the articles moved.

    The names of the others become aliases of ``keep`` (except generic ones such as 市总工会,
    which name no one union: ``ingest.generic_names``); their articles link to ``keep`` instead,
    at the best rank either link had; their child unions move under ``keep``; what ``keep``
    lacks (place, parent) is taken from them. The others are then deleted; their addresses
    lead to ``keep`` from now on.
    """
    others = [other for other in others if other.pk != keep.pk]
    if not others:
        raise UnionMergeError("请至少选择两个工会：一个保留，其余并入它")
    with transaction.atomic():
        keep = Union.objects.select_for_update().get(pk=keep.pk)
        watch = _watch_merge(keep, others)
        affected: set[int] = set()
        aliases = set(keep.aliases)
        for other in others:
            affected.update(_relink(keep, other))
            aliases.update(other.aliases)
            aliases.add(other.name)
            Union.objects.filter(parent=other).exclude(pk=keep.pk).update(parent=keep)
            keep.place_id = keep.place_id or other.place_id
            if keep.parent_id is None or keep.parent_id == other.pk:
                keep.parent_id = other.parent_id
        names = {other.pk for other in others}
        if keep.parent_id in names or keep.parent_id == keep.pk:
            keep.parent_id = None
        keep.aliases = sorted(a for a in aliases - {keep.name} if not is_generic(a))
        keep.save()
        _renumber(affected)
        merged = "、".join(other.name for other in others)
        for other in others:
            history.record(
                user, other, f"并入工会“{keep.name}”（工会 {keep.pk}）", history.DELETED
            )
            redirects.union_merged(other, keep)
            other.delete()
        history.record(user, keep, f"合并工会：{merged} 并入本工会，其名称记为别称",
                       watch=watch, kind=Revision.Kind.MERGE)
        announce(changed_ids=affected)
    return sorted(affected)


def _watch_merge(keep: Union, others: list[Union]) -> Watch:
    """What a merge changes: the unions, their children's parents, their articles' unions."""
    names = [keep.pk, *(other.pk for other in others)]
    watch = Watch().add(keep)
    for other in others:
        watch.add(other)
    for child in Union.objects.filter(parent_id__in=names).values_list("pk", flat=True):
        watch.add(model=Union, pk=child, parts=["parent"])
    for article in ArticleUnion.objects.filter(union_id__in=names) \
            .values_list("article_id", flat=True).distinct():
        watch.add(model=Article, pk=article, parts=["unions"])
    return watch


def announce_union(union: Union, before: Union | None = None) -> None:
    """After an edit of ``union``: its articles are retagged if what they show changed."""
    if before is not None and all(
        getattr(before, name) == getattr(union, name)
        for name in ("name", "aliases", "level", "place_id", "parent_id")
    ):
        return
    announce(changed_ids=articles_of_union(union))


def announce_place(place: Place, before: Place | None = None) -> None:
    """After an edit of ``place``: the articles tagged with it are retagged if it changed."""
    if before is not None and all(
        getattr(before, name) == getattr(place, name)
        for name in ("name", "short_names", "former_names", "level", "parent_id")
    ):
        return
    announce(changed_ids=articles_of_place(place))


def _relink(keep: Union, other: Union) -> set[int]:
    """Point ``other``'s article links at ``keep``; an article with both keeps the better rank."""
    affected: set[int] = set()
    kept = {link.article_id: link for link in keep.article_links.all()}
    for link in other.article_links.all():
        affected.add(link.article_id)
        mine = kept.get(link.article_id)
        if mine is None:
            link.union = keep
            link.save(update_fields=["union"])
            kept[link.article_id] = link
        else:
            if link.rank < mine.rank:
                mine.rank = link.rank
                mine.save(update_fields=["rank"])
            link.delete()
    return affected


def _renumber(article_ids: Iterable[int]) -> None:
    """Ranks 0, 1, 2 … per article in their current order, so the primary union is rank 0."""
    links = ArticleUnion.objects.filter(article_id__in=list(article_ids)).order_by(
        "article_id", "rank", "pk"
    )
    current: int | None = None
    rank = 0
    changed = []
    for link in links:
        if link.article_id != current:
            current, rank = link.article_id, 0
        if link.rank != rank:
            link.rank = rank
            changed.append(link)
        rank += 1
    ArticleUnion.objects.bulk_update(changed, ["rank"])
