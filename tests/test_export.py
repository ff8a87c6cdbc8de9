"""``manage.py export_articles``: JSON Lines a reader outside the archive can use as is."""
from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.models import Article
from tests.conftest import run_command, write_manifest

pytestmark = pytest.mark.django_db

FIELDS = [
    "id", "url", "publication", "date", "date_estimated", "page", "page_name", "order", "kicker",
    "title", "subtitle", "kind", "byline", "reporters", "correspondents", "photographers",
    "authors", "province", "city", "county", "unions", "body", "needs_review", "review_reasons",
    "source_file",
]
JINHUA_PAGE = "000_e56401c083caef72.txt"


def import_seed_pages(seeds_dir: Path, target: Path, names: list[str]) -> None:
    """Import some of the sample pages with their manifest rows."""
    target.mkdir(parents=True, exist_ok=True)
    with (seeds_dir / "manifest.csv").open(encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.DictReader(stream) if row["file"] in names]
    for name in names:
        shutil.copyfile(seeds_dir / name, target / name)
    write_manifest(target, rows)
    status, _, err = run_command("import_pages", str(target))
    assert status == 0, err


def export(*args: str) -> list[str]:
    status, out, err = run_command("export_articles", *args)
    assert status == 0, err
    return out.splitlines()


def test_a_known_article_as_exported(seeds_dir: Path, tmp_path: Path) -> None:
    import_seed_pages(seeds_dir, tmp_path / "a", [JINHUA_PAGE])

    lines = export()

    assert len(lines) == Article.objects.count() > 1
    records = [json.loads(line) for line in lines]
    assert all(list(record) == FIELDS for record in records)
    record = next(r for r in records if r["title"].startswith("金华市总工会"))
    article = Article.objects.get(pk=record["id"])
    assert record["url"] == reverse("archive:article-detail", args=[article.pk])
    assert record["url"] == f"/articles/{article.pk}/"
    assert record["publication"] == "浙江工人日报"
    assert (record["date"], record["date_estimated"]) == ("2019-11-21", False)
    assert (record["page"], record["page_name"], record["order"]) == (2, "工会", 1)
    assert record["title"] == "金华市总工会： 坚持高站位 坚持学思用 坚持动真格"
    assert record["kind"] == "news"
    assert record["reporters"] == ["羊荣江"]
    assert record["photographers"] == [] and record["authors"] == []
    assert (record["province"], record["city"]) == ("浙江省", "金华市")
    assert record["unions"][0] == "金华市总工会"
    assert "金华市总工会党组把开展“不忘初心、牢记使命”主题教育" in record["body"]
    assert record["source_file"] == JINHUA_PAGE
    assert record["needs_review"] is bool(record["review_reasons"])
    # UTF-8 text, not \u escapes, so the file reads as Chinese in any editor.
    raw = next(line for line in lines if f'"id": {article.pk},' in line)
    assert "金华市总工会" in raw and "\\u" not in raw


def test_a_former_district_and_a_photo_credit(seeds_dir: Path, tmp_path: Path) -> None:
    import_seed_pages(seeds_dir, tmp_path / "a", [JINHUA_PAGE])
    records = [json.loads(line) for line in export()]

    # 江干区 was merged into 上城区 in 2021; a 2019 article still belongs to it and to 杭州市.
    jianggan = [r for r in records if "江干区" in r["body"][:200]]
    assert jianggan and (jianggan[0]["county"], jianggan[0]["city"]) == ("江干区", "杭州市")
    photo = next(r for r in records if r["title"] == "比比谁是垃圾分类达人")
    assert (photo["kind"], photo["photographers"]) == ("photo", ["余美娟"])


def test_output_file_holds_the_same_lines(seeds_dir: Path, tmp_path: Path) -> None:
    import_seed_pages(seeds_dir, tmp_path / "a", ["001_1b9d941f03bec160.txt"])
    target = tmp_path / "out" / "articles.jsonl"
    target.parent.mkdir()

    assert export("--output", str(target)) == []
    assert target.read_text(encoding="utf-8").splitlines() == export()
    assert not [p for p in target.parent.iterdir() if p != target]  # no temporary file left


def test_missing_output_directory_is_refused(tmp_path: Path) -> None:
    status, _, err = run_command("export_articles", "--output", str(tmp_path / "no" / "x.jsonl"))
    assert status == 1 and "目录不存在" in err


def test_query_count_does_not_grow_with_articles(seeds_dir: Path, tmp_path: Path) -> None:
    import_seed_pages(seeds_dir, tmp_path / "a", ["001_1b9d941f03bec160.txt"])
    with CaptureQueriesContext(connection) as few:
        few_lines = export()
    import_seed_pages(seeds_dir, tmp_path / "b", ["002_e80f7a4e58440405.txt", JINHUA_PAGE])
    with CaptureQueriesContext(connection) as many:
        many_lines = export()

    assert len(many_lines) > 2 * len(few_lines)
    assert len(many.captured_queries) == len(few.captured_queries)
