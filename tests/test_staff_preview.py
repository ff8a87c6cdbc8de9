"""The import preview shows everything that will be stored and lets staff set it right there:
article text, page numbers and names read from file names, paper and date editable, page
numbers that clash refused before anything is stored."""
from __future__ import annotations

import html
from datetime import date

import pytest

from archive.ingest.file_names import FileNameFacts, read_file_name
from archive.models import Issue, Page, Publication
from tests.test_staff_import import OTHER, PAGE_2, SEEDS, editor, preview_form, upload  # noqa: F401

SEED_TEXT = (SEEDS / PAGE_2).read_bytes()


@pytest.mark.parametrize(("name", "facts"), [
    ("zjgr_20210408_p3.txt", FileNameFacts(date(2021, 4, 8), 3, "")),
    ("zjgr_20210408_P01_要闻.txt", FileNameFacts(date(2021, 4, 8), 1, "要闻")),
    ("2021-04-08_第3版_要闻.txt", FileNameFacts(date(2021, 4, 8), 3, "要闻")),
    ("第十二版_国际.txt", FileNameFacts(None, 12, "国际")),
    ("20210408-03.txt", FileNameFacts(date(2021, 4, 8), 3, "")),
    ("工人日报_2019.11.21_03版.txt", FileNameFacts(date(2019, 11, 21), 3, "")),
    ("扫描 2020年05月06日 page12.txt", FileNameFacts(date(2020, 5, 6), 12, "")),
    ("p2_20191121.txt", FileNameFacts(date(2019, 11, 21), 2, "")),
    # Names that say nothing about the page are read as saying nothing.
    ("000_e56401c083caef72.txt", FileNameFacts()),
    ("20190101123.txt", FileNameFacts()),
    ("20211332_p3.txt", FileNameFacts(None, 3, "")),  # no 32 December
    ("report2021.txt", FileNameFacts()),
])
def test_what_a_file_name_says(name, facts):
    assert read_file_name(name) == facts


def test_the_preview_shows_each_articles_text_folded(editor):
    preview = editor.get(upload(editor, PAGE_2)["Location"]).content.decode()
    assert preview.count("<details>") >= 3
    folded = preview[preview.index("<details>"):]
    assert "金华市总工会党组把开展" in html.unescape(folded[:folded.index("</details>")])
    assert "正文（" in preview


def test_page_number_and_name_come_from_the_file_name(editor):
    response = upload(editor, "zjgr_20191121_p2_工会.txt", content={
        "zjgr_20191121_p2_工会.txt": SEED_TEXT})
    preview = editor.get(response["Location"]).content.decode()
    fields = preview_form(preview)
    assert fields["pages-0-page_number"] == "2"
    assert fields["pages-0-page_name"] == "工会"
    assert "文件名中的日期" not in preview

    fields["action"] = "confirm"
    assert editor.post(response["Location"], fields).status_code == 302
    page = Page.objects.get()
    assert (page.number, page.name, page.source_file) == (2, "工会", "zjgr_20191121_p2_工会.txt")


def test_a_file_name_with_another_date_is_pointed_out(editor):
    response = upload(editor, "zjgr_20191122_p2.txt", content={"zjgr_20191122_p2.txt": SEED_TEXT})
    preview = editor.get(response["Location"]).content.decode()
    assert "文件名中的日期是 2019-11-22，与填写的出版日期 2019-11-21 不同" in preview


def test_paper_and_date_are_changed_on_the_preview_and_checked_again(editor):
    preview_url = upload(editor, PAGE_2)["Location"]
    fields = preview_form(editor.get(preview_url).content.decode())
    assert fields["issue-publication"] == "浙江工人日报"
    assert fields["issue-date"] == "2019-11-21"

    # A typo on the preview page, confirmed at once: refused, the preview shows the new values.
    fields.update({"issue-publication": "浙江工人曰报", "issue-date": "2019-11-20",
                   "pages-0-page_number": "2", "action": "confirm"})
    response = editor.post(preview_url, fields, follow=True)
    page = response.content.decode()
    assert "报名、日期、版次或版名已修改，预览已更新" in page
    assert "浙江工人曰报" in page and "2019-11-20" in page
    assert "“浙江工人曰报”不是档案库中已有的报名" in page
    assert "最接近的已有报名：浙江工人日报" in page
    assert not Issue.objects.exists()

    # Confirming the typo without ticking the new-paper box is still refused.
    fields = preview_form(page)
    fields["action"] = "confirm"
    response = editor.post(preview_url, fields, follow=True)
    assert "尚未导入" in response.content.decode()
    assert not Publication.objects.filter(name="浙江工人曰报").exists()

    # Put right on the same page, it imports under the right paper and date.
    fields.update({"issue-publication": "浙江工人日报", "action": "update"})
    editor.post(preview_url, fields)
    fields["action"] = "confirm"
    assert editor.post(preview_url, fields).status_code == 302
    issue = Issue.objects.get()
    assert (issue.publication.name, issue.date) == ("浙江工人日报", date(2019, 11, 20))


def test_a_bad_date_on_the_preview_is_named(editor):
    preview_url = upload(editor, PAGE_2)["Location"]
    fields = preview_form(editor.get(preview_url).content.decode())
    fields.update({"issue-date": "2019-02-30", "action": "confirm"})
    page = editor.post(preview_url, fields).content.decode()
    assert "请输入真实存在的日期" in page
    assert not Issue.objects.exists()


def test_two_files_given_one_page_number_are_refused_naming_both(editor):
    preview_url = upload(editor, PAGE_2, OTHER)["Location"]
    fields = preview_form(editor.get(preview_url).content.decode())
    fields.update({"pages-0-page_number": "2", "pages-1-page_number": "2", "action": "confirm"})
    page = html.unescape(editor.post(preview_url, fields).content.decode())
    assert f"{PAGE_2} 也填了第 2 版，同一期的版次不能重复" in page
    assert not Page.objects.exists()


def test_page_numbers_can_be_swapped_on_the_preview(editor):
    preview_url = upload(editor, "a_p1.txt", "b_p2.txt", content={
        "a_p1.txt": SEED_TEXT, "b_p2.txt": (SEEDS / OTHER).read_bytes()})["Location"]
    fields = preview_form(editor.get(preview_url).content.decode())
    assert (fields["pages-0-page_number"], fields["pages-1-page_number"]) == ("1", "2")
    fields.update({"pages-0-page_number": "2", "pages-1-page_number": "1", "action": "update"})
    assert editor.post(preview_url, fields).status_code == 302
    fields["action"] = "confirm"
    assert editor.post(preview_url, fields).status_code == 302
    assert dict(Page.objects.values_list("source_file", "number")) == {"a_p1.txt": 2, "b_p2.txt": 1}
