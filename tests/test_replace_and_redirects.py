"""Replacing a page and merging articles or unions keep the staff's work and every address.

Real parts throughout: the sample page imported by ``import_pages``, staff corrections made in
the admin by a signed-in editor, the search index written after each commit.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import connection, transaction
from haystack import connections

from archive.models import Article, Page, Union
from archive.services import history
from search.models import PendingIndexChange
from tests.conftest import run_command
from tests.test_staff_support import change_form_data, editor_client

ZJ = "浙江工人日报"
PAGE = "001_1b9d941f03bec160.txt"  # 8 articles, imports fast
HUZHOU = "湖州一线职工又有新福利 本地行满足疗休养“微心愿”"
CORRECTED = "湖州一线职工疗休养“微心愿”直通车"  # 直通车 is in no sample page
DANCE = "舞出时代风采"
HOME_SITE = "“职工之家”建在工地上"


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    """Run ``with indexing():`` around a write so the index is written when it commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def page_file(db, tmp_path: Path, copy_seed, indexing) -> Path:
    """The sample page, imported and indexed; the scratch copy is the file to edit."""
    connections["default"].get_backend().clear()
    path = copy_seed(PAGE)
    with indexing():
        status, _, err = importing(path)
    assert status == 0, err
    return path


@pytest.fixture
def editor(db):
    client, _ = editor_client()
    return client


def importing(path: Path, *flags: str) -> tuple[int, str, str]:
    return run_command(
        "import_pages", str(path), "--publication", ZJ, "--date", "2019-11-14",
        "--date-estimated", *flags,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def correct_title(editor, article: Article, title: str, indexing) -> None:
    """What an editor does: open the article in the admin, change its title, save."""
    correct(editor, article, indexing, title=title)


def correct(editor, article: Article, indexing, **fields: str) -> None:
    """Open the article in the admin, change these fields, save."""
    url = f"/admin/archive/article/{article.pk}/change/"
    data = change_form_data(editor.get(url))
    data.update(fields)
    with indexing():
        response = editor.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def found(client, query: str) -> set[int]:
    response = client.get("/api/search", {"q": query})
    assert response.status_code == 200, response.content
    return {hit["id"] for hit in json.loads(response.content)["results"]}


def containing(text: str) -> set[int]:
    return set(Article.objects.filter(body__contains=text).values_list("pk", flat=True))


def test_replace_refuses_when_it_would_lose_a_corrected_title(page_file, editor, indexing):
    article = Article.objects.get(title=HUZHOU)
    correct_title(editor, article, CORRECTED, indexing)
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")
    text_before = Page.objects.get().original_text

    status, out, err = importing(page_file, "--replace")

    assert status == 1
    assert f"文章 {article.pk}《{CORRECTED}》：主题" in err
    assert "--keep-corrections" in err and "--discard-corrections" in err
    assert "未写入任何内容" in err
    article.refresh_from_db()
    assert article.title == CORRECTED
    assert Page.objects.get().original_text == text_before
    assert "平时工作忙碌" not in article.body


def test_keeping_corrections_keeps_the_title_the_id_and_the_address(
    page_file, editor, indexing, client
):
    article = Article.objects.get(title=HUZHOU)
    ids_before = set(Article.objects.values_list("pk", flat=True))
    correct_title(editor, article, CORRECTED, indexing)
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")

    with indexing():
        status, out, err = importing(page_file, "--replace", "--keep-corrections")

    assert status == 0, err
    assert f"文章 {article.pk}《{CORRECTED}》保留了人工修改的主题" in err
    assert "8 篇文章沿用原编号" in out
    article.refresh_from_db()
    assert article.title == CORRECTED  # the staff's title
    assert "很多一线职工平时工作忙碌" in article.body  # the new file's text
    assert set(Article.objects.values_list("pk", flat=True)) == ids_before
    page = client.get(f"/articles/{article.pk}/")
    assert page.status_code == 200 and CORRECTED in page.content.decode()
    assert found(client, "直通车") == {article.pk}
    assert article.pk in found(client, "平时工作忙碌")
    assert not PendingIndexChange.objects.exists()
    history = editor.get(f"/admin/archive/article/{article.pk}/change/").content.decode()
    assert "保留了人工修改的主题" in history

    # The correction still holds: the next replacement asks again.
    edit(page_file, "平时工作忙碌", "工作太忙")
    status, _, err = importing(page_file, "--replace")
    assert status == 1 and f"文章 {article.pk}《{CORRECTED}》：主题" in err


def test_discarding_corrections_says_so_and_takes_the_new_file(
    page_file, editor, indexing, client
):
    article = Article.objects.get(title=HUZHOU)
    correct_title(editor, article, CORRECTED, indexing)
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")

    with indexing():
        status, out, err = importing(page_file, "--replace", "--discard-corrections")

    assert status == 0, err
    assert f"文章 {article.pk}《{CORRECTED}》放弃了人工修改的主题，已采用新文件" in err
    article.refresh_from_db()
    assert article.title == HUZHOU
    assert client.get(f"/articles/{article.pk}/").status_code == 200
    assert found(client, "直通车") == set()
    assert article.pk in found(client, "平时工作忙碌")

    # Discarded corrections no longer count: the next replacement goes through.
    edit(page_file, "平时工作忙碌", "工作太忙")
    status, _, err = importing(page_file, "--replace")
    assert status == 0, err


@pytest.mark.parametrize("flags", [["--keep-corrections"], ["--discard-corrections"],
                                   ["--replace", "--keep-corrections", "--discard-corrections"]])
def test_the_correction_flags_need_replace_and_one_of_them(page_file, flags):
    status, _, err = importing(page_file, *flags)
    assert status == 2
    assert "参数错误" in err and ("只能与 --replace 一起使用" in err or "只能选一个" in err)


def test_an_article_whose_text_joined_another_leads_to_it(page_file, indexing, client):
    joined = Article.objects.get(title=HOME_SITE)
    into = Article.objects.get(title=DANCE)
    assert found(client, "龙之梦大厦") == {joined.pk}
    edit(page_file, f"{HOME_SITE}\n", "")  # the title line is gone: its text runs on

    with indexing():
        status, out, err = importing(page_file, "--replace")

    assert status == 0, err
    assert "1 篇旧文章移除" in out
    assert f"文章 {joined.pk}《{HOME_SITE}》在新文件中没有对应的文章" in err
    assert not Article.objects.filter(pk=joined.pk).exists()
    into.refresh_from_db()
    assert "龙之梦大厦" in into.body
    assert found(client, "龙之梦大厦") == {into.pk}  # no longer the removed one
    response = client.get(f"/articles/{joined.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/articles/{into.pk}/"
    api = client.get(f"/api/articles/{joined.pk}")
    assert api.status_code == 301 and api["Location"] == f"/api/articles/{into.pk}"
    assert client.get(api["Location"]).status_code == 200


def test_an_article_the_new_page_lacks_answers_410_naming_its_page(page_file, indexing, client):
    gone = Article.objects.get(title=DANCE)
    page = gone.page
    text = page_file.read_text(encoding="utf-8")
    start, end = text.index(DANCE), text.index(HOME_SITE)
    page_file.write_text(text[:start] + text[end:], encoding="utf-8")
    assert gone.pk in found(client, "排舞")

    with indexing():
        status, out, err = importing(page_file, "--replace")

    assert status == 0, err
    response = client.get(f"/articles/{gone.pk}/")
    assert response.status_code == 410
    body = response.content.decode()
    assert "这篇文章已不在档案库中" in body and f"《{DANCE}》" in body
    assert f'href="/pages/{page.pk}/"' in body and "工会报刊档案库" in body  # base layout
    api = client.get(f"/api/articles/{gone.pk}")
    assert api.status_code == 410
    payload = json.loads(api.content)
    assert payload["page_url"] == f"http://testserver/pages/{page.pk}/"
    assert "已不在档案库中" in payload["error"]
    assert found(client, "排舞") == set()


def test_a_split_article_is_kept_whole_when_corrections_are_kept(page_file, editor, indexing):
    article = Article.objects.get(title=HUZHOU)
    paragraphs = article.body.split("\n")
    with indexing():
        response = editor.post(f"/admin/archive/article/{article.pk}/split/",
                               {"at": "2", "title": "湖州本地疗休养的后续安排"})
    assert response.status_code == 302
    second = Article.objects.get(title="湖州本地疗休养的后续安排")
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")

    status, _, err = importing(page_file, "--replace")
    assert status == 1
    assert f"文章 {article.pk}《{HUZHOU}》：正文" in err
    assert f"文章 {second.pk}《湖州本地疗休养的后续安排》：整篇文章；新文件中没有对应的文章" in err

    status, _, err = importing(page_file, "--replace", "--keep-corrections")

    assert status == 0, err
    article.refresh_from_db()
    second.refresh_from_db()
    assert article.body == "\n".join(paragraphs[:2])  # both halves as the editor left them
    assert second.body == "\n".join(paragraphs[2:])
    assert second.order == article.order + 1
    orders = list(Page.objects.get().articles.values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))


def test_merged_articles_lead_to_where_they_went_in_one_step(page_file, editor, indexing,
                                                            client):
    first, second, third = Article.objects.order_by("order")[:3]
    assert third.pk in found(client, "三门县")

    with indexing():
        assert editor.post(f"/admin/archive/article/{second.pk}/merge/").status_code == 302
    response = client.get(f"/articles/{third.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/articles/{second.pk}/"

    with indexing():
        assert editor.post(f"/admin/archive/article/{first.pk}/merge/").status_code == 302
    for old in (second, third):  # B merged into A, A later into C: both lead to C at once
        response = client.get(f"/articles/{old.pk}/")
        assert response.status_code == 301
        assert response["Location"] == f"/articles/{first.pk}/"
        api = client.get(f"/api/articles/{old.pk}")
        assert api.status_code == 301 and api["Location"] == f"/api/articles/{first.pk}"
    assert client.get(f"/articles/{first.pk}/").status_code == 200
    # The merged-away ids left the index; the article they went into is found instead.
    assert found(client, "三门县") == containing("三门县") == {first.pk}
    admin_page = editor.get(f"/admin/archive/article/{third.pk}/change/")
    assert admin_page.status_code == 302
    assert admin_page["Location"] == f"/admin/archive/article/{first.pk}/change/"

    unknown = max(Article.objects.values_list("pk", flat=True)) + 100
    assert client.get(f"/articles/{unknown}/").status_code == 404
    assert client.get(f"/api/articles/{unknown}").status_code == 404

    # When the article they went into is deleted too, the old address still names the page.
    with indexing():
        deleted = editor.post(f"/admin/archive/article/{first.pk}/delete/", {"post": "yes"})
    assert deleted.status_code == 302
    assert client.get(f"/articles/{first.pk}/").status_code == 404  # deleted, not moved
    response = client.get(f"/articles/{third.pk}/")
    assert response.status_code == 410
    assert f'href="/pages/{third.page_id}/"' in response.content.decode()


def test_a_replacement_printing_a_merged_article_apart_again_respects_the_merge(
    page_file, editor, indexing, client
):
    first, second = Article.objects.order_by("order")[:2]
    assert second.title == HUZHOU
    with indexing():
        assert editor.post(f"/admin/archive/article/{first.pk}/merge/").status_code == 302
    assert containing("南浔古镇") == {first.pk}
    edit(page_file, "温州市总工会代表队喜获", "温州市总工会代表队荣获")  # the file still has both
    merge = (f"文章 {second.pk}《{HUZHOU}》已被工作人员并入文章 {first.pk}《{first.title}》，"
             f"新文件中它又单独成篇（《{HUZHOU}》）")

    status, _, err = importing(page_file, "--replace")
    assert status == 1
    assert "新文件把工作人员合并过的 1 篇文章又分开印出" in err and merge in err
    assert "未写入任何内容" in err

    with indexing():
        status, out, err = importing(page_file, "--replace", "--keep-corrections")
    assert status == 0, err
    assert f"{merge}：保留合并，未重复导入" in err
    assert containing("南浔古镇") == {first.pk}  # once, where the editor put it
    assert found(client, "南浔古镇") == {first.pk}
    assert client.get(f"/articles/{second.pk}/")["Location"] == f"/articles/{first.pk}/"
    orders = list(Page.objects.get().articles.values_list("order", flat=True))
    assert orders == list(range(1, len(orders) + 1))

    edit(page_file, "温州市总工会代表队荣获", "温州市总工会代表队喜获")
    with indexing():
        status, out, err = importing(page_file, "--replace", "--discard-corrections")
    assert status == 0, err
    assert f"{merge}：放弃合并，已导入为新文章，文章 {second.pk} 的原地址改为跳转到它" in err
    again = Article.objects.get(title=HUZHOU)
    assert containing("南浔古镇") == {again.pk} != {second.pk}
    assert found(client, "南浔古镇") == {again.pk}
    response = client.get(f"/articles/{second.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/articles/{again.pk}/"


BRIEF = "简讯"  # a column title printed over a different story in every issue
BRIEF_FIX = ("圆满落幕", "圆满闭幕")  # the editor's correction of the dance story


def import_briefs(copy_seed, indexing, *titles: str) -> Path:
    """The sample page with these stories printed under 简讯, imported; the file to edit."""
    connections["default"].get_backend().clear()
    path = copy_seed(PAGE)
    for title in titles:
        edit(path, f"{title}\n", f"{BRIEF}\n")
    with indexing():
        status, _, err = importing(path)
    assert status == 0, err
    return path


def block(path: Path, title: str, next_title: str) -> str:
    text = path.read_text(encoding="utf-8")
    start = text.index(f"{title}\n")
    return text[start:text.index(f"{next_title}\n", start + len(title))]


def test_two_briefs_printed_the_other_way_round_keep_their_own_corrections(
    db, copy_seed, editor, indexing
):
    path = import_briefs(copy_seed, indexing, DANCE, HOME_SITE)
    dance = Article.objects.get(title=BRIEF, body__contains="排舞")
    home = Article.objects.get(title=BRIEF, body__contains="龙之梦大厦")
    assert dance.order < home.order
    correct(editor, dance, indexing, body=dance.body.replace(*BRIEF_FIX))
    text = path.read_text(encoding="utf-8")
    first = text.index(f"{BRIEF}\n")
    second = text.index(f"{BRIEF}\n", first + 1)
    end = text.index("泰顺县总工会：为乡村振兴")
    path.write_text(text[:first] + text[second:end] + text[first:second] + text[end:],
                    encoding="utf-8")

    status, out, err = importing(path, "--replace", "--keep-corrections")

    assert status == 0, err
    dance.refresh_from_db()
    home.refresh_from_db()
    assert BRIEF_FIX[1] in dance.body and "排舞" in dance.body  # the editor's text, its story
    assert "龙之梦大厦" in home.body and "排舞" not in home.body
    assert containing("龙之梦大厦") == {home.pk}
    assert containing(BRIEF_FIX[1]) == {dance.pk}
    assert home.order < dance.order  # as the new file prints them


def test_a_brief_with_another_story_is_not_paired_with_a_corrected_brief(
    db, copy_seed, editor, indexing
):
    path = import_briefs(copy_seed, indexing, DANCE)
    dance = Article.objects.get(title=BRIEF)
    home = Article.objects.get(title=HOME_SITE)
    correct(editor, dance, indexing, body=dance.body.replace(*BRIEF_FIX))
    text = path.read_text(encoding="utf-8")
    dance_block = block(path, BRIEF, HOME_SITE)
    # The next issue's 简讯 is the other story: the dance story is gone, the site's is retitled.
    path.write_text(text.replace(dance_block, "").replace(f"{HOME_SITE}\n", f"{BRIEF}\n"),
                    encoding="utf-8")

    status, out, err = importing(path, "--replace", "--keep-corrections")

    assert status == 0, err
    assert f"文章 {dance.pk}《{BRIEF}》有人工修改（正文），新文件中没有对应的文章，原样保留" in err
    dance.refresh_from_db()
    home.refresh_from_db()
    assert BRIEF_FIX[1] in dance.body  # kept as the editor left it
    assert home.title == BRIEF and "龙之梦大厦" in home.body  # the new file's 简讯, its id kept
    assert containing("龙之梦大厦") == {home.pk}


def on_postgresql_committing(test):  # noqa: ANN001, ANN201 - a test function
    """Run ``test`` with real commits, so two connections see each other's work: only on
    PostgreSQL, where rows are locked one by one (SQLite writes one transaction at a time)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        return pytest.mark.skip(reason="row locks between connections: PostgreSQL only")(test)
    return pytest.mark.django_db(transaction=True, serialized_rollback=True)(test)


def lock_waits() -> int:
    """How many connections to this database wait for a lock now."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                       " AND wait_event_type = 'Lock'")
        return cursor.fetchone()[0]


@on_postgresql_committing
def test_a_correction_committed_while_a_replacement_waits_for_it_is_not_overwritten(copy_seed):
    path = copy_seed(PAGE)
    status, _, err = importing(path)
    assert status == 0, err
    article = Article.objects.get(title=HUZHOU)
    staff = User.objects.create_user("editor", password="x", is_staff=True)
    edit(path, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")
    saving, waited = threading.Event(), []

    def correct_slowly() -> None:
        """An editor's save, in its own transaction, committed once the import waits for it."""
        try:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(title=CORRECTED)
                history.record(staff, article, "改主题", fields=["title"])
                saving.set()
                deadline = time.monotonic() + 30
                while not lock_waits() and time.monotonic() < deadline:
                    time.sleep(0.05)
                waited.append(time.monotonic() < deadline)
        finally:
            saving.set()
            connection.close()

    editor = threading.Thread(target=correct_slowly)
    editor.start()
    assert saving.wait(30)
    status, _, err = importing(path, "--replace")  # waits for the editor's transaction
    editor.join(30)

    assert waited == [True], "the import did not wait for the editor's transaction"
    assert status == 1
    assert f"文章 {article.pk}《{CORRECTED}》：主题" in err
    article.refresh_from_db()
    assert article.title == CORRECTED and "平时工作忙碌" not in article.body


def merge_unions(editor, keep: Union, other: Union) -> None:
    response = editor.post("/admin/archive/union/", {
        "action": "merge_selected", "_selected_action": [keep.pk, other.pk],
        "confirm": "1", "keep": keep.pk,
    }, follow=True)
    assert "已将 1 个工会并入" in response.content.decode()


def test_merged_unions_lead_to_where_they_went_in_one_step(page_file, editor, indexing,
                                                          client):
    a = Union.objects.get(name="杭州市江干区总工会")
    b = Union.objects.get(name="杭州市总工会")
    c = Union.objects.get(name="浙江省总工会")

    with indexing():
        merge_unions(editor, b, a)
    response = client.get(f"/unions/{a.pk}/")
    assert response.status_code == 301 and response["Location"] == f"/unions/{b.pk}/"

    with indexing():
        merge_unions(editor, c, b)
    for old in (a, b):
        response = client.get(f"/unions/{old.pk}/")
        assert response.status_code == 301 and response["Location"] == f"/unions/{c.pk}/"
    assert client.get(f"/unions/{c.pk}/").status_code == 200
    feed = client.get(f"/feeds/unions/{a.pk}/")
    assert feed.status_code == 301 and feed["Location"] == f"/feeds/unions/{c.pk}/"
    admin_page = editor.get(f"/admin/archive/union/{a.pk}/change/")
    assert admin_page["Location"] == f"/admin/archive/union/{c.pk}/change/"

    unknown = max(Union.objects.values_list("pk", flat=True)) + 100
    assert client.get(f"/unions/{unknown}/").status_code == 404
    assert client.get(f"/feeds/unions/{unknown}/").status_code == 404
