"""What jieba's dictionary says about ordinary Chinese words, used to keep place names honest.

Two questions decide whether a string that equals a place name is one in running text:
is it an ordinary word as well (和平, 城区, 江山 — jieba's frequency counts say so), and does
it stand as a word of its own there, or is it part of a longer word (大理 in 大理石, 中山 in
中山大学, 天台 in 当天台风)? jieba's own segmentation of the surroundings answers the second.
"""
from __future__ import annotations

import logging
from functools import cache

import jieba

# A word jieba has seen this often in its corpus is read as a word first, place second:
# 江北 (1405), 南湖 (1652), 城区 (1517), 朝阳 (767) are; 三门 (329), 长兴 (100), 武义 (30),
# 柯桥 (0) are not.
COMMON_WORD_FREQUENCY = 500

# Characters of context on each side handed to jieba; enough for its longest common words.
_WINDOW = 8


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 when it is not in it)."""
    return _tokenizer().FREQ.get(word, 0) or 0


def is_common_word(word: str) -> bool:
    """Whether ``word`` is, before anything else, an ordinary word of the language."""
    return word_frequency(word) >= COMMON_WORD_FREQUENCY


def stands_alone(
    text: str, start: int, end: int, *, check_start: bool = True, check_end: bool = True
) -> bool:
    """Whether ``text[start:end]`` begins and ends (each if asked) at word boundaries.

    Only the neighbourhood is segmented, which keeps a whole-page scan cheap.
    """
    left = max(0, start - _WINDOW)
    window = text[left:end + _WINDOW]
    cuts = {0}
    position = 0
    for token in _tokenizer().cut(window, HMM=False):
        position += len(token)
        cuts.add(position)
    return (not check_start or start - left in cuts) and (not check_end or end - left in cuts)
