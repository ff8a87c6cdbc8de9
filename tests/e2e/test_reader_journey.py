"""A reader in a real browser: from the home page through the date calendar to the issue and
page an article was printed on, into the article, on to its union and its city.

Each step is a function that starts from what is on screen and checks what the reader sees,
so new steps (such as searching) can be put between them.
"""
from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

from .conftest import DESKTOP, PHONE

ARTICLE = "湖州一线职工又有新福利 本地行满足疗休养“微心愿”"
UNION = "湖州市总工会"
CITY = "湖州市"


def shoot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def open_home(page: Page, site: str) -> None:
    page.goto(site + "/")
    expect(page).to_have_title("工会报刊档案库")
    expect(page.get_by_role("heading", name="档案库概况")).to_be_visible()
    expect(page.locator(".stats")).to_contain_text("34 篇")
    expect(page.get_by_role("search").first.get_by_role("searchbox")).to_be_visible()


def browse_by_date_to_issue(page: Page, year: int, month: int, day: int, title: str) -> None:
    """Home → 按日期 → the year → the day in the calendar → the issue."""
    page.get_by_role("navigation", name="浏览").get_by_role("link", name="按日期").click()
    expect(page.get_by_role("heading", name="按日期浏览", level=1)).to_be_visible()
    page.get_by_role("link", name=f"{year}年", exact=True).first.click()
    expect(page.get_by_role("heading", name=f"{year}年", level=1)).to_be_visible()
    month_table = page.get_by_role("table", name=re.compile(f"^{year}年{month}月"))
    month_table.get_by_role("link", name=title).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title.split()[0])


def open_page_of(page: Page, article_title: str) -> None:
    """On an issue page: open the page (版面) that lists the article."""
    section = page.locator("section.issue-page").filter(has_text=article_title)
    section.get_by_role("heading").get_by_role("link").click()
    expect(page.get_by_role("heading", name="原始文本")).to_be_visible()
    expect(page.locator(".article-list")).to_contain_text(article_title)


def open_article(page: Page, title: str) -> None:
    page.get_by_role("link", name=re.compile(re.escape(title.split()[0]))).first.click()
    expect(page.locator("h1.title-block")).to_contain_text(title.split()[0])
    expect(page.locator(".citation")).to_contain_text("[N]. 浙江工人日报")


def follow_union(page: Page, union: str) -> None:
    page.locator(".facets").get_by_role("link", name=union, exact=True).click()
    expect(page.get_by_role("heading", name=union, level=1)).to_be_visible()
    expect(page.locator(".facts")).to_contain_text("市总工会")
    expect(page.locator("figure.chart svg")).to_be_visible()


def follow_city(page: Page, city: str) -> None:
    page.locator(".facts").get_by_role("link", name=city, exact=True).click()
    expect(page.get_by_role("heading", name=city, level=1)).to_be_visible()
    expect(page.locator(".meta").first).to_contain_text("共 2 篇文章")
    expect(page.get_by_role("heading", name="在此活动的工会")).to_be_visible()


def test_reader_browses_from_the_calendar_to_the_city(page: Page, site: str) -> None:
    open_home(page, site)
    browse_by_date_to_issue(page, 2019, 11, 14, "浙江工人日报 约 2019年11月")
    expect(page.locator(".note").first).to_contain_text("推断")
    open_page_of(page, ARTICLE)
    open_article(page, ARTICLE)
    expect(page.locator(".source")).to_contain_text("约 2019年11月")
    expect(page.locator(".source .flag")).to_have_text("日期为推断")
    follow_union(page, UNION)
    follow_city(page, CITY)
    expect(page.locator(".article-list")).to_contain_text("湖州一线职工又有新福利")


def search_for(page: Page, words: str, count: int) -> None:
    box = page.get_by_role("search").first.get_by_role("searchbox")
    box.fill(words)
    box.press("Enter")
    expect(page.locator(".search-summary")).to_contain_text(f"共找到 {count} 篇文章")
    expect(page.locator(".search-hits mark").first).to_have_text(words)


def narrow_to(page: Page, facet_value: str, count: int) -> None:
    page.locator(".search-facets").get_by_role("link", name=facet_value, exact=True).click()
    expect(page.locator(".search-summary")).to_contain_text(f"共找到 {count} 篇文章")
    expect(page.locator(".search-facets strong").first).to_have_text(facet_value)


def test_reader_searches_narrows_and_browses_to_the_printed_page(page: Page, site: str) -> None:
    """The issue's journey: search 疗休养, narrow to 湖州市, open the article, follow its
    union, then browse by date to the issue and page it was printed on."""
    open_home(page, site)
    search_for(page, "疗休养", 4)
    narrow_to(page, CITY, 1)
    page.locator(".search-hits").get_by_role("link", name=re.compile("湖州一线职工")).click()
    expect(page.locator("h1.title-block")).to_contain_text("湖州一线职工又有新福利")
    expect(page.locator(".related")).to_contain_text("疗休养之旅")  # about the same thing
    follow_union(page, UNION)
    page.goto(site + "/")
    browse_by_date_to_issue(page, 2019, 11, 14, "浙江工人日报 约 2019年11月")
    open_page_of(page, ARTICLE)


def test_citation_copy_button(page: Page, site: str) -> None:
    page.goto(site + "/")
    page.get_by_role("link", name="按日期").first.click()
    page.get_by_role("link", name="浙江工人日报 2019年11月21日").first.click()
    open_article(page, "金华市总工会： 坚持高站位")
    button = page.locator("button.copy")
    expect(button).to_have_text("复制引文")
    button.click()
    expect(button).to_have_text("已复制")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(".citation").inner_text().strip()
    assert copied.startswith("羊荣江. 金华市总工会")


def test_site_works_without_javascript(browser_without_js, site: str) -> None:
    page = browser_without_js.new_page()
    page.goto(site + "/unions/")
    page.get_by_label("按名称或别称筛选").fill("湖州")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("link", name=UNION, exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="金华市总工会")).to_have_count(0)
    page.get_by_role("link", name=UNION, exact=True).click()
    page.locator(".article-list a").first.click()
    expect(page.locator(".citation")).to_be_visible()
    expect(page.get_by_role("button", name="复制引文")).to_be_hidden()
    page.close()


MAIN_PAGES = {
    "home": "/",
    "dates": "/dates/",
    "year": "/dates/2019/",
    "places": "/places/",
    "city": "/places/330500/",
    "unions": "/unions/",
    "people": "/people/",
    "search": "/search/?q=疗休养",
}


def test_main_pages_fit_desktop_and_phone(page: Page, site: str, artifacts: Path) -> None:
    """Screenshots of the main pages on both screens, and nothing wider than a phone."""
    page.goto(site + "/places/330500/")
    page.get_by_role("link", name=UNION, exact=True).first.click()
    pages = {**MAIN_PAGES, "union": page.url.removeprefix(site)}
    page.get_by_role("link", name=re.compile("湖州一线职工")).first.click()
    pages["article"] = page.url.removeprefix(site)
    page.get_by_role("link", name=re.compile("约 2019年11月")).first.click()
    pages["issue"] = page.url.removeprefix(site)
    page.locator("section.issue-page h2 a").first.click()
    pages["page"] = page.url.removeprefix(site)
    for screen, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, path in pages.items():
            page.goto(site + path)
            expect(page.locator("main h1").first).to_be_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} is {overflow}px wider than the {screen} screen"
            shoot(page, artifacts, f"{screen}-{name}")
