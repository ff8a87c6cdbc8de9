"""Turn a cut-out piece into an article: title block roles, kind, and a title where none was.

A title block has one to three lines. With three, they are 引题 (kicker), 主题 (title) and
副题 (subtitle) in that order. With Markdown headings the most prominent heading is the main
title. Otherwise, of two lines the first is the title and the second its subtitle — unless the
second is a slogan of short parallel phrases (服务更专业 职工少跑路) and the first is not, the
way a descriptive 引题 sits above a punchy 主题.
"""
from __future__ import annotations

import re

from .lines import Line
from .segment import Piece
from .shapes import is_complete, looks_like_title
from .types import ArticleDraft, Block, Kind

FEATURE_MIN_CHARS = 1600
BRIEF_MAX_CHARS = 300
DERIVED_TITLE_MAX = 36
# Quoted speech (“小顾，你包的有点松……”) makes a poor title; quoted names without clause
# punctuation (“鄞领服务联盟”, “当一周工人、体工会初心”) stay.
_LONG_QUOTE = re.compile(r"“[^“”]*[，,。！？!?…][^“”]*”")

# How a 引题 sets the scene: for whom, where, by what means, on what occasion.
_SCENE_OPENER = re.compile(
    r"^(?:为|让|在|以|从|向|借|用|随着|围绕|聚焦|面对|面向|立足|依托|通过|采取|对标|瞄准|着眼)"
)
# How a 主题 names who acts: a place (…市, …县, …区) or a union, within its first words.
_ACTOR_OPENER = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,6}?(?:省|市|县|区|州|盟|旗|镇|乡|街道)|[^，,、：:]{0,12}?(?:总工会|工会))"
)

_OPENER_CLAUSE = re.compile(
    r"^(?:近日|日前|近期|目前|当天|当日|此前|今年以来|近年来|\d{1,2}月\d{1,2}日|记者.{0,20}获悉|据.{0,6})$"
)


def assemble(piece: Piece, paragraphs: list[str]) -> ArticleDraft:
    """Build the ArticleDraft for a piece whose repeats were already removed."""
    kicker, title, subtitle = title_roles(piece.title_lines)
    article = ArticleDraft(
        paragraphs=paragraphs,
        start=piece.start,
        end=piece.end,
        kicker=kicker,
        title=title,
        subtitle=subtitle,
        byline=" ".join(part for part in piece.byline_parts if part),
        credits=list(dict.fromkeys(piece.credits)),
        continuations=list(dict.fromkeys(piece.continuations)),
        review_reasons=list(piece.review_reasons),
    )
    article.kind = _kind(piece, paragraphs)
    if not article.title:
        article.title = derive_title(paragraphs)
        article.title_derived = True
        article.flag("缺标题，标题取自导语")
    if not paragraphs:
        article.flag("只有标题，没有正文")
    elif not _ends_cleanly(paragraphs[-1]) and not any(
        c.direction == "to" for c in article.continuations
    ):
        article.flag("正文结尾中断，可能缺文字或与其他文章交错")
    return article


def title_roles(lines: list[Line]) -> tuple[str, str, str]:
    """Split a title block into (kicker, title, subtitle)."""
    texts = [line.text for line in lines]
    if not texts:
        return "", "", ""
    if len(texts) == 1:
        return "", texts[0], ""
    levels = [line.heading for line in lines]
    marked = [level for level in levels if level]
    if marked and len(set(levels)) > 1:
        main = levels.index(min(marked))
    elif len(texts) == 3:
        main = 1
    elif _is_slogan(texts[1]) and not _is_slogan(texts[0]):
        main = 1
    elif _SCENE_OPENER.match(texts[0]) and _ACTOR_OPENER.match(texts[1]) \
            and not _ACTOR_OPENER.match(texts[0]):
        main = 1
    else:
        main = 0
    kicker = " ".join(texts[:main])
    subtitle = " ".join(texts[main + 1:])
    return kicker, texts[main], subtitle


def _is_slogan(text: str) -> bool:
    parts = text.split()
    return len(parts) >= 2 and all(len(part) <= 8 for part in parts)


def _kind(piece: Piece, paragraphs: list[str]) -> Kind:
    length = sum(len(p) for p in paragraphs)
    if piece.opened_by == "signature":
        return Kind.COMMENTARY
    if piece.has_photo_credit and piece.opened_by in ("title", "text"):
        return Kind.PHOTO
    if length >= FEATURE_MIN_CHARS or len(piece.section_headings) >= 2:
        return Kind.FEATURE
    if length < BRIEF_MAX_CHARS:
        return Kind.BRIEF
    return Kind.NEWS


def derive_title(paragraphs: list[str]) -> str:
    """A stand-in title from the lead: its most informative clause, as a reader would skim it."""
    if not paragraphs:
        return "（无标题）"
    lead = _LONG_QUOTE.sub("", paragraphs[0].strip()) or paragraphs[0].strip()
    sentence = re.split(r"(?<=[。！？!?])", lead, maxsplit=1)[0]
    clauses = [c.strip("“”‘’ ") for c in _split_outside_quotes(sentence)]
    useful = [c for c in clauses if len(c) >= 6 and not _OPENER_CLAUSE.match(c)]
    if not useful:
        useful = [c for c in clauses if c] or [sentence]
    best = max(useful, key=lambda c: min(len(c), DERIVED_TITLE_MAX))
    best = best.rstrip("。！？!?")
    if len(best) > DERIVED_TITLE_MAX:
        best = best[:DERIVED_TITLE_MAX] + "…"
    return best


def _split_outside_quotes(text: str) -> list[str]:
    clauses: list[str] = []
    depth = 0
    current = ""
    for char in text:
        if char in "“‘「『（(《":
            depth += 1
        elif char in "”’」』）)》" and depth:
            depth -= 1
        if char in "，,；;：:。！？!?" and depth == 0:
            clauses.append(current)
            current = ""
        else:
            current += char
    clauses.append(current)
    return clauses


def _ends_cleanly(text: str) -> bool:
    """A finished sentence, or a short headline-shaped line (a caption, a section end)."""
    return is_complete(text) or looks_like_title(Block(text, 0, 0))
