"""替换版面 in the browser: upload a corrected file for a stored page, see each article's fate,
choose per corrected article whether the correction stays, confirm — ids and addresses kept."""
from __future__ import annotations

import html

from django.core.files.uploadedfile import SimpleUploadedFile

from archive.models import Article, Page
from archive.services import history
from tests.test_replace_and_redirects import (  # noqa: F401 - fixtures
    CORRECTED, DANCE, HUZHOU, correct_title, edit, editor, found, indexing, page_file,
)
from tests.test_staff_support import editor_client


def replace_url(page: Page) -> str:
    return f"/admin/archive/page/{page.pk}/replace/"


def upload_new_file(editor, page: Page, path, name: str = "zjgr_20191114_p3_更正.txt"):
    return editor.post(replace_url(page), {
        "file": SimpleUploadedFile(name, path.read_bytes())})


def test_the_page_offers_replacement_to_staff_who_may_import(page_file, editor):
    page = Page.objects.get()
    assert "替换版面" in editor.get(f"/admin/archive/page/{page.pk}/change/").content.decode()


def test_a_replacement_shows_each_article_and_keeps_or_discards_each_correction(
    page_file, editor, indexing, client
):
    page = Page.objects.get()
    huzhou = Article.objects.get(title=HUZHOU)
    dance = Article.objects.get(title=DANCE)
    ids_before = set(Article.objects.values_list("pk", flat=True))
    correct_title(editor, huzhou, CORRECTED, indexing)
    correct_title(editor, dance, "舞出新时代的风采", indexing)
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")

    response = upload_new_file(editor, page, page_file)
    assert response.status_code == 302
    preview_url = response["Location"]
    preview = html.unescape(editor.get(preview_url).content.decode())
    # Both corrected titles differ from the new file; the rest is as stored.
    assert "有改动 2 篇" in preview and "新增 0 篇" in preview and "移除 0 篇" in preview
    assert "不变 6 篇" in preview
    assert f'name="keep-{huzhou.pk}"' in preview and f'name="keep-{dance.pk}"' in preview
    assert Article.objects.get(pk=huzhou.pk).title == CORRECTED  # nothing written yet

    with indexing():
        response = editor.post(preview_url, {"action": "confirm", f"keep-{huzhou.pk}": "keep",
                                             f"keep-{dance.pk}": "discard"}, follow=True)
    assert "已替换" in response.content.decode()
    huzhou.refresh_from_db()
    dance.refresh_from_db()
    assert huzhou.title == CORRECTED and "很多一线职工平时工作忙碌" in huzhou.body
    assert dance.title == DANCE  # the correction staff chose to drop
    assert set(Article.objects.values_list("pk", flat=True)) == ids_before
    page.refresh_from_db()
    assert "平时工作忙碌" in page.original_text
    assert huzhou.pk in found(client, "平时工作忙碌")
    assert any("替换为新文件" in history.describe(entry) for entry in history.history_of(page))


def test_an_identical_file_is_named_and_nothing_changes(page_file, editor):
    page = Page.objects.get()
    preview_url = upload_new_file(editor, page, page_file)["Location"]
    preview = editor.get(preview_url).content.decode()
    assert "新文件与这个版面已存的文件完全相同" in preview
    assert 'value="confirm"' not in preview
    response = editor.post(preview_url, {"action": "confirm"}, follow=True)
    assert "完全相同" in response.content.decode()


def test_abandoning_a_replacement_changes_nothing(page_file, editor):
    page = Page.objects.get()
    text = page.original_text
    edit(page_file, "很多一线职工工作忙碌", "很多一线职工平时工作忙碌")
    preview_url = upload_new_file(editor, page, page_file)["Location"]
    response = editor.post(preview_url, {"action": "discard"}, follow=True)
    assert "已放弃替换" in response.content.decode()
    assert Page.objects.get().original_text == text
    assert editor.get(preview_url, follow=True).status_code == 200  # the upload is gone


def test_replacing_needs_the_import_permission(page_file, db):
    page = Page.objects.get()
    reader, user = editor_client("reader")
    user.groups.clear()
    user.is_staff = True
    user.save()
    assert reader.get(replace_url(page)).status_code == 403


def test_an_empty_file_is_refused_with_its_name(page_file, editor):
    page = Page.objects.get()
    response = editor.post(replace_url(page), {"file": SimpleUploadedFile("empty_p3.txt", b"")})
    page_text = html.unescape(response.content.decode())
    assert "空文件" in page_text
    assert Page.objects.get().source_file == "001_1b9d941f03bec160.txt"
