"""Articles related to an article: about the same union, then the same county, then city.

Readers who open an article about 湖州市总工会 want that body's other stories first, then
what else happened in the same county or city; newest first within each. The lists come
from the database indexes for browsing (by union, by place), not from a text similarity
score, so they are predictable and cost a fixed number of queries.
"""
from __future__ import annotations

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from archive.models import Article, ArticleUnion
from archive.selectors.articles import articles_with_context

RELATED = 5


def related_articles(article: Article, limit: int = RELATED) -> list[Article]:
    """Up to ``limit`` other articles, most closely related first.

    Uses ``article.union_links`` as prefetched by the article page (rank order), so it costs
    one query to choose and the usual few to load the chosen articles.
    """
    links = list(article.union_links.all())
    primary = min(links, key=lambda link: link.rank).union_id if links else None
    tiers = []
    if primary:
        tiers.append(Exists(ArticleUnion.objects.filter(article=OuterRef("pk"),
                                                        union_id=primary)))
    if article.county_id:
        tiers.append(Q(county_id=article.county_id))
    if article.city_id:
        tiers.append(Q(city_id=article.city_id))
    if not tiers:
        return []
    chosen = list(_ranked(tiers).exclude(pk=article.pk).values_list("pk", flat=True)[:limit])
    by_id = {a.pk: a for a in articles_with_context().filter(pk__in=chosen)}
    return [by_id[pk] for pk in chosen if pk in by_id]


def _ranked(tiers: list) -> QuerySet[Article]:  # noqa: ANN001 - Q or Exists expressions
    either = tiers[0]
    for tier in tiers[1:]:
        either = either | tier
    closeness = Case(*(When(tier, then=Value(rank)) for rank, tier in enumerate(tiers)),
                     default=Value(len(tiers)), output_field=IntegerField())
    return (Article.objects.filter(either).annotate(closeness=closeness)
            .order_by("closeness", "-page__issue__date", "page__number", "order"))
