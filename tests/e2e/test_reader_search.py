"""A reader's searches in a real browser, on a desktop and on a phone, and axe-core's audit
of every kind of page at both widths."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import PHONE

WIDE = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 640}  # the smallest phones still in use
PUNCTUATED = "劳模当“导游”，致敬逆行者"
HUZHOU = "湖州一线职工又有新福利"
SERIOUS = {"serious", "critical"}
# Off by default in axe-core (experimental), and what readers of a calendar met.
EXTRA_RULES = {"label-content-name-mismatch": {"enabled": True}}


def search(page: Page, site: str, query: str) -> None:
    page.goto(site + "/")
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill(query)
    box.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"检索：{query}")


def test_a_reader_finds_what_they_remember(page: Page, site: str) -> None:
    page.set_viewport_size(WIDE)
    # Typed without the quotes and the comma the title has.
    search(page, site, "劳模当导游致敬逆行者")
    first = page.locator(".search-hit").first
    expect(first.locator(".title")).to_have_text(PUNCTUATED)
    expect(first.locator(".title mark")).to_have_count(1)
    # Words that are in the article, but not side by side: offered below, and labelled.
    search(page, site, "湖州疗休养")
    expect(page.get_by_role("heading", name=re.compile("以下文章包含全部词语，但不连在一起"))
           ).to_be_visible()
    expect(page.locator(".search-hits.loose .search-hit").first).to_contain_text(HUZHOU)
    # A name staff know: 全总 finds the articles tagged with the national union.
    search(page, site, "全总")
    expect(page.locator(".search-hit")).to_have_count(2)


def test_filters_are_chips_and_survive_a_search_that_finds_nothing(page: Page, site: str
                                                                   ) -> None:
    page.set_viewport_size(WIDE)
    search(page, site, "工会")
    page.locator("#facet-city + ul").get_by_role("link", name="湖州市").click()
    page.locator("#facet-city + ul").get_by_role("link", name="嘉兴市").click()
    chips = page.locator(".search-chips .chip")
    expect(chips).to_have_count(2)
    both = int(re.search(r"\d+", page.locator(".search-summary strong").first.inner_text()).group())
    chips.filter(has_text="城市：湖州市").click()
    expect(chips).to_have_count(1)
    expect(chips.first).to_contain_text("嘉兴市")
    fewer = int(re.search(r"\d+", page.locator(".search-summary strong").first.inner_text()).group())
    assert 0 < fewer < both
    # A word no article of the city has: nothing found, and the chip says why.
    box = page.get_by_role("search").get_by_role("searchbox")
    box.fill("疗休养政策座谈会")
    box.press("Enter")
    expect(page.locator(".search-empty")).to_contain_text("没有找到")
    expect(chips.first).to_contain_text("城市：嘉兴市")


def test_an_article_from_a_result_jumps_between_the_marks(page: Page, site: str) -> None:
    page.set_viewport_size(WIDE)
    search(page, site, "疗休养")
    page.locator(".search-hit .title a").filter(has_text=HUZHOU).click()
    bar = page.locator(".marks-bar")
    expect(bar).to_contain_text("在本文出现")
    marks = page.locator("mark[id^='hit-']")
    total = marks.count()
    assert total > 1
    bar.get_by_role("button", name="下一处").click()
    expect(marks.nth(0)).to_be_focused()
    bar.get_by_role("button", name="下一处").click()
    expect(marks.nth(1)).to_be_focused()
    bar.get_by_role("button", name="上一处").click()
    expect(marks.nth(0)).to_be_focused()
    expect(bar).to_contain_text(f"第 1 处")


def test_on_a_phone_the_first_result_is_on_the_first_screen(page: Page, site: str,
                                                             artifacts: Path) -> None:
    for width in (PHONE["width"], 320):
        page.set_viewport_size({"width": width, "height": PHONE["height"]})
        page.goto(site + "/search/?q=疗休养")
        top = page.locator(".search-hit").first.bounding_box()["y"]
        assert top + 40 < PHONE["height"], f"the first result starts at {top}px at {width}px"
        assert page.get_by_role("search").count() == 1
        filters = page.locator("details.search-filters")
        expect(filters).not_to_have_attribute("open", "")
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the search page is {overflow}px too wide at {width}px"
        page.screenshot(path=str(artifacts / f"search-phone-{width}.png"), full_page=True)
    filters.locator("summary").click()
    expect(page.locator("#facet-city")).to_be_visible()
    # A keyboard user reaches the first result after the header, the search box and the
    # sort links, not after every facet.
    page.goto(site + "/search/?q=疗休养")
    first = page.locator(".search-hit .title a").first
    for presses in range(1, 40):
        page.keyboard.press("Tab")
        if first.evaluate("link => link === document.activeElement"):
            break
    else:
        pytest.fail("the first result is not reached within 40 tab stops")
    assert presses < 25, f"{presses} tab stops before the first result"
    page.set_viewport_size(WIDE)
    page.goto(site + "/search/?q=疗休养")
    expect(page.locator("#facet-city")).to_be_visible()  # the panel is open when wide


def test_without_javascript_the_filters_still_open_on_a_wide_screen(browser_without_js,
                                                                     site: str) -> None:
    page = browser_without_js.new_page()
    page.set_viewport_size(WIDE)
    page.goto(site + "/search/?q=疗休养")
    summary = page.locator("details.search-filters > summary")
    expect(summary).to_be_visible()
    summary.click()
    expect(page.locator("#facet-city")).to_be_visible()
    page.close()


def page_types(page: Page, site: str) -> dict[str, str]:
    """One address of each kind of page a reader opens."""
    page.goto(site + "/search/?q=疗休养")
    article = page.locator(".search-hit .title a").filter(has_text=HUZHOU).get_attribute("href")
    page.goto(site + article.split("?")[0])
    issue = page.locator(".source a").first.get_attribute("href")
    printed = page.locator(".source a").nth(1).get_attribute("href")
    union = page.locator(".facets").get_by_role("link", name="湖州市总工会").get_attribute("href")
    page.goto(site + issue)
    paper = page.locator("main a[href^='/papers/']").first.get_attribute("href")
    page.goto(site + "/people/")
    person = page.locator("main a[href^='/people/']").first.get_attribute("href")
    return {
        "home": "/", "dates": "/dates/", "year": "/dates/2019/", "month": "/dates/2019/11/",
        "paper": paper, "issue": issue,
        "page": printed, "article": article.split("?")[0], "article-marked": article,
        "places": "/places/", "city": "/places/330500/", "unions": "/unions/",
        "union": union, "people": "/people/", "person": person,
        "search": "/search/?q=疗休养", "search-loose": "/search/?q=湖州疗休养",
        "search-empty": "/search/?q=疗休养&city=330100&kind=photo", "search-help": "/search/",
        "missing": "/articles/999999/",
    }


def test_every_page_type_passes_axe_at_both_widths(page: Page, site: str, artifacts: Path
                                                   ) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found: list[str] = []
    pages = page_types(page, site)
    for screen, size in (("wide", WIDE), ("phone", PHONE), ("narrow", NARROW)):
        page.set_viewport_size(size)
        for name, path in pages.items():
            page.goto(site + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                found.append(f"{screen} {name}: {overflow}px wider than the screen")
            results = axe.run(page, options={"rules": EXTRA_RULES})
            for violation in results.response["violations"]:
                if violation["impact"] in SERIOUS:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    found.append(f"{screen} {name}: {violation['id']} "
                                 f"({violation['impact']}) {targets}")
            page.screenshot(path=str(artifacts / f"axe-{screen}-{name}.png"), full_page=True)
    assert not found, "\n".join(found)


def test_an_article_prints_as_its_text_and_citation(page: Page, site: str, artifacts: Path
                                                    ) -> None:
    page.goto(site + "/search/?q=疗休养")
    page.locator(".search-hit .title a").filter(has_text=HUZHOU).click()
    page.emulate_media(media="print")
    for hidden in (".site-header", ".site-footer", ".related", ".prev-next", ".marks-bar",
                   ".breadcrumbs"):
        expect(page.locator(hidden).first).to_be_hidden()
    expect(page.locator(".article .body")).to_be_visible()
    expect(page.locator(".citation")).to_be_visible()
    page.pdf(path=str(artifacts / "article-print.pdf"))
    page.emulate_media(media="screen")


def test_pages_are_compressed_and_the_site_has_an_icon(page: Page, site: str) -> None:
    response = page.request.get(site + "/search/?q=疗休养",
                                headers={"Accept-Encoding": "gzip"})
    assert response.headers.get("content-encoding") == "gzip"
    icon = page.request.get(site + "/favicon.ico")
    assert icon.ok and "svg" in icon.headers["content-type"]
    page.goto(site + "/")
    assert page.locator("link[rel=icon]").count() == 1
