"""The reader's pages for browsing by date, on the sample archive: home, years, a year's
calendar, an issue, a page and an article."""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from archive.models import Article, Issue, Page

pytestmark = pytest.mark.django_db


@pytest.fixture
def samples(db: None) -> None:
    call_command("load_samples", verbosity=0)


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def jinhua_article() -> Article:
    return Article.objects.get(title__startswith="金华市总工会")


def test_home_shows_the_archive_at_a_glance(client: Client, samples: None) -> None:
    html = text_of(client.get("/"))
    assert '<html lang="zh-CN">' in html
    assert "浙江工人日报" in html and "工人日报" in html
    assert "2019年3月27日 至 2020年6月15日" in html
    assert "<dd>34 篇</dd>" in html and "<dd>4 期</dd>" in html
    # the search box sends the reader to the search page
    assert 'action="/search/"' in html and 'name="q"' in html
    # latest issues first, an estimated date shown as an estimate of the month
    assert html.index("约 2020年6月") < html.index("2019年11月21日")
    for name in ("date-index", "place-index", "union-index", "person-index"):
        assert f'href="{reverse(f"archive:{name}")}"' in html


def test_dates_lists_years_with_counts(client: Client, samples: None) -> None:
    html = text_of(client.get("/dates/"))
    assert '<a href="/dates/2019/">2019年</a></th><td>3</td><td>27</td>' in html
    assert '<a href="/dates/2020/">2020年</a></th><td>1</td><td>7</td>' in html


def test_year_calendar_links_issue_days(client: Client, samples: None) -> None:
    html = text_of(client.get("/dates/2019/"))
    printed = Issue.objects.get(date="2019-11-21")
    estimated = Issue.objects.get(date="2019-11-14")
    assert "<caption>2019年11月（2 期）</caption>" in html
    assert "<caption>2019年1月</caption>" in html  # every month is drawn, with or without issues
    assert f'<a href="/issues/{printed.pk}/"' in html
    assert f'<a href="/issues/{estimated.pk}/"' in html
    assert '<td class="has-issue estimated">' in html
    assert 'abbr="星期一"' in html
    assert '<a rel="next" href="/dates/2020/">' in html


def test_a_year_without_issues_is_not_found(client: Client, samples: None) -> None:
    response = client.get("/dates/1999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_issue_lists_pages_and_their_articles(client: Client, samples: None) -> None:
    issue = Issue.objects.get(date="2019-11-21")
    page = issue.pages.get()
    html = text_of(client.get(f"/issues/{issue.pk}/"))
    assert "<h1>浙江工人日报 <span class=\"date\">2019年11月21日</span></h1>" in html
    assert f'<a href="/pages/{page.pk}/">第2版 工会</a>' in html
    assert "金华市总工会： 坚持高站位" in html
    assert html.count("/articles/") == 8


def test_estimated_issue_says_so(client: Client, samples: None) -> None:
    issue = Issue.objects.get(date="2020-06-15")
    html = text_of(client.get(f"/issues/{issue.pk}/"))
    assert "约 2020年6月" in html
    assert "是根据版面内容推断的" in html
    assert "版次不详" in html


def test_page_shows_articles_in_order_and_the_text_as_received(
    client: Client, samples: None
) -> None:
    page = Page.objects.get(issue__date="2019-11-21")
    html = text_of(client.get(f"/pages/{page.pk}/"))
    titles = [a.title for a in page.articles.order_by("order")]
    positions = [html.index(title.split()[0]) for title in titles]
    assert positions == sorted(positions)
    assert "浙江工人日报 · 2019年11月21日 · 第2版" not in html  # the page is known already
    assert "原始文本" in html and page.source_file in html
    assert "坚持高站位" in html.split("原始文本", 1)[1]


def test_article_page(client: Client, samples: None) -> None:
    article = jinhua_article()
    html = text_of(client.get(f"/articles/{article.pk}/"))
    assert '<span class="title">金华市总工会： 坚持高站位 坚持学思用 坚持动真格</span>' in html
    assert "2019年11月21日" in html and "第2版 工会" in html
    reporter = article.credits.get().person
    assert f'<a href="/people/{reporter.pk}/">羊荣江</a>' in html
    assert html.count("<p>") >= 3  # the body in paragraphs
    union = article.unions.get(name="金华市总工会")
    assert f'<a href="/unions/{union.pk}/">金华市总工会</a>' in html
    assert f'<a href="/places/{article.city.code}/">金华市</a>' in html
    nxt = Article.objects.get(page=article.page, order=2)
    assert f'<a rel="next" href="/articles/{nxt.pk}/">' in html
    assert 'rel="prev"' not in html
    assert (
        "羊荣江. 金华市总工会： 坚持高站位 坚持学思用 坚持动真格[N]. 浙江工人日报, "
        "2019-11-21(2)." in html
    )
    assert f"/articles/{article.pk}/" in html and "复制引文" in html


def test_article_title_block_stacked_and_estimated_date(client: Client, samples: None) -> None:
    article = Article.objects.get(title="工友们,说出你的心里话!")
    html = text_of(client.get(f"/articles/{article.pk}/"))
    kicker = html.index('<span class="kicker">当一周工人 体工会初心</span>')
    title = html.index('<span class="title">工友们,说出你的心里话!</span>')
    subtitle = html.index('<span class="subtitle">长兴工会干部带“八个一”进车间</span>')
    assert kicker < title < subtitle
    assert "约 2020年6月" in html and "日期为推断" in html
    assert (
        "程雪, 朱健. 工友们,说出你的心里话!: 长兴工会干部带“八个一”进车间[N]. "
        "浙江工人日报, [2020-06-15]." in html
    )
    assert '<a href="/places/330522/">长兴县</a>' in html


def test_unknown_article_is_a_chinese_404(client: Client, samples: None) -> None:
    response = client.get("/articles/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()
    assert client.get("/no-such-page/").status_code == 404


def test_text_from_pages_is_escaped(client: Client, samples: None) -> None:
    article = jinhua_article()
    article.title = '<script>alert("x")</script>'
    article.byline = "记者羊荣江 <b>报道</b>"
    article.body = "<img src=x onerror=alert(1)>\n第二段"
    article.save()
    html = text_of(client.get(f"/articles/{article.pk}/"))
    assert "<script>alert" not in html and "<img src=x" not in html and "<b>报道" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;报道&lt;/b&gt;" in html
    page_html = text_of(client.get(f"/pages/{article.page_id}/"))
    assert "<script>alert" not in page_html


@pytest.mark.parametrize("name,args", [
    ("home", []), ("date-index", []), ("date-year", [2019]),
])
def test_browse_pages_have_fixed_query_counts(
    client: Client, samples: None, django_assert_max_num_queries, name: str, args: list
) -> None:
    with django_assert_max_num_queries(8):
        assert client.get(reverse(f"archive:{name}", args=args)).status_code == 200


def test_issue_page_and_article_queries_do_not_grow(
    client: Client, samples: None, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    big = Issue.objects.get(date="2019-03-27")
    small = Issue.objects.get(date="2019-11-21")
    pages = {issue.pk: issue.pages.get().pk for issue in (big, small)}
    for issue in (big, small):
        with django_assert_num_queries(3):
            client.get(f"/issues/{issue.pk}/")
        with django_assert_num_queries(5):
            client.get(f"/pages/{pages[issue.pk]}/")
    for article in Article.objects.filter(page__issue=big)[:2]:
        # 5 for the article, at most 4 for its related articles (choose, load with context)
        with django_assert_max_num_queries(9):
            client.get(f"/articles/{article.pk}/")


def test_an_article_page_lists_related_articles(client: Client, samples: None) -> None:
    article = Article.objects.get(title__startswith="杭州江干区总工会举办")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    related = page[page.index('id="related-heading"'):]
    related = related[:related.index("</section>")]
    assert "杭州市江干区总工会领导班子" in related  # the same union's other article
    assert article.title not in related
