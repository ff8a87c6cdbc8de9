"""How Chinese text becomes search terms.

Two analyses, for two jobs:

- **Bigrams** decide *whether* an article matches. Every run of Han characters is indexed as
  overlapping character pairs (疗休养 → 疗休, 休养) with consecutive positions, so a phrase
  query of the pairs finds exactly the articles containing the string — whatever a word
  segmenter would have made of it (区总工会主席 splits as 总工会/主席, hiding 工会主席 from a
  word index). A lone Han character between punctuation is indexed as itself; Latin words and
  numbers are indexed lower-cased, whole.
- **jieba words** decide *how well* it matches: the same text cut into words (with the
  archive's own vocabulary: place, union and people names, domain terms), scored with BM25,
  so an article where 疗休养 is a word ranks above one where the letters merely meet.

Positions count tokens, not characters, which is what Whoosh's phrase matching expects.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import jieba
from whoosh.analysis import LowercaseFilter, Token, Tokenizer

_RUNS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+(?:[.'][A-Za-z0-9]+)*")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"\w", re.UNICODE)

jieba.setLogLevel(logging.WARNING)


def bigram_terms(text: str) -> list[str]:
    """The terms the bigram analysis makes of ``text`` (used to build phrase queries)."""
    return [token for token, _, _ in _bigram_spans(text)]


def _bigram_spans(text: str):
    for run in _RUNS.finditer(text):
        value = run.group()
        if not _HAN.match(value):
            yield value.lower(), run.start(), run.end()
        elif len(value) == 1:
            yield value, run.start(), run.end()
        else:
            for i in range(len(value) - 1):
                yield value[i:i + 2], run.start() + i, run.start() + i + 2


def _whole(token: Token, value: str, positions: bool, chars: bool, start_pos: int,
           start_char: int) -> Token:
    """The untokenized value as one token (Whoosh asks for this when it stores terms)."""
    token.original = token.text = value
    token.boost = 1.0
    if positions:
        token.pos = start_pos
    if chars:
        token.startchar, token.endchar = start_char, start_char + len(value)
    return token


class BigramTokenizer(Tokenizer):
    """Han character bigrams (and whole Latin words) with token positions."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(token, value, positions, chars, start_pos, start_char)
            return
        for pos, (text, start, end) in enumerate(_bigram_spans(value)):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = text
            if positions:
                token.pos = start_pos + pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + end
            yield token


class JiebaTokenizer(Tokenizer):
    """jieba's words, one position per word, no overlapping sub-words.

    jieba's own ChineseAnalyzer emits character offsets as positions and adds the sub-words
    of long words (cut_for_search), which breaks phrase queries; this tokenizer does neither.
    """

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(token, value, positions, chars, start_pos, start_char)
            return
        pos = start_pos
        offset = 0
        for word in segmenter().cut(value, HMM=True):
            start = offset
            offset += len(word)
            if not _WORD.search(word):
                continue  # punctuation and spaces are not terms
            token.text = word.strip()
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = token.text
            if positions:
                token.pos = pos
            if chars:
                token.startchar, token.endchar = start_char + start, start_char + offset
            pos += 1
            yield token


def bigram_analyzer():
    return BigramTokenizer()


def word_analyzer():
    return JiebaTokenizer() | LowercaseFilter()


# -- the shared segmenter ------------------------------------------------------------------

_lock = threading.Lock()
_state: dict[str, object] = {"tokenizer": None, "dictionary_mtime": None}


def user_dictionary_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "search_user_dictionary.txt"


def segmenter() -> jieba.Tokenizer:
    """jieba with the archive's user dictionary; reloaded when the dictionary file changes.

    Loaded once per process (gunicorn loads it before forking workers, see config/wsgi.py),
    checked against the file's modification time so a rebuilt vocabulary reaches readers.
    """
    path = user_dictionary_path()
    mtime = path.stat().st_mtime if path.exists() else None
    tokenizer = _state["tokenizer"]
    if tokenizer is not None and _state["dictionary_mtime"] == mtime:
        return tokenizer  # type: ignore[return-value]
    with _lock:
        if _state["tokenizer"] is None or _state["dictionary_mtime"] != mtime:
            fresh = jieba.Tokenizer()
            fresh.initialize()
            if mtime is not None:
                fresh.load_userdict(str(path))
            _state["tokenizer"], _state["dictionary_mtime"] = fresh, mtime
    return _state["tokenizer"]  # type: ignore[return-value]
