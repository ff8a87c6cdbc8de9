"""Whatever a visitor or a staff member sends, the answer is a page of the archive's own, never
a server error.

The table test walks every URL pattern the site has (read from the URL resolver, so a new
route is covered without touching this file), puts hostile values in each of its converters
and in each query parameter the views read, and requests all of them on the sample archive:
none may answer 5xx, every error page must be in Chinese, every XML answer well-formed. The
tests after it follow one hostile input each to what a user would notice.
"""
from __future__ import annotations

import logging
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from haystack import connections

from archive.ingest.clean import remove_control_chars
from archive.models import Article, Issue, Page, Person, Revision, Union
from search.models import PendingIndexChange

from .conftest import SEEDS_DIR, run_command, write_manifest
from .test_staff_import import preview_form
from .test_staff_support import change_form_data

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SEED_PAGE = "000_e56401c083caef72.txt"  # 浙江工人日报 2019-11-21 第2版, 金华市总工会 first
PLANTED = "<img src=x onerror=alert(1)>"

# Values put in place of every path converter, one converter at a time: numbers no id or
# year can be, and text no code can be (NUL and other controls, broken UTF-8, a lone
# surrogate, path tricks, markup, very long).
HOSTILE_PATH_VALUES = [
    "0", "-1", "00000000000000000000001", "99999", "9223372036854775807",
    "9223372036854775808", "99999999999999999999", "9" * 5000, "1e400", "²",
    "%00", "%1b%0b%0c", "%ff", "%ed%a0%80", "%c0%ae%c0%ae", "..%2f..%2fetc", "<script>",
    "工会", "x" * 3000,
]
# Values put in each query parameter, one parameter at a time.
HOSTILE_QUERY_VALUES = [
    "99999999999999999999", "-1", "0", "abc", "1e400", "²", "١٢", "0000-00-00", "0001-01-01",
    "9999-12-31", "2019-02-30", "%00", "a%00b", "%1b%0b%0c%7f%c2%85", "%ff", "%ed%a0%80",
    "%ef%bf%bf", PLANTED, "工" * 10000, "9" * 5000,
]
# The admin renders a whole list per request: fewer values, one of each kind (too large for
# an id or a year, a year with no next year, not a number, controls, broken UTF-8, very long).
ADMIN_QUERY_VALUES = ["99999999999999999999", "abc", "9999", "%00%1b%0c%c2%85", "%ff",
                      "工" * 10000]
# The query parameters the views read: every page (lists, sitemaps), the search views, the
# admin's lists (with their date hierarchy's, added per list) and the admin's other pages.
PAGE_PARAMETERS = ["page", "q", "p"]
SEARCH_PARAMETERS = [
    "page", "q", "city", "county", "union", "publication", "kind", "from", "to", "sort",
]
ADMIN_LIST_PARAMETERS = ["q", "p", "o", "e", "_to_field", "needs_review__exact",
                         "city__id__exact", "issue", "union"]
ADMIN_PARAMETERS = ["_to_field", "_changelist_filters"]
ADMIN_PAGE_VALUES = ["99999999999999999999", "%00%1b", "%ff", "工" * 10000]
# Whole query strings whose keys, not only values, are hostile; the last has more fields
# than Django reads (DATA_UPLOAD_MAX_NUMBER_FIELDS), a SuspiciousOperation.
HOSTILE_QUERY_STRINGS = ["%00=1", "%ff=%ff", "q=1&q=2&q=%00", "&&&==&", "a" * 5000 + "=1",
                         "&".join(f"f{i}=1" for i in range(1200))]

_ROUTE_PART = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH_ERRORS = ("Bad Request", "Not Found", "Forbidden", "Server Error", "DEBUG")


@dataclass(frozen=True)
class Route:
    """One URL pattern as a template (``articles/{article_id}/``) and what it leads to."""

    template: str
    url_name: str
    module: str

    @property
    def names(self) -> list[str]:
        return re.findall(r"\{(\w+)\}", self.template)

    @property
    def admin(self) -> bool:
        return self.template.startswith("admin/")

    def url(self, values: dict[str, str]) -> str:
        return "/" + self.template.format(**values)


def site_routes() -> list[Route]:
    """Every URL pattern of the site, from the resolver."""
    return [
        Route("".join(_template(part) for part in parts), pattern.name or "",
              pattern.callback.__module__)
        for parts, pattern in _walk(get_resolver().url_patterns, [])
    ]


def _walk(patterns: list, prefix: list) -> Iterator[tuple[list, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, [*prefix, entry.pattern])
        else:
            yield [*prefix, entry.pattern], entry


def _template(pattern: RoutePattern | RegexPattern) -> str:
    text = str(pattern).replace("{", "{{").replace("}", "}}")
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PART.sub(lambda m: "{%s}" % m["name"], text)
    text = text.removeprefix("^").removesuffix("$")
    return _REGEX_GROUP.sub(lambda m: "{%s}" % m["name"], text)


def good_values(route: Route) -> dict[str, str]:
    """Values naming real rows of the sample archive, for the converters left alone."""
    article = Article.objects.exclude(city=None).order_by("pk").first()
    values = {
        "year": str(Issue.objects.order_by("date").first().date.year),
        "month": str(Issue.objects.order_by("date").first().date.month),
        "slug": Issue.objects.order_by("date").first().publication.slug,
        "suffix": "ris",
        "issue_id": str(Issue.objects.order_by("pk").first().pk),
        "page_id": str(Page.objects.order_by("pk").first().pk),
        "article_id": str(article.pk),
        "pk": str(article.pk),
        "union_id": str(Union.objects.filter(article_links__isnull=False).first().pk),
        "person_id": str(Person.objects.order_by("pk").first().pk),
        "code": article.city.code,
        "section": "articles",
        "token": "0" * 32,
        "id": str(User.objects.order_by("pk").values_list("pk", flat=True).first() or 1),
        "content_type_id": str(ContentType.objects.get_for_model(Article).pk),
        "object_id": str(article.pk),
        "app_label": "archive",
        "url": "nothing-here/",
        "revision_id": str(Revision.objects.order_by("pk").values_list("pk", flat=True).first()
                           or 1),
    }
    model = _admin_model(route)
    if model is not None:
        first = model.objects.order_by("pk").first()
        values["object_id"] = str(first.pk) if first is not None else "1"
    return {name: values[name] for name in route.names}


def _admin_model(route: Route):  # noqa: ANN202 - a model class or None
    match = re.match(r"admin/(\w+)/(\w+)/", route.template)
    if not match:
        return None
    try:
        return apps.get_model(match[1], match[2])
    except LookupError:
        return None


def query_parameters(route: Route) -> tuple[list[str], list[str]]:
    """The parameters to make hostile on a route, and the values to try in them."""
    if not route.admin:
        search = route.module.startswith("search.")
        return (SEARCH_PARAMETERS if search else PAGE_PARAMETERS), HOSTILE_QUERY_VALUES
    if not route.url_name.endswith("_changelist"):
        return ADMIN_PARAMETERS, ADMIN_PAGE_VALUES
    model_admin = admin.site._registry.get(_admin_model(route))
    hierarchy = getattr(model_admin, "date_hierarchy", None)
    dates = [f"{hierarchy}__{part}" for part in ("year", "month", "day")] if hierarchy else []
    return ADMIN_LIST_PARAMETERS + dates, ADMIN_QUERY_VALUES


def hostile_urls(route: Route) -> Iterator[str]:
    """The route with good values, then each converter hostile in turn, then each query
    parameter hostile in turn, then hostile query strings."""
    good = good_values(route)
    base = route.url(good)
    yield base
    for name in route.names:
        for value in HOSTILE_PATH_VALUES:
            yield route.url({**good, name: value})
    parameters, values = query_parameters(route)
    for parameter in parameters:
        for value in values:
            yield f"{base}?{parameter}={value}"
    for query in HOSTILE_QUERY_STRINGS:
        yield f"{base}?{query}"


def problem_with(response) -> str | None:  # noqa: ANN001 - a test client response
    """What a user would find wrong with the answer to a hostile request, or None."""
    status = response.status_code
    if status >= 500:
        return f"status {status}"
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", "replace")
    if status >= 400:
        if not _CHINESE.search(text):
            return f"status {status} without a Chinese message: {text[:80]!r}"
        english = [word for word in _ENGLISH_ERRORS if word in text]
        if english:
            return f"status {status} in English ({english[0]}): {text[:80]!r}"
    if status == 200 and "xml" in response.get("Content-Type", ""):
        try:
            ET.fromstring(body)
        except ET.ParseError as error:
            return f"malformed XML: {error}"
    return None


def request_all(client: Client, routes: list[Route]) -> tuple[int, list[str]]:
    """Request every hostile URL of ``routes``: how many, and what was wrong."""
    requested, failures = 0, []
    logging.disable(logging.CRITICAL)  # thousands of "Not Found" lines say nothing here
    try:
        for route in routes:
            for url in hostile_urls(route):
                requested += 1
                problem = problem_with(client.get(url))
                if problem:
                    failures.append(f"{url[:150]} → {problem}")
    finally:
        logging.disable(logging.NOTSET)
    return requested, failures


@pytest.fixture
def archive(db: None, django_capture_on_commit_callbacks: Callable) -> None:
    """The sample archive, imported and indexed as a command-line import does it."""
    connections["default"].get_backend().clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", verbosity=0)
    assert not PendingIndexChange.objects.exists()


def visitor() -> Client:
    """A reader's browser; an exception in a view is the 500 page it would see."""
    return Client(raise_request_exception=False)


@pytest.fixture
def superuser(db: None) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("root", password="x"))
    return client


def test_no_hostile_address_or_parameter_gets_a_server_error(archive: None) -> None:
    routes = [route for route in site_routes() if not route.admin]
    requested, failures = request_all(visitor(), routes)
    print(f"{requested} hostile requests to {len(routes)} public routes")
    assert len(routes) >= 20 and requested > 1500
    assert not failures, f"{len(failures)} of {requested}:\n" + "\n".join(failures[:100])


def test_no_hostile_admin_address_or_parameter_gets_a_server_error(
    archive: None, superuser: Client
) -> None:
    routes = [route for route in site_routes() if route.admin]
    requested, failures = request_all(superuser, routes)
    print(f"{requested} hostile requests to {len(routes)} admin routes")
    assert len(routes) >= 60 and requested > 1500
    assert not failures, f"{len(failures)} of {requested}:\n" + "\n".join(failures[:100])


# --- One hostile address or parameter each, and the answer a user sees ----------------------


@pytest.mark.parametrize("year", ["0", "99999", "9223372036854775808"])
def test_a_year_no_calendar_has_is_not_found(archive: None, year: str) -> None:
    response = visitor().get(f"/dates/{year}/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_a_search_feed_for_a_nul_is_a_feed(archive: None) -> None:
    for q in ("%00", "%1b", "%ef%bf%bf", "工会%00%0c"):
        response = visitor().get(f"/search/feed/?q={q}")
        assert response.status_code == 200
        ET.fromstring(response.content)


def test_a_page_number_that_is_not_a_plain_number_is_named(archive: None) -> None:
    response = visitor().get("/api/search?q=工会&page=²")
    assert response.status_code == 400
    assert response.json()["error"] == "页码“²”无效，应为 1 到 500 之间的数字"
    long_page = visitor().get("/api/search?q=工会&page=" + "9" * 5000).json()["error"]
    assert long_page.startswith("页码“99999999999999999999…”无效")  # repeated, shortened
    response = visitor().get("/search/?q=工会&from=0000-00-00")
    assert response.status_code == 400
    assert "起始日期“0000-00-00”无效" in response.content.decode()


def test_a_query_of_ten_thousand_characters_is_searched_by_its_start(archive: None) -> None:
    response = visitor().get("/search/", {"q": "疗休养" * 3334})
    assert response.status_code == 200
    assert "检索词过长，只用了前 200 个字" in response.content.decode()


def test_huge_ids_are_not_found(archive: None, superuser: Client) -> None:
    huge = "99999999999999999999"
    assert visitor().get(f"/articles/{huge}/").status_code == 404
    assert visitor().get("/articles/0/").status_code == 404
    response = visitor().get(f"/api/articles/{huge}")
    assert response.status_code == 404 and "没有编号为" in response.json()["error"]
    response = superuser.get(f"/admin/archive/article/{huge}/change/", follow=True)
    assert response.status_code == 200
    assert f"ID 为“{huge}”的 文章 不存在" in response.content.decode()


def test_a_date_hierarchy_year_too_large_is_a_bad_filter(archive: None, superuser) -> None:
    for year in ("99999999999999999999", "9999"):
        response = superuser.get(f"/admin/archive/article/?page__issue__date__year={year}")
        assert response.status_code == 302 and response["Location"].endswith("?e=1")


# --- Chinese 400, 403 and CSRF pages --------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/articles/1/", "/feeds/latest/", "/api/search?q=工会"])
def test_a_request_for_another_host_gets_a_chinese_400(archive: None, path: str) -> None:
    response = visitor().get(path, HTTP_HOST="evil.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>请求有误</h1>" in html and '<html lang="zh-CN">' in html
    assert "Bad Request" not in html


def test_a_suspicious_admin_parameter_gets_a_chinese_400(archive: None, superuser) -> None:
    response = superuser.get("/admin/archive/article/?_to_field=body")
    assert response.status_code == 400
    assert "<h1>请求有误</h1>" in response.content.decode()


def test_more_parameters_than_django_reads_get_a_chinese_400(archive: None) -> None:
    fields = "&".join(f"f{i}=1" for i in range(1200))
    response = visitor().get(f"/search/?q=工会&{fields}")
    assert response.status_code == 400
    assert "<h1>请求有误</h1>" in response.content.decode()
    # a page that reads no parameter ignores them, its 404 page included
    assert visitor().get(f"/?{fields}").status_code == 200
    assert "页面不存在" in visitor().get(f"/no-such-page/?{fields}").content.decode()


def test_the_search_box_still_shows_the_search(archive: None) -> None:
    html = visitor().get("/search/", {"q": "疗休养"}).content.decode()
    assert 'name="q" value="疗休养"' in html


def test_a_page_staff_may_not_see_gets_a_chinese_403(db: None) -> None:
    client = visitor()
    client.force_login(User.objects.create_user("clerk", password="x", is_staff=True))
    response = client.get("/admin/archive/issue/import/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>没有权限</h1>" in html and "403 Forbidden" not in html


def test_a_form_without_its_csrf_token_says_reload_and_allow_cookies(db: None) -> None:
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/admin/login/", {"username": "root", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "刷新页面后重新提交" in html and "Cookie" in html
    assert "DEBUG" not in html and "CSRF verification failed" not in html


# --- Control characters and markup in an imported page --------------------------------------


def hostile_page() -> str:
    """The sample page with a form feed, a vertical tab, an escape and planted markup."""
    lines = (SEEDS_DIR / SEED_PAGE).read_text(encoding="utf-8").split("\n")
    lines[6] = lines[6].replace("报道 ", f"报道 {PLANTED}", 1)  # the first article's lead
    lines[7] = "\f"  # pdftotext's page break
    lines[8] = lines[8].replace("领导小组", "领导\x1b小组", 1)
    lines[10] += "\v"
    return "\n".join(lines)


@pytest.fixture
def hostile_import(archive: None, tmp_path: Path, django_capture_on_commit_callbacks) -> str:
    """Import the hostile page as 第2版 of a new issue, indexed; the import's output."""
    directory = tmp_path / "pages"
    directory.mkdir()
    (directory / "hostile.txt").write_text(hostile_page(), encoding="utf-8")
    write_manifest(directory, [{"file": "hostile.txt", "publication": "浙江工人日报",
                                "date": "2021-05-01", "page": "2", "page_name": "工会"}])
    with django_capture_on_commit_callbacks(execute=True):
        status, out, err = run_command("import_pages", str(directory))
    assert status == 0, err
    return out + err


def planted_article() -> Article:
    return Article.objects.get(page__issue__date="2021-05-01", body__contains="onerror")


CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def test_the_importer_removes_control_characters_and_says_how_many(hostile_import: str) -> None:
    assert "hostile.txt: 页面文字中有 3 个控制字符，已清除（换页符和垂直制表符按换行处理）" in hostile_import
    page = Page.objects.get(issue__date="2021-05-01")
    assert not CONTROL.search(page.original_text)
    for article in page.articles.all():
        for text in (article.kicker, article.title, article.subtitle, article.byline,
                     article.body):
            assert not CONTROL.search(text), text
        # every span still points at its own text in the page as kept
        span = page.original_text[article.span_start:article.span_end]
        assert (article.title if article.title_derived else article.body)[:6] in span
    assert "领导小组" in planted_article().body  # the escape is gone, not the words around it


def feeds_of(article: Article) -> list[str]:
    union = article.unions.get(name="金华市总工会")
    return ["/feeds/latest/", f"/feeds/places/{article.city.code}/",
            f"/feeds/places/{article.province.code}/", f"/feeds/unions/{union.pk}/",
            "/search/feed/?q=工会", "/search/feed/?q=金华市总工会"]


def entry_of(article: Article, feed: bytes) -> ET.Element:
    root = ET.fromstring(feed)
    for entry in root.iter(f"{ATOM}entry"):
        if entry.find(f"{ATOM}link").get("href").endswith(f"/articles/{article.pk}/"):
            return entry
    raise AssertionError(f"article {article.pk} is not in the feed")


def test_every_feed_shows_planted_markup_as_text(hostile_import: str) -> None:
    article = planted_article()
    for url in feeds_of(article):
        response = visitor().get(url)
        assert response.status_code == 200, url
        summary = entry_of(article, response.content).find(f"{ATOM}summary")
        # a feed reader shows type="text" as it is: the markup is characters, not an image
        assert summary.get("type") == "text"
        assert PLANTED in summary.text
        assert not list(summary)


def test_feeds_survive_control_characters_stored_before(hostile_import: str) -> None:
    article = planted_article()
    feeds = feeds_of(article)[:4]
    # Text holding control characters that reached the database without the importer or the
    # admin's forms (a direct write), which the feeds must still carry. PostgreSQL refuses
    # NUL in text, so only SQLite can hold one.
    nul = "\x00" if connection.vendor == "sqlite" else ""
    Article.objects.filter(pk=article.pk).update(
        title=f"金华市总工会\x1b：坚持{nul}高站位\ufffe", body="\f本报讯\x0b工会\x85" + article.body,
    )
    Union.objects.filter(name="金华市总工会").update(name="金华市总工会\x1b")  # a category
    for url in feeds:
        response = visitor().get(url)
        assert response.status_code == 200, url
        entry = entry_of(article, response.content)
        assert entry.find(f"{ATOM}title").text == "金华市总工会：坚持高站位"


def test_the_cleaning_stage_on_its_own() -> None:
    text, notes = remove_control_chars("第一行\r\n第二行\r第三\x0c行\x1b[0m\x85\ufffe\ud800。")
    assert text == "第一行\n第二行\n第三\n行[0m。"
    assert notes == ["页面文字中有 5 个控制字符，已清除（换页符和垂直制表符按换行处理）"]
    assert remove_control_chars("工会\r\n主席\t王某") == ("工会\n主席\t王某", [])
    assert remove_control_chars("工会\x07")[1] == ["页面文字中有 1 个控制字符，已清除"]


# --- The admin: forms, page numbers, uploads ------------------------------------------------


def test_an_article_edited_with_control_characters_is_saved_without_them(
    archive: None, superuser: Client
) -> None:
    article = Article.objects.get(title__startswith="金华市总工会")
    url = f"/admin/archive/article/{article.pk}/change/"
    data = change_form_data(superuser.get(url))
    data["title"] = "金华市总工会\x1b：坚持高站位\x00"
    data["body"] = "第一段\f第二段\r\n第三段\x0b第四段\x85"
    response = superuser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.title == "金华市总工会：坚持高站位"
    assert article.body == "第一段\n第二段\n第三段\n第四段"


@pytest.fixture
def two_pages(archive: None, tmp_path: Path) -> tuple[Page, Page]:
    """The 2019-11-21 issue with a 第3版 besides its 第2版 (a changed copy of another page)."""
    directory = tmp_path / "more"
    directory.mkdir()
    text = (SEEDS_DIR / "001_1b9d941f03bec160.txt").read_text(encoding="utf-8")
    (directory / "third.txt").write_text(text + "\n本版编辑：某某\n", encoding="utf-8")
    write_manifest(directory, [{"file": "third.txt", "publication": "浙江工人日报",
                                "date": "2019-11-21", "page": "3", "page_name": "综合"}])
    status, _, err = run_command("import_pages", str(directory))
    assert status == 0, err
    issue = Issue.objects.get(date="2019-11-21")
    return issue.pages.get(number=2), issue.pages.get(number=3)


def test_a_page_number_already_used_in_the_issue_is_a_form_error(
    two_pages: tuple[Page, Page], superuser: Client
) -> None:
    second, third = two_pages
    url = f"/admin/archive/page/{third.pk}/change/"
    data = change_form_data(superuser.get(url))
    data["number"] = "2"
    response = superuser.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"本期的第 2 版已是 {second.source_file}（工会），同一期的版次不能重复" in html
    third.refresh_from_db()
    assert third.number == 3 and third.articles.exists()


def issue_form(client: Client, issue: Issue) -> tuple[str, dict[str, object]]:
    url = f"/admin/archive/issue/{issue.pk}/change/"
    return url, change_form_data(client.get(url))


def page_form_key(data: dict[str, object], page: Page) -> str:
    prefix = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(page.pk))
    return prefix.removesuffix("-id") + "-number"


def test_two_pages_of_an_issue_cannot_be_given_one_number(
    two_pages: tuple[Page, Page], superuser: Client
) -> None:
    second, third = two_pages
    url, data = issue_form(superuser, second.issue)
    data[page_form_key(data, third)] = "2"
    response = superuser.post(url, data)
    assert response.status_code == 200
    assert f"第 2 版已是 {second.source_file}（工会），同一期的版次不能重复" in (
        response.content.decode()
    )
    assert sorted(second.issue.pages.values_list("number", flat=True)) == [2, 3]


def test_two_pages_of_an_issue_can_swap_numbers(
    two_pages: tuple[Page, Page], superuser: Client
) -> None:
    second, third = two_pages
    url, data = issue_form(superuser, second.issue)
    data[page_form_key(data, second)] = "3"
    data[page_form_key(data, third)] = "2"
    response = superuser.post(url, data)
    assert response.status_code == 302
    second.refresh_from_db()
    third.refresh_from_db()
    assert (second.number, third.number) == (3, 2)
    assert second.source_file == SEED_PAGE and second.articles.count() == 8


def test_a_page_can_take_the_number_of_a_page_deleted_in_the_same_save(
    two_pages: tuple[Page, Page], superuser: Client
) -> None:
    second, third = two_pages
    url, data = issue_form(superuser, second.issue)
    data[page_form_key(data, second)] = "3"
    clash = superuser.post(url, data)  # 第3版 is still there: the number is taken
    assert clash.status_code == 200
    assert f"第 3 版已是 {third.source_file}（综合），同一期的版次不能重复" in clash.content.decode()

    data[page_form_key(data, third).removesuffix("-number") + "-DELETE"] = "on"
    response = superuser.post(url, data)

    assert response.status_code == 302
    assert list(second.issue.pages.values_list("pk", "number")) == [(second.pk, 3)]
    assert not Article.objects.filter(page_id=third.pk).exists()
    assert second.articles.count() == 8


def test_an_upload_with_a_name_of_100_chinese_characters_is_imported(
    db: None, settings, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    client = visitor()
    client.force_login(User.objects.create_superuser("root", password="x"))
    name = "浙江工人日报" * 16 + "第二版工" + ".txt"
    assert len(name) == 104 and len(name.encode()) > 255
    page_file = SimpleUploadedFile(name, (SEEDS_DIR / SEED_PAGE).read_bytes())
    response = client.post("/admin/archive/issue/import/", {
        "publication": "浙江工人日报", "date": "2019-11-21", "files": [page_file],
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    preview_url = response["Location"]
    html = client.get(preview_url).content.decode()
    assert name in html and "金华市总工会" in html
    data = preview_form(html)
    data.update({"pages-0-page_number": "2", "pages-0-page_name": "工会", "action": "update"})
    assert client.post(preview_url, data).status_code == 302
    data.update({"action": "confirm", "confirm": "new_publication"})
    response = client.post(preview_url, data)
    assert response.status_code == 302 and "/admin/archive/issue/" in response["Location"]
    assert Page.objects.get().source_file == name
    assert not any((tmp_path / "uploads").iterdir())


def test_control_characters_in_an_uploaded_file_name_are_dropped(
    db: None, settings, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    client = visitor()
    client.force_login(User.objects.create_superuser("root", password="x"))
    response = client.post("/admin/archive/issue/import/", {
        "publication": "浙江工人日报", "date": "2019-11-21",
        "files": [SimpleUploadedFile("第2版\x1b工会\x07.txt",
                                     (SEEDS_DIR / SEED_PAGE).read_bytes())],
    })
    assert response.status_code == 302
    assert "第2版工会.txt" in client.get(response["Location"]).content.decode()
