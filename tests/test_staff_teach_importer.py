"""Staff corrections reach the importer: merged unions stay merged, aliases and place names
staff give are read by the next import, and ``load_places`` keeps what staff changed."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from archive.models import Article, Place, Union
from archive.selectors.gazetteer import stored_gazetteer
from archive.services.unions import merge_unions
from search.vocabulary import vocabulary
from tests.conftest import run_command
from tests.test_staff_support import change_form_data, editor_client

SHORT = "东磁公司工会"
LONG = "横店集团东磁股份有限公司工会"


@pytest.fixture
def import_text(db, tmp_path: Path):
    """``import_text(text, day)`` imports one page of 浙江工人日报 and returns its articles."""
    def run(text: str, day: int) -> list[Article]:
        path = tmp_path / f"zjgr_2021040{day}_p1.txt"
        path.write_text(text, encoding="utf-8")
        status, out, err = run_command("import_pages", str(path), "--publication", "浙江工人日报",
                                       "--date", f"2021-04-0{day}", "--page", "1")
        assert status == 0, out + err
        return list(Article.objects.filter(page__issue__date__day=day).order_by("pk"))
    return run


def story(union: str, what: str) -> str:
    return f"{union}{what}\n\n本报讯 记者王明报道 近日，{union}{what}，三百余名职工参加。\n"


def unions_of(article: Article) -> list[str]:
    return [link.union.name for link in article.union_links.order_by("rank")]


def test_a_union_merged_away_is_not_created_again_by_the_next_import(import_text):
    [first] = import_text(story(SHORT, "举办技能比武"), 1)
    [second] = import_text(story(LONG, "开展夏季慰问"), 2)
    editor = editor_client()[1]
    merge_unions(Union.objects.get(name=LONG), [Union.objects.get(name=SHORT)], editor)

    [third] = import_text(story(SHORT, "开展读书活动"), 3)

    assert unions_of(third) == [LONG]
    assert not Union.objects.filter(name=SHORT).exists()
    assert unions_of(Article.objects.get(pk=first.pk)) == [LONG]


def test_an_alias_staff_give_a_union_is_read_by_the_next_import(import_text):
    import_text(story(LONG, "开展夏季慰问"), 2)
    client, _ = editor_client()
    union = Union.objects.get(name=LONG)
    url = f"/admin/archive/union/{union.pk}/change/"
    data = change_form_data(client.get(url))
    data["aliases"] = SHORT
    assert client.post(url, data).status_code == 302

    [article] = import_text(story(SHORT, "开展读书活动"), 3)

    assert unions_of(article) == [LONG]
    assert not Union.objects.filter(name=SHORT).exists()


def test_an_alias_that_is_another_unions_full_name_is_refused(import_text):
    import_text(story(SHORT, "举办技能比武"), 1)
    import_text(story(LONG, "开展夏季慰问"), 2)
    client, _ = editor_client()
    long, short = Union.objects.get(name=LONG), Union.objects.get(name=SHORT)
    url = f"/admin/archive/union/{long.pk}/change/"
    data = change_form_data(client.get(url))
    data["aliases"] = f"东磁工会\n{SHORT}"

    page = client.post(url, data).content.decode()

    assert f"别称“{SHORT}”是另一个工会（工会 {short.pk}）的全称" in page
    assert "合并" in page
    long.refresh_from_db()
    assert SHORT not in long.aliases and "东磁工会" not in long.aliases


def test_the_importer_does_not_make_another_unions_full_name_an_alias(import_text):
    Union.objects.create(name="柯桥区总工会", level=Union.Level.COUNTY)
    import_text("柯桥开展职工运动会\n\n本报讯 近日，绍兴市柯桥区总工会举办职工运动会。"
                "柯桥区总工会有关负责人表示，运动会每两年举办一次。\n", 1)
    keqiao = Union.objects.get(name="绍兴市柯桥区总工会")
    assert "柯桥区总工会" not in keqiao.aliases


def test_a_short_name_staff_add_to_a_place_is_read_by_the_next_import(import_text):
    def text(day: int) -> str:
        return (f"杭城职工乐享春游\n\n本报讯 记者王明报道 {day}日，杭城一线职工参加了"
                "春季疗休养活动。\n")

    [before] = import_text(text(1), 1)
    assert before.city is None

    client, _ = editor_client()
    city = Place.objects.get(code="330100")
    url = f"/admin/archive/place/{city.pk}/change/"
    data = change_form_data(client.get(url))
    data["short_names"] = "\n".join([*city.short_names, "杭城"])
    assert client.post(url, data).status_code == 302
    assert "杭城" in vocabulary()  # the search engine's words follow the table too

    [after] = import_text(text(2), 2)
    assert after.city == city

    call_command("load_places", verbosity=0)
    city.refresh_from_db()
    assert "杭城" in city.short_names
    assert stored_gazetteer().named("杭城")
    [again] = import_text(text(3), 3)
    assert again.city == city


def test_load_places_still_corrects_what_staff_did_not_touch(db):
    county = Place.objects.get(code="330603")
    Place.objects.filter(pk=county.pk).update(name="柯桥县")  # not through the admin
    call_command("load_places", verbosity=0)
    county.refresh_from_db()
    assert county.name == "柯桥区"


def test_every_repair_and_suspected_slip_is_reported_to_staff(db, tmp_path):
    path = tmp_path / "p1.txt"
    path.write_text("理事会换届\n\n本报讯 近日，该公公司工会联合 and 理事会召开理事会会长选举大会。\n",
                    encoding="utf-8")
    status, out, err = run_command("import_pages", str(path), "--publication", "浙江工人日报",
                                   "--date", "2021-04-08", "--page", "1")
    assert status == 0, out + err
    assert "识别错误已修正：“工会联合 and 理事会召”改为“工会联合和理事会召”" in err
    assert "可能有识别错误的重复字（未改动）：“近日，该公公司工会联合”或应为“近日，该公司工会联合”" in err
    article = Article.objects.get()
    assert "该公公司工会联合和理事会召开理事会会长选举大会" in article.body  # 理事会|会长 as printed
    assert article.needs_review
