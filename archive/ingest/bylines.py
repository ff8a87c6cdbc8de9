"""Stage 6 (and a signal for segmentation): bylines, photo credits and signatures.

The same shapes recur in every union paper, whatever the layout:

- a lead that opens with a byline: ``本报讯 记者羊荣江 通讯员陈超刚报道 …``,
  ``本报讯 (记者王伟 通讯员伍瑞庆 王槐文)记者日前…``, ``记者程雪 通讯员朱健报道 …``;
- a photo credit on a line of its own: ``通讯员余美娟 摄``, ``毕兴世 摄`` (then ``视觉中国``),
  ``通讯员王晓、刘海山、李栋 摄影报道``;
- a signature under a commentary title: ``■郑建钢``, ``■丽水莲都区总工会程美双``.

A name is two to four Han characters (a ``·`` joins the parts of some minority names); a name
written after another without a role word shares the role before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer.words import is_common_word, word_frequency
from .types import Credit, Role

_NAME = r"[\u4e00-\u9fff][\u4e00-\u9fff·]{1,5}"
_ROLE_WORDS: dict[str, Role] = {
    "本报记者": Role.REPORTER,
    "本报通讯员": Role.CORRESPONDENT,
    "特约记者": Role.REPORTER,
    "见习记者": Role.REPORTER,
    "实习记者": Role.REPORTER,
    "首席记者": Role.REPORTER,
    "记者": Role.REPORTER,
    "特约通讯员": Role.CORRESPONDENT,
    "通讯员": Role.CORRESPONDENT,
    "实习生": Role.CORRESPONDENT,
}
# Another agency's reporter (新华社记者) or this paper's correspondent abroad (本报驻南非记者).
_STATIONED = r"(?:新华社|中新社|本报驻[\u4e00-\u9fff]{1,8}?)记者"
_ROLE = "|".join([_STATIONED, *sorted(_ROLE_WORDS, key=len, reverse=True)])
_END = r"摄影报道|报道|摄影|摄"
_AGENCY = re.compile(
    r"^(?P<agency>本报讯|据?(?:本报|新华社|中新社)[\u4e00-\u9fff0-9０-９]{0,14}(?<!通)[电讯](?![视话脑子台]))\s*"
)
# Credits are matched in two steps — a mark at the end, then role words and names token by
# token — because one regex with nested repetition over names backtracks exponentially.
_CREDIT = re.compile(
    r"^(?P<body>\S.{1,36}?)\s*(?P<mark>摄影报道|摄影|摄|供图)[）)]?"
    r"(?:\s+(?P<agency>\S{2,10})|\s*[（(](?P<note>[^（）()]{2,8})[）)])?$"
)
# The last sentence end of a caption that goes on with its credit: "图为活动现场。 通讯员 X 摄"
_CAPTION_END = re.compile(
    r"^(?P<text>.*?[。！？!?”）)])\s*"
    r"(?P<credit>[（(]?[^。！？!?”（）()]{2,30}[）)]?(?:[（(][^（）()]{2,8}[）)])?)$"
)
_STARTS_WITH_ROLE = re.compile(rf"^(?:{_ROLE})")
_SIGNATURE = re.compile(r"^[■□◆●▲]\s*(?P<sig>\S.{0,30})$")
_ORG_SUFFIX = re.compile(r"(总工会|工会|公司|集团|报社|学院|大学|学校|医院|中心|局|委|办|部|站|厂|所)")
# Who a photo credit's photographer works for, when it is not this paper: 新华社记者 张三 摄.
_OUTSIDE_AGENCY = re.compile(r"^(?P<agency>新华社|中新社|人民日报|人民图片|视觉中国|工人日报)\s*(?=记者|通讯员|特约)")
# A lead whose byline names the reporter without a role word: 本报讯 王五报道.
_NAMES_REPORTED = re.compile(rf"^\s*(?P<names>{_NAME}(?:[、\s]+{_NAME})*)\s*(?P<end>摄影报道|报道)")
AGENCY_LINE = re.compile(
    r"^[（(]?(视觉中国|新华社发?|人民图片|东方IC|图虫创意|CFP|IC\s?photo|资料图片?|\S{2,8}供图|"
    r"\S{0,10}(?:传真)?照片|(?:据|本报|新华社|中新社)[^（）()]{0,16}[电讯])[）)]?$"
)
# A brief signed at its foot with the writer's name in brackets: （邓浩）, （宋连友 王健）.
_SIGN_OFF = re.compile(rf"^[（(]\s*(?P<names>{_NAME}(?:[\s、]+{_NAME}){{0,3}})\s*[）)]$")


@dataclass(frozen=True)
class Byline:
    """A byline found at the start of a lead paragraph."""

    text: str  # as printed, e.g. "本报讯 记者羊荣江 报道"
    credits: tuple[Credit, ...]
    rest: str  # the lead text that follows the byline


def parse_lead_byline(text: str) -> Byline | None:
    """Recognise a byline opening a lead paragraph; None when the paragraph has none."""
    agency_match = _AGENCY.match(text)
    agency = agency_match.group("agency") if agency_match else ""
    rest = text[agency_match.end():] if agency_match else text

    if rest[:1] in "(（":
        close = _find_close(rest)
        if close is not None:
            inner = rest[1:close]
            credits = _parse_groups(inner)
            if credits:
                return Byline(text[: len(text) - len(rest) + close + 1].strip(), credits,
                              rest[close + 1:].strip())
    plain = re.match(rf"^(?P<credit>.{{2,60}}?)(?P<end>摄影报道|报道)", rest)
    if plain and re.match(rf"^\s*(?:{_ROLE})", plain.group("credit")):
        credits = _parse_groups(plain.group("credit"), photo=plain.group("end") == "摄影报道")
        if credits:
            cut = len(text) - len(rest) + plain.end()
            return Byline(text[:cut].strip(), credits, _after_byline(text[cut:]))
    if agency:
        named = _NAMES_REPORTED.match(rest)
        if named:
            credits = _parse_groups(named.group("names"), default_role=Role.REPORTER,
                                    photo=named.group("end") == "摄影报道")
            if credits and not any(word_frequency(c.name) for c in credits):  # not 近日报道
                cut = len(text) - len(rest) + named.end()
                return Byline(text[:cut].strip(), credits, _after_byline(text[cut:]))
        return Byline(agency, (), rest.strip())
    return None


def _after_byline(text: str) -> str:
    """The lead's own text, without the colon or comma some bylines end with (…报道：)."""
    return text.strip().lstrip("：:，,").strip()


def parse_credit_line(text: str) -> tuple[Credit, ...] | None:
    """A photo credit standing on its own line (``通讯员余美娟 摄``); None otherwise."""
    if len(text) > 40:
        return None
    match = _CREDIT.match(text.strip())
    if not match:
        return None
    body = match.group("body").lstrip("（(")
    outside = _OUTSIDE_AGENCY.match(body)
    if outside:
        body = body[outside.end():]
    credits = _parse_groups(body, default_role=Role.PHOTOGRAPHER)
    if not credits:
        return None
    result: list[Credit] = []
    for credit in credits:
        if not outside:  # another agency's reporter is this item's photographer only
            result.append(credit)
        result.append(Credit(credit.name, Role.PHOTOGRAPHER))
    return tuple(dict.fromkeys(result))


def split_trailing_credit(text: str) -> tuple[str, tuple[Credit, ...]] | None:
    """A caption ending in a photo credit, or a brief ending in its writer's bracketed name
    (…当一名好学生。”（黄嵘）): return (text, credits), or None."""
    if len(text) > 400 and not text.rstrip().endswith(("）", ")")):
        return None
    match = _CAPTION_END.match(text.strip())
    if not match:
        return None
    credit = match.group("credit")
    credits = (parse_credit_line(credit) if len(text) <= 400 else None) or parse_sign_off(credit)
    if not credits:
        return None
    return match.group("text").strip(), credits


def parse_sign_off(text: str) -> tuple[Credit, ...] | None:
    """The writer's name in brackets under a brief (（邓浩）); None for other bracketed words
    (（图片）, （上）, （传真照片）): a name is no word of the dictionary."""
    match = _SIGN_OFF.match(text.strip())
    if not match or AGENCY_LINE.match(text.strip()):
        return None
    names = [n for n in re.split(r"[\s、]+", match.group("names")) if n]
    if any(len(n) > 4 or is_common_word(n) for n in names):
        return None
    return tuple(Credit(name, Role.AUTHOR) for name in names)


def parse_standalone_byline(text: str) -> tuple[Credit, ...] | None:
    """A line that is nothing but role words and names (本报记者 王伟 通讯员 李娜)."""
    text = text.strip().strip("()（）")
    if len(text) > 40 or not _STARTS_WITH_ROLE.match(text):
        return None
    return _parse_groups(text) or None


def parse_signature(text: str) -> tuple[Credit, ...] | None:
    """A commentary signature (``■郑建钢``); the author is the name after any organisation."""
    match = _SIGNATURE.match(text.strip())
    if not match:
        return None
    signature = match.group("sig").strip()
    staff = parse_standalone_byline(signature)
    if staff:
        return staff  # ■本报记者 张三: a byline set with a square
    parts = _ORG_SUFFIX.split(signature)
    name = parts[-1].strip() if parts else signature
    if not re.fullmatch(_NAME, name) or len(name) > 4:
        return ()
    return (Credit(name, Role.AUTHOR),)


def _parse_groups(
    text: str, *, photo: bool = False, default_role: Role | None = None
) -> tuple[Credit, ...]:
    credits: list[Credit] = []
    role: Role | None = default_role
    for token in re.split(rf"({_ROLE})", text):
        token = token.strip()
        if not token:
            continue
        if token in _ROLE_WORDS or re.fullmatch(_STATIONED, token):
            role = _ROLE_WORDS.get(token, Role.REPORTER)
            continue
        if role is None:
            return ()  # names before any role word: not a byline
        for name in re.split(r"[\s、，,]+", token):
            if not name:
                continue
            if not re.fullmatch(_NAME, name) or len(name.replace("·", "")) > 4:
                return ()
            credits.append(Credit(name, role))
            if photo:
                credits.append(Credit(name, Role.PHOTOGRAPHER))
    return tuple(dict.fromkeys(credits))


def _find_close(text: str) -> int | None:
    for index, char in enumerate(text[:60]):
        if char in ")）":
            return index
    return None
