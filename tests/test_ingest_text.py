"""The text stages of the importer on real pages: what a reader of the archive would notice."""
from __future__ import annotations

from pathlib import Path

import pytest

from archive.ingest.bylines import parse_credit_line, parse_lead_byline, parse_signature
from archive.ingest.clean import remove_control_chars, split_blocks
from archive.ingest.decode import decode_page
from archive.ingest.ocr import repair_slips, suspected_doubles
from archive.ingest.articles import cut_articles
from archive.ingest.rejoin import rejoin_column_breaks
from archive.ingest.types import ArticleDraft, IngestError, Kind, Role

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
PAGE_2019_11_21 = "000_e56401c083caef72.txt"
PAGE_2019_11_14 = "001_1b9d941f03bec160.txt"
PAGE_WORKERS_DAILY = "002_e80f7a4e58440405.txt"
PAGE_2020_06_15 = "003_345039c405546bf1.txt"


def seed_text(name: str) -> str:
    return (SEEDS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pages() -> dict[str, list[ArticleDraft]]:
    return {name: cut_articles(seed_text(name))[0] for name in (
        PAGE_2019_11_21, PAGE_2019_11_14, PAGE_WORKERS_DAILY, PAGE_2020_06_15)}


def by_title(articles: list[ArticleDraft], fragment: str) -> ArticleDraft:
    found = [a for a in articles if fragment in a.title]
    assert len(found) == 1, f"{fragment!r} in {[a.title for a in articles]}"
    return found[0]


def all_text(articles: list[ArticleDraft]) -> str:
    return "\n".join(a.body for a in articles)


# -- decode ---------------------------------------------------------------------------------
def test_decode_accepts_utf8_with_bom_and_gb18030():
    text = "本报讯 记者羊荣江报道 金华市总工会开展疗休养活动。"
    assert decode_page(b"\xef\xbb\xbf" + text.encode(), "a.txt") == text
    assert decode_page(text.encode("gb18030"), "b.txt") == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件为空"),
        (b"  \n\r\n\t ", "只有空白"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "不是文本文件"),
        (b"\xff\xfe\xfa\xfb\xfc" * 20, "无法识别文字编码"),
        (b"just an English page, no Chinese at all\n", "没有中文"),
    ],
)
def test_decode_refuses_what_is_not_a_page(data, message):
    with pytest.raises(IngestError) as raised:
        decode_page(data, "bad.txt")
    assert "bad.txt" in str(raised.value)
    assert message in str(raised.value)


def test_decode_refuses_oversize_files():
    with pytest.raises(IngestError, match="文件过大"):
        decode_page("工会".encode() * 1000, "big.txt", max_bytes=1000)


# -- clean and rejoin -----------------------------------------------------------------------
def test_markdown_marks_are_stripped_and_headings_remembered():
    blocks = split_blocks(seed_text(PAGE_WORKERS_DAILY))
    title = next(b for b in blocks if "绍兴柯桥区百名工会干部进千企" in b.text)
    assert title.text == "绍兴柯桥区百名工会干部进千企" and title.heading == 1
    assert not any("**" in b.text or b.text.startswith("#") for b in blocks)
    lead = next(b for b in blocks if "李丹青" in b.text)
    assert lead.text.startswith("本报讯 (记者李丹青")


def test_a_word_split_by_a_column_break_is_joined_back():
    blocks = rejoin_column_breaks(split_blocks(seed_text(PAGE_2019_11_21)))
    texts = [b.text for b in blocks]
    assert any("针对职工反映强烈的疗休养政策，开展了疗休养政策落实情况检查" in t for t in texts)
    assert any("县总工会领导班子针对以上问题" in t for t in texts)
    # Two headline lines of one title block stay two lines.
    assert "舟山市三方共建公共法律服务协作机制" in texts
    assert "服务更专业 职工少跑路" in texts


def test_block_offsets_point_into_the_page_as_received():
    text = seed_text(PAGE_WORKERS_DAILY)
    for block in rejoin_column_breaks(split_blocks(text)):
        assert text[block.start:block.end].replace("#", "").replace("*", "").strip()


# -- bylines, credits, signatures -----------------------------------------------------------
@pytest.mark.parametrize(
    ("lead", "byline", "credits"),
    [
        ("本报讯 记者羊荣江 报道 金华市总工会党组", "本报讯 记者羊荣江 报道",
         [("羊荣江", Role.REPORTER)]),
        ("本报讯 见习记者何良玉 通讯员邢守秒报道 日前，舟山市", None,
         [("何良玉", Role.REPORTER), ("邢守秒", Role.CORRESPONDENT)]),
        ("本报讯 (记者王伟 通讯员伍瑞庆 王槐文)记者日前从", "本报讯 (记者王伟 通讯员伍瑞庆 王槐文)",
         [("王伟", Role.REPORTER), ("伍瑞庆", Role.CORRESPONDENT), ("王槐文", Role.CORRESPONDENT)]),
        ("本报讯（通讯员谢红江 记者毛浓曦）记者近日从", None,
         [("谢红江", Role.CORRESPONDENT), ("毛浓曦", Role.REPORTER)]),
        ("记者程雪 通讯员朱健报道 “1号选手快如闪电", "记者程雪 通讯员朱健报道",
         [("程雪", Role.REPORTER), ("朱健", Role.CORRESPONDENT)]),
        ("本报讯 通讯员马晓琛摄影报道 为扎实开展", None,
         [("马晓琛", Role.CORRESPONDENT), ("马晓琛", Role.PHOTOGRAPHER)]),
    ],
)
def test_lead_bylines_are_parsed(lead, byline, credits):
    parsed = parse_lead_byline(lead)
    assert parsed is not None
    if byline:
        assert parsed.text == byline
    assert [(c.name, c.role) for c in parsed.credits] == credits
    assert parsed.rest and lead.endswith(parsed.rest)
    assert not any(name in parsed.rest for name, _ in credits)


def test_running_text_is_not_a_byline():
    assert parse_lead_byline("记者日前从江苏省扬州市总工会获悉，从今年3月起") is None
    assert parse_credit_line("丽水莲都区总工会工作人员学习划线员工作。") is None


def test_photo_credits_and_signatures():
    assert [(c.name, c.role) for c in parse_credit_line("毕兴世 摄")] == [
        ("毕兴世", Role.PHOTOGRAPHER)]
    names = {c.name for c in parse_credit_line("通讯员王晓、刘海山、李栋 摄影报道")}
    assert names == {"王晓", "刘海山", "李栋"}
    assert [c.name for c in parse_signature("■郑建钢")] == ["郑建钢"]
    assert [c.name for c in parse_signature("■丽水莲都区总工会程美双")] == ["程美双"]


# -- OCR slips ------------------------------------------------------------------------------
def test_a_stray_and_between_chinese_words_is_repaired():
    assert repair_slips("更了解企业 and 职工所盼所愿")[0] == "更了解企业和职工所盼所愿"


@pytest.mark.parametrize(
    ("slip", "reading"),
    [
        ("先后有33家公公司（商铺）", "“有33家公公司（商铺）”或应为“有33家公司（商铺）”"),
        ("集团公司召开召开一届六次", "“集团公司召开召开一届六次”或应为“集团公司召开一届六次”"),
        ("改善职工生活后后勤保障条件", "“职工生活后后勤保障条件”或应为“职工生活后勤保障条件”"),
    ],
)
def test_doubled_characters_are_pointed_out_and_left_as_printed(slip, reading):
    assert repair_slips(slip) == (slip, [])
    assert [d.suggestion for d in suspected_doubles(slip)] == [reading]


@pytest.mark.parametrize("text", ["工作作风", "常常说起", "人人都是", "红红火火", "一代代人",
                                  "一步一步地深化", "1998年年初"])
def test_real_reduplication_is_left_alone(text):
    assert repair_slips(text) == (text, [])
    assert suspected_doubles(text) == []


# -- whole pages ----------------------------------------------------------------------------
def test_zhejiang_page_of_2019_11_21(pages):
    articles = pages[PAGE_2019_11_21]
    assert [a.title for a in articles if not a.title_derived] == [
        "金华市总工会： 坚持高站位 坚持学思用 坚持动真格",
        "奔着问题去 揪住问题改",
        "服务更专业 职工少跑路",
        "比比谁是垃圾分类达人",
        "宁波鄞州成立 “鄞领服务联盟”",
        "楠溪江见证我们的爱",
        "面向基层的 “文艺轻骑兵” 多多益善",
    ]
    assert len(articles) == 8
    changshan = by_title(articles, "奔着问题去")
    assert changshan.subtitle == "常山县总工会推动普惠服务走深走实"
    assert [(c.name, c.role) for c in changshan.credits] == [
        ("杨叶根", Role.CORRESPONDENT), ("潘仙德", Role.REPORTER)]
    zhoushan = by_title(articles, "职工少跑路")
    assert zhoushan.kicker == "舟山市三方共建公共法律服务协作机制"
    assert by_title(articles, "垃圾分类达人").kind is Kind.PHOTO
    commentary = by_title(articles, "文艺轻骑兵")
    assert commentary.kind is Kind.COMMENTARY
    assert [(c.name, c.role) for c in commentary.credits] == [("郑建钢", Role.AUTHOR)]


def test_repeated_paragraphs_appear_once_and_split_words_are_whole(pages):
    articles = pages[PAGE_2019_11_21]
    text = all_text(articles)
    assert text.count("以“刀刃向内”的勇气推进整改") == 1
    assert text.count("以“一竿子到底”的劲头深入调研") == 1
    assert "疗休养政策，开展了疗休养政策落实情况检查" in text
    assert not any(p.endswith("疗休养政") for a in articles for p in a.paragraphs)
    # a doubled character is pointed out to staff, never changed: 公公司 could be a word pair
    assert "33家公公司（商铺）" in text
    slipped = next(a for a in articles if "公公司" in a.body)
    assert "可能有识别错误的重复字，原文未改动" in slipped.review_reasons


def test_an_article_that_lost_its_title_is_kept_flagged_and_titled_from_its_lead(pages):
    untitled = [a for a in pages[PAGE_2019_11_21] if a.title_derived]
    assert len(untitled) == 1
    article = untitled[0]
    assert "江干区总工会" in article.title
    assert article.lead.startswith("为扎实开展")
    assert any("缺标题" in reason for reason in article.review_reasons)
    assert ("马晓琛", Role.PHOTOGRAPHER) in [(c.name, c.role) for c in article.credits]


def test_feature_section_headings_stay_inside_their_article(pages):
    articles = pages[PAGE_2019_11_14]
    assert len(articles) == 8
    taishun = by_title(articles, "泰顺县总工会")
    assert taishun.kind is Kind.FEATURE
    for heading in ("依托党建共建 助力经济发展", "依托职工疗休养基地 助力旅游发展"):
        assert heading in taishun.paragraphs
    yaozhuang = by_title(articles, "念好“强实活”三字经")
    assert {"让能力强起来", "让服务实起来", "让形象活起来"} <= set(yaozhuang.paragraphs)
    first = by_title(articles, "跟随劳模践初心")
    assert (first.kicker, first.subtitle) == (
        "“不忘初心 牢记使命”主题教育", "嘉兴南湖区委总工会党员干部开展劳动研学活动")


def test_interleaved_titles_and_text_go_back_to_their_articles(pages):
    articles = pages[PAGE_WORKERS_DAILY]
    qingdao = by_title(articles, "青岛市总密织工会维权网络")
    assert qingdao.byline == "本报讯 (记者杨明清)"
    assert "成立工会法律服务律师团，聘任202名律师" in qingdao.body
    assert not qingdao.title_derived
    yinchuan = by_title(articles, "银川市总千堂百场公益课提升职工幸福感")
    assert yinchuan.kicker == "采取“大讲堂+流动学堂+微讲堂”模式，提供普惠性文化服务"
    assert "给予相应扶持。在兴庆区工会" in yinchuan.body
    kechiao = by_title(articles, "绍兴柯桥区百名工会干部进千企")
    assert kechiao.kicker == "多走动 常联系 聊得开 谈得拢"
    assert kechiao.subtitle.startswith("活动规定，100名区镇两级工会干部")
    assert "企业和职工所盼所愿" in kechiao.body


def test_photo_item_and_continued_feature_on_the_national_page(pages):
    articles = pages[PAGE_WORKERS_DAILY]
    photo = by_title(articles, "家政培训")
    assert photo.kind is Kind.PHOTO
    assert photo.byline == "毕兴世 摄 视觉中国"
    feature = by_title(articles, "坚持不懈增“三性”")
    assert feature.kind is Kind.FEATURE
    assert [(c.direction, c.page) for c in feature.continuations] == [("from", 1)]
    assert "有的放矢重宣讲 深入人心求实效" in feature.paragraphs
    assert feature.review_reasons  # the jumped text's place in the article is uncertain
    tongHao = by_title(articles, "通号集团机电公司实行年金制")
    assert "召开召开一届六次职工代表大会" in tongHao.body and tongHao.kind is Kind.BRIEF


def test_a_paragraph_cut_short_at_the_foot_of_the_page_is_completed(pages):
    articles = pages[PAGE_2020_06_15]
    assert len(articles) == 7
    jiangbei = articles[-1]
    assert "宁波江北区" in jiangbei.title and jiangbei.title_derived
    assert jiangbei.paragraphs[-1].startswith("近年来，江北区总工会以实际行动诠释初心")
    changxing = by_title(articles, "工友们，说出你的心里话！")
    assert (changxing.kicker, changxing.subtitle) == (
        "当一周工人 体工会初心", "长兴工会干部带“八个一”进车间")
    assert "江北区" not in changxing.body
    assert all_text(articles).count("实际行动诠释初心") == 1


def test_the_same_rules_hold_for_a_page_in_another_shape():
    """A page set differently: CRLF line ends, full-width brackets, jump lines, Markdown."""
    page = "\r\n".join([
        "## 余杭区总工会开展职工疗休养",
        "",
        "本报讯（记者 陈伟 通讯员 李娜）近日，杭州市余杭区总工会组织200名一线职工开展疗",
        "",
        "休养活动，职工们走进良渚古城遗址公园。",
        "",
        "活动共分四批进行。(下转第3版)",
        "",
        "### 工会送清凉",
        "",
        "7月10日，绍兴市总工会为高温下坚守岗位的环卫工人送去慰问品。",
        "",
        "通讯员 王芳 摄",
        "",
    ])
    articles, _ = cut_articles(page)
    assert [a.title for a in articles] == ["余杭区总工会开展职工疗休养", "工会送清凉"]
    news, photo = articles
    assert "开展疗休养活动，职工们走进良渚古城遗址公园。" in news.paragraphs[0]
    assert [(c.name, c.role) for c in news.credits] == [
        ("陈伟", Role.REPORTER), ("李娜", Role.CORRESPONDENT)]
    assert [(c.direction, c.page) for c in news.continuations] == [("to", 3)]
    assert "下转" not in news.body
    assert photo.kind is Kind.PHOTO
    assert ("王芳", Role.PHOTOGRAPHER) in [(c.name, c.role) for c in photo.credits]


def test_a_page_that_keeps_printed_line_breaks():
    """Lines of one printed width belong to one paragraph; a standalone byline signs the item."""
    page = "\n".join([
        "湖州市总工会启动职工疗休养",
        "",
        "本报记者 程雪 通讯员 俞文忠",
        "",
        "近日，湖州市总工会启动2021年度职工疗休养",
        "活动，首批200名一线职工分赴安吉、德清等地",
        "开展为期三天的疗休养。活动由市总工会统一组",
        "织，全程免费参与。",
        "",
        "据了解，今年全市计划安排疗休养职工一万余名",
        "，重点向一线职工、劳动模范和困难职工倾斜。",
        "",
        "新华社北京3月1日电（记者 李明）全国总工会近日印发通知，部署开展",
        "“工会进万家”活动。",
        "",
        "图为职工在安吉竹博园参观。 通讯员 俞文忠 摄",
    ])
    articles, _ = cut_articles(page)
    first = articles[0]
    assert first.title == "湖州市总工会启动职工疗休养"
    assert [(c.name, c.role) for c in first.credits][:2] == [
        ("程雪", Role.REPORTER), ("俞文忠", Role.CORRESPONDENT)]
    assert first.paragraphs[0] == (
        "近日，湖州市总工会启动2021年度职工疗休养活动，首批200名一线职工分赴安吉、德清等地"
        "开展为期三天的疗休养。活动由市总工会统一组织，全程免费参与。")
    dispatch = next(a for a in articles if a.byline.startswith("新华社北京3月1日电"))
    assert [(c.name, c.role) for c in dispatch.credits][0] == ("李明", Role.REPORTER)
    assert "“工会进万家”活动。" in dispatch.body
    assert "图为职工在安吉竹博园参观。" in all_text(articles)
    assert ("俞文忠", Role.PHOTOGRAPHER) in [
        (c.name, c.role) for a in articles for c in a.credits]


@pytest.mark.parametrize("name", [PAGE_WORKERS_DAILY, PAGE_2020_06_15])
def test_markdown_and_plain_text_of_one_page_give_the_same_articles(pages, name):
    """Markup helps but is not needed: the same page typed as plain text cuts the same way."""
    plain = "\n".join(
        line.lstrip("#").strip().replace("**", "") for line in seed_text(name).splitlines()
    )
    articles, _ = cut_articles(plain)

    def title_block(article: ArticleDraft) -> set[str]:
        return {part for part in (article.kicker, article.title, article.subtitle) if part}

    assert [title_block(a) for a in articles] == [title_block(a) for a in pages[name]]
    assert [a.body for a in articles] == [a.body for a in pages[name]]


@pytest.mark.parametrize("name", [PAGE_2019_11_21, PAGE_2019_11_14, PAGE_WORKERS_DAILY,
                                  PAGE_2020_06_15])
def test_a_page_with_page_breaks_and_stray_escapes_cuts_as_the_clean_one(pages, name):
    """pdftotext's form feeds between paragraphs, a vertical tab for a line break and escape
    bytes inside words: once cleaned, the page cuts into the same articles, word for word."""
    paragraphs = seed_text(name).split("\n\n")
    noisy = "\n\n".join(
        ("\f" + p if n % 4 == 3 else p).replace("工会", "工\x1b会", 1) for n, p in enumerate(paragraphs)
    ).replace("\n", "\x0b", 1)
    text, notes = remove_control_chars(noisy)
    assert notes and "控制字符" in notes[0]
    articles, _ = cut_articles(text)

    def title_block(article: ArticleDraft) -> tuple[str, str, str]:
        return (article.kicker, article.title, article.subtitle)

    assert [title_block(a) for a in articles] == [title_block(a) for a in pages[name]]
    assert [a.body for a in articles] == [a.body for a in pages[name]]
