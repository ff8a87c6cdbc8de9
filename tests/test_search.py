"""Searching the sample archive as readers do: what they type, what they must find."""
from __future__ import annotations

import json
import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from haystack import connections

from archive.models import Article
from archive.signals import articles_changed
from search.drift import find_drift
from search.models import PendingIndexChange

from .conftest import run_command


@pytest.fixture
def archive(db, django_capture_on_commit_callbacks):
    """The sample archive, imported and indexed the way a command-line import does it."""
    connections["default"].get_backend().clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", verbosity=0)
    assert not PendingIndexChange.objects.exists()


def api(client, **params) -> dict:
    response = client.get("/api/search", params)
    assert response.status_code == 200, response.content
    return json.loads(response.content)


def titles(payload: dict) -> set[str]:
    return {hit["title"] for hit in payload["results"]}


def exact(payload: dict) -> set[int]:
    """The results that contain the string itself (not those listed as having its words)."""
    return {hit["id"] for hit in payload["results"] if not hit["loose"]}


# Between two Han characters, anything but a line break or a sentence's end is passed over.
PASSED_OVER = re.compile(r"(?<=[\u4e00-\u9fff])[^\u4e00-\u9fffA-Za-z0-9\n。！？；!?;…]+"
                         r"(?=[\u4e00-\u9fff])")


def containing(text: str) -> set[int]:
    """What a reader's search for ``text`` must find: the articles whose text has it, with
    punctuation and spaces between Han characters passed over, and those tagged with a
    union or a place going by that name."""
    found = set()
    for article in Article.objects.select_related("city", "county").prefetch_related(
            "union_links__union"):
        whole = "\n".join([article.kicker, article.title, article.subtitle, article.byline,
                           article.body])
        names = {name for link in article.union_links.all()
                 for name in [link.union.name, *link.union.aliases]}
        for place in (article.city, article.county):
            if place:
                names.update([place.name, *place.short_names, *place.former_names])
        if text in PASSED_OVER.sub("", whole) or text in names:
            found.add(article.pk)
    return found


def literally_containing(text: str) -> set[int]:
    fields = Q()
    for name in ("kicker", "title", "subtitle", "byline", "body"):
        fields |= Q(**{f"{name}__contains": text})
    return set(Article.objects.filter(fields).values_list("pk", flat=True))


def test_a_reader_finds_every_article_about_liaoxiuyang(archive, client):
    payload = api(client, q="疗休养")
    assert payload["count"] == 4 == len(containing("疗休养"))
    assert "湖州一线职工又有新福利 本地行满足疗休养“微心愿”" in titles(payload)
    assert "劳模当“导游”，致敬逆行者" in titles(payload)
    first = payload["results"][0]
    assert "<mark>疗休养</mark>" in first["snippet"]
    assert first["url"] and first["date"] and first["publication"]


@pytest.mark.parametrize("query", ["工会主席", "职工之家", "柯贤湖", "五一劳动奖章", "湖州"])
def test_queries_find_exactly_the_articles_containing_them(archive, client, query):
    payload = api(client, q=query)
    assert exact(payload) == containing(query) >= literally_containing(query)


def test_every_short_string_from_the_articles_finds_all_articles_containing_it(archive):
    from search.query import SearchRequest
    from search.service import search_articles

    samples: list[str] = []
    for body in Article.objects.order_by("pk").values_list("body", flat=True):
        for run in re.findall(r"[\u4e00-\u9fff]{4,}", body)[::7]:
            samples += [run[:2], run[1:4], run[:4]]
    assert len(samples) > 100
    for text in samples[::3]:
        found = search_articles(SearchRequest(q=text, per_page=100))
        assert {hit.id for hit in found.exact_hits} == containing(text), text


def test_words_anywhere_and_quoted_phrases_and_exclusions(archive, client):
    both = api(client, q="疗休养 湖州")
    assert exact(both) == containing("疗休养") & containing("湖州")
    phrase = api(client, q="“工会 主席”")
    assert exact(phrase) == containing("工会主席")
    without = api(client, q="工会主席 -江干")
    assert exact(without) == containing("工会主席") - literally_containing("江干")


def test_filters_and_facet_counts_agree_with_the_database(archive, client):
    payload = api(client, q="工会")
    matching = Article.objects.filter(pk__in=containing("工会"))
    for facet in payload["facets"]["city"]:
        assert facet["count"] == matching.filter(city__code=facet["value"]).count()
    huzhou = api(client, q="疗休养", city="330500")
    assert [h["title"] for h in huzhou["results"]] == [
        "湖州一线职工又有新福利 本地行满足疗休养“微心愿”"]
    photos = api(client, q="工会", kind="photo")
    assert photos["count"] == matching.filter(kind="photo").count() > 0
    dated = api(client, q="工会", **{"from": "2020-01-01", "to": "2020-12-31"})
    assert dated["count"] == matching.filter(page__issue__date__year=2020).count() > 0


def test_sorting_by_date(archive, client):
    newest = api(client, q="工会", sort="newest")["results"]
    oldest = api(client, q="工会", sort="oldest")["results"]
    assert newest[0]["date"] >= newest[-1]["date"]
    assert oldest[0]["date"] <= oldest[-1]["date"]
    assert newest[0]["date"] == "2020-06-15"


@pytest.mark.parametrize("query", ['"疗休养', "text:疗休养", "*", "title:(", "疗休养 AND OR NOT",
                                   "工" * 2000, "<script>alert(1)</script>"])
def test_strange_input_is_plain_text_not_an_error(archive, client, query):
    page = client.get("/search/", {"q": query})
    assert page.status_code == 200
    assert "<script>alert(1)</script>" not in page.content.decode()
    api(client, q=query)


def test_bad_filters_get_a_clear_message(archive, client):
    response = client.get("/api/search", {"q": "工会", "city": "杭州"})
    assert response.status_code == 400
    assert "城市代码" in json.loads(response.content)["error"]
    page = client.get("/search/", {"q": "工会", "from": "2019-02-30"})
    assert page.status_code == 400 and "起始日期" in page.content.decode()


def test_the_search_page_shows_results_facets_and_echoes_the_query(archive, client):
    page = client.get("/search/", {"q": "疗休养"}).content.decode()
    assert "共找到 <strong>4</strong> 篇文章" in page
    assert "湖州市" in page and "<mark>疗休养</mark>" in page
    assert 'value="疗休养"' in page


def test_an_empty_result_helps(archive, client):
    page = client.get("/search/", {"q": "疗休养政策落实情况座谈", "city": "330500"})
    html = page.content.decode()
    assert "没有找到" in html and "去掉全部筛选条件" in html
    payload = api(client, q="疗休养 不存在的词语")
    assert payload["count"] == 0


def test_deleted_and_reimported_articles_leave_the_results(archive, client,
                                                           django_capture_on_commit_callbacks):
    target = Article.objects.get(title__startswith="湖州一线职工")
    with django_capture_on_commit_callbacks(execute=True):
        articles_changed.send(sender=Article, changed_ids=[], removed_ids=[target.pk])
        target.delete()
    assert target.pk not in {h["id"] for h in api(client, q="疗休养")["results"]}
    assert find_drift().clean


def test_deleting_a_page_or_an_issue_removes_its_articles_from_the_results(
        archive, client, django_capture_on_commit_callbacks):
    """However articles are deleted (here with their page, then with their issue, as the
    admin's page list and issue list do), they leave the results."""
    target = Article.objects.get(title__startswith="湖州一线职工")
    with django_capture_on_commit_callbacks(execute=True):
        target.page.delete()
    found = {h["id"] for h in api(client, q="疗休养")["results"]}
    assert target.pk not in found and found
    issue = Article.objects.filter(pk__in=found).first().page.issue
    with django_capture_on_commit_callbacks(execute=True):
        issue.delete()
    remaining = set(Article.objects.values_list("pk", flat=True))
    assert {h["id"] for h in api(client, q="工会")["results"]} <= remaining
    assert find_drift().clean


def test_drift_between_index_and_database_is_reported_and_repaired(archive):
    article = Article.objects.get(title__startswith="湖州一线职工")
    connections["default"].get_backend().remove(f"archive.article.{article.pk}")
    drift = find_drift()
    assert drift.missing == {article.pk}
    code, out, _ = run_command("check_search_index", "--repair")
    assert code == 0 and "索引缺 1 篇" in out and "已修复" in out
    assert find_drift().clean


def test_a_search_has_an_atom_feed_of_its_newest_articles(archive, client):
    response = client.get("/search/feed/", {"q": "疗休养"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert feed.count("<entry>") == 4
    assert feed.index("劳模当“导游”") < feed.index("金华市总工会")  # 2020 before 2019
    assert client.get("/search/feed/", {"q": "工会", "city": "杭州"}).status_code == 404


def test_related_articles_are_about_the_same_thing(archive):
    """Related by their words first (the same union's other article about its officials;
    another article about workers' 疗休养), not merely by sharing a union or a city."""
    from search.related import keywords, related_articles

    article = Article.objects.get(title__startswith="杭州江干区总工会举办")
    related = related_articles(article)
    assert article not in related and len(related) == 5
    assert related[0].title.startswith("杭州市江干区总工会领导班子")
    guides = Article.objects.get(title__startswith="劳模当“导游”")
    assert "疗休养" in keywords(guides)  # cut as the index cuts it
    assert "湖州一线职工又有新福利 本地行满足疗休养“微心愿”" in [
        a.title for a in related_articles(guides)]


def test_related_articles_fall_back_to_the_union_and_place(archive):
    from search.related import related_articles

    article = Article.objects.get(title__startswith="杭州江干区总工会举办")
    connections["default"].get_backend().clear()  # no words to match: tags decide
    related = related_articles(article)
    assert related[0].union_links.order_by("rank").first().union.name == "杭州市江干区总工会"
    assert all(a.city and a.city.name == "杭州市" for a in related)


def test_counts_on_a_larger_archive_agree_with_the_database(db):
    """On hundreds of articles where common words fill most of them, the count, the facets
    and the pages must still cover every article containing the string."""
    from bench.generate import build_archive
    from search.indexing import write_pending
    from search.query import SearchRequest
    from search.service import search_articles

    connections["default"].get_backend().clear()
    build_archive(400)
    articles_changed.send(sender=Article, changed_ids=list(
        Article.objects.values_list("pk", flat=True)), removed_ids=[])
    write_pending()
    for word in ("工会", "职工", "工会主席"):
        found = search_articles(SearchRequest(q=word))
        assert found.count == len(containing(word)) > 20, word
        matching = Article.objects.filter(pk__in=containing(word))
        for value in next(f for f in found.facets if f.name == "city").values:
            assert value.count == matching.filter(city__code=value.value).count(), value


def test_a_query_with_control_characters_is_shown_as_it_is_searched(archive, client):
    html = client.get("/search/", {"q": "\x0c疗休养\x1b"}).content.decode()
    assert "<h1>检索：疗休养</h1>" in html
    assert "\x0c" not in html and "\x1b" not in html
