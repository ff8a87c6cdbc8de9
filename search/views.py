"""The search page and the search API: two renderings of one search."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from archive.control_chars import without_control_chars

from .query import BadRequest, request_from_params
from .service import SearchResponse, search_articles


def _run(request: HttpRequest) -> tuple[SearchResponse | None, str]:
    try:
        return search_articles(request_from_params(request.GET)), ""
    except BadRequest as problem:
        return None, str(problem)


SORT_CHOICES = [("relevance", "相关度"), ("newest", "最新"), ("oldest", "最早")]
FACET_LABELS = [("city", "城市"), ("county", "区县"), ("unions", "工会"),
                ("publication", "报纸"), ("kind", "体裁"), ("year", "年份")]


def search_page(request: HttpRequest) -> HttpResponse:
    response, problem = _run(request)
    facet_groups = [
        (name, label, response.facets.get(name, [])) for name, label in FACET_LABELS
    ] if response else []
    return render(request, "search/results.html", {
        "search": response, "problem": problem,
        "q": without_control_chars(request.GET.get("q", "")).strip(),  # as it is searched
        "sort_choices": SORT_CHOICES, "facet_groups": facet_groups,
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
             "unions": hit.unions, "snippet": str(hit.snippet)}
            for hit in response.hits
        ],
        "facets": {
            name: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for name, values in response.facets.items()
            if name in ("city", "unions", "year", "kind", "county", "publication")
        },
    }
