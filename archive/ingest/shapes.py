"""What a paragraph looks like: finished sentence or cut-off text, title line or body text.

These predicates are the evidence the rejoin and segment stages reason with. They look at the
shape of a line, never at particular words of particular pages.
"""
from __future__ import annotations

import re

from ..gazetteer.words import word_frequency as dictionary_frequency
from .types import Block
from .vocabulary import DOMAIN_TERM_FREQUENCY, DOMAIN_TERMS

# Sentence-final punctuation, optionally followed by closing quotes or brackets.
_COMPLETE = re.compile(r"(?:[。！？!?…；;]|\.{3,})[”’」』）)》\]]*$")
OPENERS = "“‘「『（(《"  # quotes and brackets that open
_CLOSERS = "”’」』）)》"
_CONTINUATION_MARK = re.compile(r"[（(]\s*(?:上接|下转)第\s*[0-9一二三四五六七八九十]+\s*版\s*[)）]")
TITLE_MAX_CHARS = 48
# How a news paragraph opens: a time word or a source; a headline line never runs on into one.
PARAGRAPH_OPENER = re.compile(
    r"^(?:近日|日前|近期|目前|近年来?|今年|去年|当天|当日|此前|此外|同时|据(?:悉|了解|介绍|统计)|"
    r"\d{1,2}月\d{1,2}日|\d{4}年|本报讯)"
)


def is_complete(text: str) -> bool:
    """True when the paragraph ends a sentence (so a following block starts afresh)."""
    return bool(_COMPLETE.search(text.rstrip()))


def unbalanced_quote(text: str) -> bool:
    """True when a quotation or bracket opened in the text is not closed in it."""
    depth = 0
    for char in text:
        if char in OPENERS:
            depth += 1
        elif char in _CLOSERS and depth:
            depth -= 1
    return depth > 0


def looks_like_title(block: Block) -> bool:
    """A line shaped like a headline: short, no full stop, not trailing off mid-clause."""
    text = block.text
    if _CONTINUATION_MARK.fullmatch(text):
        return False
    if block.heading and len(text) <= 2 * TITLE_MAX_CHARS and "。" not in text[:-1]:
        return True
    if len(text) > TITLE_MAX_CHARS or "。" in text or text.startswith(("本报讯", "■")):
        return False
    if text[-1] in "，,、：:；;（(“…" or any(mark in text for mark in "；;"):
        return False
    if sum(text.count(mark) for mark in "，,") >= 2:
        return False
    if unbalanced_quote(text):
        return False
    return True


def han_length(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def word_frequency(word: str) -> int:
    """How common a word is in jieba's dictionary or the domain vocabulary (0: not a word)."""
    if word in DOMAIN_TERMS:
        return max(DOMAIN_TERM_FREQUENCY, dictionary_frequency(word))
    return dictionary_frequency(word)


def splits_a_word(left: str, right: str) -> bool:
    """True when the break between ``left`` and ``right`` falls inside a dictionary word.

    ``疗休养政`` + ``策…`` splits 政策; ``很多一线职工工作忙碌,连`` + ``续几天…`` splits 连续.
    A word of two or three characters across the break is strong evidence that the blank line
    was a column break, not a paragraph end.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left or not right:
        return False
    if not ("\u4e00" <= left[-1] <= "\u9fff" and "\u4e00" <= right[0] <= "\u9fff"):
        return False
    candidates = (left[-1:] + right[:1], left[-2:] + right[:1], left[-1:] + right[:2])
    return any(len(word) >= 2 and word_frequency(word) >= 50 for word in candidates)
