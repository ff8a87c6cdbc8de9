"""The search engine's parts on the sample archive: n-grams, the posting reader, long terms
checked against the text, labelled estimates, and rjieba cutting as jieba does."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from haystack import connections

from archive.models import Article
from archive.signals import articles_changed
from search import finder
from search.analysis import TermGrams, index_grams, term_grams
from search.docsets import posting_ids
from search.documents import searchable_text
from search.query import SearchRequest
from search.segmentation import reference_segmenter, segmenter
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


def test_text_is_indexed_as_pairs_and_triples_of_each_run():
    grams = index_grams("区总工会主席，好 Union 2024")
    assert {"区总", "工会", "主席", "区总工", "工会主", "会主席"} <= grams
    assert {"席", "好", "union", "2024"} <= grams  # a run's last character, a lone one
    assert "工会主席" not in grams and "席，" not in grams


def test_query_terms_up_to_three_characters_are_single_exact_terms():
    assert term_grams("工会") == TermGrams(("工会",))
    assert term_grams("疗休养") == TermGrams(("疗休养",))
    assert term_grams("会") == TermGrams((), starts="会")
    longer = term_grams("五一劳动奖章")
    assert longer.grams == ("五一劳", "一劳动", "劳动奖", "动奖章") and not longer.exact
    assert not term_grams("5G网络").exact


@pytest.mark.parametrize("q", ["席", "会", "湖"])
def test_a_single_character_is_found_wherever_it_stands(archive, q):
    assert found_ids(q) == containing(q)


def test_the_posting_reader_agrees_with_whoosh(archive):
    searcher = connections["default"].get_backend().searcher()
    checked = 0
    for leaf, _ in ((s.reader(), o) for s, o in searcher.leaf_searchers()):
        for field in ("text", "words", "city"):
            for text in list(leaf.field_terms(field))[::37]:
                expected = list(leaf.postings(field, text).all_ids())
                assert list(posting_ids(leaf, field, text)) == expected, (field, text)
                checked += 1
    assert checked > 100


def test_a_long_term_is_checked_against_the_text(archive, django_capture_on_commit_callbacks):
    """An article with both triples of 工会主席 (工会主办, 总会主席) but not the string itself
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
    expected = containing("工会主席")
    payload = api(client, q="工会主席")
    assert payload["count_estimated"] is True
    assert {hit["id"] for hit in payload["results"]} == expected
    page = client.get("/search/", {"q": "工会主席"}).content.decode()
    assert "约" in page and "估计" in page
    assert api(client, q="工会")["count_estimated"] is False


def test_rjieba_cuts_the_archive_text_as_jieba_does(archive):
    refresh_user_dictionary()
    fast, reference = segmenter(), reference_segmenter()
    texts = [searchable_text(*row) for row in Article.objects.values_list(
        "kicker", "title", "subtitle", "byline", "body")]
    assert len(texts) > 30
    for text in texts:
        for hmm in (True, False):
            assert fast.cut(text, HMM=hmm) == list(reference.cut(text, HMM=hmm))
