"""What a reader's query means: punctuation passed over, words apart offered after the exact
matches, OR, field prefixes, names of unions and places, and the page that shows it all."""
from __future__ import annotations

import re

import pytest

from archive.models import Article, Place, Union
from archive.signals import articles_changed
from search.syntax import Term, loosened, parse_query
from search.templatetags.search_links import page_numbers

from .test_search import api, archive, containing, exact, literally_containing  # noqa: F401


def retitle(article: Article, title: str, capture) -> None:  # noqa: ANN001
    article.title = title
    with capture(execute=True):
        article.save()
        articles_changed.send(sender=Article, changed_ids=[article.pk], removed_ids=[])


# -- the syntax, without the database ---------------------------------------------------

def test_or_and_field_prefixes_are_read_everything_else_is_plain_text():
    parsed = parse_query("疗休养 或 疗养 OR 休养 标题:工匠 作者：王明 版次:2 -疫情")
    assert parsed.clauses == (
        (Term("疗休养"), Term("疗养"), Term("休养")),
        (Term("工匠", "title"),), (Term("王明", "byline"),))
    assert parsed.pages == (2,) and parsed.excluded == ("疫情",)
    assert parsed.described == ["“疗休养”或“疗养”或“休养”", "标题含“工匠”", "作者含“王明”"]
    assert parse_query("副标题:工匠").clauses == ((Term("副标题工匠"),),)
    assert parse_query("text:疗休养 title:(").clauses == ((Term("text 疗休养"),), (Term("title"),))
    assert parse_query("或 疗休养 或").clauses == ((Term("疗休养"),),)
    assert parse_query("标题:“工会 主席”").clauses == ((Term("工会主席", "title", phrase=True),),)


def test_a_page_prefix_that_is_not_a_number_is_searched_as_text_and_says_so():
    parsed = parse_query("版次:头版 疗休养")
    assert parsed.pages == ()
    assert Term("版次头版") in [t for clause in parsed.clauses for t in clause]
    assert "版次应为数字" in parsed.notes[0]
    assert parse_query("版次:第3版").pages == (3,)


def test_only_unquoted_single_terms_are_loosened_into_words():
    cut = {"送清凉助企": ["送", "清凉", "助企"], "疗休养": ["疗休养"]}.__getitem__
    loose = loosened(parse_query("送清凉助企 疗休养"), cut)
    assert loose.clauses == ((Term("送"),), (Term("清凉"),), (Term("助企"),), (Term("疗休养"),))
    assert loosened(parse_query("“送清凉助企”"), cut) is None
    assert loosened(parse_query("送清凉助企 或 疗休养"), cut) is None
    assert loosened(parse_query("疗休养"), cut) is None


def test_page_numbers_show_the_ends_and_the_neighbourhood():
    assert page_numbers(1, 1) == [1]
    assert page_numbers(1, 4) == [1, 2, 3, 4]
    assert page_numbers(10, 40) == [1, None, 8, 9, 10, 11, 12, None, 40]
    assert page_numbers(40, 40) == [1, None, 38, 39, 40]


# -- on the sample archive --------------------------------------------------------------

def test_punctuation_inside_the_text_never_hides_a_match(archive, client,
                                                        django_capture_on_commit_callbacks):
    article = Article.objects.get(title__startswith="舞出时代风采")
    retitle(article, "“工匠”进校园 《双争》 活动", django_capture_on_commit_callbacks)
    for query in ("工匠进校园", "双争活动", "匠进"):
        found = api(client, q=query)
        assert article.pk in exact(found), query
    assert exact(api(client, q="劳模当导游致敬逆行者")) == literally_containing("劳模当“导游”，致敬逆行者")
    # The title is marked where the string is, across the quotes.
    page = client.get("/search/", {"q": "工匠进校园"}).content.decode()
    assert "<mark>工匠”进校园</mark>" in page


def test_a_string_is_not_found_across_a_sentence_end(archive, client,
                                                     django_capture_on_commit_callbacks):
    article = Article.objects.get(title__startswith="舞出时代风采")
    retitle(article, "职工讲故事。夜校开课", django_capture_on_commit_callbacks)
    assert article.pk not in exact(api(client, q="故事夜校"))


def test_words_apart_are_offered_after_the_exact_matches_and_labelled(archive, client):
    found = api(client, q="湖州疗休养")
    huzhou = Article.objects.get(title__startswith="湖州一线职工又有新福利").pk
    assert found["exact_count"] == 0 and found["count"] >= 1
    assert [h["id"] for h in found["results"] if h["loose"]][0] == huzhou
    page = client.get("/search/", {"q": "湖州疗休养"}).content.decode()
    assert "以下文章包含全部词语，但不连在一起" in page
    assert page.index("以下文章包含全部词语") < page.index("一线职工又有新福利")
    # Its words are what is marked, in the result and on the article opened from it.
    hit = page[page.index("以下文章包含全部词语"):]
    assert "<mark>湖州</mark>" in hit and "<mark>疗休养</mark>" in hit
    article = client.get(f"/articles/{huzhou}/", {"q": "湖州疗休养"}).content.decode()
    assert '<mark id="hit-1">' in article and "<mark id=\"hit-1\">湖州</mark>" in article
    # Exact matches come first; a quoted phrase is never loosened.
    mixed = api(client, q="职工之家")
    assert [h["loose"] for h in mixed["results"]] == sorted(h["loose"] for h in mixed["results"])
    quoted = api(client, q="“湖州疗休养”")
    assert quoted["count"] == 0 and not quoted["results"]
    assert "以下文章包含全部词语" not in client.get("/search/", {"q": "“湖州疗休养”"}).content.decode()
    # A feed of the search carries the exact matches only.
    assert "<entry>" not in client.get("/search/feed/", {"q": "湖州疗休养"}).content.decode()


def test_or_finds_either_and_prefixes_search_one_field(archive, client):
    either = api(client, q="疗休养 或 柯贤湖")
    assert exact(either) == containing("疗休养") | containing("柯贤湖")
    assert exact(api(client, q="疗休养 OR 柯贤湖")) == exact(either)
    titled = api(client, q="标题:疗休养")
    assert exact(titled) == {a.pk for a in Article.objects.all()
                             if "疗休养" in a.kicker + a.title + a.subtitle}
    assert exact(titled) < containing("疗休养")
    by = api(client, q="作者:程雪")
    assert exact(by) == {a.pk for a in Article.objects.all() if "程雪" in a.byline} != set()
    page_two = api(client, q="版次:2 工会")
    assert exact(page_two) == {a.pk for a in Article.objects.filter(page__number=2)} & containing("工会")


def test_names_staff_know_find_the_articles_tagged_with_that_union_or_place(
        archive, client, django_capture_on_commit_callbacks):
    national = Union.objects.get(name="中华全国总工会")
    tagged = set(Article.objects.filter(union_links__union=national).values_list("pk", flat=True))
    assert tagged <= exact(api(client, q="全总"))
    keqiao = set(Article.objects.filter(county__name="柯桥区").values_list("pk", flat=True))
    assert keqiao and keqiao <= exact(api(client, q="柯桥"))
    # A name staff add is searchable at once: the articles concerned are indexed again.
    changxing = Place.objects.get(name="长兴县")
    with django_capture_on_commit_callbacks(execute=True):
        changxing.former_names = [*changxing.former_names, "长城县"]
        changxing.save()
    in_changxing = set(Article.objects.filter(county=changxing).values_list("pk", flat=True))
    assert in_changxing and exact(api(client, q="长城县")) == in_changxing
    union = Union.objects.get(name="湖州市长兴县总工会")
    with django_capture_on_commit_callbacks(execute=True):
        union.aliases = [*union.aliases, "长工联"]
        union.save()
    assert exact(api(client, q="长工联")) == set(
        Article.objects.filter(union_links__union=union).values_list("pk", flat=True))


def test_filters_take_several_values_and_show_as_removable_chips(archive, client):
    huzhou, jiaxing = "330500", "330400"
    both = api(client, q="工会", city=[huzhou, jiaxing])
    expected = set(Article.objects.filter(city__code__in=[huzhou, jiaxing])
                   .values_list("pk", flat=True)) & containing("工会")
    assert {h["id"] for h in both["results"]} == expected
    html = client.get("/search/", {"q": "工会", "city": [huzhou, jiaxing]}).content.decode()
    assert "城市：湖州市" in html and "城市：嘉兴市" in html
    chip = re.search(r'<a class="chip" href="([^"]+)"><span class="visually-hidden">去掉筛选：</span>'
                     r'城市：湖州市', html)
    assert chip and huzhou not in chip.group(1) and jiaxing in chip.group(1)
    # With 湖州市 chosen, the city facet still offers 嘉兴市 (to add, as either city).
    one = client.get("/search/", {"q": "工会", "city": huzhou}).content.decode()
    facet = one[one.index('id="facet-city"'):]
    facet = facet[:facet.index("</section>")]
    assert "嘉兴市" in facet and f"city={huzhou}&amp;city={jiaxing}" in facet


def test_a_zero_hit_page_still_shows_which_filters_emptied_it(archive, client):
    html = client.get("/search/", {"q": "疗休养", "city": "330500", "kind": "photo"}).content.decode()
    assert "没有找到" in html
    assert "城市：湖州市" in html and "体裁：图片" in html
    assert "清除全部筛选" in html


def test_the_search_page_has_one_search_box_and_results_before_filters(archive, client):
    html = client.get("/search/", {"q": "工会"}).content.decode()
    assert html.count('role="search"') == 1
    assert html.index('class="search-hits"') < html.index('class="search-filters"')
    assert '<nav class="pagination"' in html and 'name="page"' in html


def test_the_search_feed_links_to_itself_with_its_query(archive, client):
    feed = client.get("/search/feed/", {"q": "疗休养", "city": "330500"}).content.decode()
    self_link = re.search(r'<link[^>]*rel="self"[^>]*>', feed).group(0)
    assert "q=%E7%96%97%E4%BC%91%E5%85%BB" in self_link and "city=330500" in self_link


@pytest.mark.django_db
def test_more_than_twenty_facet_values_are_listed_on_request(client):
    from django.core.management import call_command
    from haystack import connections

    from bench.generate import build_archive
    from search.indexing import write_pending

    connections["default"].get_backend().clear()
    build_archive(400)
    articles_changed.send(sender=Article, changed_ids=list(
        Article.objects.values_list("pk", flat=True)), removed_ids=[])
    write_pending()
    short = client.get("/search/", {"q": "工会"}).content.decode()
    shown = re.search(r'显示其余 (\d+) 项</a>', short)
    assert shown, "a facet with more than 20 values offers the rest"
    full = client.get("/search/", {"q": "工会", "more": "unions"}).content.decode()
    section = full[full.index('id="facet-unions"'):full.index("</section>", full.index('id="facet-unions"'))]
    assert section.count("<li>") > 20
    call_command("check_search_index", verbosity=0)


def test_an_article_opened_from_a_result_marks_every_occurrence(archive, client):
    results = client.get("/search/", {"q": "疗休养"}).content.decode()
    article = Article.objects.get(title__startswith="湖州一线职工又有新福利")
    link = f'/articles/{article.pk}/?q=%E7%96%97%E4%BC%91%E5%85%BB'
    assert f'href="{link}"' in results
    html = client.get(link).content.decode()
    occurrences = (article.title + article.body).count("疗休养")
    assert occurrences > 1
    assert [int(n) for n in re.findall(r'<mark id="hit-(\d+)">疗休养</mark>', html)] == list(
        range(1, occurrences + 1))
    assert f"在本文出现 {occurrences} 处" in html and 'href="#hit-1"' in html
    assert 'value="疗休养"' in html  # the header's search box keeps the search
    plain = client.get(f"/articles/{article.pk}/").content.decode()
    assert "<mark" not in plain and "marks-bar" not in plain


def test_an_alias_an_import_adds_reaches_the_unions_older_articles(
        archive, client, django_capture_on_commit_callbacks):
    """The importer records a new printed form of a stored union in one bulk update; the
    union's articles already stored are indexed again, so the new name finds them."""
    from archive.ingest.rows import _PlaceIndex, _resolve_unions
    from archive.ingest.types import UnionTag

    union = Union.objects.get(name="湖州市长兴县总工会")
    older = set(Article.objects.filter(union_links__union=union).values_list("pk", flat=True))
    assert older and not exact(api(client, q="长兴工总"))
    with django_capture_on_commit_callbacks(execute=True):
        _resolve_unions([UnionTag(union.name, union.level, surfaces=("长兴工总",))],
                        _PlaceIndex([]))
    assert "长兴工总" in Union.objects.get(pk=union.pk).aliases
    assert exact(api(client, q="长兴工总")) == older
