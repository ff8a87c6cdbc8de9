"""An Atom feed of a search: the newest articles matching it, for a feed reader."""
from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.http import Http404, HttpRequest
from django.urls import reverse

from archive.feeds import FEED_LENGTH, LatestArticlesFeed
from archive.models import Article
from archive.selectors.articles import articles_with_context

from .query import BadRequest, SearchRequest, request_from_params
from .service import search_articles


class SearchFeed(LatestArticlesFeed):
    def get_object(self, request: HttpRequest) -> SearchRequest:
        try:
            search = request_from_params(request.GET)
        except BadRequest as problem:
            raise Http404(str(problem)) from None
        return replace(search, sort="newest", page=1, per_page=FEED_LENGTH)

    def title(self, obj: SearchRequest) -> str:
        return f"工会报刊档案库：检索“{obj.q}”的最新文章"

    def subtitle(self, obj: SearchRequest) -> str:
        return f"工会报刊档案库中含“{obj.q}”的最新文章。"

    def link(self, obj: SearchRequest) -> str:
        return reverse("search:page") + "?" + _query(obj)

    def feed_url(self, obj: SearchRequest) -> str:
        """The feed's own address (``rel="self"``), with the search it follows."""
        return reverse("search:feed") + "?" + _query(obj)

    def items(self, obj: SearchRequest) -> list[Article]:
        # Only the articles with the string itself: words apart are an offer to a reader
        # looking at the page, not news for a subscriber.
        ids = [hit.id for hit in search_articles(obj).exact_hits]
        by_id = {a.pk: a for a in articles_with_context().filter(pk__in=ids)}
        return [by_id[pk] for pk in ids if pk in by_id]


def _query(obj: SearchRequest) -> str:
    return urlencode([("q", obj.q), *obj.filters])
