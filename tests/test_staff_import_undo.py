"""Imports staff can take back, and the slips an import must not let through.

Real sample pages uploaded through the admin with Django's test client, on a real SQLite
archive that already holds one issue imported by ``import_pages``: undoing the new import
must leave exactly that archive behind.
"""
from __future__ import annotations

import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client
from haystack import connections

from archive.models import (
    Article, ArticleUnion, Credit, Issue, Page, Person, Publication, Revision, Union,
)
from tests.test_replace_and_redirects import found, importing
from tests.test_staff_import import OTHER, PAGE_2, SEEDS, preview_form, upload
from tests.test_staff_support import editor_client

ZJ = "浙江工人日报"


@pytest.fixture
def indexing(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def archive(db, settings, tmp_path, copy_seed, indexing):
    """One issue already stored (2019-11-14), from the command line."""
    settings.DATA_DIR = tmp_path
    connections["default"].get_backend().clear()
    with indexing():
        status, _, err = importing(copy_seed(OTHER))
    assert status == 0, err


def importer(username: str = "importer") -> tuple[Client, User]:
    """Staff allowed to import and to correct articles, not to undo others' imports."""
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["import_issue", "view_issue", "change_issue", "view_article"]))
    client = Client()
    client.force_login(user)
    return client, user


def everything() -> dict[str, set]:
    """Every row an import can touch, by table."""
    return {
        model.__name__: set(model.objects.values_list("pk", flat=True))
        for model in (Publication, Issue, Page, Article, ArticleUnion, Credit, Union, Person)
    }


def import_in_browser(client, *names, confirm=("new_publication", "odd_date"), indexing=None,
                      **values):
    response = upload(client, *names, **values)
    assert response.status_code == 302, response.content.decode()[:2000]
    preview_url = response["Location"]
    data = preview_form(client.get(preview_url).content.decode())
    data.update({f"pages-{n}-page_number": str(n + 2) for n in range(len(names))})
    client.post(preview_url, {**data, "action": "update"})
    data = {**data, "action": "confirm", "confirm": list(confirm)}
    if indexing is None:
        return client.post(preview_url, data)
    with indexing():
        return client.post(preview_url, data)


def undo_url(client, issue: Issue) -> str:
    page = client.get(f"/admin/archive/issue/{issue.pk}/change/").content.decode()
    match = re.search(r'href="(/admin/archive/issue/\d+/undo-import/\d+/)"', page)
    assert match, "no undo button"
    return match.group(1)


def test_undoing_an_import_removes_exactly_what_it_created(archive, indexing, client):
    before = everything()
    editor, _ = importer()
    response = import_in_browser(editor, PAGE_2, indexing=indexing)
    issue = Issue.objects.get(date="2019-11-21")
    assert response["Location"] == f"/admin/archive/issue/{issue.pk}/change/"
    new_articles = set(Article.objects.filter(page__issue=issue).values_list("pk", flat=True))
    assert new_articles & found(client, "金华")
    assert Union.objects.exclude(pk__in=before["Union"]).exists()  # it named new unions

    url = undo_url(editor, issue)
    confirm_page = editor.get(url).content.decode()
    assert "确认撤销这次导入" in confirm_page and PAGE_2 in confirm_page
    with indexing():
        response = editor.post(url, follow=True)
    assert "已撤销这次导入" in response.content.decode()

    assert everything() == before
    assert not new_articles & found(client, "金华")
    assert LogEntry.objects.filter(object_id=str(issue.pk),
                                   change_message__contains="撤销了").exists()
    assert Revision.objects.get(kind=Revision.Kind.IMPORT).reverted_by_id is not None


def test_undoing_keeps_unions_and_people_other_articles_use(archive, indexing):
    editor, _ = importer()
    import_in_browser(editor, PAGE_2, indexing=indexing)
    issue = Issue.objects.get(date="2019-11-21")
    created = Revision.objects.get(kind=Revision.Kind.IMPORT).created_rows
    shared = Union.objects.get(pk=created["unions"][0])
    old_article = Article.objects.exclude(page__issue=issue).first()
    ArticleUnion.objects.create(article=old_article, union=shared, rank=9)

    with indexing():
        editor.post(undo_url(editor, issue))
    assert Union.objects.filter(pk=shared.pk).exists()
    assert not Issue.objects.filter(pk=issue.pk).exists()


def test_a_new_publication_goes_with_the_undo_and_a_typo_needs_confirming(archive, indexing):
    editor, _ = importer()
    response = import_in_browser(editor, PAGE_2, publication="浙江工人曰报", confirm=())
    assert not Publication.objects.filter(name="浙江工人曰报").exists()
    shown = editor.get(response["Location"]).content.decode()
    assert "不是档案库中已有的报名" in shown and ZJ in shown  # the closest name is offered

    import_in_browser(editor, PAGE_2, publication="浙江工人曰报", indexing=indexing)
    typo = Publication.objects.get(name="浙江工人曰报")
    with indexing():
        editor.post(undo_url(editor, typo.issues.get()))
    assert not Publication.objects.filter(name="浙江工人曰报").exists()
    assert Publication.objects.filter(name=ZJ).exists()


@pytest.mark.parametrize("day", ["2031-01-01", "1000-01-01", "2019-11-01"])
def test_a_date_in_the_future_or_before_the_first_issue_needs_confirming(archive, day):
    editor, _ = importer()
    response = import_in_browser(editor, PAGE_2, date=day, confirm=("new_publication",))
    assert not Issue.objects.filter(date=day).exists()
    shown = editor.get(response["Location"]).content.decode()
    assert "是否输错了" in shown and day in shown

    response = import_in_browser(editor, PAGE_2, date=day)
    assert Issue.objects.filter(date=day).exists()


def test_only_the_importer_or_an_archive_editor_may_undo(archive, indexing):
    editor, _ = importer()
    import_in_browser(editor, PAGE_2, indexing=indexing)
    issue = Issue.objects.get(date="2019-11-21")
    url = undo_url(editor, issue)

    colleague, _ = importer("colleague")
    assert colleague.get(url).status_code == 403
    assert colleague.post(url).status_code == 403
    assert Issue.objects.filter(pk=issue.pk).exists()

    archive_editor, _ = editor_client()
    with indexing():
        archive_editor.post(url)
    assert not Issue.objects.filter(pk=issue.pk).exists()


def test_a_page_nearly_the_same_as_a_stored_one_is_named_and_not_imported(archive):
    text = (SEEDS / OTHER).read_text(encoding="utf-8")
    rescan = text.replace("职工", "职丁", 3).replace("工会", "工云", 2)
    editor, _ = importer()
    response = upload(editor, "rescan.txt", content={"rescan.txt": rescan.encode()},
                      date="2019-11-14")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"与 2019-11-14 版次不详的版面（001_1b9d941f03bec160.txt）的文字 \d+% 相同",
                     page), page[:3000]
    assert Page.objects.count() == 1


def test_two_identical_files_in_one_upload_are_named(archive):
    editor, _ = importer()
    same = (SEEDS / PAGE_2).read_bytes()
    response = upload(editor, "a.txt", "b.txt", content={"a.txt": same, "b.txt": same})
    page = response.content.decode()
    assert response.status_code == 200
    assert "b.txt" in page and "与 a.txt 内容完全相同" in page
    assert Page.objects.count() == 1


def test_a_page_already_imported_says_where(archive):
    editor, _ = importer()
    response = upload(editor, OTHER, date="2019-11-14")
    page = response.content.decode()
    assert "都已导入过" in page
    assert "与已导入的 浙江工人日报 约2019-11-14 版次不详" in page


def test_the_command_line_refuses_a_second_copy_of_a_page_too(archive, tmp_path):
    from tests.conftest import run_command

    text = (SEEDS / OTHER).read_text(encoding="utf-8")
    copy = tmp_path / "rescan.txt"
    copy.write_text(text.replace("职工", "职丁", 3), encoding="utf-8")
    status, out, err = run_command("import_pages", str(copy), "--publication", ZJ,
                                   "--date", "2019-11-15", "--page", "4")
    assert status != 0
    assert "rescan.txt" in err
    assert re.search(r"与 2019-11-14 版次不详的版面（001_1b9d941f03bec160.txt）的文字 \d+% 相同",
                     err)
    assert Page.objects.count() == 1
