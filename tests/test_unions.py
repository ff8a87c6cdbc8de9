"""Union organisations found in real articles of the seed pages, under their full names.

Articles are built from lines of the seed files as printed (the segmenter is tested on its
own); what is checked is what a reader of the archive sees on an article's page and on a
union's page: which bodies are listed, which one first, and under what name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from archive.gazetteer.lookup import get_gazetteer
from archive.ingest.types import ArticleDraft, PlaceTag, UnionTag
from archive.ingest.unions import MAX_UNIONS, tag_unions

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
PAGE_2019_11_21 = "000_e56401c083caef72.txt"
PAGE_2019_11_14 = "001_1b9d941f03bec160.txt"
PAGE_WORKERS_DAILY = "002_e80f7a4e58440405.txt"
PAGE_2020_06_15 = "003_345039c405546bf1.txt"
ZHEJIANG = PlaceTag(province_code="330000")
NATIONAL_PAPER = PlaceTag()


def seed_lines(name: str) -> list[str]:
    """The page's non-empty lines without Markdown marks, as the cleaner leaves them."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    lines = (re.sub(r"^#+\s*|\*\*", "", line).strip() for line in text.splitlines())
    return [line for line in lines if line]


def line(name: str, prefix: str) -> str:
    found = [text for text in seed_lines(name) if text.startswith(prefix)]
    assert found, f"no line starting {prefix!r} in {name}"
    return found[0]


def draft(name: str, first: str, last: str, *, title: str = "", kicker: str = "",
          subtitle: str = "") -> ArticleDraft:
    """An article of page ``name``: the title lines named, paragraphs ``first``…``last``."""
    lines = seed_lines(name)
    start = next(i for i, text in enumerate(lines) if text.startswith(first))
    stop = next(i for i, text in enumerate(lines) if i >= start and text.startswith(last))
    return ArticleDraft(
        paragraphs=lines[start:stop + 1], start=0, end=0,
        kicker=line(name, kicker) if kicker else "",
        title=line(name, title) if title else "",
        subtitle=line(name, subtitle) if subtitle else "",
    )


def unions(article: ArticleDraft, place: PlaceTag = ZHEJIANG) -> list[UnionTag]:
    return tag_unions(article, get_gazetteer(), place)


def named(tags: list[UnionTag], name: str) -> UnionTag:
    found = [tag for tag in tags if tag.name == name]
    assert found, f"{name} not in {[tag.name for tag in tags]}"
    return found[0]


def names(tags: list[UnionTag]) -> list[str]:
    return [tag.name for tag in tags]


# --- 浙江工人日报 2019-11-21 ----------------------------------------------------------


def test_city_union_in_the_title_is_primary_and_its_clipped_form_joins_it():
    article = draft(PAGE_2019_11_21, "本报讯 记者羊荣江", "通过工会网站",
                    title="金华市总工会： 坚持高站位")
    tags = unions(article)
    primary = tags[0]
    assert (primary.name, primary.level, primary.place_code) == ("金华市总工会", "city", "330700")
    assert primary.parent_name == "浙江省总工会"
    assert "市总工会" in primary.surfaces
    assert names(tags) == ["金华市总工会"]  # 基层工会, 乡镇总工会, 四级工会 are not bodies


def test_district_of_a_merged_district_keeps_its_name_and_heads_its_street_union():
    article = draft(PAGE_2019_11_21, "本报讯 通讯员马晓琛摄影报道", "当日，江干区总工会还组织")
    tags = unions(article)
    district, street = tags[0], named(tags, "江干区彭埠街道总工会")
    assert (district.name, district.level, district.place_code) == (
        "杭州市江干区总工会", "county", "330104")
    assert district.parent_name == "杭州市总工会"
    assert "江干区总工会" in district.surfaces
    assert street.level == "township"
    assert street.parent_name == "杭州市江干区总工会"


def test_county_union_gathers_its_clipped_forms_and_the_slip_zonghui():
    article = draft(PAGE_2019_11_21, "本报讯 通讯员杨叶根", "常山县总工会党组书记",
                    kicker="奔着问题去", title="常山县总工会推动普惠服务")
    tags = unions(article)
    county = tags[0]
    assert (county.name, county.level, county.place_code) == (
        "衢州市常山县总工会", "county", "330822")
    assert county.parent_name == "衢州市总工会"
    assert {"常山县总工会", "县总工会", "县总", "常山县总会"} <= set(county.surfaces)
    assert named(tags, "衢州市总工会").level == "city"


def test_union_named_only_in_the_lead_is_primary():
    zhoushan = draft(PAGE_2019_11_21, "本报讯 见习记者何良玉", "此外，企业劳动用工",
                     title="舟山市三方共建", subtitle="服务更专业")
    yongjia = draft(PAGE_2019_11_21, "本报讯 通讯员徐丁一", "工会红娘为新人们",
                    kicker="楠溪江见证我们的爱", title="永嘉县举行首届职工集体婚礼")
    assert names(unions(zhoushan)) == ["舟山市总工会"]
    assert names(unions(yongjia)) == ["温州市永嘉县总工会"]


# --- 浙江工人日报 2019-11-14 ----------------------------------------------------------


def test_misprinted_district_party_committee_union_is_the_district_union():
    article = draft(PAGE_2019_11_14, "本报讯 记者阮向民", "“劳动研学的时间",
                    kicker="跟随劳模践初心", title="嘉兴南湖区委总工会党员干部")
    tags = unions(article)
    assert names(tags) == ["嘉兴市南湖区总工会"]
    assert {"嘉兴南湖区委总工会", "区总工会"} <= set(tags[0].surfaces)


def test_city_union_and_not_its_wechat_account():
    article = draft(PAGE_2019_11_14, "本报讯 记者程雪 通讯员俞文忠", "接下来,湖州市总工会",
                    title="湖州一线职工又有新福利")
    assert names(unions(article)) == ["湖州市总工会"]


def test_city_and_district_written_together_and_apart_are_one_body():
    article = draft(PAGE_2019_11_14, "近日,绍兴柯桥区总工会", "一线,把职工之家",
                    title="“职工之家”建在工地上")
    tags = unions(article)
    assert names(tags) == ["绍兴市柯桥区总工会"]
    assert {"绍兴柯桥区总工会", "柯桥区总工会"} <= set(tags[0].surfaces)


def test_joint_unions_are_listed_and_village_level_ones_are_not():
    article = draft(PAGE_2019_11_14, "通讯员林景堂报道", "此外,泰顺县总工会创新",
                    title="泰顺县总工会：为乡村振兴")
    tags = unions(article)
    assert tags[0].name == "温州市泰顺县总工会"
    joint = [tag for tag in tags if tag.level == "joint"]
    assert [tag.name for tag in joint] == ["左溪旅游联合工会", "竹里旅游联合工会"]
    assert not any("村级" in name for name in names(tags))


def test_township_union_takes_its_county_from_the_title():
    article = draft(PAGE_2019_11_14, "通讯员张萍报道", "“和谐劳动关系是区域",
                    title="工业园区和谐劳动关系构建工作")
    tags = unions(article)
    township = tags[0]
    assert (township.name, township.level, township.place_code) == (
        "嘉善县姚庄镇总工会", "township", "330421")
    assert township.parent_name == "嘉兴市嘉善县总工会"
    assert {"嘉善姚庄镇总工会", "姚庄镇总工会"} <= set(township.surfaces)


def test_company_unions_are_whole_names_never_sentence_fragments():
    article = draft(PAGE_2019_11_14, "本报讯 通讯员马晓琛报道 近日", "杭州多麦电子商务",
                    title="杭州江干区总工会举办")
    tags = unions(article)
    assert tags[0].name == "杭州市江干区总工会"
    assert len(tags) == MAX_UNIONS  # seven bodies named; a long list is cut, primary kept
    company = named(tags, "杭州新星光电有限公司工会")
    assert (company.level, company.place_code) == ("enterprise", "330100")
    assert "公司工会" in company.surfaces  # the bare form two sentences on is the same body
    for tag in tags:
        assert "的" not in tag.name and "打造" not in tag.name, tag.name
    assert "杭州鲁能城置地有限公司工会" in names(tags)


# --- 工人日报 2019-03-27 (national paper: no home province) ---------------------------


def test_clipped_district_union_in_a_national_paper():
    article = draft(PAGE_WORKERS_DAILY, "本报讯 (记者李丹青", "今年,柯桥区总工会还结合",
                    kicker="多走动 常联系", title="绍兴柯桥区百名工会干部进千企",
                    subtitle="活动规定")
    tags = unions(article, NATIONAL_PAPER)
    assert names(tags)[:2] == ["绍兴市柯桥区总工会", "柯桥区马鞍镇总工会"]
    assert {"柯桥区总工会", "区总"} <= set(tags[0].surfaces)
    assert tags[1].parent_name == "绍兴市柯桥区总工会"


@pytest.mark.parametrize(("first", "last", "title", "expected", "clipped"), [
    ("本报讯 (记者王伟", "据了解,对于获评", "扬州今年将建百家", "扬州市总工会", "扬州市总"),
    ("本报讯 (通讯员谢红江", "2018年以来,宝鸡市总", "宝鸡52个", "宝鸡市总工会", "宝鸡市总"),
    ("本报讯 (记者卢翔", "新余市人大常委会", "新余市总吸纳", "新余市总工会", "新余市总"),
])
def test_city_unions_clipped_to_shi_zong(first, last, title, expected, clipped):
    tags = unions(draft(PAGE_WORKERS_DAILY, first, last, title=title), NATIONAL_PAPER)
    assert names(tags) == [expected]
    assert clipped in tags[0].surfaces


def test_provincial_union_clipped_in_the_title():
    article = draft(PAGE_WORKERS_DAILY, "本报讯 (记者丛民", "据了解,山东省总工会本级",
                    title="山东省总出台工友创业计划", subtitle="将为1万名以上")
    tags = unions(article, NATIONAL_PAPER)
    # 山东工会 and 山东各市总工会 speak of many unions, not of a body.
    assert names(tags) == ["山东省总工会"]
    assert (tags[0].level, tags[0].place_code, tags[0].parent_name) == (
        "provincial", "370000", "中华全国总工会")
    assert {"山东省总", "山东省总工会"} <= set(tags[0].surfaces)


def test_review_of_many_unions_lists_bodies_not_the_unions_of_a_province():
    article = draft(PAGE_WORKERS_DAILY, "以鲜明的先进性引导职工", "以广泛的群众性凝聚职工",
                    title="坚持不懈增“三性”")
    tags = unions(article, NATIONAL_PAPER)
    national = named(tags, "中华全国总工会")
    assert national.level == "national" and "全总" in national.surfaces
    assert names(tags)[0] == "中华全国总工会"  # mentioned most often
    industry = named(tags, "中国国防邮电工会")
    assert (industry.level, industry.parent_name) == ("industry", "中华全国总工会")
    assert "清廉省总机关" not in names(tags)
    assert "浙江省总工会" in names(tags)  # 省总机关 after 浙江省 is its federation's office
    for collective in ("北京市总工会", "天津市总工会", "上海市总工会", "广东省总工会"):
        assert collective not in names(tags)


def test_body_unions_rank_by_how_often_they_are_mentioned():
    article = draft(PAGE_WORKERS_DAILY, "知者行之始", "以广泛的群众性凝聚职工",
                    title="坚持不懈增“三性”")
    tags = unions(article, NATIONAL_PAPER)
    # 全总 five times, 省总 twice, 中国国防邮电工会 once; the lead names none of them.
    assert names(tags) == ["中华全国总工会", "浙江省总工会", "中国国防邮电工会"]


# --- 浙江工人日报 2020-06-15 ----------------------------------------------------------


def test_district_gonghui_without_zong_is_the_district_union():
    article = draft(PAGE_2020_06_15, "本报讯 通讯员张晓燕", "当天的活动还在",
                    kicker="买什么服务", title="杭州下城区工会就购买服务开展协商")
    tags = unions(article)
    assert names(tags) == ["杭州市下城区总工会"]
    assert (tags[0].level, tags[0].place_code) == ("county", "330103")
    assert {"杭州下城区工会", "下城区总工会"} <= set(tags[0].surfaces)


def test_company_union_named_in_a_photo_story():
    article = draft(PAGE_2020_06_15, "近日,国网浙江省电力有限公司工会", "慰问演出现场",
                    title="为美好生活充电")
    tags = unions(article)
    assert names(tags) == ["国网浙江省电力有限公司工会"]
    assert (tags[0].level, tags[0].place_code, tags[0].parent_name) == (
        "enterprise", "330000", None)


def test_place_short_form_with_gonghui_is_not_a_body_but_the_lead_names_one():
    article = draft(PAGE_2020_06_15, "记者程雪 通讯员朱健报道", "在当一周工人的过程中",
                    title="长兴工会干部带")
    tags = unions(article)
    assert tags[0].name == "湖州市长兴县总工会"
    assert "长兴工会" not in tags[0].surfaces


# --- the name rules on short texts -----------------------------------------------------


def _tag_text(text: str, place: PlaceTag = NATIONAL_PAPER) -> list[UnionTag]:
    return unions(ArticleDraft(paragraphs=[text], start=0, end=0), place)


@pytest.mark.parametrize(("text", "name", "level", "parent"), [
    ("宁波江北区总工会举办培训", "宁波市江北区总工会", "county", "宁波市总工会"),
    ("重庆市江北区总工会举办培训", "重庆市江北区总工会", "county", "重庆市总工会"),
    ("天津市和平区总工会举办培训", "天津市和平区总工会", "county", "天津市总工会"),
    ("湖北省仙桃市总工会举办培训", "湖北省仙桃市总工会", "county", "湖北省总工会"),
    ("天津市总工会举办培训", "天津市总工会", "provincial", "中华全国总工会"),
    ("记者从江苏省扬州市总工会获悉", "扬州市总工会", "city", "江苏省总工会"),
    ("全国总工会近日发文", "中华全国总工会", "national", None),
    ("中华全国总工会近日发文", "中华全国总工会", "national", None),
    ("中国机械冶金建材工会召开会议", "中国机械冶金建材工会", "industry", "中华全国总工会"),
    ("日前,东磁公司工会组织职工", "东磁公司工会", "enterprise", None),
    ("先后成立左溪旅游联合工会", "左溪旅游联合工会", "joint", None),
    ("杭州市餐饮产业工会成立", "杭州市餐饮产业工会", "industry", None),
])
def test_name_rules(text, name, level, parent):
    tags = _tag_text(text)
    assert names(tags) == [name]
    assert (tags[0].level, tags[0].parent_name) == (level, parent)


def test_same_district_name_in_two_cities_never_merges():
    ningbo = _tag_text("宁波江北区总工会举办培训")[0]
    chongqing = _tag_text("重庆市江北区总工会举办培训")[0]
    assert ningbo.place_code != chongqing.place_code
    later = _tag_text("宁波江北区庄桥街道总工会主席汪兆云说。江北区总工会党组书记黄修军说")
    assert names(later) == ["江北区庄桥街道总工会", "宁波市江北区总工会"]


def test_clipped_city_union_of_a_county_level_city():
    tags = _tag_text("义乌市总工会日前召开会议。市总工会党组书记表示", ZHEJIANG)
    assert names(tags) == ["金华市义乌市总工会"]
    assert tags[0].surfaces == ("义乌市总工会", "市总工会")


def test_unsettled_district_name_is_not_taken_for_the_district_named_before():
    # 和平区 is in 天津 and in 沈阳: a national paper's text that does not say which gives no
    # body, and above all not 宁波's 江北区 through the 区总工会 at its end.
    tags = _tag_text("宁波江北区总工会举办活动,和平区总工会也派人参加")
    assert names(tags) == ["宁波市江北区总工会"]
    assert tags[0].surfaces == ("宁波江北区总工会",)


def test_provincial_union_from_the_articles_place():
    tags = _tag_text("省总工会近日出台十项措施", ZHEJIANG)
    assert names(tags) == ["浙江省总工会"]


def test_township_without_county_in_the_text_takes_it_from_the_article_place():
    place = PlaceTag(province_code="330000", city_code="330100", county_code="330104")
    assert names(_tag_text("近日,彭埠街道总工会举办活动", place)) == ["江干区彭埠街道总工会"]
    assert names(_tag_text("近日,彭埠街道总工会举办活动")) == ["彭埠街道总工会"]


def test_slip_zonghui_counts_only_for_a_body_the_text_names():
    assert _tag_text("常山县总会计师张三说") == []
    tags = _tag_text("常山县总工会签订协议。常山县总会在对比各项指标后选择了12家")
    assert names(tags) == ["衢州市常山县总工会"]
    assert "常山县总会" in tags[0].surfaces


@pytest.mark.parametrize("text", [
    "各级工会要把基层工会建设好,工会组织和企业工会、上级工会共同努力",
    "山东各市总工会也将按照要求,做出本级工作计划",
    "浙江省工会按照省委“三服务”活动的统一部署",
    "北京市工会服务首都“政治中心”功能建设",
    "公司工会打造出极具特色的多功能职工之家",
    "围绕加强乡镇总工会规范化建设等重点工作",
    "以村级联合工会建设为抓手,加入村级旅游联合工会组织",
    "最终,由镇街、系统和产业工会主席现场投票",
    "建立了市、县、乡、企业四级工会代办员队伍",
    "写入中国工会十七大报告,走中国特色社会主义工会发展道路",
    "项目安全总监说,全市总体规划已经完成",
    "湖州工会官方微信",
    "市总工会党组书记说",  # no city named, none known from the article
])
def test_generic_mentions_are_not_bodies(text):
    assert _tag_text(text) == []
