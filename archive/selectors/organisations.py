"""Browsing by union and by person: directories with article counts, and their articles;
and the unions known under other names (merged-away names, aliases) for the importer."""
from __future__ import annotations

from collections.abc import Iterable

from django.db.models import (Case, Count, Exists, IntegerField, OuterRef, Q, QuerySet,
                              Subquery, Value, When)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from ..ingest.generic_names import is_generic
from ..models import Article, ArticleUnion, Credit, Person, Union, UnionRedirect

_LEVEL_ORDER = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(Union.Level.values)),
    output_field=IntegerField(),
)


def union_directory(query: str = "") -> QuerySet[Union]:
    """Unions grouped by level (national first) then place, with their numbers of articles.

    A union is listed only when its page has articles: its own or those of a union below it
    (杭州市总工会 with its districts' articles). One left with none — merged out of, or
    created as a parent nothing was tagged with — is not listed; its page still answers.
    ``query`` keeps the unions whose full name or one of whose aliases contains it. Aliases
    are matched in Python: they are stored as JSON, where Chinese is escaped and cannot be
    matched by SQL; it costs one query whatever the size of the page.
    """
    linked = (ArticleUnion.objects.filter(union=OuterRef("pk")).order_by().values("union")
              .annotate(n=Count("id")).values("n"))
    unions = Union.objects.select_related("place").annotate(
        # a count per union on the (union, article) index, for the page's unions only
        article_count=Coalesce(Subquery(linked), 0), level_rank=_LEVEL_ORDER
    )
    unions = unions.filter(_has_articles())
    query = query.strip()
    if query:
        alias_ids = [
            pk for pk, aliases in Union.objects.values_list("id", "aliases")
            if any(query in alias for alias in aliases or [])
        ]
        unions = unions.filter(Q(name__contains=query) | Q(pk__in=alias_ids))
    return unions.order_by("level_rank", "place__code", "name")


# Levels of unions below a union whose articles its page shows, counted for the index:
# national → provincial → city → county → township → enterprise, and one to spare.
_TREE_DEPTH = 6


def _has_articles() -> Q:
    """A union linked to an article, or with one below it (no extra query: EXISTS in SQL)."""
    found = Q()
    for depth in range(_TREE_DEPTH):
        path = "__".join(["union", *["parent"] * depth])
        found |= Exists(ArticleUnion.objects.filter(**{path: OuterRef("pk")}))
    return found


def unions_by_other_name(names: Iterable[str]) -> dict[str, Union]:
    """Unions known under another name: one merged into them (it left a redirect), or an
    alias that one union alone carries (an alias on several unions settles nothing).

    A generic name (市总工会, 县总) is never another name of one union, whatever is stored:
    it stands for the body of that level where the article is (``ingest.generic_names``)."""
    wanted = {name for name in names if not is_generic(name)}
    if not wanted:
        return {}
    found = dict(
        UnionRedirect.objects.filter(old_name__in=wanted, union__isnull=False)
        .values_list("old_name", "union_id")
    )
    holders: dict[str, set[int]] = {}
    for pk, aliases in Union.objects.values_list("pk", "aliases"):
        for alias in aliases or ():
            if alias in wanted:
                holders.setdefault(alias, set()).add(pk)
    for alias, pks in holders.items():
        if len(pks) == 1:
            found.setdefault(alias, next(iter(pks)))
    unions = Union.objects.in_bulk(set(found.values()))
    return {name: unions[pk] for name, pk in found.items() if pk in unions}


def get_union(union_id: int) -> Union:
    return get_object_or_404(
        Union.objects.select_related("place__parent", "parent"), pk=union_id
    )


def union_articles(union: Union, *, with_subordinates: bool = True) -> QuerySet[Article]:
    """The union's articles and, unless told otherwise, those of every union below it
    (杭州市总工会's page shows its districts' articles too)."""
    ids = union_family(union) if with_subordinates else [union.pk]
    # A semi-join on the (union, article) index: no DISTINCT over the joined rows.
    return Article.objects.filter(pk__in=ArticleUnion.objects.filter(union_id__in=ids)
                                  .values("article_id"))


def union_family(union: Union) -> list[int]:
    """The ids of the union and every union below it: one query for the whole tree (a few
    thousand pairs of ids at most), walked here whatever its depth."""
    children: dict[int, list[int]] = {}
    for pk, parent in Union.objects.exclude(parent=None).values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    family, waiting = [union.pk], [union.pk]
    seen = {union.pk}
    while waiting:
        for child in children.get(waiting.pop(), []):
            if child not in seen:  # a loop of parents staff made by mistake ends here
                seen.add(child)
                family.append(child)
                waiting.append(child)
    return family


def union_children(union: Union) -> list[Union]:
    return list(union.children.order_by("name"))


def people_directory(query: str = "") -> QuerySet[Person]:
    """People credited in bylines with their numbers of articles, most prolific first;
    ``query`` keeps those whose name contains it."""
    people = Person.objects.annotate(article_count=Count("credits__article", distinct=True))
    if query.strip():
        people = people.filter(name__contains=query.strip())
    return people.order_by("-article_count", "name")


def get_person(person_id: int) -> Person:
    return get_object_or_404(Person, pk=person_id)


def person_roles(person: Person) -> list[str]:
    """The roles a person is credited in (记者, 通讯员, …), most frequent first."""
    rows = (
        Credit.objects.filter(person=person).values("role").annotate(n=Count("id"))
        .order_by("-n", "role")
    )
    return [Credit.Role(row["role"]).label for row in rows]


def person_articles(person: Person) -> QuerySet[Article]:
    return Article.objects.filter(
        pk__in=Credit.objects.filter(person=person).values("article_id")
    )
