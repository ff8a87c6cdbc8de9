"""The search engine's parts on the sample archive: n-grams, the posting reader, long terms
checked against the text, labelled estimates, and rjieba cutting as jieba does."""
from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import call_command
from haystack import connections

from archive.models import Article
from archive.signals import articles_changed
from search.whoosh_engine import finder
from search.analysis import TermGrams, index_grams, term_grams
from search.whoosh_engine import snapshots
from search.whoosh_engine.postings import read_postings
from search.documents import searchable_text
from search.query import SearchRequest
from search.syntax import parse_query
from search.segmentation import index_words, reference_segmenter, segmenter
from search.service import search_articles
from search.vocabulary import refresh_user_dictionary

from .test_search import api, containing


@pytest.fixture
def archive(db, django_capture_on_commit_callbacks):
    connections["default"].get_backend().clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", verbosity=0)


def found_ids(q: str) -> set[int]:
    return {hit.id for hit in search_articles(SearchRequest(q=q, per_page=100)).hits}


def test_text_is_indexed_as_characters_and_pairs_of_each_run():
    grams = index_grams("区总工会主席，好 Union 2024")
    assert {"区总", "总工", "工会", "会主", "主席"} <= grams
    assert {"区", "总", "工", "会", "主", "席", "好", "union", "2024"} <= grams
    assert "工会主" not in grams and "席，" not in grams


def test_punctuation_between_han_characters_is_passed_over_but_a_sentence_end_is_not():
    assert {"匠进", "争活"} <= index_grams("“工匠”进校园 “双争” 活动")
    assert "席好" in index_grams("主席，好") and "席好" in index_grams("主席 》好")
    for boundary in ("。", "！", "？", "；", "\n", "…"):
        assert "席好" not in index_grams(f"主席{boundary}好"), boundary
    assert "a好" not in index_grams("a，好") and "2好" not in index_grams("2 好")


def test_query_terms_up_to_two_characters_are_single_exact_terms():
    assert term_grams("工会") == TermGrams(("工会",))
    assert term_grams("会") == TermGrams(("会",))
    longer = term_grams("疗休养")
    assert longer.grams == ("疗休", "休养") and not longer.exact
    assert term_grams("五一劳动奖章").grams == ("五一", "一劳", "劳动", "动奖", "奖章")
    assert not term_grams("5G网络").exact


@pytest.mark.parametrize("q", ["席", "会", "湖"])
def test_a_single_character_is_found_wherever_it_stands(archive, q):
    assert found_ids(q) == containing(q)


def matched(matcher) -> list[tuple[int, float]]:
    """(document, weight) of each posting, as Whoosh's own matcher reads them."""
    found = []
    while matcher.is_active():
        found.append((matcher.id(), matcher.weight()))
        matcher.next()
    return found


def warm():
    """The process's snapshot of the live index (what a web worker searches with)."""
    backend = connections["default"].get_backend()
    backend.find(parse_query("工会"), SearchRequest())
    snapshot = snapshots._current[backend.root]
    return snapshot.searcher, snapshot.sets


def test_the_posting_reader_agrees_with_whoosh(archive):
    searcher, _ = warm()
    checked = 0
    for leaf, _ in ((s.reader(), o) for s, o in searcher.leaf_searchers()):
        for field in ("text", "words", "city"):
            for text in list(leaf.field_terms(field))[::37]:
                expected = matched(leaf.postings(field, text))
                found = read_postings(leaf, field, text)
                assert list(zip(found.ids.tolist(), found.weights.tolist())) == [
                    (doc, float(weight)) for doc, weight in expected], (field, text)
                assert read_postings(leaf, field, text, weights=False).ids.tolist() == [
                    doc for doc, _ in expected]
                checked += 1
    assert checked > 100


def test_a_long_term_is_checked_against_the_text(archive, django_capture_on_commit_callbacks):
    """An article with every pair of 工会主席 (工会主办, 总会主席) but not the string itself
    is a candidate the text check must leave out."""
    article = Article.objects.exclude(pk__in=containing("工会主席")).first()
    article.body += "\n本次活动由市工会主办，区总会主席到场。"
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
        articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])
    assert article.pk in found_ids("工会主")
    assert article.pk in found_ids("会主席")
    found = search_articles(SearchRequest(q="工会主席", per_page=100))
    assert not found.estimated
    assert {hit.id for hit in found.hits} == containing("工会主席")
    assert found.count == len(containing("工会主席"))
    assert article.pk not in found_ids("工会主席")


def test_an_estimated_count_is_labelled(archive, client, monkeypatch):
    """Where checking every candidate would take too long, the count is an estimate, said
    so on the page and in the API; the articles listed still all contain the term."""
    monkeypatch.setattr(finder, "CHECK_ALL", 2)
    monkeypatch.setattr(finder, "SAMPLE", 3)
    monkeypatch.setattr(finder, "CHECK_MOST", 5)
    expected = containing("工会主席")
    payload = api(client, q="工会主席")
    assert payload["count_estimated"] is True
    assert payload["results"] and {hit["id"] for hit in payload["results"]} <= expected
    page = client.get("/search/", {"q": "工会主席"}).content.decode()
    assert "约" in page and "估计" in page
    assert api(client, q="工会")["count_estimated"] is False


def test_a_count_is_exact_once_the_page_check_has_seen_every_candidate(archive, client,
                                                                       monkeypatch):
    """Too many candidates to check them all for the count, but finding the page checks
    each of them anyway: then the count and the facets are exact, not estimates."""
    monkeypatch.setattr(finder, "CHECK_ALL", 2)
    monkeypatch.setattr(finder, "SAMPLE", 3)
    expected = containing("工会主席")
    payload = api(client, q="工会主席")
    assert payload["count_estimated"] is False
    assert payload["count"] == len(expected)
    assert {hit["id"] for hit in payload["results"]} == expected
    cities = Article.objects.filter(pk__in=expected, city__isnull=False)
    assert sum(value["count"] for value in payload["facets"]["city"]) == cities.count()


def test_a_long_string_found_nowhere_is_no_result_not_an_estimate(archive, client):
    payload = api(client, q="工会主席" * 50)
    assert payload["count"] == 0 and payload["count_estimated"] is False
    page = client.get("/search/", {"q": "工会主席" * 500}).content.decode()
    assert "没有找到" in page and "约 0" not in page


def test_rjieba_cuts_the_archive_text_as_jieba_does(archive):
    refresh_user_dictionary()
    fast, reference = segmenter(), reference_segmenter()
    texts = [searchable_text(*row) for row in Article.objects.values_list(
        "kicker", "title", "subtitle", "byline", "body")]
    assert len(texts) > 30
    for text in texts:
        for hmm in (True, False):
            assert fast.cut(text, HMM=hmm) == list(reference.cut(text, HMM=hmm))


def test_ranking_orders_as_whoosh_bm25_does(archive):
    """The ranking module scores every candidate at once with Whoosh's BM25F; for single words
    and pairs of them it must give Whoosh's own order and scores."""
    from whoosh.query import Or, Term

    from search.whoosh_engine.docsets import as_mask
    from search.whoosh_engine.ranking import best

    searcher, sets = warm()
    words = Counter(word for text in Article.objects.values_list("body", flat=True)
                    for word in index_words(text) if len(word) > 1)
    common = [word for word, _ in words.most_common(40)]
    queries = [[word] for word in common] + [common[i:i + 2] for i in range(0, 20, 2)]
    live = as_mask(sets.live, sets.size)
    for query in queries:
        results = searcher.search(Or([Term("words", w) for w in query]), limit=10)
        expected = [(doc, score) for score, doc in results.top_n]
        scores = sets.ranker.scores(query)
        ranked = best(scores, live, 10)
        assert [round(scores[doc], 9) for doc in ranked] == [
            round(score, 9) for _, score in expected], query
        assert ranked == [doc for doc, _ in expected], query


def test_postings_and_ranking_agree_with_whoosh_on_a_larger_archive(db):
    """Hundreds of articles, written in two commits and with some deleted: terms span many
    posting blocks and segments, and the fast readers must still read what Whoosh reads."""
    from whoosh.query import Or, Term

    from bench.generate import build_archive
    from search.indexing import write_pending
    from search.whoosh_engine.docsets import as_mask
    from search.whoosh_engine.ranking import best

    backend = connections["default"].get_backend()
    backend.clear()
    build_archive(400)
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    for part in (ids[:200], ids[200:]):
        articles_changed.send(sender=Article, changed_ids=part, removed_ids=[])
        write_pending()
    gone = ids[5:400:40]
    Article.objects.filter(pk__in=gone).delete()
    articles_changed.send(sender=Article, changed_ids=[], removed_ids=gone)
    write_pending()

    searcher, sets = warm()
    assert sets.live.bit_count() == len(ids) - len(gone)
    long_lists = 0
    for leaf, _ in ((s.reader(), o) for s, o in searcher.leaf_searchers()):
        for field in ("text", "words"):
            for text in [*list(leaf.field_terms(field))[::23], "工会", "职工"]:
                expected = matched(leaf.postings(field, text))
                found = read_postings(leaf, field, text)  # deleted documents included
                assert [(doc, weight) for doc, weight in zip(
                    found.ids.tolist(), found.weights.tolist()) if not leaf.is_deleted(doc)
                ] == [(doc, float(weight)) for doc, weight in expected], (field, text)
                long_lists += len(expected) > 128
    assert long_lists >= 4

    live = as_mask(sets.live, sets.size)
    for query in (["工会"], ["职工"], ["工会", "职工"], ["疗休养"], ["劳模", "工匠"]):
        results = searcher.search(Or([Term("words", w) for w in query]), limit=20)
        scores = sets.ranker.scores(query)
        ranked = best(scores, live, 20)
        assert [round(scores[doc], 9) for doc in ranked] == [
            round(score, 9) for score, _ in results.top_n], query
        assert ranked == [doc for _, doc in results.top_n], query


def test_an_index_of_an_older_format_is_reported_and_rebuilt(archive):
    """An index written by an older version answers some queries wrongly; the check says
    so and ``--repair`` rebuilds it, keeping every article findable."""
    from search.whoosh_engine.backend import INDEX_FORMAT
    from search.whoosh_engine.store import FORMAT_FILE, live_directory

    from .conftest import run_command

    backend = connections["default"].get_backend()
    assert backend.index_format() == INDEX_FORMAT
    (live_directory(backend.root) / FORMAT_FILE).unlink()
    code, out, _ = run_command("check_search_index")
    assert code == 0 and "索引格式已过期" in out and "rebuild_index" in out
    assert backend.index_format() is None  # only reported, nothing changed
    code, out, _ = run_command("check_search_index", "--repair")
    assert "已重建索引" in out and "索引缺 0 篇" in out
    assert backend.index_format() == INDEX_FORMAT
    assert found_ids("疗休养") == containing("疗休养")
