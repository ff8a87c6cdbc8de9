"""Repair the OCR slips a reader would trip over, in the text shown (never in the page kept).

- A doubled word: ``召开召开`` → ``召开``, ``后后勤`` → ``后勤``, ``公公司`` → ``公司``;
  but not where each copy belongs to a word of its own (工作|作风, 理事会|会长, 新街|街道).
- An English ``and`` standing between Chinese words where the printed page had ``和``
  (``企业 and 职工`` → ``企业和职工``): recognition software trained on mixed text reads the
  character as the English word.

The rules use jieba's dictionary to tell a slip from real words: 常常, 人人, 天天 are words
and stay; 公司 is far more common than 公公, so 公公司 is a slip. A repair must never change
correct text, so a doubled character is left alone wherever the dictionary can read the text
as a word ending on the first copy followed by a word starting on the second. Every repair
is returned as a ``Repair`` so staff can see what was changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .shapes import word_frequency

_HAN = "\u4e00-\u9fff"
_STRAY_AND = re.compile(rf"(?<=[{_HAN}])\s*and\s*(?=[{_HAN}])")
_DOUBLED_PAIR = re.compile(rf"([{_HAN}]{{2}})\1")
_DOUBLED_CHAR = re.compile(rf"([{_HAN}])\1([{_HAN}])(?!\2)")  # AABB (红红火火) is reduplication
_LONGEST_WORD = 4
_CONTEXT = 4


@dataclass(frozen=True)
class Repair:
    """One slip put right: the text around it before and after."""

    before: str
    after: str

    def __str__(self) -> str:
        return f"“{self.before}”改为“{self.after}”"


def repair_slips(text: str) -> tuple[str, list[Repair]]:
    """Return ``text`` with doubled words and stray ``and`` repaired, and what was repaired."""
    repairs: list[Repair] = []
    text = _apply(_STRAY_AND, text, lambda m, t: "和", repairs)
    text = _apply(_DOUBLED_PAIR, text, _undouble_pair, repairs)
    text = _apply(_DOUBLED_CHAR, text, _undouble_char, repairs)
    return text, repairs


def _apply(pattern: re.Pattern[str], text: str, fix, repairs: list[Repair]) -> str:
    out: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        replacement = fix(match, text)
        if replacement is None or replacement == match.group(0):
            continue
        out.append(text[position:match.start()])
        out.append(replacement)
        left = text[max(0, match.start() - _CONTEXT):match.start()]
        right = text[match.end():match.end() + _CONTEXT]
        repairs.append(Repair(left + match.group(0) + right, left + replacement + right))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def _undouble_pair(match: re.Match[str], text: str) -> str | None:
    word = match.group(1)
    if word_frequency(word) >= 100 and word_frequency(word * 2) == 0 and word[0] != word[1]:
        return word
    return None


def _undouble_char(match: re.Match[str], text: str) -> str | None:
    char, following = match.group(1), match.group(2)
    if _two_words_meet(text, match.start(), match.start() + 1):
        return None  # 理事会|会长, 工作|作风: each copy belongs to a word of its own
    doubled = char * 2
    intended = char + following
    if word_frequency(intended) >= 20 * max(word_frequency(doubled), 1) and word_frequency(
        doubled + following
    ) == 0:
        return intended
    return None


def _two_words_meet(text: str, first: int, second: int) -> bool:
    """Whether a dictionary word ends on ``text[first]`` and another starts on ``text[second]``."""
    ends = any(
        word_frequency(text[first - back:first + 1])
        for back in range(1, _LONGEST_WORD) if first - back >= 0
    )
    if not ends:
        return False
    return any(
        word_frequency(text[second:second + size])
        for size in range(2, _LONGEST_WORD + 1) if second + size <= len(text)
    )
