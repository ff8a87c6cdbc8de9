"""What machines read: Atom feeds, the article API, the sitemap, robots.txt, the OpenSearch
description; and the Chinese error pages."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client

from archive.export import article_record
from archive.models import Article, Union
from archive.selectors import articles_with_context

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def samples(db: None) -> None:
    call_command("load_samples", verbosity=0)


def atom_entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_latest_feed_is_newest_first(client: Client, samples: None) -> None:
    entries = atom_entries(client.get("/feeds/latest/"))
    assert len(entries) == 30
    first = entries[0]
    assert first.find(f"{ATOM}title").text == "买什么服务？要怎么服务？大家决定 杭州下城区工会就购买服务开展协商"
    article = Article.objects.get(title="买什么服务？要怎么服务？大家决定")
    assert first.find(f"{ATOM}link").get("href") == f"http://testserver/articles/{article.pk}/"
    assert "浙江工人日报 约 2020年6月" in first.find(f"{ATOM}summary").text


def test_city_and_union_feeds(client: Client, samples: None) -> None:
    entries = atom_entries(client.get("/feeds/places/330500/"))
    assert [e.find(f"{ATOM}title").text.split()[0] for e in entries] == [
        "当一周工人", "湖州一线职工又有新福利",
    ]
    union = Union.objects.get(name="温州市总工会")
    titles = [e.find(f"{ATOM}title").text for e in atom_entries(
        client.get(f"/feeds/unions/{union.pk}/"))]
    # the city union's feed, like its page, has its counties' unions' articles too
    assert "舞出时代风采" in titles and "楠溪江见证我们的爱 永嘉县举行首届职工集体婚礼" in titles
    assert len(titles) == 4
    assert client.get("/feeds/unions/999999/").status_code == 404
    assert client.get("/feeds/places/999999/").status_code == 404


def test_api_article(client: Client, samples: None) -> None:
    article = Article.objects.get(title__startswith="金华市总工会")
    response = client.get(f"/api/articles/{article.pk}")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "金华市总工会".encode() in response.content  # Chinese as is, not \u-escaped
    data = json.loads(response.content)
    expected = article_record(articles_with_context().get(pk=article.pk))
    assert data["url"] == f"http://testserver/articles/{article.pk}/"
    assert {k: v for k, v in data.items() if k not in ("url", "citation")} == {
        k: v for k, v in expected.items() if k != "url"
    }
    assert data["citation"].endswith("[N]. 浙江工人日报, 2019-11-21(2).")


def test_api_unknown_article_is_a_json_404(client: Client, samples: None) -> None:
    response = client.get("/api/articles/999999")
    assert response.status_code == 404
    assert json.loads(response.content) == {"error": "没有编号为 999999 的文章。"}


def sitemap_locations(client: Client, url: str) -> set[str]:
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}


def test_sitemap_covers_every_article(client: Client, samples: None) -> None:
    sections = sitemap_locations(client, "/sitemap.xml")
    assert sections == {
        "http://testserver/sitemap-browse.xml", "http://testserver/sitemap-articles.xml",
    }
    locations = set().union(*(
        sitemap_locations(client, url.removeprefix("http://testserver")) for url in sections
    ))
    for pk in Article.objects.values_list("pk", flat=True):
        assert f"http://testserver/articles/{pk}/" in locations
    assert "http://testserver/places/" in locations


def test_robots_and_opensearch(client: Client, samples: None) -> None:
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    description = client.get("/opensearch.xml")
    root = ET.fromstring(description.content)
    url = root.find("{http://a9.com/-/spec/opensearch/1.1/}Url")
    assert url.get("template") == "http://testserver/search/?q={searchTerms}"
    home = client.get("/").content.decode()
    assert 'type="application/opensearchdescription+xml"' in home
    assert 'href="/opensearch.xml"' in home


def test_server_error_page_is_chinese_and_needs_no_request() -> None:
    html = render_to_string("500.html")
    assert "服务器出错" in html and '<html lang="zh-CN">' in html


def test_export_links_to_the_article_page(samples: None) -> None:
    article = articles_with_context().first()
    assert article_record(article)["url"] == f"/articles/{article.pk}/"


def test_citations_for_reference_managers_and_page_metadata(client: Client, samples: None
                                                            ) -> None:
    article = Article.objects.get(title="工友们，说出你的心里话！")  # an estimated date
    ris = client.get(f"/articles/{article.pk}/cite.ris")
    assert ris.status_code == 200
    assert ris["Content-Type"].startswith("application/x-research-info-systems")
    assert "attachment" in ris["Content-Disposition"]
    text = ris.content.decode()
    assert text.startswith("TY  - NEWS\r\n") and text.rstrip().endswith("ER  -")
    assert "AU  - 程雪\r\n" in text and "T2  - 浙江工人日报" in text
    assert "DA  - 2020/06/\r\n" in text and "只知年月" in text
    bib = client.get(f"/articles/{article.pk}/cite.bib").content.decode()
    assert bib.startswith(f"@article{{upa{article.pk},")
    assert "author = {程雪 and 朱健}" in bib and "month = {6}" in bib and "day =" not in bib
    assert client.get(f"/articles/{article.pk}/cite.doc").status_code == 404
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert '<meta name="citation_publication_date" content="2020/06">' in html
    assert '<meta name="citation_author" content="程雪">' in html
    assert '<meta name="DC.date" content="2020-06">' in html
    assert '<meta property="og:type" content="article">' in html
    assert "article:published_time" not in html  # no day to publish on
    assert f'href="/articles/{article.pk}/cite.ris"' in html


def test_a_derived_title_is_bracketed_in_every_citation(client: Client, samples: None) -> None:
    article = Article.objects.first()
    Article.objects.filter(pk=article.pk).update(title_derived=True)
    assert f"TI  - {article.title}" in client.get(f"/articles/{article.pk}/cite.ris").content.decode()
    assert "据导语拟定" in client.get(f"/articles/{article.pk}/cite.ris").content.decode()
    assert f"title = {{[{article.title}" in client.get(
        f"/articles/{article.pk}/cite.bib").content.decode()
    html = client.get(f"/articles/{article.pk}/").content.decode()
    assert f'<meta name="citation_title" content="[{article.title}' in html
    assert f"[{article.title}" in html[html.index('id="citation"'):]


def test_the_newly_added_feed_is_ordered_by_when_articles_were_added(client: Client,
                                                                    samples: None) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from archive.models import Page

    oldest = Page.objects.order_by("issue__date").first()  # a back issue, added today
    Page.objects.filter(pk=oldest.pk).update(imported_at=timezone.now() + timedelta(hours=1))
    entries = atom_entries(client.get("/feeds/added/"))
    first = Article.objects.filter(page=oldest).order_by("order").first()
    assert first.title in entries[0].find(f"{ATOM}title").text
    latest = atom_entries(client.get("/feeds/latest/"))
    assert first.title not in latest[0].find(f"{ATOM}title").text
    html = client.get("/").content.decode()
    assert 'href="/feeds/added/"' in html
