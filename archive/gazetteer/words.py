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
# 江北 (1405), 南湖 (1652), 城区 (1517), 台前 (302), 丰满 (281) are; 海盐 (128), 长兴 (100),
# 武义 (30), 柯桥 (0) are not.
COMMON_WORD_FREQUENCY = 250

# Characters of context on each side handed to jieba; enough for its longest common words.
_WINDOW = 8


@cache
def plain_tokenizer() -> jieba.Tokenizer:
    """jieba's own dictionary, loaded once per process for the importer.

    It is a private copy: words the search engine adds to jieba's shared tokenizer (县总工会,
    区总工会, place and union names) must not change which place names or name boundaries
    the importer finds.
    """
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def word_frequency(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0 when it is not in it)."""
    return plain_tokenizer().FREQ.get(word, 0) or 0


def is_common_word(word: str) -> bool:
    """Whether ``word`` is, before anything else, an ordinary word of the language."""
    return word_frequency(word) >= COMMON_WORD_FREQUENCY


def _token_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """jieba's words around ``text[start:end]``, as absolute offsets."""
    left = max(0, start - _WINDOW)
    spans, position = [], left
    for token in plain_tokenizer().cut(text[left:end + _WINDOW], HMM=False):
        spans.append((position, position + len(token)))
        position += len(token)
    return spans


def stands_alone(
    text: str, start: int, end: int, *, check_start: bool = True, check_end: bool = True
) -> bool:
    """Whether ``text[start:end]`` begins and ends (each if asked) at word boundaries.

    For bare names (柯桥, 大理): 大理 in 大理石 or 中山 in 中山大学 is no place name.
    """
    spans = _token_spans(text, start, end)
    cuts = {s for s, _ in spans} | {e for _, e in spans}
    return (not check_start or start in cuts) and (not check_end or end in cuts)


def suffix_taken(text: str, end: int) -> bool:
    """Whether the suffix closing a full name at ``end`` really opens the next word.

    东方市 in 东方市场 (市场), 新城区 in 新城区域 (区域): the suffix character belongs to a common
    word that runs on. 三门县总工会 keeps its 县: 县总工会 is no common word.
    """
    for token_start, token_end in _token_spans(text, end - 1, end):
        if token_start == end - 1 and token_end > end:
            return is_common_word(text[token_start:token_end])
    return False
