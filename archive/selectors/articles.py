"""Read-side queries: articles with everything a reader or an export needs, in few queries."""
from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from ..models import Article, ArticleUnion, Credit

EXPORT_CHUNK = 500


def articles_with_context() -> QuerySet[Article]:
    """Articles with their page, issue, publication, places, unions (by rank) and credits.

    The related rows come with the articles (joined or prefetched), so the number of queries
    does not grow with the number of articles.
    """
    return (
        Article.objects.select_related(
            "page__issue__publication", "province", "city", "county"
        )
        .prefetch_related(
            Prefetch(
                "union_links",
                queryset=ArticleUnion.objects.select_related("union").order_by("rank"),
            ),
            Prefetch(
                "credits", queryset=Credit.objects.select_related("person").order_by("order")
            ),
        )
        .order_by(
            "page__issue__date", "page__issue__publication__name", "page__number", "page_id",
            "order",
        )
    )


def iter_articles_for_export(chunk_size: int = EXPORT_CHUNK) -> Iterator[Article]:
    """Every article in archive order, fetched a chunk at a time to keep memory flat."""
    return articles_with_context().iterator(chunk_size=chunk_size)


def newest_first(articles: QuerySet[Article]) -> QuerySet[Article]:
    """Articles newest issue first, and in page order within an issue: how readers scan lists."""
    return articles.order_by(
        "-page__issue__date", "page__issue__publication__name", "page__number", "page_id",
        "order",
    )
