"""The benchmark's synthetic archive: the same every time, and an archive the site could hold."""
from __future__ import annotations

from datetime import date

from django.db import transaction

from archive.models import Article, ArticleUnion, Credit
from bench.generate import build_archive

SIZE = 200


def snapshot() -> list[tuple]:
    return list(Article.objects.order_by("page__issue__date", "page__number", "order")
                .values_list("title", "body", "kind", "city__code", "county__code",
                             "page__issue__date", "page__issue__publication__name"))


def test_the_generator_builds_the_same_consistent_archive_every_time(db):
    with transaction.atomic():
        assert build_archive(SIZE) == SIZE - 34
        first = snapshot()
        transaction.set_rollback(True)
    build_archive(SIZE)
    assert snapshot() == first
    assert Article.objects.count() == SIZE
    assert build_archive(SIZE) == 0  # already there: nothing added

    generated = Article.objects.filter(page__source_file__startswith="bench/")
    assert generated.count() == SIZE - 34
    for article in generated.select_related("page__issue", "city", "county"):
        assert date(2015, 1, 1) <= article.page.issue.date <= date(2024, 12, 31)
        assert article.body and article.title
        if article.county:
            assert article.county.parent_id == article.city_id
        for credit in Credit.objects.filter(article=article).select_related("person"):
            assert credit.person.name in article.byline
    links = ArticleUnion.objects.filter(article__in=generated).select_related("union", "article")
    assert links.exists()
    for link in links.filter(union__level="county"):
        assert link.union.place_id == link.article.county_id
    zhejiang = generated.filter(city__code__startswith="33").count()
    assert zhejiang > generated.count() * 0.7
