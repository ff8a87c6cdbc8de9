"""Writing Whoosh segments from whole posting lists at once.

Whoosh's ``SegmentWriter`` sends every posting through a pool that pickles it to a sorted
run on disk, merges the runs back one posting at a time and hands each posting to the
codec with a Python call: at 100,000 articles of real text (some 125 million postings)
that alone takes many minutes. It also writes every term — even one that a single article
contains, which is most n-grams of real text — as a posting block of its own, some fifty
bytes before the first posting.

``BulkWriter`` is a ``SegmentWriter`` (same segment, per-document files, deletions, merge
policy, table of contents and locking) that keeps a field's postings as arrays instead:
term numbers, document numbers and, for scored fields, weights. At commit the arrays are
sorted once with numpy and each term's postings are written with Whoosh's own block
format, so every reader of Whoosh reads the segment as one of its own
(``tests/test_search_bulk.py`` compares them posting by posting). Terms in at most
``INLINE_LIMIT`` documents are stored inline in the term dictionary, as Whoosh's format
allows; weights that are all 1.0 (the n-gram fields) are not stored at all.
"""
from __future__ import annotations

from array import array
from collections.abc import Iterable
from itertools import repeat
from pickle import dumps

import numpy as np
from whoosh.codec.whoosh3 import W3TermInfo
from whoosh.formats import Existence, Frequency
from whoosh.system import pack_uint, pack_ushort
from whoosh.writing import SegmentWriter

INLINE_LIMIT = 16  # documents: up to this many, postings live in the term dictionary
_TERM_INFO = W3TermInfo._struct


class _FieldPostings:
    """One field's postings as they arrive: term numbers, documents and, for a field whose
    format records frequencies, weights and frequencies (its posting values)."""

    def __init__(self, field) -> None:  # noqa: ANN001 - a Whoosh field type
        if not isinstance(field.format, (Existence, Frequency)):
            raise TypeError(f"bulk writing supports Existence and Frequency formats, "
                            f"not {field.format!r}")
        self.terms: dict[str | bytes, int] = {}  # str: from bulk_terms; bytes otherwise
        self.term_numbers = array("I")
        self.docs = array("I")
        counted = isinstance(field.format, Frequency)
        self.weights = array("f") if counted else None
        self.frequencies = array("I") if counted else None

    def add(self, items, docnum: int, boost: float) -> int:  # noqa: ANN001
        """Add a document's (term, frequency, weight, value) items; returns its length."""
        length = 0
        for tbytes, freq, weight, _ in items:
            self.add_posting(tbytes, docnum, weight * boost, freq)
            length += freq
        return length

    def add_terms(self, terms: Iterable[str], docnum: int) -> None:
        """A document's terms of an Existence field (``GramField.bulk_terms``)."""
        known = self.terms
        numbers = [known.setdefault(term, len(known)) for term in terms]
        self.term_numbers.extend(numbers)
        self.docs.extend(repeat(docnum, len(numbers)))

    def add_counted(self, counts: dict[str, int], docnum: int, boost: float) -> int:
        """A document's terms of a Frequency field with their frequencies; its length."""
        known = self.terms
        numbers = [known.setdefault(term, len(known)) for term in counts]
        self.term_numbers.extend(numbers)
        self.docs.extend(repeat(docnum, len(numbers)))
        frequencies = list(counts.values())
        self.frequencies.extend(frequencies)
        self.weights.extend([freq * boost for freq in frequencies])
        return sum(frequencies)

    def add_posting(self, term: str | bytes, docnum: int, weight: float, freq: int) -> None:
        number = self.terms.get(term)
        if number is None:
            number = self.terms[term] = len(self.terms)
        self.term_numbers.append(number)
        self.docs.append(docnum)
        if self.weights is not None:
            self.weights.append(weight)
            self.frequencies.append(freq)


class BulkWriter(SegmentWriter):
    """A SegmentWriter whose postings are kept in arrays and written term by term."""

    def __init__(self, index, shared_temp: bool = False, **kwargs) -> None:  # noqa: ANN001, ANN003
        """``shared_temp``: other writers use the index's temporary directory at the same
        time (``parallel``), so this one must not remove it when it finishes."""
        super().__init__(index, **kwargs)
        self._fields: dict[str, _FieldPostings] = {}
        self._shared_temp = shared_temp

    def _finish(self) -> None:
        if self._shared_temp:
            self._tempstorage = _KeptStorage()
        super()._finish()

    def postings_count(self) -> int:
        return sum(len(field.docs) for field in self._fields.values())

    def _field(self, name: str) -> _FieldPostings:
        if name not in self._fields:
            self._fields[name] = _FieldPostings(self.schema[name])
        return self._fields[name]

    def add_document(self, **fields) -> None:  # noqa: ANN003 - Whoosh's signature
        self._check_state()
        perdoc = self.perdocwriter
        docnum = self.docnum
        names = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(self.schema, names)
        perdoc.start_doc(docnum)
        try:
            for name in names:
                value = fields[name]
                if value is None:
                    continue
                field = self.schema[name]
                length = 0
                if field.indexed:
                    boost = self._field_boost(fields, name, self._doc_boost(fields))
                    postings = self._field(name)
                    if not hasattr(field, "bulk_terms"):
                        length = postings.add(field.index(value), docnum, boost)
                    elif postings.weights is None:
                        postings.add_terms(field.bulk_terms(value), docnum)
                    else:
                        length = postings.add_counted(field.bulk_terms(value), docnum,
                                                      boost * field.format.field_boost)
                    if not field.scorable:
                        length = 0
                perdoc.add_field(name, field, value if field.stored else None, length)
                if field.column_type:
                    perdoc.add_column_value(name, field.column_type,
                                            field.to_column_value(value))
        except Exception:
            perdoc.cancel_doc()
            raise
        perdoc.finish_doc()
        self._added = True
        self.docnum += 1

    def add_postings_to_pool(self, reader, startdoc, docmap) -> None:  # noqa: ANN001
        """A merged segment's postings (``add_reader``), into the arrays."""
        for name, tbytes, docnum, weight, value in self._process_posts(
                reader.iter_postings(), startdoc, docmap):
            field = self.schema[name]
            freq = field.format.decode_frequency(value) if value else 1
            term = tbytes.decode("utf-8") if hasattr(field, "bulk_terms") else tbytes
            self._field(name).add_posting(term, docnum, weight, freq)

    def _flush_segment(self) -> None:
        self.perdocwriter.close()
        lengths = self.per_document_reader()  # as Whoosh's own flush reads them
        writer = self.fieldwriter  # opened by SegmentWriter with the segment's files
        for name in sorted(self._fields):
            postings = self._fields.pop(name)
            field = self.schema[name]
            length_of = None
            if field.scorable:
                length_of = np.fromiter(
                    (lengths.doc_field_length(doc, name) for doc in range(self.docnum)),
                    dtype=np.int64, count=self.docnum)
            if postings.terms:
                _write_field(writer, name, field, postings, length_of)
        writer.close()
        lengths.close()


class _KeptStorage:
    """Stands in for a temporary storage that another writer will remove."""

    def destroy(self) -> None:
        pass


def _write_field(writer, name: str, field, postings: _FieldPostings,  # noqa: ANN001
                 length_of: np.ndarray | None) -> None:
    texts = sorted(postings.terms)  # Whoosh's order: by the terms' bytes
    rank = np.empty(len(texts), dtype=np.uint32)
    rank[np.fromiter((postings.terms[text] for text in texts), dtype=np.int64,
                     count=len(texts))] = np.arange(len(texts), dtype=np.uint32)
    keys = rank[np.frombuffer(postings.term_numbers, dtype=np.uint32)]
    order = np.argsort(keys, kind="stable")  # documents stay ascending within a term
    docs = np.frombuffer(postings.docs, dtype=np.uint32)[order]
    weights = frequencies = None
    if postings.weights is not None:
        weights = np.frombuffer(postings.weights, dtype=np.float32)[order]
        frequencies = np.frombuffer(postings.frequencies, dtype=np.uint32)[order]
    del order
    bounds = np.concatenate(([0], np.cumsum(np.bincount(keys, minlength=len(texts)))))
    del keys

    writer.start_field(name, field)
    postwriter = writer._postwriter
    blocklimit = postwriter._blocklimit
    prefix = pack_ushort(writer._fieldid)
    add_term = writer._tindex.add
    bounds = bounds.tolist()
    encode = isinstance(texts[0], str)
    for index, text in enumerate(texts):
        begin, end = bounds[index], bounds[index + 1]
        key = prefix + (text.encode("utf-8") if encode else text)
        if end - begin <= INLINE_LIMIT and weights is None:
            add_term(key, _inline_existence(tuple(docs[begin:end].tolist())))
            continue
        term = docs[begin:end], None, None
        if weights is not None:
            term = docs[begin:end], weights[begin:end], frequencies[begin:end]
        if end - begin <= INLINE_LIMIT:
            info = _inlined(*term, length_of)
        else:
            info = _blocks(postwriter, field.format, *term, length_of, blocklimit)
        add_term(key, info.to_bytes())
    writer.finish_field()


def _inline_existence(ids: tuple[int, ...]) -> bytes:
    """``W3TermInfo.to_bytes`` of inlined postings with weight 1 and no values or lengths
    (the n-gram fields' rare terms), packed directly: most terms of real text are these."""
    return _TERM_INFO.pack(1, float(len(ids)), len(ids), 0, 0, 1.0, ids[0], ids[-1]) + dumps(
        (ids, (), ()), 2)


def _length_range(docs: np.ndarray, length_of: np.ndarray) -> tuple[int, int]:
    """The shortest and longest field length among ``docs`` (block statistics)."""
    known = length_of[docs]
    return int(known.min()), int(known.max())


def _values(frequencies: np.ndarray) -> list[bytes]:
    """A Frequency format's posting values: each frequency as Whoosh encodes it."""
    return [pack_uint(freq) for freq in frequencies.tolist()]


def _inlined(docs: np.ndarray, weights: np.ndarray | None, frequencies: np.ndarray | None,
             length_of: np.ndarray | None) -> W3TermInfo:
    info = W3TermInfo()
    ids = tuple(docs.tolist())
    info._df = len(ids)
    info._minid, info._maxid = ids[0], ids[-1]
    if weights is None:
        info._weight, info._maxweight = float(len(ids)), 1.0
        info.set_inlined(ids, (), ())
    else:
        info._weight, info._maxweight = float(weights.sum()), float(weights.max())
        info.set_inlined(ids, tuple(weights.tolist()), tuple(_values(frequencies)))
        if length_of is not None:
            info._minlength, info._maxlength = _length_range(docs, length_of)
    return info


def _blocks(postwriter, format_, docs: np.ndarray, weights: np.ndarray | None,  # noqa: ANN001
            frequencies: np.ndarray | None, length_of: np.ndarray | None,
            blocklimit: int) -> W3TermInfo:
    """Write one term's postings as Whoosh's blocks (its own block writer, block by block)."""
    info = W3TermInfo()
    postwriter.start_postings(format_, info)
    count = len(docs)
    for start in range(0, count, blocklimit):
        block = docs[start:start + blocklimit]
        postwriter._ids = array("I", block.tobytes())
        if weights is None:
            postwriter._weights = array("f", [1.0]) * len(block)
            postwriter._maxweight = 1.0
        else:
            block_weights = weights[start:start + blocklimit]
            postwriter._weights = array("f", block_weights.tobytes())
            postwriter._maxweight = float(block_weights.max())
        postwriter._values = []
        if frequencies is not None:
            postwriter._values = _values(frequencies[start:start + blocklimit])
        if length_of is not None:
            postwriter._minlength, postwriter._maxlength = _length_range(block, length_of)
        else:
            postwriter._minlength, postwriter._maxlength = None, 0
        postwriter._write_block(last=start + blocklimit >= count)
    info.set_extent(postwriter._startoffset,
                    postwriter._postfile.tell() - postwriter._startoffset)
    postwriter._terminfo = None
    return info
