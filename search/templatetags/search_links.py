"""Links between search pages: the same search with one thing changed."""
from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from search.query import SearchRequest

register = template.Library()

# Facet names in the index and the URL parameters that filter by them.
PARAMETER = {"unions": "union", "year": "year"}
FILTERS = ("city", "county", "union", "publication", "kind", "from", "to")


def _params(request: SearchRequest) -> dict[str, str]:
    params = {"q": request.q, **request.filters}
    if request.sort != "relevance":
        params["sort"] = request.sort
    if request.page != 1:
        params["page"] = str(request.page)
    return params


def _url(params: dict[str, str]) -> str:
    clean = {key: value for key, value in params.items() if value not in ("", None)}
    return reverse("search:page") + ("?" + urlencode(clean) if clean else "")


@register.simple_tag
def search_url(request: SearchRequest, drop: str = "", **changes: object) -> str:
    """This search with ``changes`` applied; ``drop`` removes one filter, or 'all' of them."""
    params = _params(request)
    if drop == "all":
        for name in FILTERS:
            params.pop(name, None)
    elif drop:
        params.pop(PARAMETER.get(drop, drop), None)
    for key, value in changes.items():
        params[key] = str(value)
    if params.get("page") == "1":
        params.pop("page")
    return _url(params)


@register.simple_tag
def facet_url(request: SearchRequest, facet: str, value: str) -> str:
    """This search narrowed to one facet value (a year narrows the date range)."""
    params = _params(request)
    params.pop("page", None)
    if facet == "year":
        params["from"], params["to"] = f"{value}-01-01", f"{value}-12-31"
    else:
        params[PARAMETER.get(facet, facet)] = value
    return _url(params)
