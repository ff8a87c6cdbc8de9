"""Browsing by place, by union and by person on the sample archive."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client

from archive.models import Article, Person, Place, Union

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples(db: None) -> None:
    call_command("load_samples", verbosity=0)


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_places_list_zhejiang_first_with_all_its_cities(client: Client, samples: None) -> None:
    html = text_of(client.get("/places/"))
    zhejiang = html.index('<a href="/places/330000/">浙江省</a>')
    assert zhejiang < html.index(">江苏省</a>") and zhejiang < html.index(">山东省</a>")
    for city in ("杭州市", "宁波市", "温州市", "嘉兴市", "湖州市", "绍兴市", "金华市", "衢州市",
                 "舟山市", "台州市", "丽水市"):
        assert f">{city}</a>" in html
    assert '<a href="/places/330700/">金华市</a> <span class="meta">(2)</span>' in html
    assert '<a href="/places/320000/">江苏省</a>' in html  # 扬州 from 工人日报


def test_city_page(client: Client, samples: None) -> None:
    html = text_of(client.get("/places/330500/"))
    assert "<h1>湖州市</h1>" in html
    assert "共 2 篇文章" in html
    # newest first: 长兴 (2020) before the 2019 article
    assert html.index("工友们，说出你的心里话！") < html.index("湖州一线职工又有新福利")
    assert '<a href="/places/330522/">长兴县</a> <span class="meta">1 篇</span>' in html
    union = Union.objects.get(name="湖州市总工会")
    assert f'<a href="/unions/{union.pk}/">湖州市总工会</a>' in html
    assert "<svg" in html and "2019年11月：1 篇" in html and "2020年6月：1 篇" in html
    assert "2020年1月：0 篇" in html  # months without articles show as gaps
    assert 'href="/feeds/places/330500/"' in html


def test_county_page_including_a_former_county(client: Client, samples: None) -> None:
    html = text_of(client.get("/places/330104/"))  # 江干区, merged in 2021
    assert "江干区（已撤销）" in html
    assert '<a href="/places/330100/">杭州市</a>' in html
    assert "共 2 篇文章" in html


def test_unknown_place_is_not_found(client: Client, samples: None) -> None:
    assert client.get("/places/999999/").status_code == 404


def test_city_articles_are_paginated(client: Client, samples: None) -> None:
    page = Article.objects.filter(city__name="湖州市").first().page
    hangzhou = Place.objects.get(name="湖州市", level="city")
    for order in range(100, 125):
        Article.objects.create(
            page=page, order=order, title=f"湖州测试文章{order}", body="正文", city=hangzhou,
            span_start=0, span_end=1,
        )
    first = text_of(client.get("/places/330500/"))
    assert "第 1 / 2 页，共 27 篇" in first and '<a rel="next" href="?page=2">' in first
    second = text_of(client.get("/places/330500/?page=2"))
    assert "第 2 / 2 页" in second and first.count("article-item") == 20
    assert second.count('class="article-item"') == 7


def test_union_directory_grouped_by_level_with_filter(client: Client, samples: None) -> None:
    html = text_of(client.get("/unions/"))
    assert html.index("<h2>全国总工会</h2>") < html.index("<h2>省总工会</h2>") \
        < html.index("<h2>市总工会</h2>") < html.index("<h2>企业工会</h2>")
    huzhou = Union.objects.get(name="湖州市总工会")
    assert f'<a href="/unions/{huzhou.pk}/">湖州市总工会</a></th><td>湖州市</td><td>1</td>' in html
    filtered = text_of(client.get("/unions/", {"q": "湖州"}))
    assert "湖州市总工会" in filtered and "湖州市长兴县总工会" in filtered
    assert "金华市总工会" not in filtered
    by_alias = text_of(client.get("/unions/", {"q": "省总"}))
    assert "浙江省总工会" in by_alias
    nothing = text_of(client.get("/unions/", {"q": "不存在的工会"}))
    assert "没有名称或别称含“不存在的工会”的工会。" in nothing


def test_union_page(client: Client, samples: None) -> None:
    union = Union.objects.get(name="湖州市长兴县总工会")
    html = text_of(client.get(f"/unions/{union.pk}/"))
    assert "<h1>湖州市长兴县总工会</h1>" in html
    assert "县/区总工会" in html and "<dt>别称</dt><dd>长兴县总工会</dd>" in html
    assert f'<a href="/unions/{union.parent.pk}/">湖州市总工会</a>' in html
    assert '<a href="/places/330522/">长兴县</a>' in html
    assert "工友们，说出你的心里话！" in html and "<svg" in html
    assert client.get("/unions/999999/").status_code == 404


def test_people(client: Client, samples: None) -> None:
    html = text_of(client.get("/people/"))
    cheng = Person.objects.get(name="程雪")
    assert f'<a href="/people/{cheng.pk}/">程雪</a> <span class="meta">(2)</span>' in html
    person_html = text_of(client.get(f"/people/{cheng.pk}/"))
    assert "<h1>程雪</h1>" in person_html and "署名身份：记者" in person_html
    assert "工友们，说出你的心里话！" in person_html and "湖州一线职工又有新福利" in person_html
    assert client.get("/people/999999/").status_code == 404


@pytest.mark.parametrize("url,most", [
    ("/places/", 5), ("/places/330500/", 10), ("/places/330000/", 10),
    ("/unions/", 3), ("/unions/?q=省总", 4), ("/people/", 3),
])
def test_directory_query_counts_are_fixed(
    client: Client, samples: None, django_assert_max_num_queries, url: str, most: int
) -> None:
    with django_assert_max_num_queries(most):
        assert client.get(url).status_code == 200


def test_list_queries_do_not_grow_with_the_items_shown(
    client: Client, samples: None, django_assert_num_queries
) -> None:
    """A union or person with one article costs the same queries as one with several."""
    few = Union.objects.get(name="湖州市总工会")
    many = Union.objects.get(name="温州市总工会")
    assert few.articles.count() < many.articles.count()
    for union in (few, many):
        # 7, the union's own count and the tree of unions below it (one query, any depth)
        with django_assert_num_queries(9):
            client.get(f"/unions/{union.pk}/")
    for name in ("羊荣江", "程雪"):
        with django_assert_num_queries(7):
            client.get(f"/people/{Person.objects.get(name=name).pk}/")


def test_a_parent_unions_page_rolls_up_its_subordinates_articles(client: Client,
                                                                  samples: None) -> None:
    city = Union.objects.get(name="温州市总工会")
    below = Union.objects.filter(parent=city)
    assert below.exists()
    html = client.get(f"/unions/{city.pk}/").content.decode()
    own = Article.objects.filter(union_links__union=city).distinct().count()
    everything = Article.objects.filter(
        union_links__union__in=[city, *below]).distinct()
    assert f"{everything.count()} 篇（本会 {own} 篇，其余为下级工会的）" in html
    for article in everything:
        assert article.title.split()[0] in html


def test_the_person_index_filters_by_name(client: Client, samples: None) -> None:
    html = client.get("/people/", {"q": "程雪"}).content.decode()
    assert "程雪" in html and "羊荣江" not in html
    nobody = client.get("/people/", {"q": "无此人"}).content.decode()
    assert "没有姓名含“无此人”的作者" in nobody
