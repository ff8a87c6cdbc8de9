"""Links between search pages: the same search with one thing changed."""
from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from search.query import FILTERS, SearchRequest

register = template.Library()

# Facet names in the index and the URL parameters that filter by them.
PARAMETER = {f.facet: f.parameter for f in FILTERS}
FILTER_PARAMETERS = (*(f.parameter for f in FILTERS), "from", "to")


def _params(request: SearchRequest) -> list[tuple[str, str]]:
    params = [("q", request.q), *request.filters]
    if request.sort != "relevance":
        params.append(("sort", request.sort))
    params += [("more", name) for name in request.more]
    if request.page != 1:
        params.append(("page", str(request.page)))
    return params


def _url(params: list[tuple[str, str]]) -> str:
    clean = [(key, value) for key, value in params if value not in ("", None)]
    return reverse("search:page") + ("?" + urlencode(clean) if clean else "")


def _without(params: list[tuple[str, str]], *names: str) -> list[tuple[str, str]]:
    return [(key, value) for key, value in params if key not in names]


@register.simple_tag
def search_url(request: SearchRequest, drop: str = "", **changes: object) -> str:
    """This search with ``changes`` applied; ``drop`` removes a filter (every value of it),
    or 'all' of them."""
    params = _params(request)
    if drop == "all":
        params = _without(params, *FILTER_PARAMETERS)
    elif drop:
        params = _without(params, PARAMETER.get(drop, drop))
    params = _without(params, *changes)
    params += [(key, str(value)) for key, value in changes.items()]
    return _url([(k, v) for k, v in params if (k, v) != ("page", "1")])


@register.simple_tag
def without_filter(request: SearchRequest, parameter: str, value: str) -> str:
    """This search without one value of one filter (a chip's or a facet value's ×)."""
    params = [(k, v) for k, v in _params(request) if (k, v) != (parameter, value)]
    return _url(_without(params, "page"))


@register.simple_tag
def facet_url(request: SearchRequest, facet: str, value: str) -> str:
    """This search with one more facet value: another value of a field already chosen
    widens it (either value), a value of another field narrows it; a year sets the dates."""
    params = _without(_params(request), "page")
    if facet == "year":
        params = _without(params, "from", "to") + [("from", f"{value}-01-01"),
                                                  ("to", f"{value}-12-31")]
    else:
        params.append((PARAMETER.get(facet, facet), value))
    return _url(params)


@register.simple_tag
def more_url(request: SearchRequest, facet: str) -> str:
    """This search with every value of ``facet`` listed."""
    return _url(_without(_params(request), "page") + [("more", facet)])


@register.simple_tag
def page_url(request: SearchRequest, page: int) -> str:
    return search_url(request, page=page)


@register.filter
def page_numbers(current: int, pages: int) -> list[int | None]:
    """The page numbers a pager shows: the first, the last, two either side of the
    current one; None where numbers are left out."""
    wanted = {1, pages, *range(current - 2, current + 3)}
    shown: list[int | None] = []
    for number in sorted(n for n in wanted if 1 <= n <= pages):
        if shown and shown[-1] is not None and number - shown[-1] > 1:
            shown.append(None)
        shown.append(number)
    return shown
