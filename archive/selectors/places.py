"""Browsing by place: provinces and cities with their article counts, a place's articles,
the smaller places inside it and the unions active there."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ..models import Article, Place, Publication, Union

_LEVEL_FIELD = {
    Place.Level.PROVINCE: "province",
    Place.Level.CITY: "city",
    Place.Level.COUNTY: "county",
}


@dataclass
class PlaceCount:
    place: Place
    count: int


@dataclass
class ProvinceGroup:
    province: Place
    count: int
    cities: list[PlaceCount]


def province_groups() -> list[ProvinceGroup]:
    """Provinces with articles and their cities, each with its number of articles.

    The home provinces of the archive's publications come first and list every one of their
    current cities, even those without articles yet (a reader of 浙江工人日报 expects all
    eleven); other provinces list the cities that have articles. Three queries.
    """
    by_province = _counts("province")
    by_city = _counts("city")
    home_ids = set(
        Publication.objects.exclude(home_province=None).values_list("home_province_id", flat=True)
    )
    cities = Place.objects.filter(level=Place.Level.CITY).filter(
        Q(pk__in=by_city) | Q(parent_id__in=home_ids, is_current=True)
    ).order_by("code")
    provinces = {p.pk: p for p in Place.objects.filter(pk__in=set(by_province) | home_ids)}
    groups = {
        pk: ProvinceGroup(place, by_province.get(pk, 0), []) for pk, place in provinces.items()
    }
    for city in cities:
        if city.parent_id in groups:
            groups[city.parent_id].cities.append(PlaceCount(city, by_city.get(city.pk, 0)))
    return sorted(
        groups.values(),
        key=lambda g: (g.province.pk not in home_ids, -g.count, g.province.code),
    )


def _counts(field: str, articles: QuerySet[Article] | None = None) -> dict[int, int]:
    rows = (articles if articles is not None else Article.objects.all()).order_by()
    return dict(
        rows.exclude(**{field: None}).values(field).annotate(n=Count("id"))
        .values_list(field, "n")
    )


def get_place(code: str) -> Place:
    return get_object_or_404(Place.objects.select_related("parent__parent"), code=code)


def place_articles(place: Place) -> QuerySet[Article]:
    """The articles about a place at its own level (a city's include its counties')."""
    return Article.objects.filter(**{_LEVEL_FIELD[Place.Level(place.level)]: place})


def child_places(place: Place) -> list[PlaceCount]:
    """The places one level down with articles, most articles first."""
    if place.level == Place.Level.COUNTY:
        return []
    child_field = "city" if place.level == Place.Level.PROVINCE else "county"
    counts = _counts(child_field, place_articles(place))
    children = Place.objects.filter(pk__in=counts)
    return sorted(
        (PlaceCount(child, counts[child.pk]) for child in children),
        key=lambda c: (-c.count, c.place.code),
    )


@dataclass
class UnionCount:
    union: Union
    count: int


def unions_active_in(articles: QuerySet[Article], limit: int = 30) -> list[UnionCount]:
    """The unions the given articles are about, most articles first."""
    unions = (
        Union.objects.filter(article_links__article__in=articles.order_by().values("id"))
        .annotate(n=Count("article_links__article", distinct=True))
        .order_by("-n", "name")[:limit]
    )
    return [UnionCount(union, union.n) for union in unions]
