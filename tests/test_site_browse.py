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
    # both ends' dates are estimated: the span gives their months, not guessed days
    assert "约 2019年3月 至 约 2020年6月" in html
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
    assert '<caption><a href="/dates/2019/11/">2019年11月</a>（2 期）</caption>' in html
    assert "<caption>2019年1月</caption>" in html  # every month is drawn, with or without issues
    assert f'<a href="/issues/{printed.pk}/"' in html
    assert f'<a href="/issues/{estimated.pk}/"' in html
    # an estimated date is known to the month: listed under it, never pinned on a day
    link = html.index(f'<a href="/issues/{estimated.pk}/"')
    assert html.rindex('<td colspan="7" class="undated">', 0, link) > html.rindex("<td>", 0, link)
    assert html.count(f'<a href="/issues/{estimated.pk}/"') == 1
    assert '<a href="/dates/2019/11/">11月</a>' in html  # each month's issues on its page
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
    article = Article.objects.get(title="工友们，说出你的心里话！")
    html = text_of(client.get(f"/articles/{article.pk}/"))
    kicker = html.index('<span class="kicker">当一周工人 体工会初心</span>')
    title = html.index('<span class="title">工友们，说出你的心里话！</span>')
    subtitle = html.index('<span class="subtitle">长兴工会干部带“八个一”进车间</span>')
    assert kicker < title < subtitle
    assert "约 2020年6月" in html and "日期为推断" in html
    assert (
        "程雪, 朱健. 工友们，说出你的心里话！: 长兴工会干部带“八个一”进车间[N]. "
        "浙江工人日报, [2020-06]." in html  # an estimated date is known to the month only
    )
    assert '<a href="/places/330522/">长兴县</a>' in html


def test_a_derived_title_is_bracketed_and_an_article_for_review_says_so(
        client: Client, samples: None) -> None:
    article = Article.objects.filter(title_derived=True).first() or Article.objects.first()
    Article.objects.filter(pk=article.pk).update(title_derived=True, needs_review=True)
    html = text_of(client.get(f"/articles/{article.pk}/"))
    assert f"[{article.title}" in html and "据导语拟定" in html
    assert "尚待编辑核对" in html
    plain = Article.objects.filter(title_derived=False, needs_review=False).first()
    html = text_of(client.get(f"/articles/{plain.pk}/"))
    assert "据导语拟定" not in html and "尚待编辑核对" not in html


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


@pytest.mark.parametrize("name,args,queries", [
    # the home page: the numbers, the latest issues, the latest and this day's articles
    ("home", [], 16), ("date-index", [], 8), ("date-year", [2019], 8),
])
def test_browse_pages_have_fixed_query_counts(
    client: Client, samples: None, django_assert_max_num_queries, name: str, args: list,
    queries: int,
) -> None:
    with django_assert_max_num_queries(queries):
        assert client.get(reverse(f"archive:{name}", args=args)).status_code == 200


def test_issue_page_and_article_queries_do_not_grow(
    client: Client, samples: None, django_assert_num_queries, django_assert_max_num_queries
) -> None:
    big = Issue.objects.get(date="2019-03-27")
    small = Issue.objects.get(date="2019-11-21")
    pages = {issue.pk: issue.pages.get().pk for issue in (big, small)}
    for issue in (big, small):
        with django_assert_num_queries(5):  # the issue, its pages, their articles, either side
            client.get(f"/issues/{issue.pk}/")
        with django_assert_num_queries(5):
            client.get(f"/pages/{pages[issue.pk]}/")
    for article in Article.objects.filter(page__issue=big)[:2]:
        # 5 for the article, at most 6 for its related articles: the similar ones' dates and
        # places, their unions, the same union's or place's articles when none of those is
        # in the database (the index may hold other tests' articles), loading the chosen
        with django_assert_max_num_queries(11):
            client.get(f"/articles/{article.pk}/")


def test_an_article_page_lists_related_articles(client: Client, samples: None) -> None:
    article = Article.objects.get(title__startswith="杭州江干区总工会举办")
    page = client.get(f"/articles/{article.pk}/").content.decode()
    related = page[page.index('id="related-heading"'):]
    related = related[:related.index("</section>")]
    assert "杭州市江干区总工会领导班子" in related  # the same union's other article
    assert article.title not in related


def test_an_issue_page_links_the_papers_issues_either_side(client: Client, samples: None
                                                            ) -> None:
    middle = Issue.objects.get(date="2019-11-21")
    html = text_of(client.get(f"/issues/{middle.pk}/"))
    earlier = Issue.objects.filter(publication=middle.publication, date__lt=middle.date
                                   ).order_by("-date").first()
    later = Issue.objects.filter(publication=middle.publication, date__gt=middle.date
                                 ).order_by("date").first()
    assert earlier and later
    assert f'<a rel="prev" href="/issues/{earlier.pk}/">' in html
    assert f'<a rel="next" href="/issues/{later.pk}/">' in html


def test_the_home_page_shows_this_day_in_history_and_recent_headlines(
        client: Client, samples: None) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    printed = Issue.objects.get(date="2019-11-21")
    # Re-date one printed issue to this month and day of an earlier year.
    Issue.objects.filter(pk=printed.pk).update(date=printed.date.replace(
        year=today.year - 3, month=today.month, day=min(today.day, 28)))
    html = text_of(client.get("/"))
    if today.day <= 28:
        assert "历史上的今天" in html
        section = html[html.index("历史上的今天"):html.index("最近的报道")]
        assert "金华市总工会" in section
    assert "最近的报道" in html
    assert "个版面，0 篇文章" not in html


def test_a_month_has_a_page_of_its_own(client: Client, samples: None) -> None:
    html = text_of(client.get("/dates/2019/11/"))
    assert "<h1>2019年11月</h1>" in html
    printed = Issue.objects.get(date="2019-11-21")
    assert f'<a href="/issues/{printed.pk}/"' in html and "本月各期（2 期）" in html
    assert '<a rel="prev" href="/dates/2019/3/">' in html
    assert '<a rel="next" href="/dates/2020/6/">' in html
    for missing in ("/dates/2019/1/", "/dates/2019/13/", "/dates/2019/0/"):
        assert client.get(missing).status_code == 404, missing


def test_a_paper_has_a_page_with_its_years_and_issues(client: Client, samples: None) -> None:
    from archive.models import Publication

    paper = Publication.objects.get(name="浙江工人日报")
    html = text_of(client.get(f"/papers/{paper.slug}/"))
    assert "<h1>浙江工人日报</h1>" in html
    issues = Issue.objects.filter(publication=paper)
    assert f"{issues.count()} 期" in html
    for issue in issues:
        assert f'href="/issues/{issue.pk}/"' in html
    assert "工人日报 约 2019年3月" not in html  # the other paper's issue
    assert f'href="{reverse("archive:paper-detail", args=[paper.slug])}"' in text_of(
        client.get("/"))
    assert client.get("/papers/no-such-paper/").status_code == 404


def test_a_papers_title_history_is_shown_and_checked(client: Client, samples: None) -> None:
    import datetime

    from django.core.exceptions import ValidationError

    from archive.models import Publication, PublicationTitle

    paper = Publication.objects.get(name="浙江工人日报")
    PublicationTitle.objects.create(publication=paper, name="浙江工人报",
                                    first_date=datetime.date(1950, 1, 1),
                                    last_date=datetime.date(1993, 12, 31))
    PublicationTitle.objects.create(publication=paper, name="浙江工人日报",
                                    first_date=datetime.date(1994, 1, 1))
    html = text_of(client.get(reverse("archive:paper-detail", args=[paper.slug])))
    history = html[html.index("报名沿革"):]
    assert history.index("浙江工人报（1950年1月1日 至 1993年12月31日）") < history.index(
        "浙江工人日报（1994年1月1日 至 今）")
    backwards = PublicationTitle(publication=paper, name="错", first_date=datetime.date(2000, 1, 1),
                                 last_date=datetime.date(1999, 1, 1))
    with pytest.raises(ValidationError, match="启用日期不能晚于停用日期"):
        backwards.full_clean()
