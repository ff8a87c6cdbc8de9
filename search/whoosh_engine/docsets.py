"""Sets of documents as Python integers used as bit sets, read from a Whoosh searcher.

Bit ``n`` of a set is document number ``n`` of the searcher. Intersections, differences and
counts of 100,000-document sets are single C operations on integers (``&``, ``^``,
``int.bit_count``), so matching, filtering and counting every facet value take a few
milliseconds where walking Whoosh's matchers document by document takes seconds.

Postings are read into numpy arrays (``postings``) and become sets in one step.
A ``DocSets`` belongs to one searcher (the index as one commit left it) and caches what does
not depend on the query: the live documents, one set per value of each filter field, the
documents' dates (a column) and the ranker's field lengths. It is rebuilt when the backend
reopens its searcher.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import numpy as np

from ..analysis import TermGrams
from .postings import index_postings
from .ranking import WordRanker

# The date column (filters and facets are term sets, see ``values``).
DAY_COLUMN = "day_number"  # YYYYMMDD as a number, one per article (a column)
MAX_GRAMS_READ = 4  # of a long term's pairs, only the rarest are read (the text decides)

_BITS_OF_BYTE = [tuple(bit for bit in range(8) if byte >> bit & 1) for byte in range(256)]


def members(bits: int) -> list[int]:
    """The document numbers in a set, ascending."""
    found: list[int] = []
    data = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    for index, byte in enumerate(data):
        if byte:
            base = index * 8
            found.extend([base + bit for bit in _BITS_OF_BYTE[byte]])
    return found


def bits_of(docnums: Iterable[int], size: int) -> int:
    """The set of ``docnums`` (each below ``size``)."""
    data = bytearray((size + 7) // 8)
    for doc in docnums:
        data[doc >> 3] |= 1 << (doc & 7)
    return int.from_bytes(data, "little")


def bits_of_mask(mask: np.ndarray) -> int:
    """A boolean array (one entry per document) as a set."""
    return int.from_bytes(np.packbits(mask, bitorder="little").tobytes(), "little")


def as_mask(bits: int, size: int) -> np.ndarray:
    """A set as a boolean array of ``size`` entries (the inverse of ``bits_of_mask``)."""
    data = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(data, bitorder="little")[:size].view(bool)


class DocSets:
    def __init__(self, searcher) -> None:  # noqa: ANN001 - a whoosh Searcher
        self.searcher = searcher
        self.size = searcher.reader().doc_count_all()
        self.leaves = [(leaf.reader(), offset) for leaf, offset in searcher.leaf_searchers()]
        self.live = self._live()
        self._values: dict[str, dict[str, int]] = {}
        self._days: np.ndarray | None = None
        self._order: np.ndarray | None = None
        self._ranker: WordRanker | None = None

    @property
    def ranker(self) -> WordRanker:
        """BM25 on the jieba words for this searcher (its field lengths read once)."""
        if self._ranker is None:
            self._ranker = WordRanker(self.searcher, self.leaves)
        return self._ranker

    # -- terms -------------------------------------------------------------------------
    def term(self, field: str, text: str) -> int:
        """Documents with ``text`` in ``field`` (deleted ones included; see ``live``)."""
        mask = np.zeros(self.size, dtype=bool)
        mask[index_postings(self.leaves, field, text, weights=False).ids] = True
        return bits_of_mask(mask)

    def _field_terms(self, field: str) -> list[str]:
        return sorted({text for leaf, _ in self.leaves for text in leaf.field_terms(field)})

    def frequency(self, field: str, text: str) -> int:
        return sum(leaf.doc_frequency(field, text) for leaf, _ in self.leaves)

    def matching(self, grams: TermGrams, field: str = "text") -> int:
        """Live documents having every n-gram of a query term (see ``TermGrams``)."""
        by_rarity = sorted(grams.grams, key=lambda text: self.frequency(field, text))
        if not by_rarity or self.frequency(field, by_rarity[0]) == 0:
            return 0
        if not grams.exact:
            by_rarity = by_rarity[:MAX_GRAMS_READ]
        found = self.live
        for text in by_rarity:
            found &= self.term(field, text)
            if not found:
                break
        return found

    def named(self, name: str) -> int:
        """Live documents tagged with a union or place going by ``name`` (the ``names``
        field, see ``search.documents.known_names``)."""
        if not name or self.frequency("names", name) == 0:
            return 0
        return self.term("names", name) & self.live

    # -- filter and facet values ---------------------------------------------------------
    def values(self, field: str) -> dict[str, int]:
        """Each value of a filter field and the live documents having it."""
        if field not in self._values:
            self._values[field] = {
                text: bits & self.live for text in self._field_terms(field)
                if (bits := self.term(field, text)) & self.live
            }
        return self._values[field]

    def having(self, field: str, value: str) -> int:
        return self.values(field).get(value, 0)

    # -- dates ---------------------------------------------------------------------------
    def days(self) -> np.ndarray:
        """Every document's date as a YYYYMMDD number (0: none), read from the day column
        of each segment in one read rather than term by term."""
        if self._days is None:
            days = np.zeros(self.size, dtype=np.uint32)
            for leaf, offset in self.leaves:
                if not leaf.has_column(DAY_COLUMN):
                    continue
                column = leaf.column_reader(DAY_COLUMN, translate=False)
                stored = min(column._count, leaf.doc_count_all())  # ends at its last non-zero
                raw = column._dbfile.get(column._basepos, stored * column._fixedlen)
                days[offset:offset + stored] = np.frombuffer(raw, dtype=">u4")
            self._days = days
        return self._days

    def between(self, first: date | None, last: date | None) -> int:
        """Documents dated from ``first`` to ``last``, both included (either may be open)."""
        days = self.days()
        low = int(first.strftime("%Y%m%d")) if first else 1
        high = int(last.strftime("%Y%m%d")) if last else 99991231
        return bits_of_mask((days >= low) & (days <= high)) & self.live

    def by_date(self, bits: int, limit: int, *, newest: bool) -> list[int]:
        """The first ``limit`` documents of a set in date order (newest or oldest first;
        within a day, in document order, reversed for newest)."""
        if limit <= 0 or not bits:
            return []
        if self._order is None:
            self._order = np.argsort(self.days(), kind="stable")
        order = self._order
        chosen = order[as_mask(bits, self.size)[order]]
        return (chosen[::-1] if newest else chosen)[:limit].tolist()

    # -- deletions -----------------------------------------------------------------------
    def _live(self) -> int:
        live = (1 << self.size) - 1
        for leaf, offset in self.leaves:
            if leaf.has_deletions():
                deleted = leaf.segment().deleted_docs()
                live ^= bits_of((doc + offset for doc in deleted), self.size)
        return live
