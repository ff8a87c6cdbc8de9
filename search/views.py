"""The search page and the search API: two renderings of one search."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from archive.control_chars import without_control_chars

from .query import BadRequest, request_from_params
from .service import FACETS, SearchResponse, search_articles


def _run(request: HttpRequest) -> tuple[SearchResponse | None, str]:
    try:
        return search_articles(request_from_params(request.GET, facets=FACETS)), ""
    except BadRequest as problem:
        return None, str(problem)


SORT_CHOICES = [("relevance", "相关度"), ("newest", "最新"), ("oldest", "最早")]


def search_page(request: HttpRequest) -> HttpResponse:
    response, problem = _run(request)
    return render(request, "search/results.html", {
        "search": response, "problem": problem,
        "q": without_control_chars(request.GET.get("q", "")).strip(),  # as it is searched
        "sort_choices": SORT_CHOICES,
    }, status=400 if problem else 200)


def search_api(request: HttpRequest) -> JsonResponse:
    response, problem = _run(request)
    if problem:
        return JsonResponse({"error": problem}, status=400,
                            json_dumps_params={"ensure_ascii": False})
    return JsonResponse(api_payload(response), json_dumps_params={"ensure_ascii": False})


def api_payload(response: SearchResponse) -> dict[str, object]:
    return {
        "count": response.count,
        "count_estimated": response.estimated,
        "page": response.request.page,
        "pages": response.pages,
        "results": [
            {"id": hit.id, "url": hit.url, "title": hit.title, "kicker": hit.kicker,
             "subtitle": hit.subtitle, "date": hit.date.isoformat(),
             "date_estimated": hit.date_estimated, "publication": hit.publication,
             "page": hit.page, "kind": hit.kind, "city": hit.city, "county": hit.county,
             "unions": hit.unions, "snippet": str(hit.snippet), "loose": hit.loose}
            for hit in response.hits
        ],
        "exact_count": response.exact_count,
        "facets": {
            facet.name: [{"value": v.value, "label": v.label, "count": v.count}
                         for v in facet.values]
            for facet in response.facets
        },
    }
