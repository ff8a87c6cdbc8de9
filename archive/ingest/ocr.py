"""Repair the OCR slips a reader would trip over, in the text shown (never in the page kept).

- A doubled word: ``召开召开`` → ``召开``, ``后后勤`` → ``后勤``, ``公公司`` → ``公司``;
  but not where each copy belongs to a word of its own (工作作风).
- An English ``and`` standing between Chinese words where the printed page had ``和``
  (``企业 and 职工`` → ``企业和职工``): recognition software trained on mixed text reads the
  character as the English word.

The rules use jieba's dictionary to tell a slip from real reduplication: 常常, 人人, 天天 are
words and stay; 公司 is far more common than 公公, so 公公司 is a slip.
"""
from __future__ import annotations

import re

from .shapes import word_frequency

_HAN = "\u4e00-\u9fff"
_STRAY_AND = re.compile(rf"(?<=[{_HAN}])\s*and\s*(?=[{_HAN}])")
_DOUBLED_PAIR = re.compile(rf"([{_HAN}]{{2}})\1")
_DOUBLED_CHAR = re.compile(rf"(?P<before>[{_HAN}]?)([{_HAN}])\2([{_HAN}])(?!\3)")  # AABB (红红火火) is reduplication


def repair_slips(text: str) -> str:
    """Return ``text`` with doubled words and stray ``and`` repaired."""
    text = _STRAY_AND.sub("和", text)
    text = _DOUBLED_PAIR.sub(_undouble_pair, text)
    return _DOUBLED_CHAR.sub(_undouble_char, text)


def _undouble_pair(match: re.Match[str]) -> str:
    word = match.group(1)
    if word_frequency(word) >= 100 and word_frequency(word * 2) == 0 and word[0] != word[1]:
        return word
    return match.group(0)


def _undouble_char(match: re.Match[str]) -> str:
    before, char, following = match.group("before"), match.group(2), match.group(3)
    if before and word_frequency(before + char) >= 50:
        return match.group(0)  # 工作|作风: each copy belongs to a word of its own
    doubled = char * 2
    intended = char + following
    if word_frequency(intended) >= 20 * max(word_frequency(doubled), 1) and word_frequency(
        doubled + following
    ) == 0:
        return before + intended
    return match.group(0)
