"""Is this text about the same thing as that one? Cheap evidence for the segmenter.

Two measures, both over Han character bigrams (no word segmentation needed, so OCR slips and
unknown names do not break them):

- ``subject_overlap``: the share of a passage's bigrams found in an article — high for the
  next section of the same story, low for the start of another one.
- ``telltale_phrase``: a phrase of at least three characters that a title shares with one
  article and with no other text on the page, such as a name (青岛市总, 银川市总).
"""
from __future__ import annotations

import re

from .shapes import PARAGRAPH_OPENER

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
SAME_SUBJECT = 0.5
# Bigrams that every union story shares; they say nothing about which story a passage is from.
_COMMON = frozenset(
    "工会 总工 职工 工作 服务 活动 开展 企业 一线 基层 干部 组织 建设 发展 进一步 社会 "
    "我们 他们 通过 进行 工人 劳动 今年 近年 年来 日前 近日 同时 目前".split()
)
MIN_TELLTALE = 3
MIN_SHARED_PHRASE = 4


def bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _HAN_RUN.findall(text):
        grams.update(run[i:i + 2] for i in range(len(run) - 1))
    return grams - _COMMON


def subject_overlap(passage: str, article: str) -> float:
    """Share of the passage's distinctive bigrams that also occur in the article."""
    grams = bigrams(passage[:400])
    if not grams:
        return 0.0
    return len(grams & bigrams(article)) / len(grams)


def shares_subject(passage: str, article: str, earlier_texts: list[str] = ()) -> bool:
    """True when the passage reads as more of the article.

    Either most of its distinctive bigrams are the article's, or it shares with the article a
    phrase of four or more characters (a name: 泰顺县总工会, 姚庄镇) that no earlier article
    on the page contains.
    """
    if subject_overlap(passage, article) >= SAME_SUBJECT:
        return True
    # A passage that opens like a news lead (近日，…) starts another story unless it shares
    # more than a common phrase (职工参赛, 技能比武) with this one.
    size = MIN_SHARED_PHRASE + 1 if PARAGRAPH_OPENER.match(passage) else MIN_SHARED_PHRASE
    return shared_phrase(passage[:400], article, earlier_texts, size) is not None


def shared_phrase(
    text: str, article: str, excluded: list[str], min_size: int
) -> str | None:
    """The longest phrase of ``text`` (``min_size`` Han characters or more) that occurs in
    ``article`` and in none of ``excluded``."""
    best: str | None = None
    for run in _HAN_RUN.findall(text):
        for size in range(len(run), min_size - 1, -1):
            if best is not None and size <= len(best):
                break
            for start in range(len(run) - size + 1):
                phrase = run[start:start + size]
                if phrase in article and not any(phrase in other for other in excluded):
                    best = phrase
                    break
    return best


def telltale_phrase(title: str, article: str, other_texts: list[str]) -> str | None:
    """The longest phrase of the title found in ``article`` and in no other text of the page."""
    return shared_phrase(title, article, other_texts, MIN_TELLTALE)
