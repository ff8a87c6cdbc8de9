"""The shapes union names take in running text — pure string work, no gazetteer.

Papers name a union in a handful of shapes: a place followed by 总工会 (or the clipped 总, or
an OCR slip 总会), a township (镇/乡/街道) followed by 总工会, 中国X工会 for the national
industry unions, an organisation followed by 工会 (东磁公司工会), X产业工会 and X联合工会.
Where such a name begins is found by ``name_bounds``; a name that cannot be bounded, or
whose distinguishing part is generic (村级联合工会, 各产业工会, 该公司工会), is no body.

Which place a place-based union belongs to needs the gazetteer; that is done in
``archive.ingest.unions``. This module only answers questions about the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Collection, Iterator

from .name_bounds import Words

NATIONAL_NAME = "中华全国总工会"

# Words that make an organisation name generic when it starts with them: 村级联合工会,
# 所属企业工会, 集团公司工会 (a one-character stem such as 子公司 is generic anyway).
_GENERIC_OPENINGS = tuple(
    "村级 区域 行业 基层 各级 各类 所属 下属 有关 相关 集团 企业 单位 一线 新建 新成立 小微 非公 "
    "社区 乡镇 镇街 全国 地方 当地 上级".split()
)
_GENERIC_FIRST = "各该其每某"
_CLIPPED_LEVEL = "省市县区"
_LEVEL_WORDS = tuple("市场 市民 市政 区域 县域 省级 市级 县级 区级".split())

# What follows a place name when the place's union is meant.
_ADMIN_TAIL = re.compile(r"(?P<wei>委)?(?P<word>总工会|总会|总|工会)")
_LEVEL_SUFFIXES = "省市区县旗"

# Clipped forms without the place: 市总工会, 县总, 区委总工会 (only after their place was named).
_BARE_ADMIN = re.compile(r"(?P<level>[省市区县])(?P<wei>委)?(?P<word>总工会|总)")

_NATIONAL = re.compile(r"(?:中华)?全国总工会|全总")
# 中国国防邮电工会, 中国机械冶金建材工会 — the national industry unions.
_NATIONAL_INDUSTRY = re.compile(r"中国(?P<trade>[\u4e00-\u9fff]{2,8}?)工会")
_NOT_A_TRADE = re.compile(r"特色|社会主义|工人|职工|劳动|梦|式|的|和|与|及|总")

_ORG_SUFFIXES = (
    "公司", "集团", "厂", "医院", "银行", "大学", "学院", "学校", "研究院", "研究所", "事务所",
    "酒店", "局",
)
_ORGANISATION_UNION = re.compile("(?P<suffix>" + "|".join(_ORG_SUFFIXES) + ")工会")
_COMPANY = re.compile(r"(?:有限责任公司|股份有限公司|有限公司|集团公司|公司|集团)")
_INDUSTRY_UNION = re.compile(r"(?P<kind>产业|行业)工会")
_JOINT_UNION = re.compile(r"联合工会")
_TOWNSHIP_UNION = re.compile(r"(?P<suffix>镇|乡|街道)总工会")

# What 总 means "total" or "chief" with when jieba keeps the two apart: 市总投资, 市总里程.
_AFTER_ZONG_NOT_UNION = tuple(
    "投资 规模 里程 面积 人口 产值 收入 支出 金额 数量 产量 销量 人数 户数 长度 容量 装机 资产 营收 "
    "利润 税收 排名 得分 成本 造价 用电 用水 能耗 排放 储量 预算 经费 开支 建筑 编 量 额 数 值 价 分 "
    "体 计 共 结 部 队 站 局 院 署 监 裁 指挥 工程师 设计师 经理 代表 决赛 冠军 成绩 商会".split()
)

MAX_TOWNSHIP_STEM = 4
_COMMON_TOWN_WORDS = frozenset("乡镇 城镇 村镇 集镇 小镇 古镇 重镇 名镇 各镇 全镇 本镇 该镇 城乡 各乡 全乡".split())
_LEADING_NUMBER = re.compile(r"^[0-9０-９一二三四五六七八九十百千万两几多数]+[家个所座名]?")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _strip_leading_number(stem: str) -> str:
    """这12家公司 → 公司: a count before a name is not part of it."""
    match = _LEADING_NUMBER.match(stem)
    return stem[match.end():] if match else stem


_HONOURS = re.compile(r"[^，。；！？]{0,4}?(?:公布|授予|命名|表彰|颁发|评选|认定|授牌)")
_CELEBRATES = re.compile(r"(?:庆祝|纪念|迎接)[^，。]{0,4}$")


def in_passing(text: str, start: int, end: int) -> bool:
    """A union named at ``text[start:end]`` as the body that honours others (中华全国总工会
    公布了…名单, 命名, 授予) or as the occasion (庆祝中华全国总工会成立100周年): not the
    union the story is about."""
    if _HONOURS.match(text, end):
        return True
    return bool(_CELEBRATES.search(text[max(0, start - 8):start])) and text.startswith("成立", end)


def is_generic_stem(stem: str) -> bool:
    """True when a name's distinguishing part says nothing: 村级旅游, 子, 各产业, 该."""
    if len(_HAN.findall(stem)) < 2:
        return True
    if stem[0] in _CLIPPED_LEVEL and not stem.startswith(_LEVEL_WORDS):
        return True  # 市交通运输局: the city's bureau, its city left to the reader
    return stem.startswith(_GENERIC_OPENINGS) or stem[0] in _GENERIC_FIRST


@dataclass(frozen=True)
class NameHit:
    """A union named by its own words (no place lookup needed to say what it is).

    ``kind`` is one of national, national_industry, industry, enterprise, company_generic,
    joint, township. ``stem`` is the distinguishing part (东磁公司, 姚庄镇, 左溪旅游) and
    ``name`` the union's name as printed without any place prefix.
    """

    kind: str
    start: int
    end: int
    stem: str
    name: str


@dataclass(frozen=True)
class AdminTail:
    """What follows a place name: 总工会, 委总工会, the clipped 总, the slip 总会, or 工会."""

    end: int
    word: str  # 总工会 | 总 | 总会 | 工会
    wei: bool  # 区委总工会 (a misprint for 区总工会)


@dataclass(frozen=True)
class BareHit:
    """A union named by its level alone (市总工会, 县总), to be resolved from context."""

    level: str  # 省 | 市 | 区 | 县
    start: int
    end: int
    surface: str


def admin_tail(words: Words, position: int) -> AdminTail | None:
    """The union word right after a place name ending at ``position``, if it is one."""
    text = words.text
    match = _ADMIN_TAIL.match(text, position)
    if not match:
        return None
    word = match.group("word")
    end = match.end()
    if word == "总" and not _clipped_zong(words, end):
        return None
    return AdminTail(end=end, word=word, wei=bool(match.group("wei")))


def bare_admin_hits(words: Words) -> list[BareHit]:
    """市总工会, 县总, 区委总工会 standing on their own, as whole words.

    The level character must open a word (so 全省总工会 and 各市总工会 — the unions of a whole
    province, of every city — are not read as 省总工会 or 市总工会), and a clipped 总 must end
    one (市总体规划 is no union).
    """
    text = words.text
    hits: list[BareHit] = []
    for match in _BARE_ADMIN.finditer(text):
        start, end = match.start(), match.end()
        if not words.is_boundary(start):
            continue
        if start > 0 and text[start - 1] in "各全该每等两多诸其省市县区乡镇(（":
            continue
        if _listed_level(text, start):
            continue
        if match.group("word") == "总" and not _clipped_zong(words, end):
            continue
        hits.append(BareHit(level=match.group("level"), start=start, end=end, surface=match.group()))
    return hits


def _clipped_zong(words: Words, end: int) -> bool:
    """Whether a 总 ending at ``end`` is the clipped 总工会 (扬州市总联合…), not 总体 or 总投资."""
    if not words.is_boundary(end) or words.text.startswith("工会", end):
        return False
    return not words.text.startswith(_AFTER_ZONG_NOT_UNION, end)


def _listed_level(text: str, start: int) -> bool:
    """市、县总工会 or 市和县总工会: unions of several levels at once, not one body."""
    if start >= 2 and text[start - 1] in "、和及与" and text[start - 2] in "省市县区乡镇":
        return True
    return False


def national_hits(words: Words) -> list[NameHit]:
    """中华全国总工会, 全国总工会 and 全总 (the last only as a word of its own)."""
    text = words.text
    hits = []
    for match in _NATIONAL.finditer(text):
        start, end = match.start(), match.end()
        if match.group() == "全总":
            if not words.is_boundary(start):
                continue  # 安全总监, 健全总体
            if not (words.is_boundary(end) or text.startswith("工会", end)):
                continue
        hits.append(NameHit("national", start, end, NATIONAL_NAME, match.group()))
    return hits


def national_industry_hits(words: Words) -> list[NameHit]:
    """中国X工会 where X names a trade (国防邮电), not 中国特色社会主义工会 or 中国工会."""
    text = words.text
    hits = []
    for match in _NATIONAL_INDUSTRY.finditer(text):
        trade = match.group("trade")
        if _NOT_A_TRADE.search(trade) or trade.endswith(_ORG_SUFFIXES):
            continue
        if not words.is_boundary(match.start()):
            continue
        hits.append(NameHit("national_industry", match.start(), match.end(), trade, match.group()))
    return hits


def organisation_hits(words: Words, stops: Collection[int] = ()) -> list[NameHit]:
    """Company and institution unions: 东磁公司工会, 杭州新星光电有限公司工会.

    A bare 公司工会 (the company's union, company named elsewhere) comes back as
    ``company_generic`` with an empty stem; a name that cannot be bounded is dropped.
    """
    hits = []
    for match in _ORGANISATION_UNION.finditer(words.text):
        suffix_start = match.start("suffix")
        start = words.name_start(suffix_start, stops)
        if start is None:
            continue
        stem = _strip_leading_number(words.text[start:suffix_start])
        start = suffix_start - len(stem)
        if is_generic_stem(stem):
            if match.group("suffix") == "公司" and not stem.strip():
                hits.append(NameHit("company_generic", suffix_start, match.end(), "", match.group()))
            continue
        org = stem + match.group("suffix")
        hits.append(NameHit("enterprise", start, match.end(), org, org + "工会"))
    return hits


def company_names(words: Words, stops: Collection[int] = ()) -> list[tuple[int, int, str]]:
    """Company names printed in the text (start, end, name), to give 公司工会 its company."""
    names: list[tuple[int, int, str]] = []
    for start, match, stem in _named_stems(words, _COMPANY, stops):
        while names and start <= names[-1][0]:
            names.pop()  # 浙江绿康医养集团 is the start of 浙江绿康医养集团有限公司
        names.append((start, match.end(), stem + match.group()))
    return names


def industry_hits(words: Words, stops: Collection[int] = ()) -> list[NameHit]:
    """X产业工会 / X行业工会 with a real X (not 各产业工会, 系统和产业工会)."""
    return _stemmed_hits(words, _INDUSTRY_UNION, "industry", stops)


def joint_hits(words: Words, stops: Collection[int] = ()) -> list[NameHit]:
    """X联合工会 with a real X (左溪旅游联合工会; not 村级联合工会)."""
    return _stemmed_hits(words, _JOINT_UNION, "joint", stops)


def _stemmed_hits(words: Words, pattern: re.Pattern[str], kind: str, stops: Collection[int]) -> list[NameHit]:
    return [
        NameHit(kind, start, match.end(), stem, stem + match.group())
        for start, match, stem in _named_stems(words, pattern, stops)
    ]


def _named_stems(
    words: Words, pattern: re.Pattern[str], stops: Collection[int]
) -> Iterator[tuple[int, re.Match[str], str]]:
    """Each match of ``pattern`` with the real name before it: (start, match, name)."""
    for match in pattern.finditer(words.text):
        start = words.name_start(match.start(), stops)
        if start is None:
            continue
        stem = _strip_leading_number(words.text[start:match.start()])
        if is_generic_stem(stem):
            continue
        yield match.start() - len(stem), match, stem


def township_hits(words: Words, stops: Collection[int] = ()) -> list[NameHit]:
    """姚庄镇总工会, 彭埠街道总工会: the township's own name, two to four characters.

    ``stops`` are the ends of place names, so 嘉善姚庄镇 gives 姚庄镇 (with 嘉善 as its
    county) rather than a township called 嘉善姚庄.
    """
    text = words.text
    hits = []
    for match in _TOWNSHIP_UNION.finditer(text):
        suffix_start = match.start("suffix")
        start = words.name_start(suffix_start, stops)
        if start is None:
            continue
        if suffix_start - start > MAX_TOWNSHIP_STEM:
            start = _trim_to_words(words, start, suffix_start)
            if start is None:
                continue
        stem = text[start:suffix_start]
        if len(stem) < 2 or is_generic_stem(stem) or _common_word_at(words, suffix_start):
            continue
        township = stem + match.group("suffix")
        hits.append(NameHit("township", start, match.end(), township, township + "总工会"))
    return hits


def _common_word_at(words: Words, position: int) -> bool:
    """True when 镇/乡 at ``position`` ends a common noun (乡镇, 城镇, 小镇), not a name."""
    for token in words.tokens:
        if token.start < position < token.end:
            return token.word in _COMMON_TOWN_WORDS
    return False


def _trim_to_words(words: Words, start: int, end: int) -> int | None:
    """The earliest word start that leaves a township stem of two to four characters."""
    for token in words.tokens:
        if start <= token.start and 2 <= end - token.start <= MAX_TOWNSHIP_STEM:
            return token.start
    return None


def place_level_char(name: str) -> str:
    """The administrative suffix a full place name ends with (市 for 扬州市), or ''."""
    return name[-1] if name and name[-1] in _LEVEL_SUFFIXES else ""
