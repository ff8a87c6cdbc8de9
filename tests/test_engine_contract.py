"""The contract of ``search.engine``, held against every engine the archive can run on.

Only the contract's methods and types are used here, so a second engine (Elasticsearch
through haystack) passes by adding its backend's dotted path to ``ENGINES``.
"""
from __future__ import annotations

import pytest
from django.core.management import call_command
from haystack import connections

from archive.models import Article
from search.documents import article_document, indexed_articles
from search.engine import Found, IndexCopy, IndexedDocument, SearchEngine, engine
from search.query import SearchRequest
from search.syntax import parse_query

from .test_search import containing

ENGINES = ["search.whoosh_engine.backend.ArchiveWhooshEngine"]


@pytest.fixture(params=ENGINES)
def contract_engine(request, db, settings) -> SearchEngine:
    settings.HAYSTACK_CONNECTIONS = {"default": {
        **settings.HAYSTACK_CONNECTIONS["default"], "ENGINE": request.param}}
    connections.reload("default")
    current = engine()
    current.clear()
    call_command("load_samples", verbosity=0)
    current.rebuild(article_document(a) for a in indexed_articles())
    yield current
    connections.reload("default")


def documents(pks) -> list[dict]:  # noqa: ANN001
    return [article_document(a) for a in indexed_articles().filter(pk__in=pks)]


def find(current: SearchEngine, q: str, **kwargs) -> Found:  # noqa: ANN003
    return current.find(parse_query(q), SearchRequest(q=q), **kwargs)


def test_it_implements_the_contract(contract_engine):
    assert isinstance(contract_engine, SearchEngine)
    assert contract_engine.format_is_current()
    assert contract_engine.index_format()


@pytest.mark.parametrize("q", ["工会", "疗休养", "五一劳动奖章", "会"])
def test_find_gives_the_articles_containing_the_string_with_count_and_facets(
        contract_engine, q):
    found = find(contract_engine, q, start=0, stop=100, facets=("city", "year"))
    assert isinstance(found, Found)
    assert set(found.ids) == containing(q) and found.count == len(found.ids)
    assert not found.estimated
    years = {str(y): 0 for y in range(1990, 2031)}
    for pk in found.ids:
        years[str(Article.objects.get(pk=pk).page.issue.date.year)] += 1
    assert dict(found.facets["year"]) == {y: n for y, n in years.items() if n}


def test_pages_of_a_result_are_disjoint_and_cover_it(contract_engine):
    whole = find(contract_engine, "工会", start=0, stop=100)
    pages = [find(contract_engine, "工会", start=i, stop=i + 7).ids
             for i in range(0, whole.count, 7)]
    assert [pk for page in pages for pk in page] == whole.ids
    assert find(contract_engine, "工会").ids == []  # count only


def test_write_replaces_and_removes_documents(contract_engine):
    article = Article.objects.order_by("pk").first()
    article.title = "契约测试独有标题"
    article.save()
    contract_engine.write(documents([article.pk]))
    contract_engine.write(documents([article.pk]))  # twice: still one document
    assert find(contract_engine, "契约测试独有标题", stop=10).ids == [article.pk]
    indexed = [d for d in contract_engine.indexed() if d.article_id == article.pk]
    assert indexed == [IndexedDocument(article.pk, article_document(
        indexed_articles().get(pk=article.pk))["version"])]

    contract_engine.write([], removed=[article.pk])
    assert find(contract_engine, "契约测试独有标题", stop=10).count == 0
    assert article.pk not in {d.article_id for d in contract_engine.indexed()}


def test_a_failed_write_writes_nothing(contract_engine):
    before = sorted((d.article_id, d.version) for d in contract_engine.indexed())
    good = documents(Article.objects.values_list("pk", flat=True)[:3])
    with pytest.raises(KeyError):
        contract_engine.write([*good, {"title": "没有编号的文档"}])
    assert sorted((d.article_id, d.version) for d in contract_engine.indexed()) == before


def test_rebuild_and_clear(contract_engine):
    contract_engine.clear()
    assert contract_engine.indexed() == []
    assert find(contract_engine, "工会").count == 0
    written = contract_engine.rebuild(documents(Article.objects.values_list("pk", flat=True)))
    assert written == Article.objects.count()
    assert sorted(d.article_id for d in contract_engine.indexed()) == sorted(
        Article.objects.values_list("pk", flat=True))
    assert find(contract_engine, "工会").count == len(containing("工会"))


def test_a_copy_of_the_index_brings_it_back_as_it_was(contract_engine, tmp_path):
    before = find(contract_engine, "工会", start=0, stop=100)
    copy = contract_engine.copy_to(tmp_path / "copy")
    assert isinstance(copy, IndexCopy)
    assert copy.documents == Article.objects.count()
    assert copy.index_format == contract_engine.index_format()
    gone = before.ids[0]
    contract_engine.write([], removed=[gone])
    assert contract_engine.check_copy(tmp_path / "copy") == copy  # the copy stays as it was

    def refuse() -> None:
        raise RuntimeError("the database could not be replaced")

    with pytest.raises(RuntimeError):
        contract_engine.install_copy(tmp_path / "copy", before_swap=refuse)
    assert gone not in find(contract_engine, "工会", start=0, stop=100).ids  # still live: old

    contract_engine.install_copy(tmp_path / "copy")
    assert find(contract_engine, "工会", start=0, stop=100) == before
    assert contract_engine.check_copy(tmp_path / "copy") == copy  # taken in, not moved


def test_clauses_fields_pages_and_names(contract_engine):
    """Either term of a clause; a term in one field; a page; a union's other name."""
    either = find(contract_engine, "疗休养 或 柯贤湖", start=0, stop=100)
    assert set(either.ids) == containing("疗休养") | containing("柯贤湖")
    titled = find(contract_engine, "标题:疗休养", start=0, stop=100)
    assert set(titled.ids) == {a.pk for a in Article.objects.all()
                               if "疗休养" in a.kicker + a.title + a.subtitle}
    paged = find(contract_engine, "版次:2 工会", start=0, stop=100)
    assert set(paged.ids) == containing("工会") & set(
        Article.objects.filter(page__number=2).values_list("pk", flat=True))
    national = set(Article.objects.filter(union_links__union__name="中华全国总工会")
                   .values_list("pk", flat=True))
    assert national and national <= set(find(contract_engine, "全总", start=0, stop=100).ids)


def test_word_frequencies_count_the_documents_having_each_word(contract_engine):
    from search.documents import title_block
    from search.segmentation import index_words

    words = ["休养", "职工", "不存在的词"]
    total, frequencies = contract_engine.word_frequencies(words)
    assert total == Article.objects.count()
    for word in words:
        having = sum(word in index_words(f"{title_block(a.kicker, a.title, a.subtitle)}\n{a.body}")
                     for a in Article.objects.all())
        assert frequencies[word] == having, word
    assert frequencies["职工"] > frequencies["休养"] > 0 == frequencies["不存在的词"]


def test_similar_ranks_the_articles_using_the_words_most(contract_engine):
    from search.documents import title_block
    from search.segmentation import index_words

    ranked = contract_engine.similar(["休养", "劳模"], limit=50)
    using = {a.pk for a in Article.objects.all()
             if {"休养", "劳模"} & set(index_words(
                 f"{title_block(a.kicker, a.title, a.subtitle)}\n{a.body}"))}
    assert set(ranked) == using and len(ranked) == len(set(ranked))
    assert contract_engine.similar(["休养", "劳模"], limit=2) == ranked[:2]
    assert contract_engine.similar(["不存在的词"], limit=5) == []
