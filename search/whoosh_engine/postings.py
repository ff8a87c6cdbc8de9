"""A term's postings read straight from Whoosh's blocks into numpy arrays.

Whoosh's matcher hands out postings one at a time, decoding each block's ids with a Python
generator and checking every id on the way; a term in most of 100,000 articles takes tens
of milliseconds that way. Here each block is unpickled once and its ids and weights are
collected as they are stored, then turned into arrays in one step. Terms Whoosh keeps
inline, or another codec's matchers, go through the matcher itself. Deleted documents are
included: callers narrow their results to the live ones (``docsets``).
"""
from __future__ import annotations

from typing import NamedTuple

import numpy as np
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.matching.wrappers import FilterMatcher


class Postings(NamedTuple):
    ids: np.ndarray  # int64, ascending document numbers of the segment
    weights: np.ndarray  # float64, the term's weight in each (its frequency, boosted)


EMPTY = Postings(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))

# A searcher's segments: each SegmentReader with the number of its first document.
Leaves = list[tuple[object, int]]


def index_postings(leaves: Leaves, field: str, text: str, weights: bool = True) -> Postings:
    """``text``'s postings in every segment, ids as the searcher's document numbers."""
    parts = [(found.ids + offset, found.weights) for leaf, offset in leaves
             if len((found := read_postings(leaf, field, text, weights)).ids)]
    if not parts:
        return EMPTY
    return Postings(np.concatenate([ids for ids, _ in parts]),
                    np.concatenate([found for _, found in parts]))


def read_postings(leaf, field: str, text: str, weights: bool = True) -> Postings:  # noqa: ANN001
    """``text``'s postings in ``field`` of one segment (``leaf``: a Whoosh SegmentReader);
    with ``weights=False`` only the ids are read (the weights array is left empty)."""
    if (field, text) not in leaf:
        return EMPTY
    matcher = leaf.postings(field, text)
    if isinstance(matcher, FilterMatcher):  # the segment's deletions
        matcher = matcher.child
    if not isinstance(matcher, W3LeafMatcher) or matcher._byteids:
        return _through_matcher(matcher, weights)
    # Each block's ids are deltas from the block's start; chained into one run (a block's
    # first id less the previous block's last), they make one cumulative sum.
    deltas: list[int] = []
    found: list[float] = []
    previous_last = 0
    while True:
        matcher._read_data()
        block_ids, block_weights = matcher._data[0], matcher._data[1]
        start = len(deltas)
        deltas.extend(block_ids)
        deltas[start] -= previous_last
        previous_last = matcher._maxid
        if weights:
            if block_weights is None or isinstance(block_weights, float):
                same = 1.0 if block_weights is None else block_weights
                found.extend([same] * matcher._blocklength)
            else:
                found.extend(block_weights)
        if matcher._lastblock:
            break
        matcher._next_block()
    return Postings(np.cumsum(np.array(deltas, dtype=np.int64)),
                    np.array(found, dtype=np.float64))


def _through_matcher(matcher, weights: bool) -> Postings:  # noqa: ANN001
    ids: list[int] = []
    found: list[float] = []
    while matcher.is_active():
        ids.append(matcher.id())
        if weights:
            found.append(matcher.weight())
        matcher.next()
    return Postings(np.array(ids, dtype=np.int64), np.array(found, dtype=np.float64))
