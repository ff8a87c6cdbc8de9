"""OCR slips in the text shown (never in the page kept): what is repaired, what is pointed out.

- An English ``and`` standing between Chinese words where the printed page had ``和``
  (``企业 and 职工`` → ``企业和职工``) is repaired: recognition software trained on mixed text
  reads the character as the English word, and ``and`` between two Han characters is never
  what a Chinese page printed.
- A doubled character or word (``公公司``, ``召开召开``, ``后后勤``) is *not* changed, only
  listed for staff with the reading it probably should have. Correct text doubles characters
  all the time — 理事会|会长, 新街|街道, 电视部|部长, 支队|支队长, 一步一步, 商量商量 — and
  jieba's dictionary cannot tell those from slips: on the 1.84 M characters of the People's
  Daily corpus (``bench/corpus.py``) a repair that asked the dictionary changed 103 correct
  words. A slip left in place still contains the word a search looks for (公公司 holds 公司);
  a correct word repaired away does not.

The pointing-out uses the dictionary to skip what is plainly a word or a reduplication: 常常,
人人, 红红火火, 工作|作风 (each copy in a word of its own), 一步一步, ``1998年年初``.
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
_REDUPLICATED_MEASURE = "一"
_CONTEXT = 4


@dataclass(frozen=True)
class Repair:
    """One slip, with the text around it as printed and as it should (probably) read."""

    before: str
    after: str

    def __str__(self) -> str:
        return f"“{self.before}”改为“{self.after}”"

    @property
    def suggestion(self) -> str:
        return f"“{self.before}”或应为“{self.after}”"


def repair_slips(text: str) -> tuple[str, list[Repair]]:
    """Return ``text`` with stray ``and`` repaired, and what was repaired."""
    repairs: list[Repair] = []
    text = _apply(_STRAY_AND, text, lambda m, t: "和", repairs)
    return text, repairs


def suspected_doubles(text: str) -> list[Repair]:
    """Doubled characters or words that look like slips, each with the probable reading;
    ``text`` itself is left as it is."""
    found: list[Repair] = []
    _apply(_DOUBLED_PAIR, text, _undouble_pair, found)
    _apply(_DOUBLED_CHAR, text, _undouble_char, found)
    return found


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
    if word[0] in _REDUPLICATED_MEASURE:
        return None  # 一步一步, 一件一件
    if word_frequency(word) >= 100 and word_frequency(word * 2) == 0 and word[0] != word[1]:
        return word
    return None


def _undouble_char(match: re.Match[str], text: str) -> str | None:
    char, following = match.group(1), match.group(2)
    if match.start() and text[match.start() - 1].isdigit():
        return None  # 1998年年初
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
