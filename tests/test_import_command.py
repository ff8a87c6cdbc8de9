"""``manage.py import_pages`` as staff use it: real seed pages, real database, real output."""
from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from archive.models import Article, Issue, Page, Person, Publication, Union
from tests.conftest import run_command, write_manifest

pytestmark = pytest.mark.django_db

ZJ = "浙江工人日报"
# Fast pages to import (the pipeline takes longest on 003).
BRIEF_PAGE = "001_1b9d941f03bec160.txt"
NATIONAL_PAGE = "002_e80f7a4e58440405.txt"
JINHUA_PAGE = "000_e56401c083caef72.txt"
JINHUA_TITLE = "金华市总工会： 坚持高站位 坚持学思用 坚持动真格"


def archive_rows() -> dict[str, int]:
    """Everything an import writes (places come with the database and are left out)."""
    return {
        model.__name__: model.objects.count()
        for model in (Publication, Issue, Page, Article, Union, Person)
    }


EMPTY = {"Publication": 0, "Issue": 0, "Page": 0, "Article": 0, "Union": 0, "Person": 0}


def lines_naming(text: str, name: str) -> list[str]:
    return [line for line in text.splitlines() if name in line]


def test_the_sample_archive_imports(call_import, seeds_dir: Path, seed_rows) -> None:
    status, out, err = call_import(seeds_dir)

    assert status == 0, err
    issues = {(row["publication"], row["date"]) for row in seed_rows}
    assert Issue.objects.count() == len(issues) == 4
    assert Page.objects.count() == 4
    assert Issue.objects.get(publication__name="工人日报").date_estimated is True
    page = Page.objects.get(source_file=JINHUA_PAGE)
    assert (page.number, page.name, page.issue.date.isoformat()) == (2, "工会", "2019-11-21")
    assert page.issue.date_estimated is False
    assert Article.objects.filter(title=JINHUA_TITLE, page=page).exists()
    assert Publication.objects.get(name=ZJ).home_province.name == "浙江省"
    assert Publication.objects.get(name="工人日报").home_province is None
    for row in seed_rows:
        assert len(lines_naming(err, row["file"])) >= 1  # a progress line per file
    assert "新导入 4 个版面" in out
    assert f"文章 {Article.objects.count()} 篇" in out


def test_importing_again_changes_nothing(call_import, copy_seed) -> None:
    page = copy_seed(BRIEF_PAGE)
    args = (page, "--publication", ZJ, "--date", "2019-11-14", "--date-estimated")
    assert call_import(*args)[0] == 0
    before = archive_rows()
    stamps = list(Page.objects.values_list("pk", "imported_at"))

    status, out, err = call_import(*args)

    assert status == 0
    assert archive_rows() == before
    assert list(Page.objects.values_list("pk", "imported_at")) == stamps
    assert "内容未变" in err and "未变 1 个" in out and "文章 0 篇" in out


def test_replace_swaps_an_edited_page(call_import, tmp_path: Path, copy_seed, seed_rows) -> None:
    directory = tmp_path / "issues"
    for row in seed_rows[:2]:
        copy_seed(row["file"], to=directory)
    write_manifest(directory, seed_rows[:2])
    assert call_import(directory)[0] == 0
    page = directory / JINHUA_PAGE
    old_ids = set(Page.objects.get(source_file=JINHUA_PAGE).articles.values_list("pk", flat=True))
    edited = page.read_text(encoding="utf-8").replace("坚持高站位 坚持学思用", "坚持高站位", 1)
    page.write_text(edited, encoding="utf-8")
    before = archive_rows()

    status, _, err = call_import(directory)

    assert status == 1
    assert len(lines_naming(err, JINHUA_PAGE)) == 1
    assert "--replace" in err
    assert archive_rows() == before
    assert Article.objects.filter(title=JINHUA_TITLE).exists()

    status, out, err = call_import(directory, "--replace")

    assert status == 0, err
    assert "替换 1 个" in out and "未变 1 个" in out
    stored = Page.objects.get(source_file=JINHUA_PAGE)
    assert stored.original_text == edited
    assert stored.articles.filter(title="金华市总工会： 坚持高站位 坚持动真格").exists()
    assert not Article.objects.filter(title=JINHUA_TITLE).exists()
    # The same articles, one title edited: each keeps its id, so its address stays valid.
    assert old_ids == set(stored.articles.values_list("pk", flat=True))
    assert Page.objects.count() == 2


def test_load_samples_fills_an_empty_archive_once(db) -> None:
    status, out, err = run_command("load_samples")
    assert status == 0, err
    assert Page.objects.count() == 4
    before = archive_rows()

    status, out, _ = run_command("load_samples")

    assert status == 0 and "已有版面" in out
    assert archive_rows() == before


def test_dry_run_prints_articles_and_writes_nothing(call_import, copy_seed) -> None:
    page = copy_seed(JINHUA_PAGE)

    status, out, err = call_import(
        page, "--publication", ZJ, "--date", "2019-11-21", "--page", "2", "--dry-run"
    )

    assert status == 0, err
    assert archive_rows() == EMPTY
    assert JINHUA_TITLE in out
    assert "金华市" in out and "金华市总工会" in out and "羊荣江（记者）" in out
    assert "试运行" in out


def test_dry_run_reports_the_conflict_a_real_import_would_meet(call_import, copy_seed) -> None:
    first = copy_seed(BRIEF_PAGE)
    other = copy_seed(NATIONAL_PAGE)
    common = ("--publication", ZJ, "--date", "2019-11-14", "--page", "3")
    assert call_import(first, *common)[0] == 0
    before = archive_rows()

    status, _, err = call_import(other, *common, "--dry-run")

    assert status == 1
    assert len(lines_naming(err, NATIONAL_PAGE)) == 1 and "第 3 版已导入" in err
    assert archive_rows() == before


# --- bad input: one line naming the file and the problem, a non-zero exit, nothing written ---


def named_with_flags(path: Path) -> list[str]:
    return [str(path), "--publication", ZJ, "--date", "2019-11-21"]


def bad_manifest_dir(tmp_path: Path, copy_seed, **cells: str) -> tuple[list[str], str]:
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    row = {"file": BRIEF_PAGE, "publication": ZJ, "date": "2019-11-14", **cells}
    write_manifest(directory, [row])
    return [str(directory)], BRIEF_PAGE


def case_missing_path(tmp_path, copy_seed):
    return named_with_flags(tmp_path / "nowhere.txt"), "nowhere.txt"


def case_directory_without_manifest(tmp_path, copy_seed):
    directory = tmp_path / "loose"
    copy_seed(BRIEF_PAGE, to=directory)
    return [str(directory)], "loose"


def case_file_not_in_manifest(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    copy_seed(NATIONAL_PAGE, to=directory)
    write_manifest(directory, [{"file": NATIONAL_PAGE, "publication": "工人日报",
                                "date": "2019-03-27"}])
    return [str(directory / BRIEF_PAGE)], BRIEF_PAGE


def case_manifest_row_for_missing_file(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    directory.mkdir()
    write_manifest(directory, [{"file": "lost.txt", "publication": ZJ, "date": "2019-11-14"}])
    return [str(directory)], "lost.txt"


def case_impossible_date_in_manifest(tmp_path, copy_seed):
    return bad_manifest_dir(tmp_path, copy_seed, date="2019-02-30")


def case_word_for_date_in_manifest(tmp_path, copy_seed):
    return bad_manifest_dir(tmp_path, copy_seed, date="yesterday")


def case_zero_page_in_manifest(tmp_path, copy_seed):
    return bad_manifest_dir(tmp_path, copy_seed, page="0")


def case_word_for_page_in_manifest(tmp_path, copy_seed):
    return bad_manifest_dir(tmp_path, copy_seed, page="二")


def case_impossible_date_flag(tmp_path, copy_seed):
    return [str(copy_seed(BRIEF_PAGE)), "--publication", ZJ, "--date", "2019-02-30"], "--date"


def case_word_for_date_flag(tmp_path, copy_seed):
    return [str(copy_seed(BRIEF_PAGE)), "--publication", ZJ, "--date", "yesterday"], "--date"


def case_negative_page_flag(tmp_path, copy_seed):
    return named_with_flags(copy_seed(BRIEF_PAGE)) + ["--page", "-1"], "--page"


def case_fractional_page_flag(tmp_path, copy_seed):
    return named_with_flags(copy_seed(BRIEF_PAGE)) + ["--page", "2.5"], "--page"


def case_page_flag_for_a_directory(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    return [str(directory), "--publication", ZJ, "--date", "2019-11-14", "--page", "2"], "--page"


def case_named_file_without_publication(tmp_path, copy_seed):
    return [str(copy_seed(BRIEF_PAGE)), "--date", "2019-11-14"], BRIEF_PAGE


def case_named_file_without_date(tmp_path, copy_seed):
    return [str(copy_seed(BRIEF_PAGE)), "--publication", ZJ], BRIEF_PAGE


def case_flag_contradicting_manifest(tmp_path, copy_seed):
    args, name = bad_manifest_dir(tmp_path, copy_seed)
    return args + ["--date", "2019-11-15"], name


def case_named_file_with_a_bad_manifest_row(tmp_path, copy_seed):
    args, name = bad_manifest_dir(tmp_path, copy_seed, date="2019-02-30")
    return [str(Path(args[0]) / name)], "2019-02-30"


def case_manifest_listed_twice(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    row = {"file": BRIEF_PAGE, "publication": ZJ, "date": "2019-11-14"}
    write_manifest(directory, [row, row])
    return [str(directory)], BRIEF_PAGE


def case_manifest_without_a_date_column(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    (directory / "manifest.csv").write_text(f"file,publication\n{BRIEF_PAGE},{ZJ}\n")
    return [str(directory)], "manifest.csv"


def case_manifest_listing_nothing(tmp_path, copy_seed):
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    write_manifest(directory, [])
    return [str(directory)], "manifest.csv"


def written(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def case_binary_file(tmp_path, copy_seed):
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    return named_with_flags(written(tmp_path, "scan.txt", png)), "scan.txt"


def case_empty_file(tmp_path, copy_seed):
    return named_with_flags(written(tmp_path, "empty.txt", b"")), "empty.txt"


def case_blank_file(tmp_path, copy_seed):
    return named_with_flags(written(tmp_path, "blank.txt", " \n\n\t\u3000\n".encode())), "blank.txt"


def case_oversize_file(tmp_path, copy_seed):
    data = "工会".encode() * (settings.ARCHIVE_MAX_PAGE_BYTES // 6 + 1)
    return named_with_flags(written(tmp_path, "huge.txt", data)), "huge.txt"


BAD_INPUTS: dict[str, Callable[[Path, Callable[..., Path]], tuple[list[str], str]]] = {
    name.removeprefix("case_"): case
    for name, case in dict(globals()).items() if name.startswith("case_")
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_gets_one_line_and_changes_nothing(
    case: str, call_import, tmp_path: Path, copy_seed
) -> None:
    args, name = BAD_INPUTS[case](tmp_path, copy_seed)

    status, _, err = call_import(*args)

    assert status != 0
    naming = lines_naming(err, name)
    assert len(naming) == 1, err
    assert naming[0].split(name, 1)[1].strip(" :："), "the line says what is wrong"
    assert archive_rows() == EMPTY


def test_the_problem_lines_say_what_is_wrong(call_import, tmp_path: Path, copy_seed) -> None:
    messages = {}
    for case in ("empty_file", "binary_file", "oversize_file", "impossible_date_in_manifest",
                 "file_not_in_manifest", "manifest_row_for_missing_file"):
        directory = tmp_path / case
        directory.mkdir()
        args, name = BAD_INPUTS[case](directory, copy_seed)
        messages[case] = lines_naming(call_import(*args)[2], name)[0]
    assert "为空" in messages["empty_file"]
    assert "不是文本文件" in messages["binary_file"]
    assert "过大" in messages["oversize_file"]
    assert "2019-02-30" in messages["impossible_date_in_manifest"]
    assert "manifest.csv" in messages["file_not_in_manifest"]
    assert "不存在" in messages["manifest_row_for_missing_file"]


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: text.encode("gb18030"), id="gb18030"),
    pytest.param(lambda text: codecs.BOM_UTF8 + text.encode("utf-8"), id="utf8-bom"),
])
def test_other_encodings_import_like_utf8(call_import, tmp_path: Path, seeds_dir, encode) -> None:
    text = (seeds_dir / BRIEF_PAGE).read_text(encoding="utf-8")
    plain = written(tmp_path, "plain.txt", text.encode("utf-8"))
    other = written(tmp_path, "other.txt", encode(text))

    assert call_import(plain, "--publication", ZJ, "--date", "2019-11-14")[0] == 0
    status, _, err = call_import(other, "--publication", "工人日报", "--date", "2019-11-14")

    assert status == 0, err
    def titles(name: str) -> list[str]:
        return list(Article.objects.filter(page__source_file=name)
                    .order_by("order").values_list("title", flat=True))
    assert titles("other.txt") == titles("plain.txt") != []


def test_an_unlisted_text_file_is_skipped_with_a_notice(call_import, tmp_path, copy_seed) -> None:
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    (directory / "ocr-log.txt").write_text("识别日志", encoding="utf-8")
    write_manifest(directory, [{"file": BRIEF_PAGE, "publication": ZJ, "date": "2019-11-14"}])

    status, out, err = call_import(directory)

    assert status == 0
    assert len(lines_naming(err, "ocr-log.txt")) == 1 and "跳过" in err
    assert list(Page.objects.values_list("source_file", flat=True)) == [BRIEF_PAGE]
    assert "跳过 1 个" in out


def test_flags_fill_what_the_manifest_leaves_empty(call_import, tmp_path, copy_seed) -> None:
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    write_manifest(directory, [{"file": BRIEF_PAGE, "page": "3"}])

    status, _, err = call_import(directory, "--publication", ZJ, "--date", "2019-11-14")

    assert status == 0, err
    page = Page.objects.get()
    assert (page.number, page.issue.publication.name, str(page.issue.date)) == (
        3, ZJ, "2019-11-14"
    )


def test_a_good_issue_imports_beside_a_bad_one(call_import, tmp_path, copy_seed) -> None:
    directory = tmp_path / "batch"
    copy_seed(BRIEF_PAGE, to=directory)
    written(directory, "empty.txt", b"")
    write_manifest(directory, [
        {"file": BRIEF_PAGE, "publication": ZJ, "date": "2019-11-14"},
        {"file": "empty.txt", "publication": ZJ, "date": "2019-11-15"},
    ])

    status, out, err = call_import(directory)

    assert status == 1
    assert len(lines_naming(err, "empty.txt")) == 1
    assert list(Page.objects.values_list("source_file", flat=True)) == [BRIEF_PAGE]
    assert "新导入 1 个版面" in out


def test_one_bad_page_keeps_its_whole_issue_out(call_import, tmp_path, copy_seed) -> None:
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    written(directory, "page2.txt", b"\x00\x01\x02binary")
    write_manifest(directory, [
        {"file": BRIEF_PAGE, "publication": ZJ, "date": "2019-11-14", "page": "1"},
        {"file": "page2.txt", "publication": ZJ, "date": "2019-11-14", "page": "2"},
    ])

    status, _, err = call_import(directory)

    assert status == 1
    assert archive_rows() == EMPTY
    assert len(lines_naming(err, "page2.txt: ")) == 1
    held = lines_naming(err, f"{BRIEF_PAGE}: ")
    assert len(held) == 1 and "未导入" in held[0]


def test_a_manifest_saved_by_excel_as_gbk_is_read(call_import, tmp_path, copy_seed) -> None:
    directory = tmp_path / "issue"
    copy_seed(BRIEF_PAGE, to=directory)
    manifest = (
        "file,publication,date,date_estimated,page,page_name\r\n"
        f"{BRIEF_PAGE},{ZJ},2019-11-14,是,3,工会\r\n"
    )
    (directory / "manifest.csv").write_bytes(manifest.encode("gbk"))

    status, _, err = call_import(directory)

    assert status == 0, err
    page = Page.objects.get()
    assert (page.issue.publication.name, page.number, page.name) == (ZJ, 3, "工会")
    assert page.issue.date_estimated is True
