"""Where a name begins in Chinese running text, which has no spaces between words.

The start of 左溪旅游联合工会 in ``先后成立左溪旅游联合工会`` is found by walking back over
jieba's words from the name's suffix until a word that cannot be part of a name (a
preposition, a conjunction, a time word, a lead-in verb such as 成立) or a punctuation mark.
A name that runs on for too long is a sentence fragment, not a name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Collection

import jieba.posseg

from ..gazetteer.words import plain_tokenizer

# Word classes that never belong inside an organisation's name: prepositions, conjunctions,
# particles, pronouns, adverbs, time words, punctuation, interjections, onomatopoeia,
# measure words and modal particles (jieba's ICTCLAS-style tags).
_STOP_FLAGS = frozenset("pcurdtxweoqy")

# Verbs that introduce an organisation in a news sentence (成立左溪旅游联合工会, 走进东磁公司).
_LEAD_IN_VERBS = frozenset(
    "成立 组建 建立 新建 筹建 举行 举办 召开 开展 组织 联合 指导 推动 来到 走进 走访 深入 参加 加入 "
    "获悉 邀请 协助 支持 依托 通过 会同 携手 牵头 主办 承办 协办 授予 表彰 位于 来自 前往 赴 到 "
    "在 向 据 是 有 为 看望 慰问 指出 表示 介绍 说 称 发起 帮助 担任 任 当选 成为 作为 对 把 将 让 "
    "使 请 与 同 和 及 等 由 经 从 给 被 包括 例如 如 像 获 获得 荣获 评为 命名 设立 挂牌 揭牌".split()
)

MAX_NAME = 25  # characters before the suffix; longer means a sentence, not a name
_NOT_IN_NAME = re.compile(r"[的了是在，,。；;：:、！？!?“”\"'‘’（）()《》【】\s]")


@lru_cache(maxsize=1)
def _tagger() -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(plain_tokenizer())


@dataclass(frozen=True)
class Token:
    word: str
    flag: str
    start: int
    end: int


class Words:
    """jieba's view of one paragraph: word boundaries and tagged words with offsets.

    Boundaries come from the dictionary alone (no HMM), which keeps them stable: a clipped
    form like 市总 must start and end on a word boundary, so 安全总监 and 全省总工会 are not
    taken for 全总 and 省总工会. Tagging uses the HMM, which joins unknown names (左溪, 鲁能城)
    into single words instead of leaving stray characters with odd tags.
    """

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _boundaries(self) -> frozenset[int]:
        marks = {0, len(self.text)}
        position = 0
        for word in plain_tokenizer().cut(self.text, HMM=False):
            position += len(word)
            marks.add(position)
        return frozenset(marks)

    @cached_property
    def tokens(self) -> tuple[Token, ...]:
        out: list[Token] = []
        position = 0
        for pair in _tagger().cut(self.text):
            out.append(Token(pair.word, pair.flag, position, position + len(pair.word)))
            position += len(pair.word)
        return tuple(out)

    def is_boundary(self, position: int) -> bool:
        return position in self._boundaries

    def name_start(self, end: int, stops: Collection[int] = (), limit: int = MAX_NAME) -> int | None:
        """Where a name ending at ``end`` begins, or None when it runs on past ``limit``.

        Walks back over tagged words and stops before a word that cannot be part of a name or
        at one of ``stops`` (positions such as the end of a place already accounted for). A
        word that straddles ``end`` (有限公司 for a name ending before 公司) belongs to the name.
        """
        tokens = [t for t in self.tokens if t.start < end]
        start = end
        for index in range(len(tokens) - 1, -1, -1):
            token = tokens[index]
            if start in stops and start != end:
                break
            straddles = token.end > end
            if not straddles and _stops_name(token) and not self._place_and_name(tokens, index):
                break
            inner = [s for s in stops if token.start < s < start]
            if inner:
                start = max(inner)
                break
            start = token.start
            if end - start > limit:
                return None
        return start

    def _place_and_name(self, tokens: list[Token], index: int) -> bool:
        """True for the 和 of 杭州和康…医院: a lone place opening the clause, joined to a name.

        A conjunction ends a name (机关工作人员和彭埠街道), except right after a place name
        that itself opens the clause, when the next word is no place: a list of places would
        read 杭州和宁波, not 杭州和康.
        """
        token = tokens[index]
        if token.flag != "c" or index == 0 or index + 1 >= len(tokens):
            return False
        before, after = tokens[index - 1], tokens[index + 1]
        opens_clause = index == 1 or _stops_name(tokens[index - 2])
        return before.flag == "ns" and opens_clause and after.flag != "ns"


def _stops_name(token: Token) -> bool:
    if token.word in _LEAD_IN_VERBS or _NOT_IN_NAME.search(token.word):
        return True
    return token.flag != "eng" and token.flag[:1] in _STOP_FLAGS
