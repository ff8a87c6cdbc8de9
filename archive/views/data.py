"""For machines: the article API, robots.txt and the OpenSearch description."""
from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from ..citations import bibtex, gbt7714_citation, reference, ris
from ..export import article_record
from ..selectors.articles import articles_with_context
from .moved import article_api_moves, article_moves

# Citation downloads: the format's writer, its media type and file suffix.
CITATION_FORMATS = {
    "ris": (ris, "application/x-research-info-systems"),
    "bib": (bibtex, "application/x-bibtex"),
}


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


@article_moves
def article_citation(request: HttpRequest, article_id: int, suffix: str) -> HttpResponse:
    """The article's citation as a file a reference manager imports (RIS or BibTeX)."""
    if suffix not in CITATION_FORMATS:
        raise Http404(f"没有“{suffix}”格式的引文，可选 RIS（.ris）或 BibTeX（.bib）")
    article = get_object_or_404(articles_with_context(), pk=article_id)
    write, media_type = CITATION_FORMATS[suffix]
    url = request.build_absolute_uri(reverse("archive:article-detail", args=[article.pk]))
    response = HttpResponse(write(reference(article, url)),
                            content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="article-{article.pk}.{suffix}"'
    return response


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
