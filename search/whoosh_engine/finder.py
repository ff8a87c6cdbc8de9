"""Answering a reader's search from the Whoosh index: which articles, how many, in what order.

1. **Match** with sets (``docsets``): the live documents, narrowed by each filter,
   then by each query term's n-grams, less the excluded terms. Terms of up to three
   characters are single n-grams, so the set is exact.
2. **Check** where the n-grams cannot be sure (a term of four characters or more, a term
   mixing Latin and Han): the candidates' text is checked (``check``). Up to
   ``CHECK_ALL`` candidates are all checked and the count is exact; above that an evenly
   spread sample of ``SAMPLE`` is checked and the count and facet counts are estimates,
   flagged as such.
3. **Count** facet values by intersecting the matching set with each value's set.
4. **Order** the page: by date from the date order, or by relevance — articles whose title
   block has the terms first, each group ranked by BM25 on the jieba words of the terms
   (``ranking``: Whoosh's formula, every candidate scored at once), then the rest
   newest first. Only the page's articles are checked when the set is not exact — and if
   that goes through every candidate, the answer is exact after all.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..analysis import term_grams
from .docsets import DocSets, as_mask, bits_of, members
from ..query import INDEXABLE, ParsedQuery, SearchRequest
from .ranking import best
from ..segmentation import segmenter

CHECK_ALL = 1000
SAMPLE = 200
CHECK_MOST = 5000  # candidates checked at most when looking for a page of a long term

# The articles among these document numbers that really contain the query's terms.
Check = Callable[[list[int]], set[int]]


@dataclass(frozen=True)
class Matched:
    docs: list[int]  # document numbers of the requested slice, in order
    count: int
    estimated: bool = False
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def find(sets: DocSets, parsed: ParsedQuery, request: SearchRequest, *, start: int, stop: int,
         facets: Sequence[str], check: Check) -> Matched:
    candidates, sure = _match(sets, parsed, request)
    share = 1.0
    if not sure and candidates:
        if candidates.bit_count() <= CHECK_ALL:
            candidates = bits_of(check(members(candidates)), sets.size)
            sure = True
        else:
            sample = _spread(members(candidates), SAMPLE)
            share = len(check(sample)) / len(sample)
    docs: list[int] = []
    if stop > start and candidates:
        order = _Order(sets, parsed, request, candidates)
        if sure:
            docs = order.first(stop)
        else:
            docs, complete = _checked_first(order, stop, check)
            if complete:  # every candidate was checked on the way: the answer is exact
                candidates, sure, share = bits_of(docs, sets.size), True, 1.0
    count = round(candidates.bit_count() * share)
    if not sure:
        count = max(count, len(docs))  # never fewer than the articles found for the page
    counted = {name: _facet(sets, name, candidates, share) for name in facets}
    return Matched(docs[start:stop], count, estimated=not sure and count > 0, facets=counted)


def _match(sets: DocSets, parsed: ParsedQuery, request: SearchRequest) -> tuple[int, bool]:
    """The candidate set, and whether every candidate surely matches."""
    found = sets.live
    for name, value in (("city", request.city), ("county", request.county),
                        ("unions", request.union), ("publication", request.publication),
                        ("kind", request.kind)):
        if value:
            found &= sets.having(name, value)
    if request.date_from or request.date_to:
        found &= sets.between(request.date_from, request.date_to)
    sure = True
    for term in parsed.required:
        if not found:
            break
        grams = term_grams(term)
        found &= sets.matching(grams)
        sure = sure and grams.exact
    for term in parsed.excluded:
        grams = term_grams(term)
        containing = found & sets.matching(grams)
        if grams.exact:
            found ^= containing
        elif containing:
            sure = False  # the text check leaves out those that really contain it
    return found, sure


def _spread(docs: list[int], size: int) -> list[int]:
    step = max(1, len(docs) // size)
    return docs[::step][:size]


def _facet(sets: DocSets, name: str, docs: int, share: float) -> list[tuple[str, int]]:
    counts = []
    for value, having in sets.values(name).items():
        n = round((docs & having).bit_count() * share)
        if n:
            counts.append((value, n))
    return counts


def _checked_first(order: _Order, stop: int, check: Check) -> tuple[list[int], bool]:
    """The first ``stop`` candidates in order that pass the text check (or all that do),
    and whether every candidate was checked. Checks at most ``CHECK_MOST`` candidates, so
    a string whose n-grams are common but which itself is rare stays quick."""
    wanted = min(stop + 10, CHECK_MOST)
    while True:
        ranked = order.first(wanted)
        kept = check(ranked)
        passed = [doc for doc in ranked if doc in kept]
        complete = len(ranked) < wanted
        if len(passed) >= stop or complete or wanted >= CHECK_MOST:
            return passed, complete
        wanted = min(wanted * 4, CHECK_MOST)


class _Order:
    def __init__(self, sets: DocSets, parsed: ParsedQuery, request: SearchRequest,
                 docs: int) -> None:
        self.sets, self.request, self.docs = sets, request, docs
        words = [word.lower() for term in parsed.required
                 for word in segmenter().cut(term, HMM=False) if INDEXABLE.fullmatch(word)]
        self.words = list(dict.fromkeys(words))
        self._scores: np.ndarray | None = None
        self.titled = docs
        for term in parsed.required:
            self.titled &= sets.matching(term_grams(term), field="title")

    def first(self, limit: int) -> list[int]:
        if self.request.sort != "relevance" or not self.words:
            return self.sets.by_date(self.docs, limit, newest=self.request.sort != "oldest")
        ranked = self._ranked(self.titled, limit)
        if len(ranked) < limit:
            ranked += self._ranked(self.docs ^ self.titled, limit - len(ranked))
        return ranked

    def _ranked(self, docs: int, limit: int) -> list[int]:
        """The best ``limit`` of ``docs`` by the words' BM25; unscored ones newest first."""
        if not docs or limit <= 0:
            return []
        sets = self.sets
        if self._scores is None:
            self._scores = sets.ranker.scores(self.words)
        ranked = best(self._scores, as_mask(docs, sets.size), limit)
        if len(ranked) < limit:
            rest = docs ^ bits_of(ranked, sets.size)
            ranked += sets.by_date(rest, limit - len(ranked), newest=True)
        return ranked
