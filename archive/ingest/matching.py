"""Which article of a re-imported page is which article of the page it replaces.

A page imported again (a better transcription, a fixed segmentation) mostly holds the same
articles. Pairing them lets an article keep its id, and so its address, and the staff's
corrections. Pairs are made by the same title and a text that is still recognisably the same
first, then by the most similar text (Han bigrams, as in ``similarity``); an old article left
over is one the new page no longer has, and ``best_home`` says which new article took most of
its text. A title alone pairs nothing: columns print the same title over different stories
(图片新闻, 简讯, 工会动态, 短评), and a pair of two different stories would put one's
corrections on the other and lose it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .similarity import bigrams

SAME_ARTICLE = 0.5  # Dice similarity of two texts taken for the same article
# Dice similarity of the texts under one title taken for the same article: more than twice
# the most that two different articles of the sample pages share (0.11); an article that
# kept a seventh of its text under its title still pairs (2 * 1/7 / (1 + 1/7) = 0.25).
SAME_TITLED_ARTICLE = 0.25
HOLDS_TEXT = 0.5  # share of an old article's text a new one must hold to take its place
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Text:
    """The title and body of an article, old or new, as the matcher compares them."""

    title: str
    body: str


def match_articles(old: list[Text], new: list[Text]) -> dict[int, int]:
    """Pairs ``{index in new: index in old}``: each article matched at most once.

    Titles that read the same (spaces aside) pair first, in page order, when their texts
    reach ``SAME_TITLED_ARTICLE`` (the most similar of several old articles of that title);
    the rest pair by descending similarity of their whole text, when it reaches
    ``SAME_ARTICLE``.
    """
    pairs: dict[int, int] = {}
    taken: set[int] = set()
    old_grams = [_grams(item) for item in old]
    new_grams = [_grams(item) for item in new]
    old_titles = [_title_key(item.title) for item in old]
    for n, item in enumerate(new):
        key = _title_key(item.title)
        scored = [
            (_dice(new_grams[n], old_grams[o]), o) for o, title in enumerate(old_titles)
            if key and title == key and o not in taken
        ]
        best = max(scored, key=lambda entry: (entry[0], -entry[1]), default=None)
        if best is not None and best[0] >= SAME_TITLED_ARTICLE:
            pairs[n] = best[1]
            taken.add(best[1])
    candidates = sorted(
        (
            (_dice(new_grams[n], old_grams[o]), n, o)
            for n in range(len(new)) if n not in pairs
            for o in range(len(old)) if o not in taken
        ),
        key=lambda candidate: (-candidate[0], candidate[1], candidate[2]),
    )
    for score, n, o in candidates:
        if score < SAME_ARTICLE:
            break
        if n in pairs or o in taken:
            continue
        pairs[n] = o
        taken.add(o)
    return pairs


def best_home(old: Text, new: list[Text]) -> int | None:
    """The new article holding most of ``old``'s text, if one holds ``HOLDS_TEXT`` of it."""
    grams = _grams(old)
    if not grams:
        return None
    best, best_share = None, HOLDS_TEXT
    for index, item in enumerate(new):
        share = len(grams & _grams(item)) / len(grams)
        if share >= best_share and (best is None or share > best_share):
            best, best_share = index, share
    return best


def held_share(part: Text, whole: Text) -> float:
    """The share of ``part``'s text (its distinctive bigrams) that ``whole`` holds."""
    grams = _grams(part)
    return len(grams & _grams(whole)) / len(grams) if grams else 0.0


def _title_key(title: str) -> str:
    return _SPACE.sub("", title)


def _grams(item: Text) -> set[str]:
    return bigrams(f"{item.title}\n{item.body}")


def _dice(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))
