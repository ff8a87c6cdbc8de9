"""Articles related to an article: about the same thing, near in time.

The article's own most distinctive words (jieba's TF-IDF keywords of its title and text,
less those that a fifth of the archive's articles have: 职工, 总工会) are given to the
search engine, which ranks the articles that use them most (BM25, ``similar``). The best
of those are ordered again: the higher they ranked, the nearer in date, and sharing the
article's union or place, the closer. Where the words
find nothing, the articles of the same union, then county, then city are offered instead.
"""
from __future__ import annotations

import jieba.analyse
from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from archive.models import Article, ArticleUnion
from archive.selectors.articles import articles_with_context

from .engine import EngineUnavailable, engine
from .segmentation import segmenter
from .syntax import clean

RELATED = 5
KEYWORDS = 8  # distinctive words searched for
COMMON_SHARE = 0.2  # a word in more than this share of articles says little of one
CANDIDATES = 30  # best-ranked articles ordered again by date and tags
YEAR_WEIGHT = 2.0  # ranks a year apart costs
TAG_BONUS = 4.0  # ranks sharing the union (or the county, or the city) is worth


def related_articles(article: Article, limit: int = RELATED) -> list[Article]:
    """Up to ``limit`` other articles, most closely related first."""
    chosen = _similar(article, limit) or _same_tags(article, limit)
    by_id = {a.pk: a for a in articles_with_context().filter(pk__in=chosen)}
    return [by_id[pk] for pk in chosen if pk in by_id]


def keywords(article: Article) -> list[str]:
    """The article's most distinctive words, as query terms (raises EngineUnavailable)."""
    text = f"{article.title}\n{article.title}\n{article.body}"  # the title weighs double
    words = [clean(word) for word in keyword_extractor().extract_tags(text, topK=KEYWORDS * 3)]
    words = list(dict.fromkeys(w for w in words if len(w) >= 2))
    total, frequencies = engine().word_frequencies(words)
    common = max(2, COMMON_SHARE * total)
    return [w for w in words if frequencies.get(w, 0) <= common][:KEYWORDS]


def keyword_extractor() -> jieba.analyse.TFIDF:
    """jieba's TF-IDF keyword extractor cutting as the index's words are cut (the archive's
    vocabulary, rjieba: 疗休养 is one word there, so it must be one here)."""
    tokenizer = segmenter()
    if _extractors.get("tokenizer") is not tokenizer:
        extractor = jieba.analyse.TFIDF()
        extractor.tokenizer = tokenizer
        _extractors.update(tokenizer=tokenizer, extractor=extractor)
    return _extractors["extractor"]


_extractors: dict[str, object] = {}


def _similar(article: Article, limit: int) -> list[int]:
    try:
        words = keywords(article)
        if not words:
            return []
        found = engine().similar(words, limit=CANDIDATES + 1)
    except EngineUnavailable:
        return []
    ids = [pk for pk in found if pk != article.pk]
    if not ids:
        return []
    rows = {row["pk"]: row for row in Article.objects.filter(pk__in=ids).values(
        "pk", "city_id", "county_id", "page__issue__date")}
    unions: dict[int, set[int]] = {}
    for article_id, union_id in ArticleUnion.objects.filter(article_id__in=ids).values_list(
            "article_id", "union_id"):
        unions.setdefault(article_id, set()).add(union_id)
    own_unions = {link.union_id for link in article.union_links.all()}
    day = article.page.issue.date

    def distance(position: int, pk: int) -> float:
        row = rows[pk]
        years = abs((row["page__issue__date"] - day).days) / 365.25
        shared = bool(unions.get(pk, set()) & own_unions) or (
            article.county_id and row["county_id"] == article.county_id) or (
            article.city_id and row["city_id"] == article.city_id)
        return position + YEAR_WEIGHT * years - (TAG_BONUS if shared else 0.0)

    ranked = sorted((distance(position, pk), pk) for position, pk in enumerate(ids)
                    if pk in rows)
    return [pk for _, pk in ranked[:limit]]


def _same_tags(article: Article, limit: int) -> list[int]:
    """The same union's, then county's, then city's articles, newest first."""
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
    return list(_ranked(tiers).exclude(pk=article.pk).values_list("pk", flat=True)[:limit])


def _ranked(tiers: list) -> QuerySet[Article]:  # noqa: ANN001 - Q or Exists expressions
    either = tiers[0]
    for tier in tiers[1:]:
        either = either | tier
    closeness = Case(*(When(tier, then=Value(rank)) for rank, tier in enumerate(tiers)),
                     default=Value(len(tiers)), output_field=IntegerField())
    return (Article.objects.filter(either).annotate(closeness=closeness)
            .order_by("closeness", "-page__issue__date", "page__number", "order"))
