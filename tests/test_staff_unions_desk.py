"""Staff's union desk: aliases that would make two unions one name or that say only a level
are refused, the importer reads 市总工会 by the article's place and never keeps it as an alias,
the merge page shows what each candidate holds, and unions left without articles leave the
public index."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command

from archive.ingest.generic_names import GENERIC_NAMES, is_generic
from archive.models import Article, ArticleUnion, Place, Union
from archive.selectors.organisations import unions_by_other_name
from tests.conftest import run_command
from tests.test_staff_support import change_form_data, editor_client


@pytest.fixture
def samples(db):
    call_command("load_samples", verbosity=0)


@pytest.fixture
def editor(db):
    return editor_client()[0]


@pytest.fixture
def import_text(db, tmp_path: Path):
    """``import_text(text, day)`` imports one page of 浙江工人日报 and returns its articles."""
    def run(text: str, day: int) -> list[Article]:
        path = tmp_path / f"zjgr_2021070{day}_p1.txt"
        path.write_text(text, encoding="utf-8")
        status, out, err = run_command("import_pages", str(path), "--publication", "浙江工人日报",
                                       "--date", f"2021-07-0{day}", "--page", "1")
        assert status == 0, out + err
        return list(Article.objects.filter(page__issue__date__day=day).order_by("pk"))
    return run


def unions_of(article: Article) -> list[str]:
    return [link.union.name for link in article.union_links.order_by("rank")]


def save_aliases(client, union: Union, aliases: str):
    url = f"/admin/archive/union/{union.pk}/change/"
    data = change_form_data(client.get(url))
    data["aliases"] = aliases
    return client.post(url, data)


# -- which names are generic ------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(GENERIC_NAMES) + [
    "区委总工会", "县总会", "全省总工会", "本市总工会", "街道总工会", "镇总工会", "集团工会",
    "基层工会", "联合工会", " 市总工会 ",
])
def test_names_that_say_only_a_level_are_generic(name):
    assert is_generic(name)


@pytest.mark.parametrize("name", [
    "湖州市总工会", "湖州市总", "柯桥区总", "下城区工会", "东磁公司工会", "全总", "全国总工会",
    "中华全国总工会", "长兴县总工会", "左溪旅游联合工会", "市总工会办公室",
])
def test_names_of_one_union_are_not_generic(name):
    assert not is_generic(name)


# -- the union form ---------------------------------------------------------------------------

def test_an_alias_another_union_already_has_is_refused_naming_that_union(samples, editor):
    huzhou = Union.objects.get(name="湖州市总工会")
    assert save_aliases(editor, huzhou, "湖州总工会\n湖州市总").status_code == 302
    changxing = Union.objects.get(name="湖州市长兴县总工会")
    before = list(changxing.aliases)

    page = save_aliases(editor, changxing, "长兴总工会\n湖州总工会").content.decode()

    assert f"别称“湖州总工会”已是工会“湖州市总工会”（工会 {huzhou.pk}）的别称" in page
    assert "合并" in page
    changxing.refresh_from_db()
    assert changxing.aliases == before


def test_an_edit_is_not_held_up_by_an_alias_two_unions_shared_before(samples, editor):
    # Stored before aliases were checked against each other: the form names new ones only.
    wenzhou = Union.objects.get(name="温州市总工会")
    jinhua = Union.objects.get(name="金华市总工会")
    Union.objects.filter(pk__in=[wenzhou.pk, jinhua.pk]).update(aliases=["浙南总工会"])

    assert save_aliases(editor, wenzhou, "浙南总工会\n温州市总").status_code == 302

    wenzhou.refresh_from_db()
    assert wenzhou.aliases == ["浙南总工会", "温州市总"]


@pytest.mark.parametrize("generic", ["市总工会", "县总", "公司工会", "总工会"])
def test_a_generic_alias_is_refused_with_the_reason(samples, editor, generic):
    huzhou = Union.objects.get(name="湖州市总工会")

    page = save_aliases(editor, huzhou, f"湖州市总\n{generic}").content.decode()

    assert f"别称“{generic}”只说明级别，没有说明是哪个工会" in page
    assert "由文章所在的地区确定是哪个工会" in page
    huzhou.refresh_from_db()
    assert generic not in huzhou.aliases and "湖州市总" not in huzhou.aliases


# -- the importer -----------------------------------------------------------------------------

HUZHOU_PAGE = (
    "湖州为一线职工送清凉\n\n"
    "本报讯 记者王明 通讯员李华报道 连日来，湖州市总工会走进建筑工地，为一线职工送去防暑降温"
    "用品。市总工会有关负责人表示，送清凉活动将持续到8月底。\n\n"
    "市总工会开展夏季送清凉\n\n"
    "本报讯 通讯员陈超报道 近日，市总工会为湖州市区高温下坚守岗位的职工送去清凉。\n\n"
    "县总工会开展夏季送清凉\n\n"
    "本报讯 通讯员陈超报道 近日，县总工会为长兴县高温下坚守岗位的职工送去清凉。\n"
)


def test_the_importer_reads_a_generic_form_by_place_and_keeps_no_generic_alias(import_text):
    # An archive from before this rule: 金华市总工会 carries 市总工会 as an alias.
    jinhua = Union.objects.create(name="金华市总工会", level=Union.Level.CITY,
                                  aliases=["市总工会"])

    full, bare, county = import_text(HUZHOU_PAGE, 1)

    assert unions_of(full) == ["湖州市总工会"]
    assert unions_of(bare) == ["湖州市总工会"]  # the article is about 湖州: its city's union
    assert unions_of(county) == ["湖州市长兴县总工会"]
    assert not jinhua.article_links.exists()
    assert not Union.objects.filter(name__in=GENERIC_NAMES).exists()
    for union in Union.objects.exclude(pk=jinhua.pk):
        assert not [alias for alias in union.aliases if is_generic(alias)], union.name


def test_a_generic_name_is_never_another_name_of_one_union(db):
    jinhua = Union.objects.create(name="金华市总工会", level=Union.Level.CITY,
                                  aliases=["市总工会", "金华总工会"])
    assert unions_by_other_name({"市总工会", "金华总工会"}) == {"金华总工会": jinhua}


def test_the_sample_pages_leave_no_generic_alias(samples):
    generic = [(u.name, alias) for u in Union.objects.all() for alias in u.aliases
               if is_generic(alias)]
    assert generic == []
    # The printed forms with a place are kept; 县总, 县总工会 of the same article are not.
    changshan = Union.objects.get(name="衢州市常山县总工会")
    assert "常山县总工会" in changshan.aliases and "县总" not in changshan.aliases
    # 新余's article prints 市总工会 alone too; it is still 新余市总工会's article.
    assert Union.objects.get(name="新余市总工会").article_links.exists()


# -- merging ----------------------------------------------------------------------------------

def test_the_merge_page_shows_each_candidate_and_keeps_the_biggest_by_default(samples, editor):
    keep = Union.objects.get(name="杭州市江干区总工会")
    small = Union.objects.create(name="江干区工会", level=Union.Level.COUNTY,
                                 aliases=["江干工会"])
    ArticleUnion.objects.create(article=Article.objects.get(title__startswith="买什么服务"),
                                union=small, rank=3)
    empty = Union.objects.create(name="杭州江干总工会", level=Union.Level.COUNTY,
                                 place=Place.objects.get(code="330104"))
    counts = {u.pk: u.article_links.count() for u in (keep, small, empty)}
    assert counts[keep.pk] > counts[small.pk] > counts[empty.pk] == 0

    page = editor.post("/admin/archive/union/", {
        "action": "merge_selected", "_selected_action": [empty.pk, small.pk, keep.pk],
    }).content.decode()

    assert "保留哪一个" in page
    rows = re.findall(r"<tr>\s*<td>(.*?)</tr>", page, re.S)
    assert len(rows) == 3
    text = [re.sub(r"<[^>]+>|\s+", " ", row) for row in rows]
    assert re.search(rf"杭州市江干区总工会 .*江干区.* 县/区总工会 +{counts[keep.pk]} .*"
                     "江干区总工会", text[0])
    assert re.search(r"江干区工会 .*— +县/区总工会 +1 +江干工会", text[1])
    assert re.search(r"杭州江干总工会 .*江干区.* 县/区总工会 +0 +— *$", text[2])
    checked = re.findall(r'<input type="radio" name="keep" value="(\d+)"[^>]*\bchecked', page)
    assert checked == [str(keep.pk)]


def test_a_merge_copies_no_generic_name_into_aliases(samples, editor):
    keep = Union.objects.get(name="杭州市江干区总工会")
    # Rows an older import left: one named by a bare 区总工会, one with 区总 as an alias.
    bare = Union.objects.create(name="区总工会", level=Union.Level.COUNTY, aliases=["江干区总"])
    other = Union.objects.create(name="江干区工会", level=Union.Level.COUNTY, aliases=["区总"])

    response = editor.post("/admin/archive/union/", {
        "action": "merge_selected", "_selected_action": [keep.pk, bare.pk, other.pk],
        "confirm": "1", "keep": keep.pk,
    }, follow=True)

    assert "已将 2 个工会并入“杭州市江干区总工会”" in response.content.decode()
    keep.refresh_from_db()
    assert {"江干区总", "江干区工会"} <= set(keep.aliases)
    assert "区总工会" not in keep.aliases and "区总" not in keep.aliases


# -- the public index -------------------------------------------------------------------------

def test_a_union_left_without_articles_leaves_the_public_index(samples, client):
    union = Union.objects.get(name="温州市泰顺县总工会")
    assert not union.children.exists()
    index = client.get("/unions/").content.decode()
    assert f'<a href="/unions/{union.pk}/">温州市泰顺县总工会</a>' in index

    ArticleUnion.objects.filter(union=union).delete()  # staff took it off its only article
    empty = Union.objects.create(name="湖州市吴兴区总工会", level=Union.Level.COUNTY)

    index = client.get("/unions/").content.decode()
    assert "温州市泰顺县总工会" not in index and "湖州市吴兴区总工会" not in index
    filtered = client.get("/unions/", {"q": "泰顺"}).content.decode()
    assert "没有名称或别称含“泰顺”的工会。" in filtered and "温州市泰顺县总工会" not in filtered
    for gone in (union, empty):
        assert client.get(f"/unions/{gone.pk}/").status_code == 200
    # A union with no articles of its own whose page lists those of the unions below it stays.
    hangzhou = Union.objects.get(name="杭州市总工会")
    assert not hangzhou.article_links.exists()
    assert f'<a href="/unions/{hangzhou.pk}/">杭州市总工会</a>' in index
