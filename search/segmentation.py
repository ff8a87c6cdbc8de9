"""Cutting text into jieba words with the archive's vocabulary, for ranking.

jieba is the reference: the importer uses it, and the user dictionary is written in its
format (``search.vocabulary``). The search index cuts every article and every query, so it
uses ``rjieba`` — a binding of jieba-rs, the same algorithm and dictionary in Rust, about
twenty times faster — loaded with the same user dictionary. ``tests/test_search_engine.py``
checks that both cut the archive's text into the same words.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import jieba
import rjieba

jieba.setLogLevel(logging.WARNING)

_WORD = re.compile(r"\w", re.UNICODE)


def user_dictionary_path() -> Path:
    from django.conf import settings

    return Path(settings.DATA_DIR) / "search_user_dictionary.txt"


def read_user_dictionary(path: Path) -> list[tuple[str, int | None, str | None]]:
    """(word, frequency, tag) of each line, as jieba's ``load_userdict`` reads them."""
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts:
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        entries.append((parts[0], freq, parts[-1] if len(parts) > 2 else None))
    return entries


# A word no text contains (private-use characters), carrying a frequency (see Segmenter).
_BALANCE_WORD = "\ue000\ue001"


class Segmenter:
    """rjieba with the archive's user dictionary, cutting as ``jieba.Tokenizer.cut`` does.

    One difference has to be made up for: given a user word that its main dictionary already
    has, jieba adds the new frequency to its total and leaves the old one in; jieba-rs
    replaces it. The total weighs every cut, so rjieba gets the old frequencies back as one
    placeholder word that never occurs in text.
    """

    def __init__(self, dictionary: Path | None) -> None:
        self._jieba = rjieba.Jieba()
        if dictionary is None:
            return
        entries = read_user_dictionary(dictionary)
        for word, freq, tag in entries:
            self._jieba.add_word(word, freq, tag)
        replaced = _main_frequencies({word for word, _, _ in entries})
        if replaced:
            self._jieba.add_word(_BALANCE_WORD, sum(replaced.values()), None)

    def cut(self, text: str, HMM: bool = True) -> list[str]:  # noqa: N803 - jieba's name
        return self._jieba.cut(text, HMM)


def _main_frequencies(words: set[str]) -> dict[str, int]:
    """The frequencies jieba's main dictionary gives those of ``words`` it has."""
    found = {}
    with (Path(jieba.__file__).parent / "dict.txt").open(encoding="utf-8") as lines:
        for line in lines:
            word, freq = line.split(" ", 2)[:2]
            if word in words:
                found[word] = int(freq)
    return found


def query_words(text: str) -> list[str]:
    """jieba's words of a query term, without the HMM (which joins unknown characters into
    guessed words): what ranks results and what a term is loosened into."""
    return segmenter().cut(text, HMM=False)


def index_words(text: str) -> list[str]:
    """The words of ``text`` as the ``words`` field holds them: lower-cased, no punctuation."""
    return [word.strip().lower() for word in segmenter().cut(text, HMM=True)
            if _WORD.search(word)]


_lock = threading.Lock()
_state: dict[str, object] = {}


def segmenter() -> Segmenter:
    """The segmenter with the archive's user dictionary; reloaded when the file changes.

    Loaded once per process (gunicorn loads it before forking workers, see config/wsgi.py),
    checked against the file's modification time so a rebuilt vocabulary reaches readers.
    """
    return _loaded("search", Segmenter)


def reference_segmenter() -> jieba.Tokenizer:
    """jieba itself with the same dictionary: the reference ``segmenter`` must agree with."""
    def load(path: Path | None) -> jieba.Tokenizer:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        if path is not None:
            tokenizer.load_userdict(str(path))
        return tokenizer

    return _loaded("reference", load)


def _loaded(name: str, load):  # noqa: ANN001, ANN202
    path = user_dictionary_path()
    mtime = path.stat().st_mtime if path.exists() else None
    current = _state.get(name)
    if current is not None and current[1] == mtime:
        return current[0]
    with _lock:
        current = _state.get(name)
        if current is None or current[1] != mtime:
            current = (load(path if mtime is not None else None), mtime)
            _state[name] = current
    return current[0]
