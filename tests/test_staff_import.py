"""导入新一期 in the browser: upload, preview, confirm — and the refusals that write nothing."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, Issue, Page
from archive.services.publications import get_or_create_publication
from tests.test_staff_support import Notices, editor_client

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
PAGE_2 = "000_e56401c083caef72.txt"  # 浙江工人日报 2019-11-21, page 2 (工会)
OTHER = "001_1b9d941f03bec160.txt"
IMPORT_URL = "/admin/archive/issue/import/"


@pytest.fixture
def editor(db, settings, tmp_path):
    """An editor of an archive that already knows the paper (a new paper needs confirming,
    see test_staff_import_undo)."""
    settings.DATA_DIR = tmp_path
    get_or_create_publication("浙江工人日报")
    client, _ = editor_client()
    return client


def upload(client, *names: str, content: dict[str, bytes] | None = None, **values):
    files = [
        SimpleUploadedFile(name, (content or {}).get(name) or (SEEDS / name).read_bytes())
        for name in names
    ]
    data = {"publication": "浙江工人日报", "date": "2019-11-21", "files": files, **values}
    return client.post(IMPORT_URL, data)


def preview_form(page_html: str) -> dict[str, str]:
    """The preview form's fields (paper, date, page numbers and names) as a browser would
    post them unchanged: text inputs with their values, checkboxes only when checked."""
    data = {}
    for tag in re.findall(r'<input[^>]*name="(?:pages|issue)-[^"]+"[^>]*>', page_html):
        name = re.search(r'name="([^"]+)"', tag).group(1)
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data[name] = "on"
            continue
        data[name] = value.group(1) if value else ""
    return data


def test_upload_preview_confirm_lands_on_the_new_issue(editor, tmp_path):
    response = upload(editor, PAGE_2, OTHER)
    assert response.status_code == 302
    preview_url = response["Location"]
    assert Article.objects.count() == 0 and Page.objects.count() == 0

    page = editor.get(preview_url).content.decode()
    assert "金华市总工会" in page  # an article the importer would cut, with its union
    assert 'value="confirm"' in page and "审核原因" in page

    data = preview_form(page)
    data.update({"pages-0-page_number": "2", "pages-0-page_name": "工会",
                 "pages-1-page_number": "3", "action": "update"})
    assert editor.post(preview_url, data).status_code == 302
    assert Page.objects.count() == 0
    page = editor.get(preview_url).content.decode()
    assert 'value="工会"' in page

    with Notices() as notices:
        data["action"] = "confirm"
        response = editor.post(preview_url, data)
    issue = Issue.objects.get(publication__name="浙江工人日报")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/archive/issue/{issue.pk}/change/"
    assert sorted(issue.pages.values_list("number", "name")) == [(2, "工会"), (3, "")]
    articles = Article.objects.filter(page__issue=issue)
    assert articles.count() > 10
    assert notices.changed == set(articles.values_list("pk", flat=True))

    shown = editor.get(response["Location"]).content.decode()
    assert "已导入" in shown and "网页导入 2 个版面" in shown
    for article in articles[:5]:
        assert article.title in shown.replace("&quot;", '"')
    assert not any((tmp_path / "uploads").iterdir())  # the upload folder is gone


def test_changing_page_numbers_at_confirm_shows_the_preview_again(editor):
    preview_url = upload(editor, PAGE_2)["Location"]
    data = {**preview_form(editor.get(preview_url).content.decode()),
            "pages-0-page_number": "2", "action": "confirm"}
    response = editor.post(preview_url, data, follow=True)
    assert Page.objects.count() == 0
    assert "预览已更新" in response.content.decode()


def test_a_binary_file_is_refused_and_nothing_is_written(editor, tmp_path):
    response = upload(editor, PAGE_2, "scan.txt",
                      content={"scan.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50})
    assert response.status_code == 200
    page = response.content.decode()
    assert "scan.txt" in page and "档案库没有任何改动" in page
    assert Page.objects.count() == 0 and Issue.objects.count() == 0
    assert not any((tmp_path / "uploads").iterdir())


def test_an_oversize_file_is_refused_before_it_is_kept(editor, settings, tmp_path):
    settings.ARCHIVE_MAX_PAGE_BYTES = 1000
    page = upload(editor, PAGE_2).content.decode()
    assert "文件过大" in page and PAGE_2 in page
    assert Page.objects.count() == 0
    assert not (tmp_path / "uploads").exists() or not any((tmp_path / "uploads").iterdir())


def test_a_bad_date_is_named(editor):
    page = upload(editor, PAGE_2, date="2019-02-30").content.decode()
    assert "请输入真实存在的日期" in page
    assert Issue.objects.count() == 0


def test_a_page_already_in_the_archive_is_refused(editor):
    preview_url = upload(editor, PAGE_2)["Location"]
    data = {**preview_form(editor.get(preview_url).content.decode()),
            "pages-0-page_number": "2"}
    editor.post(preview_url, {**data, "action": "update"})
    editor.post(preview_url, {**data, "action": "confirm"})
    stored = Article.objects.count()
    assert stored > 0

    # The same file again: nothing new.
    page = upload(editor, PAGE_2).content.decode()
    assert "都已导入过" in page

    # Another file claiming the same page number: named, refused at confirm.
    preview_url = upload(editor, OTHER)["Location"]
    data = {**preview_form(editor.get(preview_url).content.decode()),
            "pages-0-page_number": "2"}
    editor.post(preview_url, {**data, "action": "update"})
    page = editor.get(preview_url).content.decode()
    assert "第 2 版已导入" in page and 'value="confirm"' not in page
    editor.post(preview_url, {**data, "action": "confirm"})
    assert Article.objects.count() == stored and Page.objects.count() == 1


def test_abandoning_an_upload_removes_its_files(editor, tmp_path):
    preview_url = upload(editor, PAGE_2)["Location"]
    response = editor.post(preview_url, {"action": "discard"}, follow=True)
    assert "已放弃这次导入" in response.content.decode()
    assert not any((tmp_path / "uploads").iterdir())
    assert Page.objects.count() == 0
