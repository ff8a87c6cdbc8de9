"""Where articles of the seed pages happen, as a reader of the archive would file them.

Each article is rebuilt from lines of the real page file — its title block, its lead and the
paragraphs after it, picked by their opening words — so the tests need no segmenter and still
read exactly what the page prints.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.gazetteer import get_gazetteer
from archive.ingest.places import tag_place
from archive.ingest.types import ArticleDraft, PlaceTag

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
ZHEJIANG = "330000"
_MARKUP = re.compile(r"^#+\s*|\*\*")


def _lines(seed: str) -> list[str]:
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    lines = (_MARKUP.sub("", line).strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def _index(lines: list[str], opening: str, after: int = -1) -> int:
    return next(i for i, line in enumerate(lines) if i > after and line.startswith(opening))


def article(seed: str, *, title: str | None = None, kicker: str | None = None,
            subtitle: str | None = None, byline: str | None = None, lead: str | None = None,
            until: str | None = None, paragraphs: int = 2) -> ArticleDraft:
    """An article of a seed page, from the lines that open with the words given.

    The lead is the line after the title block (or the line opening with ``lead``); the
    body runs ``paragraphs`` lines on, or up to the line opening with ``until``.
    """
    lines = _lines(seed)
    head = {}
    position = -1
    for part, opening in (("kicker", kicker), ("title", title), ("subtitle", subtitle),
                          ("byline", byline)):
        if opening is not None:
            position = _index(lines, opening, position)
            head[part] = lines[position]
    position = _index(lines, lead, position) if lead is not None else position + 1
    end = _index(lines, until, position) if until is not None else position + paragraphs
    return ArticleDraft(paragraphs=lines[position:end], start=0, end=0, **head)


def names(tag: PlaceTag) -> list[str]:
    """The tag as a reader sees it: the names of province, city and county."""
    gazetteer = get_gazetteer()
    return [gazetteer.get(code).name for code in
            (tag.province_code, tag.city_code, tag.county_code) if code]


def zhejiang(draft: ArticleDraft) -> list[str]:
    return names(tag_place(draft, get_gazetteer(), ZHEJIANG))


def national(draft: ArticleDraft) -> list[str]:
    return names(tag_place(draft, get_gazetteer(), None))


# --- 000: 浙江工人日报 2019-11-21 -------------------------------------------------------------


def test_city_union_in_the_title_gives_the_city():
    draft = article("000", title="金华市总工会", paragraphs=3)
    assert zhejiang(draft) == ["浙江省", "金华市"]


def test_untitled_article_is_placed_by_its_lead_and_a_former_district():
    draft = article("000", lead="本报讯 通讯员马晓琛摄影报道", until="奔着问题去")
    assert not draft.title
    assert zhejiang(draft) == ["浙江省", "杭州市", "江干区"]
    assert get_gazetteer().get(tag_place(draft, get_gazetteer(), ZHEJIANG).county_code).is_current is False


def test_county_union_places_article_in_county_and_city_despite_a_shop_named_after_another_county():
    draft = article("000", kicker="奔着问题去", title="常山县总工会", paragraphs=3)
    assert "龙游发艺" in draft.lead
    assert zhejiang(draft) == ["浙江省", "衢州市", "常山县"]


def test_city_named_in_title():
    draft = article("000", title="舟山市三方", subtitle="服务更专业")
    assert zhejiang(draft) == ["浙江省", "舟山市"]


def test_compound_of_city_and_county_short_forms():
    draft = article("000", title="宁波鄞州成立", subtitle="为产业工人成长赋能")
    assert zhejiang(draft) == ["浙江省", "宁波市", "鄞州区"]


def test_county_in_subtitle():
    draft = article("000", kicker="楠溪江见证", title="永嘉县举行")
    assert zhejiang(draft) == ["浙江省", "温州市", "永嘉县"]


def test_signed_commentary_placed_by_its_lead():
    draft = article("000", title="面向基层的", byline="■郑建钢", paragraphs=3)
    assert zhejiang(draft) == ["浙江省", "温州市"]


# --- 001: 浙江工人日报, late 2019 ------------------------------------------------------------


def test_compound_in_title_names_the_district():
    draft = article("001", kicker="跟随劳模践初心", title="嘉兴南湖区委总工会")
    assert zhejiang(draft) == ["浙江省", "嘉兴市", "南湖区"]


def test_city_short_form_in_title_ignores_district_named_in_lead():
    draft = article("001", title="湖州一线职工")
    assert "南浔" in draft.lead
    assert zhejiang(draft) == ["浙江省", "湖州市"]


def test_county_full_name_in_title():
    draft = article("001", kicker="职工讲故事", title="三门县总工会邀请")
    assert zhejiang(draft) == ["浙江省", "台州市", "三门县"]


def test_former_district_in_compound_title():
    draft = article("001", title="杭州江干区总工会举办")
    assert zhejiang(draft) == ["浙江省", "杭州市", "江干区"]


def test_photo_item_placed_by_its_caption():
    draft = article("001", title="“职工之家”建在工地上", paragraphs=2)
    assert zhejiang(draft) == ["浙江省", "绍兴市", "柯桥区"]


def test_town_union_places_article_in_its_county():
    draft = article("001", title="工业园区和谐劳动关系", paragraphs=3)
    assert zhejiang(draft) == ["浙江省", "嘉兴市", "嘉善县"]


# --- 002: 工人日报 (national) ----------------------------------------------------------------


def test_national_paper_compound_title():
    draft = article("002", kicker="多走动", title="绍兴柯桥区百名", subtitle="活动规定")
    assert national(draft) == ["浙江省", "绍兴市", "柯桥区"]


@pytest.mark.parametrize("title, expected", [
    ("扬州今年将建", ["江苏省", "扬州市"]),
    ("宝鸡52个", ["陕西省", "宝鸡市"]),
])
def test_national_paper_city_short_form_in_title(title, expected):
    assert national(article("002", title=title)) == expected


def test_province_only_article_gets_no_city():
    draft = article("002", title="山东省总出台", subtitle="将为1万名", paragraphs=4)
    assert national(draft) == ["山东省"]


def test_photo_caption_with_province_and_county():
    draft = article("002", title="家政培训", paragraphs=1)
    assert national(draft) == ["河南省", "安阳市", "滑县"]


# --- 003: 浙江工人日报 2020 ------------------------------------------------------------------


@pytest.mark.parametrize("opening, expected", [
    (dict(title="买什么服务", subtitle="杭州下城区工会"), ["浙江省", "杭州市", "下城区"]),
    (dict(title="武义“三师”"), ["浙江省", "金华市", "武义县"]),
    (dict(title="劳模当“导游”", subtitle="海盐这场"), ["浙江省", "嘉兴市", "海盐县"]),
    (dict(title="工友们,说出你的心里话", subtitle="长兴工会干部"), ["浙江省", "湖州市", "长兴县"]),
])
def test_county_articles_of_2020(opening, expected):
    assert zhejiang(article("003", **opening)) == expected


def test_commentary_signed_by_a_district_union():
    draft = article("003", title="“三有”情怀", byline="■丽水莲都区总工会", paragraphs=2)
    assert zhejiang(draft) == ["浙江省", "丽水市", "莲都区"]


def test_event_place_in_lead_wins_over_company_province():
    draft = article("003", title="为美好生活充电")
    assert "国网浙江省电力" in draft.lead and "浙江宁波" in draft.lead
    assert national(draft) == ["浙江省", "宁波市"]


def test_home_province_settles_a_district_name_two_cities_share():
    draft = article("003", title="“三有”情怀", lead="近年来,江北区总工会以", paragraphs=1)
    assert zhejiang(draft) == ["浙江省", "宁波市", "江北区"]
    assert national(draft) == []  # 宁波 or 重庆: a national paper cannot tell


def test_article_naming_no_place_gets_an_empty_tag():
    draft = article("002", title="坚持不懈增“三性”", paragraphs=1)
    assert tag_place(draft, get_gazetteer(), None) == PlaceTag()


def test_a_national_round_up_that_lists_regions_happens_in_none_of_them():
    """The 工人日报 feature names 浙江, 北京, 天津, 上海, 广东… only in its body: no place."""
    feature = article("002", title="坚持不懈增“三性”", until="(上接第1版)")
    assert "天津市工会" in feature.body and "北京市工会" in feature.body
    assert names(tag_place(feature, get_gazetteer())) == []


def test_an_untitled_article_is_placed_by_its_lead():
    story = article("002", lead="本报讯 (记者杨明清)", paragraphs=2)
    story.title = ""
    assert names(tag_place(story, get_gazetteer())) == ["山东省", "青岛市"]
