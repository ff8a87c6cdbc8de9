"""Browsing by union and by person."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ..control_chars import without_control_chars
from ..selectors import newest_first, organisations
from ..selectors.articles import articles_with_context
from ..selectors.charts import monthly_counts
from .moved import union_moves
from .pagination import paginate

UNIONS_PER_PAGE = 50
PEOPLE_PER_PAGE = 60


def union_index(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    return render(request, "archive/union_index.html", {
        "query": query,
        "unions": paginate(request, organisations.union_directory(query), UNIONS_PER_PAGE),
    })


@union_moves
def union_detail(request: HttpRequest, union_id: int) -> HttpResponse:
    union = organisations.get_union(union_id)
    articles = organisations.union_articles(union)
    own = organisations.union_articles(union, with_subordinates=False)
    return render(request, "archive/union_detail.html", {
        "union": union,
        "own_count": own.count(),
        "children": organisations.union_children(union),
        "articles": paginate(request, newest_first(articles_with_context().filter(
            pk__in=articles.values("id")))),
        "chart": monthly_counts(articles),
    })


def person_index(request: HttpRequest) -> HttpResponse:
    query = without_control_chars(request.GET.get("q", "")).strip()[:30]
    return render(request, "archive/person_index.html", {
        "query": query,
        "people": paginate(request, organisations.people_directory(query), PEOPLE_PER_PAGE),
    })


def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = organisations.get_person(person_id)
    articles = organisations.person_articles(person)
    return render(request, "archive/person_detail.html", {
        "person": person,
        "roles": organisations.person_roles(person),
        "articles": paginate(request, newest_first(articles_with_context().filter(
            pk__in=articles.values("id")))),
    })
