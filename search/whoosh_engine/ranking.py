"""Ranking matches by BM25 on their jieba words, every candidate scored at once.

Whoosh scores a query document by document in Python: at 100,000 articles a word that most
of them contain (工会, 职工) costs about 150 ms to rank, even with its block skipping, and
two such words twice that. Here each word's postings are read block by block into arrays
and the scores of all articles computed in a few numpy operations, with the formula and the
statistics Whoosh's ``BM25F`` uses (its idf, its average field length, its one-byte field
lengths, B and K1), so the order is the one Whoosh would give — ties go to the lower
document number, as in Whoosh's collector. ``tests/test_search_engine.py`` compares the two.
"""
from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

from .postings import Leaves, index_postings

_LENGTH_OF_BYTE = np.array([byte_to_length(byte) for byte in range(256)], dtype=np.float64)


class WordRanker:
    """BM25 scores of the ``words`` field for one searcher (one state of the index)."""

    def __init__(self, searcher, leaves: Leaves, field: str = "words") -> None:  # noqa: ANN001
        weighting = searcher.weighting
        if not isinstance(weighting, BM25F):
            raise TypeError(f"ranking expects Whoosh's BM25F weighting, not {weighting!r}")
        self.searcher = searcher
        self.field = field
        self.size = searcher.reader().doc_count_all()
        self.leaves = leaves
        self.b = weighting._field_B.get(field, weighting.B)
        self.k1 = weighting.K1
        self.average_length = searcher.avg_field_length(field) or 1
        self._lengths: np.ndarray | None = None

    def scores(self, words: Sequence[str]) -> np.ndarray:
        """Each document's score for ``words`` (the sum of each word's BM25; 0: none)."""
        total = np.zeros(self.size, dtype=np.float64)
        for word in dict.fromkeys(words):
            docs, weights = index_postings(self.leaves, self.field, word)
            if not len(docs):
                continue
            idf = self.searcher.idf(self.field, word)
            norm = self.k1 * ((1 - self.b) + self.b * self.lengths()[docs] / self.average_length)
            total[docs] += idf * (weights * (self.k1 + 1)) / (weights + norm)
        return total

    def lengths(self) -> np.ndarray:
        """Every document's length in the field, as Whoosh's scorer sees it (one byte)."""
        if self._lengths is None:
            codes = np.zeros(self.size, dtype=np.uint8)
            for leaf, offset in self.leaves:
                count = leaf.doc_count_all()
                column = leaf._perdoc._cached_reader(_lenfield(self.field), LENGTHS_COLUMN)
                if column is None:
                    continue
                stored = min(column._count, count)  # the column ends at its last non-zero
                raw = column._dbfile.get(column._basepos, stored)
                codes[offset:offset + stored] = np.frombuffer(raw, dtype=np.uint8)
            self._lengths = _LENGTH_OF_BYTE[codes]
        return self._lengths


def best(scores: np.ndarray, candidates: np.ndarray, limit: int) -> list[int]:
    """The ``limit`` highest-scoring candidates with a score, best first (ties: lower
    document number first)."""
    if limit <= 0:
        return []
    docs = np.flatnonzero(candidates & (scores > 0))
    if len(docs) > limit:
        kept = scores[docs]
        cut = np.partition(kept, len(kept) - limit)[len(kept) - limit]
        docs = docs[kept >= cut]  # the top ``limit``, with anything tied at the edge
    order = np.lexsort((docs, -scores[docs]))
    return docs[order][:limit].tolist()
