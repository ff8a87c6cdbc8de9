"""Browsing by place: provinces and cities, then a province, city or county page."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..selectors import newest_first, places
from ..selectors.articles import articles_with_context
from ..selectors.charts import monthly_counts
from .pagination import paginate


def place_index(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/place_index.html", {"groups": places.province_groups()})


def place_detail(request: HttpRequest, code: str) -> HttpResponse:
    place = places.get_place(code)
    articles = places.place_articles(place)
    return render(request, "archive/place_detail.html", {
        "place": place,
        "articles": paginate(request, newest_first(articles_with_context().filter(
            pk__in=articles.values("id")))),
        "children": places.child_places(place),
        "unions": places.unions_active_in(articles),
        "chart": monthly_counts(articles),
    })
