"""For machines: the article API, robots.txt and the OpenSearch description."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from ..export import article_record
from ..selectors.articles import articles_with_context
from ..templatetags.citation import gbt7714_citation
from .moved import article_api_moves


@article_api_moves
def api_article(request: HttpRequest, article_id: int) -> JsonResponse:
    """One article as the export writes it, plus its citation; a JSON error when unknown."""
    article = articles_with_context().filter(pk=article_id).first()
    if article is None:
        return JsonResponse(
            {"error": f"没有编号为 {article_id} 的文章。"}, status=404,
            json_dumps_params={"ensure_ascii": False},
        )
    record = article_record(article)
    record["url"] = request.build_absolute_uri(record["url"])
    record["citation"] = gbt7714_citation(article)
    return JsonResponse(record, json_dumps_params={"ensure_ascii": False})


def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("archive:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /search/", f"Sitemap: {sitemap}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def opensearch(request: HttpRequest) -> HttpResponse:
    return render(
        request, "archive/opensearch.xml",
        {"origin": request.build_absolute_uri("/").rstrip("/")},
        content_type="application/opensearchdescription+xml; charset=utf-8",
    )
