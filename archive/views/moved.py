"""Answers for the addresses of articles and unions that were merged away or replaced.

Each decorator wraps a view that finds a row by id. Only when that view finds nothing (it
raises Http404 or answers 404) is the redirect table asked; a live row costs nothing extra.
A redirect to a row that still exists is permanent (301); one whose target is gone too is
410, saying where the text stood.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import (
    Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse,
)
from django.shortcuts import render
from django.urls import reverse

from ..selectors.redirects import article_redirect, union_redirect

View = Callable[..., HttpResponse]
Answer = Callable[[HttpRequest, int], HttpResponse | None]


def _answering_moves(answer: Answer, argument: str) -> Callable[[View], View]:
    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                moved = answer(request, kwargs[argument])
                if moved is None:
                    raise
                return moved
            if response.status_code == 404:
                return answer(request, kwargs[argument]) or response
            return response
        return wrapper
    return decorate


def _article_page(request: HttpRequest, old_id: int) -> HttpResponse | None:
    redirect = article_redirect(old_id)
    if redirect is None:
        return None
    if redirect.article_id is not None:
        return HttpResponsePermanentRedirect(
            reverse("archive:article-detail", args=[redirect.article_id])
        )
    return render(request, "archive/moved.html", {
        "heading": "这篇文章已不在档案库中", "old_id": old_id,
        "old_name": f"《{redirect.old_title}》" if redirect.old_title else "",
        "reason": redirect.get_reason_display(), "page": redirect.page,
    }, status=410)


def _article_api(request: HttpRequest, old_id: int) -> HttpResponse | None:
    redirect = article_redirect(old_id)
    if redirect is None:
        return None
    if redirect.article_id is not None:
        return HttpResponsePermanentRedirect(
            reverse("archive:api-article", args=[redirect.article_id])
        )
    page = redirect.page
    where = f"，原在版面 {page}" if page is not None else ""
    return JsonResponse({
        "error": f"编号为 {old_id} 的文章已不在档案库中（{redirect.get_reason_display()}{where}）。",
        "reason": redirect.reason,
        "page_url": request.build_absolute_uri(
            reverse("archive:page-detail", args=[page.pk])
        ) if page is not None else None,
    }, status=410, json_dumps_params={"ensure_ascii": False})


def _union_answer(route: str) -> Answer:
    """The answer for a merged union's page or feed: the same address of the union kept."""
    return lambda request, old_id: _union_moved(request, old_id, route)


def _union_moved(request: HttpRequest, old_id: int, route: str) -> HttpResponse | None:
    redirect = union_redirect(old_id)
    if redirect is None:
        return None
    if redirect.union_id is not None:
        return HttpResponsePermanentRedirect(reverse(route, args=[redirect.union_id]))
    return render(request, "archive/moved.html", {
        "heading": "这个工会已不在档案库中", "old_id": old_id,
        "old_name": f"“{redirect.old_name}”" if redirect.old_name else "",
        "reason": "已并入其他工会，而那个工会后来也已删除", "page": None,
    }, status=410)


article_moves = _answering_moves(_article_page, "article_id")
article_api_moves = _answering_moves(_article_api, "article_id")
union_moves = _answering_moves(_union_answer("archive:union-detail"), "union_id")
union_feed_moves = _answering_moves(_union_answer("archive:feed-union"), "union_id")
