"""The importer on pages laid out in ways the sample pages are not.

Every pattern here is written as invented text of the same shape as the pages that went
wrong — hard-wrapped OCR lines, headlines without a blank line, captions between a headline
and its lead — so the rules are tested as rules, not as the four sample pages. The last
tests lay each sample page out again as raw OCR and compare the cut with the original's.
"""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from archive.ingest.articles import cut_articles
from archive.ingest.pipeline import build_page
from archive.ingest.types import ArticleDraft, Kind, PageSource, Role
from tests.layouts import COLUMN_WIDTHS, hard_wrapped, printed_lines

ZHEJIANG = "330000"
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def wrapped(*paragraphs: str, width: int = 18) -> str:
    """Paragraphs as raw OCR prints them: hard-wrapped at ``width``, no blank lines."""
    return "\n".join(line for p in paragraphs for line in printed_lines(p, width))


@pytest.fixture(params=["clean", "raw OCR", "raw OCR indented"])
def lay(request):
    """``lay(headlines, *paragraphs)``: the page as clean paragraphs, or as raw OCR prints it
    (wrapped at 16 columns, no blank line after a headline or between paragraphs; with
    paragraphs indented by two full-width spaces, or not)."""
    def laid_out(headlines: list[str], *paragraphs: str) -> str:
        text = "\n\n".join(paragraphs)
        if request.param == "clean":
            return text
        return hard_wrapped(text, headlines, seed=1, widths=[16], blank_after_headline=0,
                            blank_between_paragraphs=0,
                            indent=INDENT if request.param.endswith("indented") else "")
    return laid_out


def page(text: str, province: str | None = ZHEJIANG) -> list[ArticleDraft]:
    draft = build_page(text.encode(), PageSource("page.txt", "浙江工人日报", date(2021, 4, 8)),
                       home_province_code=province)
    return draft.articles


def credits(article: ArticleDraft) -> list[tuple[str, Role]]:
    return [(c.name, c.role) for c in article.credits]


def titled(articles: list[ArticleDraft], title: str) -> ArticleDraft:
    found = [a for a in articles if a.title == title]
    assert len(found) == 1, [a.title for a in articles]
    return found[0]


# -- hard-wrapped lines ---------------------------------------------------------------------
def test_hard_wrapped_lines_are_one_paragraph_and_a_short_line_is_no_headline():
    text = wrapped(
        "本报讯 记者王明 通讯员李华报道 近日，绍兴市越城区新街街道总工会联合辖区内多家企业"
        "开展技能培训，为一线职工送技术、送岗位、送文化。",
        "据王明介绍，街道总工会联合辖区内多家企业开展技能培训，共有三百余名职工参加，"
        "培训内容涵盖电工、焊工和叉车驾驶等工种。",
        "街道总工会还组织快递从业人员联合工会的会员参加了安全生产培训。",
    )
    articles, _ = cut_articles(text)
    assert len(articles) == 1
    article = articles[0]
    assert article.paragraphs[0].endswith("送技术、送岗位、送文化。")
    assert any(p.startswith("据王明介绍，街道总工会联合辖区内多家企业开展技能培训，") for p in
               article.paragraphs)
    assert "文化" not in [article.kicker, article.title, article.subtitle]
    assert "快递从业人员联合工会" in article.body


def test_a_short_wrapped_line_is_no_headline():
    """A column that ends on a short line (文化) goes on in the next one, after a blank line."""
    lead = ("本报讯 记者王明报道 近日，湖州市吴兴区总工会为辖区一线职工送去了两千余册图书，"
            "丰富了职工们的业余文化")
    rest = "生活。据王明介绍，街道总工会联合辖区内多家企业开展读书活动，三百余名职工参加。"
    lines = printed_lines(lead, 16)
    assert lines[-1] == "文化"
    text = "\n".join(["职工书屋开进车间", *lines, "", *printed_lines(rest, 16)])
    [article] = cut_articles(text)[0]
    assert article.title == "职工书屋开进车间" and not article.subtitle
    assert "丰富了职工们的业余文化生活。据王明介绍，街道总工会联合辖区内多家企业" in article.body


def test_a_union_name_wrapped_across_two_lines_is_found_whole():
    text = "\n".join([
        "快递小哥有了自己的“家”",
        "本报讯 记者王明报道 近日，杭州市西湖区",
        "快递从业人员联合工会正式成立，首批吸",
        "纳会员三百余名，西湖区快递从业人员",
        "联合工会将为会员提供法律援助和困难帮",
        "扶等服务。",
    ])
    [article] = page(text)
    assert article.title == "快递小哥有了自己的“家”"
    assert "西湖区快递从业人员联合工会" in article.body
    assert [u.name for u in article.unions][0].endswith("快递从业人员联合工会")


def test_a_headline_followed_directly_by_its_body_is_no_subtitle():
    text = "\n".join([
        "职工书屋开进生产车间",
        "近日，嘉兴市秀洲区总工会在辖区一家纺",
        "织企业的生产车间建起了职工书屋，配备",
        "图书两千余册，方便一线职工在休息时间",
        "阅读学习。",
        "书屋开放以来，已有三百多名职工办理了",
        "借阅证。",
    ])
    [article] = cut_articles(text)[0]
    assert (article.kicker, article.title, article.subtitle) == ("", "职工书屋开进生产车间", "")
    assert article.paragraphs[0].startswith("近日，嘉兴市秀洲区总工会在辖区一家纺织企业")


# -- what sits between a headline and its lead ----------------------------------------------
def test_a_photo_caption_between_headline_and_lead_stays_with_the_story(lay):
    text = lay(["技能比武展风采"],
        "本报讯 记者王明报道 近日，温州市总工会召开全市工会工作会议，部署全年工作。",
        "技能比武展风采",
        "图为参赛选手在比赛现场。 通讯员 李四 摄",
        "本报讯 记者赵六 通讯员钱七报道 近日，宁波市北仑区总工会举办第三届职工技能比武，"
        "全区两百余名职工参加了电工、钳工等八个工种的比赛。",
        "比赛中，选手们展示了过硬的技能。",
    )
    articles = page(text)
    assert len(articles) == 2
    story = articles[1]
    assert story.title == "技能比武展风采"
    assert story.place.county_code == "330206"  # 北仑区
    assert story.unions and story.unions[0].name == "宁波市北仑区总工会"
    assert ("赵六", Role.REPORTER) in credits(story)
    assert ("李四", Role.PHOTOGRAPHER) in credits(story)
    assert "图为参赛选手在比赛现场。" in story.body


def test_a_square_byline_between_headline_and_lead_stays_with_the_story(lay):
    text = lay(["送清凉进工地"],
        "送清凉进工地",
        "■本报记者 张三",
        "本报讯 近日，湖州市吴兴区总工会走进建筑工地，为一线职工送去防暑降温用品。",
        "活动中，工会干部还为职工讲解了防暑知识。",
    )
    [article] = page(text)
    assert article.title == "送清凉进工地"
    assert credits(article) == [("张三", Role.REPORTER)]
    assert article.place.county_code == "330502"  # 吴兴区
    assert article.paragraphs[0].startswith("近日，湖州市吴兴区总工会")


def test_a_headline_with_a_comma_or_a_pause_starts_a_new_article(lay):
    text = lay(["赛一赛，看谁技艺精", "比技能、展风采"],
        "本报讯 记者王明报道 近日，温州市总工会召开全市工会工作会议，部署全年工作。"
        "会议要求各级工会组织进一步做好职工服务工作。",
        "赛一赛，看谁技艺精",
        "近日，丽水市莲都区总工会举办职工技能大赛，一百多名职工参赛。",
        "比技能、展风采",
        "日前，衢州市柯城区一家机械企业工会举办青工技能比武，四十多名青年职工参赛。",
    )
    articles = page(text)
    assert [a.title for a in articles][1:] == ["赛一赛，看谁技艺精", "比技能、展风采"]
    assert articles[1].place.county_code == "331102"  # 莲都区
    assert "赛一赛" not in articles[0].body


def test_a_subtitle_repeated_as_the_first_body_line_does_not_split_the_article(lay):
    text = lay(["工会送岗位 职工就近就业", "某县总工会举办春风行动专场招聘会"],
        "工会送岗位 职工就近就业",
        "某县总工会举办春风行动专场招聘会",
        "某县总工会举办春风行动专场招聘会",
        "本报讯 记者王明报道 近日，金华市武义县总工会举办春风行动专场招聘会，"
        "五十余家企业提供岗位一千余个。",
    )
    [article] = cut_articles(text)[0]
    assert article.title == "工会送岗位 职工就近就业"
    assert article.subtitle == "某县总工会举办春风行动专场招聘会"
    assert "春风行动专场招聘会" not in article.body.split("。")[0][:12]


def test_a_short_line_setting_the_scene_above_the_headline_is_its_kicker(lay):
    text = lay(["为一线职工添彩", "某县送文化进企业"],
        "为一线职工添彩",
        "某县送文化进企业",
        "本报讯 记者王明报道 近日，某县总工会组织文艺志愿者走进企业，为一线职工送上文艺演出。",
    )
    [article] = cut_articles(text)[0]
    assert (article.kicker, article.title) == ("为一线职工添彩", "某县送文化进企业")


# -- places ---------------------------------------------------------------------------------
def test_a_persons_name_is_not_a_place(lay):
    text = lay(["职工运动会开幕"],
        "职工运动会开幕",
        "本报讯 近日，金华市婺城区总工会举办第五届职工运动会，两千余名职工参加。",
        "通讯员 李朝阳 摄",
    )
    [article] = page(text)
    assert article.place.city_code == "330700"  # 金华市, not 朝阳市
    assert article.place.county_code == "330702"


@pytest.mark.parametrize("head", ["杭州市总工会慰问一线职工", "高温下的问候"])
def test_a_company_in_a_caption_does_not_make_the_articles_county(lay, head):
    text = lay([head],
        head,
        "本报讯 记者王明报道 近日，杭州市总工会负责人带队走访慰问坚守岗位的一线职工。",
        "慰问组先后来到多家企业，为职工送去慰问品。",
        "图为慰问组在杭州萧山宏达机械有限公司看望职工。 通讯员 李华 摄",
    )
    [article] = page(text)
    assert article.place.city_code == "330100"
    assert article.place.county_code is None


def test_a_picture_item_takes_its_place_from_its_caption(lay):
    text = lay(["春耕正忙"], "春耕正忙", "图为绍兴市柯桥区农机手在田间作业。", "通讯员 李华 摄")
    [article] = page(text)
    assert article.place.county_code == "330603"  # 柯桥区


def test_an_article_naming_three_cities_equally_has_no_single_city(lay):
    text = lay(["长三角三地工会签订协作协议"],
        "长三角三地工会签订协作协议",
        "本报讯 记者王明报道 近日，嘉兴、苏州、上海三地工会签订职工服务协作协议，"
        "嘉兴市、苏州市、上海市的工会将互认职工服务卡。",
    )
    [article] = page(text)
    assert article.place.city_code is None


# -- unions ---------------------------------------------------------------------------------
def test_the_union_honoured_is_the_subject_not_the_body_that_honours_it(lay):
    text = lay(["市交通运输局工会获评全国模范职工之家"],
        "市交通运输局工会获评全国模范职工之家",
        "本报讯 记者王明报道 近日，中华全国总工会公布了全国模范职工之家名单，"
        "衢州市交通运输局工会榜上有名。",
        "衢州市交通运输局工会近年来持续推进职工之家建设。",
    )
    [article] = page(text)
    assert article.unions[0].name == "衢州市交通运输局工会"


def test_a_national_anniversary_in_passing_does_not_make_the_national_union_the_subject(lay):
    text = lay(["舟山市总工会开展主题宣讲"],
        "舟山市总工会开展主题宣讲",
        "本报讯 记者王明报道 为庆祝中华全国总工会成立100周年，近日，舟山市总工会"
        "组织宣讲团走进企业开展主题宣讲活动。",
        "舟山市总工会宣讲团由劳模和工会干部组成。",
    )
    [article] = page(text)
    assert article.unions[0].name == "舟山市总工会"
    assert "中华全国总工会" not in [u.name for u in article.unions[:1]]


# -- bylines --------------------------------------------------------------------------------
@pytest.mark.parametrize(("credit", "expected"), [
    ("新华社记者 张三 摄", [("张三", Role.PHOTOGRAPHER)]),
    ("本报通讯员 李四 摄", [("李四", Role.CORRESPONDENT), ("李四", Role.PHOTOGRAPHER)]),
])
def test_photo_credits_of_agencies_and_staff(lay, credit, expected):
    text = lay(["春耕时节农机忙"], "春耕时节农机忙", "图为农机手在田间作业。", credit)
    [article] = cut_articles(text)[0]
    assert credits(article) == expected
    assert "本报" not in [c.name for c in article.credits]


def test_a_lead_byline_without_a_role_word_names_the_reporter(lay):
    text = lay(["某区工会开展普法宣传"],
        "某区工会开展普法宣传",
        "本报讯 王五报道 近日，杭州市上城区总工会走进社区开展普法宣传活动。",
    )
    [article] = cut_articles(text)[0]
    assert credits(article) == [("王五", Role.REPORTER)]
    assert not article.body.startswith(("王五", "本报讯"))


def test_dated_agency_leads_and_stationed_reporters(lay):
    text = lay(["全国职工技能大赛开幕", "南非华人工会举行年会"],
               "全国职工技能大赛开幕",
               "本报北京１月４日讯新华社记者陈雁、本报记者何加正报道：第七届全国职工职业技能大赛"
               "今天在北京开幕，来自全国各地的八百余名选手参赛。",
               "南非华人工会举行年会",
               "据新华社约翰内斯堡１月５日电（记者李明）南非华人工会日前举行年会，本报驻南非记者"
               "温宪出席。")
    first, second = cut_articles(text)[0]
    assert first.title == "全国职工技能大赛开幕"
    assert credits(first) == [("陈雁", Role.REPORTER), ("何加正", Role.REPORTER)]
    assert first.body.startswith("第七届全国职工职业技能大赛今天在北京开幕")
    assert second.title == "南非华人工会举行年会"
    assert credits(second) == [("李明", Role.REPORTER)]


def test_bracketed_credits_and_datelines_close_the_item_above(lay):
    text = lay(["冬泳迎新年", "职工冰雪运动会开幕"],
               "冬泳迎新年",
               "元旦当天，近千名冬泳爱好者在湖中畅游，迎接新年。",
               "（新华社记者张鲁成摄）（传真照片）",
               "职工冰雪运动会开幕",
               "本报讯 近日，哈尔滨市总工会举办职工冰雪运动会，两千余名职工参加。",
               "（本报哈尔滨１月５日电）")
    picture, story = cut_articles(text)[0]
    assert (picture.title, picture.kind) == ("冬泳迎新年", Kind.PHOTO)
    assert credits(picture) == [("张鲁成", Role.PHOTOGRAPHER)]
    assert story.title == "职工冰雪运动会开幕" and story.kicker == ""
    assert "电）" not in story.body and "摄）" not in story.body


def test_a_brief_signed_with_its_writers_name_in_brackets(lay):
    text = lay(["职工书屋开放", "春风送岗位"],
               "职工书屋开放",
               "近日，湖州市南浔区一家企业的职工书屋正式开放，配备图书两千余册。（王五）",
               "春风送岗位",
               "近日，湖州市德清县总工会举办春风行动招聘会，提供岗位八百余个。")
    first, second = cut_articles(text)[0]
    assert credits(first) == [("王五", Role.AUTHOR)]
    assert first.body.endswith("配备图书两千余册。")
    assert second.title == "春风送岗位" and not second.credits


def test_a_column_break_inside_a_credited_name_is_joined():
    text = "\n\n".join(["职工篮球赛开赛", "本报讯 通讯员王", "晓峰报道 近日，宁波市鄞州区总工会举办职工篮球赛。"])
    [article] = cut_articles(text)[0]
    assert credits(article) == [("王晓峰", Role.CORRESPONDENT)]
    assert article.body.startswith("近日，宁波市鄞州区总工会")


# -- repairs and punctuation ----------------------------------------------------------------
@pytest.mark.parametrize("correct", ["理事会会长", "新街街道", "工作作风", "出口口岸", "人人都是"])
def test_a_doubled_character_of_two_real_words_is_left_alone(correct):
    text = f"本报讯 记者王明报道 近日，{correct}的事迹在职工中传开。"
    [article], warnings = cut_articles(text)
    assert correct in article.body
    assert not any("重复字" in w for w in warnings + article.review_reasons)


def test_a_suspected_slip_is_listed_for_staff_with_its_probable_reading():
    text = "本报讯 记者王明报道 近日，该公公司召开召开职工代表大会。"
    [article], warnings = cut_articles(text)
    assert "该公公司召开召开职工代表大会。" in article.body  # as printed
    assert "可能有识别错误的重复字，原文未改动" in article.review_reasons
    assert "可能有识别错误的重复字（未改动）：“近日，该公公司召开召开”或应为“近日，该公司召开召开”" in warnings
    assert "可能有识别错误的重复字（未改动）：“该公公司召开召开职工代表”或应为“该公公司召开职工代表”" in warnings


def test_half_width_punctuation_between_chinese_becomes_full_width_in_the_shown_text():
    text = "劳模当“导游”,致敬逆行者\n\n本报讯 记者王明报道 张掖市总:10项措施支持民营企业(试行),服务职工;效果好!"
    draft = build_page(text.encode(), PageSource("p.txt", "工人日报", date(2021, 4, 8)))
    [article] = draft.articles
    assert article.title == "劳模当“导游”，致敬逆行者"
    assert "张掖市总：10项措施支持民营企业（试行），服务职工；效果好！" in article.body
    assert "“导游”," in draft.original_text  # the page as received keeps what was printed


# -- the sample pages laid out as raw OCR ---------------------------------------------------
SAMPLE_PAGES = {  # file: the paper's home province (None: a national paper)
    "000_e56401c083caef72.txt": ZHEJIANG,
    "001_1b9d941f03bec160.txt": ZHEJIANG,
    "002_e80f7a4e58440405.txt": None,
    "003_345039c405546bf1.txt": ZHEJIANG,
}
AGREEMENT = 0.95
INDENT = "\u3000\u3000"  # two full-width spaces before a paragraph's first line


def _reading(article: ArticleDraft) -> dict[str, object]:
    """What a reader sees of an article, field by field."""
    return {
        "title block": (article.kicker, article.title, article.subtitle),
        "place": article.place,
        "union": [u.name for u in article.unions[:1]],
        "bylines": credits(article),
    }


@pytest.mark.parametrize("name", SAMPLE_PAGES)
def test_a_sample_page_laid_out_as_raw_ocr_cuts_into_the_same_articles(name):
    """Each sample page hard-wrapped at every column width from 16 to 24 (one width for the
    page; a width per article, with paragraphs indented and not), with some blank lines
    after headlines and between paragraphs dropped (seeded by the width): the same articles,
    with the same text, titles, places, unions and bylines, in at least 95 % of cases per
    field; the original's paragraphs come out whole."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    province = SAMPLE_PAGES[name]
    original = page(text, province)
    headlines = [part for a in original for part in (a.kicker, a.title, a.subtitle) if part]
    agreed: dict[str, int] = dict.fromkeys(["body", *_reading(original[0])], 0)
    paragraphs = whole = cases = 0
    for width in COLUMN_WIDTHS:
        for widths, indent in (([width], ""), (COLUMN_WIDTHS, ""), (COLUMN_WIDTHS, INDENT)):
            raw = hard_wrapped(text, headlines, seed=width, widths=widths, indent=indent)
            assert raw.count("\n") > 3 * text.count("\n\n"), "the page was not re-wrapped"
            cut = page(raw, province)
            assert len(cut) == len(original), (width, [a.title for a in cut])
            by_text = {a.body.replace("\n", ""): a for a in cut}
            shown = [p for a in cut for p in a.paragraphs]
            for article in original:
                cases += 1
                paragraphs += len(article.paragraphs)
                whole += sum(any(p in q for q in shown) for p in article.paragraphs)
                same = by_text.get(article.body.replace("\n", ""))
                if same is None:
                    continue
                agreed["body"] += 1
                for field, value in _reading(article).items():
                    agreed[field] += _reading(same)[field] == value
    shares = {field: count / cases for field, count in agreed.items()}
    assert all(share >= AGREEMENT for share in shares.values()), shares
    assert whole / paragraphs >= AGREEMENT, whole / paragraphs
