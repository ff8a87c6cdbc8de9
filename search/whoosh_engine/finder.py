"""Answering a reader's search from the Whoosh index: which articles, how many, in what order.

1. **Match** with sets (``docsets``): the live documents, narrowed by each filter (any of
   its values), then by each clause of the query — the documents having one of its terms'
   n-grams in the term's field, or tagged with a union or place of that name (the
   ``names`` field) — less the excluded terms. Terms of up to two characters are single
   n-grams, so their sets are exact.
2. **Check** where the n-grams cannot be sure (a longer term, a term mixing Latin and
   Han): the candidates' text is read (``texts``) and each unsure clause checked. Up to
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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..analysis import comparable, term_grams
from ..documents import name_key
from .docsets import DocSets, as_mask, bits_of, members
from ..query import FILTERS, SearchRequest
from .ranking import best
from ..segmentation import query_words
from ..syntax import INDEXABLE, ParsedQuery, Term

CHECK_ALL = 1000
SAMPLE = 200
CHECK_MOST = 5000  # candidates checked at most when looking for a page of a long term

# The text of these documents, per field, as ``search.documents.article_texts`` reads it.
Texts = Callable[[list[int]], dict[int, dict[str, str]]]
# The documents among these that really match the query.
Check = Callable[[list[int]], set[int]]


@dataclass
class _Unsure:
    """What the n-grams could not decide: clauses (the documents already sure of each, and
    its terms to look for in the text) and excluded terms to look for."""

    clauses: list[tuple[int, list[Term]]] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.clauses or self.excluded)

    def checker(self, texts: Texts) -> Check:
        clauses = [(sure, [(t.field, comparable(t.text)) for t in terms])
                   for sure, terms in self.clauses]
        excluded = [comparable(term) for term in self.excluded]

        def check(docs: list[int]) -> set[int]:
            read = texts(docs)
            return {doc for doc in docs if (text := read.get(doc)) is not None
                    and all(sure >> doc & 1 or any(t in text[f] for f, t in terms)
                            for sure, terms in clauses)
                    and not any(term in text["text"] for term in excluded)}
        return check


@dataclass(frozen=True)
class Matched:
    docs: list[int]  # document numbers of the requested slice, in order
    count: int
    estimated: bool = False
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def find(sets: DocSets, parsed: ParsedQuery, request: SearchRequest, *, start: int, stop: int,
         facets: Sequence[str], texts: Texts) -> Matched:
    candidates, unsure = _match(sets, parsed, request)
    sure, check = not unsure, unsure.checker(texts)
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


def _match(sets: DocSets, parsed: ParsedQuery, request: SearchRequest) -> tuple[int, _Unsure]:
    """The candidate set, and what the text must still decide about its members."""
    found = sets.live
    for f in FILTERS:
        if values := getattr(request, f.parameter):
            found &= _any(sets.having(f.facet, value) for value in values)
    if request.date_from or request.date_to:
        found &= sets.between(request.date_from, request.date_to)
    if parsed.pages:
        found &= _any(sets.having("page", str(number)) for number in parsed.pages)
    unsure = _Unsure()
    for clause in parsed.clauses:
        if not found:
            break
        sure = maybe = 0
        for term in clause:
            grams = term_grams(term.text)
            having = sets.matching(grams, field=term.field) & found
            if grams.exact:
                sure |= having
            else:
                maybe |= having
            if term.field == "text":
                sure |= sets.named(name_key(term.text)) & found
        found = sure | maybe
        if maybe & ~sure:
            unsure.clauses.append((sure, [t for t in clause if not term_grams(t.text).exact]))
    for term in parsed.excluded:
        grams = term_grams(term)
        containing = found & sets.matching(grams)
        if grams.exact:
            found ^= containing
        elif containing:
            unsure.excluded.append(term)  # the text check leaves out those containing it
    return found, unsure


def _any(sets: Iterable[int]) -> int:
    union = 0
    for bits in sets:
        union |= bits
    return union


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
                 for word in query_words(term) if INDEXABLE.fullmatch(word)]
        self.words = list(dict.fromkeys(words))
        self._scores: np.ndarray | None = None
        self.titled = docs
        for clause in parsed.clauses:
            self.titled &= _any(sets.matching(term_grams(term.text), field="title")
                                for term in clause)

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
