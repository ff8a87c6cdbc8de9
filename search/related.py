"""Articles related to an article: about the same union, then the same place.

Readers who open an article about 湖州市总工会 want that body's other stories first, then
what else happened in the same county or city; newest first within each. The lists come
from the database indexes for browsing (by union, by place), not from a text similarity
score, so they are predictable and cheap.
"""
from __future__ import annotations

from archive.models import Article
from archive.selectors.articles import articles_with_context, newest_first

RELATED = 5


def related_articles(article: Article, limit: int = RELATED) -> list[Article]:
    primary = article.union_links.order_by("rank").values_list("union_id", flat=True).first()
    chosen: list[int] = []
    sources = []
    if primary:
        sources.append(Article.objects.filter(union_links__union_id=primary))
    if article.county_id:
        sources.append(Article.objects.filter(county_id=article.county_id))
    if article.city_id:
        sources.append(Article.objects.filter(city_id=article.city_id))
    for source in sources:
        if len(chosen) >= limit:
            break
        ids = newest_first(source.exclude(pk__in=[article.pk, *chosen])).values_list(
            "pk", flat=True)[: limit - len(chosen)]
        chosen.extend(ids)
    by_id = {a.pk: a for a in articles_with_context().filter(pk__in=chosen)}
    return [by_id[pk] for pk in chosen if pk in by_id]
