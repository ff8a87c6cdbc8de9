"""Stage 5: text repeated on a page appears once.

Layout and transcription repeat text: a paragraph twice, a paragraph again but cut short, a
sentence glued into a second paragraph, a line dozens of times at the foot of the page. Readers
must not see the repeats and search must not count them. The first full copy stays where it
is, with one exception that mends interleaving: when an article's last paragraph breaks off and
the full paragraph it begins stands in another article, the full paragraph moves to it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .shapes import is_complete

MIN_FRAGMENT = 8  # a shorter paragraph inside another is not evidence of a repeat
MIN_REPEATED_SENTENCE = 20
NEAR_COPY_COVERAGE = 0.6
MIN_NEAR_COPY = 30

_FULLWIDTH = str.maketrans({",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！",
                            "?": "？"})
_SPACE = re.compile(r"\s+")
_SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]+[”’」』）)]*|[^。！？!?]+$")
_CLAUSE = re.compile(r"[^，,；;。！？!?、：:]+")


def _key(text: str) -> str:
    return _SPACE.sub("", text).translate(_FULLWIDTH)


@dataclass
class _Para:
    article: int
    text: str
    key: str
    alive: bool = True
    anchored: bool = False  # moved to the article it ends: never the copy to drop


def remove_repeats(articles: list[list[str]]) -> tuple[list[list[str]], list[str]]:
    """Return each article's paragraphs without repeats, and notes on what was removed."""
    paras = [_Para(a, text, _key(text)) for a, texts in enumerate(articles) for text in texts]
    notes: list[str] = []
    dropped = _drop_copies(paras, notes)
    dropped += _drop_near_copies(paras)
    dropped += _drop_repeated_sentences(paras)
    if dropped:
        notes.insert(0, f"删除重复文字 {dropped} 处")
    result: list[list[str]] = [[] for _ in articles]
    for para in paras:
        if para.alive and para.text.strip():
            result[para.article].append(para.text)
    return result, notes


def _is_last_of_article(paras: list[_Para], index: int) -> bool:
    article = paras[index].article
    return all(not p.alive or p.article != article for p in paras[index + 1:])


def _drop_copies(paras: list[_Para], notes: list[str]) -> int:
    dropped = 0
    for index, para in enumerate(paras):
        if len(para.key) < 2:
            continue
        for earlier in paras[:index]:
            if not earlier.alive:
                continue
            if para.key == earlier.key:
                para.alive = False
            elif len(para.key) >= MIN_FRAGMENT and para.key in earlier.key:
                if (earlier.key.startswith(para.key) and earlier.article != para.article
                        and not is_complete(para.text) and _is_last_of_article(paras, index)):
                    # The broken-off ending of this article stands in full elsewhere.
                    para.text, para.key = earlier.text, earlier.key
                    para.anchored = True
                    earlier.alive = False
                    notes.append(f"段落“{para.text[:12]}…”移回它所属的文章")
                    continue
                para.alive = False
            elif len(earlier.key) >= MIN_FRAGMENT and earlier.key in para.key:
                if _glued_after_a_sentence(earlier, para):
                    _cut_out(para, earlier.key)
                    dropped += 1
                    break
                earlier.alive = False  # a cut-short copy came first; keep the full one
                dropped += 1
                continue
            else:
                continue
            dropped += 1
            break
    return dropped


def _glued_after_a_sentence(earlier: _Para, para: _Para) -> bool:
    """A whole paragraph repeated after the end of another one's sentence (hard-wrapped text
    whose paragraph ended flush with the column runs two paragraphs together)."""
    at = para.key.find(earlier.key)
    return at > 0 and is_complete(earlier.text) and is_complete(para.key[:at])


def _cut_out(para: _Para, key: str) -> None:
    """Remove the first copy of ``key`` (a paragraph's key) from ``para``'s text."""
    positions = [i for i, char in enumerate(para.text) if not char.isspace()]
    at = para.key.find(key)
    start, end = positions[at], positions[at + len(key) - 1] + 1
    para.text = (para.text[:start].rstrip() + para.text[end:]).strip()
    para.key = _key(para.text)


def _coverage(shorter: str, longer: str) -> float:
    clauses = [c for c in _CLAUSE.findall(shorter) if len(c) >= 4]
    total = sum(len(c) for c in clauses)
    if not total:
        return 0.0
    return sum(len(c) for c in clauses if c in longer) / total


def _drop_near_copies(paras: list[_Para]) -> int:
    dropped = 0
    alive = [p for p in paras if p.alive and len(p.key) >= MIN_NEAR_COPY]
    for para in alive:
        for other in alive:
            if other is para or not other.alive or not para.alive or para.anchored:
                continue
            if _glued_after_a_sentence(para, other):
                continue
            if (other.anchored or len(other.key) >= len(para.key)) and _coverage(
                para.key, other.key
            ) >= NEAR_COPY_COVERAGE:
                para.alive = False
                dropped += 1
    return dropped


def _drop_repeated_sentences(paras: list[_Para]) -> int:
    seen: set[str] = set()
    dropped = 0
    for para in paras:
        if not para.alive:
            continue
        kept: list[str] = []
        for sentence in _SENTENCE.findall(para.text):
            key = _key(sentence)
            if len(key) >= MIN_REPEATED_SENTENCE and key in seen:
                dropped += 1
                continue
            seen.add(key)
            kept.append(sentence)
        para.text = "".join(kept)
        para.key = _key(para.text)
    return dropped
