"""The two Whoosh parts the archive's schema needs that Whoosh does not ship.

- ``GramField``: a field of n-gram terms (``search.analysis.index_grams``) stored without
  frequencies or positions. It makes its terms with one set comprehension instead of one
  Whoosh ``Token`` per character, and an article's n-grams cost one posting each.
- ``WordField``: jieba words (``search.segmentation.index_words``) with their frequencies,
  for BM25; likewise counted in one pass rather than token by token.
- ``GramTokenizer``/``JiebaTokenizer``: the same analyses as Whoosh tokenizers, for the parts
  of Whoosh that ask a field's analyzer (its query parser).
- ``ArchiveCodec``: Whoosh's own codec, except that the per-document reader remembers that a
  field has *no* length column. Whoosh's asks the file system again for every posting of a
  field without one (a ``stat`` per posting; two thirds of a commit's time for the n-gram
  field), and a commit's postings are millions.
"""
from __future__ import annotations

from collections import Counter

from whoosh.analysis import Token, Tokenizer
from whoosh.codec.whoosh3 import W3Codec, W3PerDocReader
from whoosh.fields import TEXT, FieldType
from whoosh.formats import Existence
from whoosh.system import pack_uint

from ..analysis import index_grams
from ..segmentation import index_words


class GramField(FieldType):
    """Character n-grams for matching: indexed, never stored, not scored."""

    def __init__(self) -> None:
        self.format = Existence(field_boost=1.0)
        self.analyzer = gram_analyzer()
        self.scorable = False
        self.stored = False
        self.unique = False
        self.vector = None
        self.column_type = None

    def index(self, value, **kwargs):  # noqa: ANN001, ANN003 - Whoosh's signature
        return [(gram.encode("utf-8"), 1, 1.0, b"") for gram in index_grams(value)]

    def bulk_terms(self, value: str) -> set[str]:
        """The terms of ``value`` for ``bulk.BulkWriter``: each once, weight 1."""
        return index_grams(value)


class WordField(TEXT):
    """jieba words with frequencies, scored with BM25 (no positions: no phrase queries)."""

    def __init__(self, field_boost: float = 1.0) -> None:
        super().__init__(analyzer=word_analyzer(), phrase=False, stored=False,
                         field_boost=field_boost)

    def index(self, value, **kwargs):  # noqa: ANN001, ANN003 - Whoosh's signature
        boost = self.format.field_boost
        return [(word.encode("utf-8"), n, n * boost, pack_uint(n))
                for word, n in Counter(index_words(value)).items()]

    def bulk_terms(self, value: str) -> Counter[str]:
        """The words of ``value`` and their frequencies, for ``bulk.BulkWriter``."""
        return Counter(index_words(value))


class _PerDocReader(W3PerDocReader):
    def _cached_reader(self, fieldname, column):  # noqa: ANN001
        try:
            return self._readers[fieldname]
        except KeyError:
            pass
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
        return reader


class ArchiveCodec(W3Codec):
    def per_document_reader(self, storage, segment):  # noqa: ANN001
        return _PerDocReader(storage, segment)


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


class _TermTokenizer(Tokenizer):
    """The terms of ``terms(value)`` as Whoosh tokens, one position each (for the parts of
    Whoosh that ask a field's analyzer; indexing itself goes through the fields above)."""

    def terms(self, value: str) -> list[str]:
        raise NotImplementedError

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="",
                 **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            yield _whole(token, value, positions, chars, start_pos, start_char)
            return
        for pos, text in enumerate(self.terms(value), start_pos):
            token.text = token.original = text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = pos
            if chars:  # term offsets are not kept: highlighting works on the article text
                token.startchar, token.endchar = start_char, start_char + len(value)
            yield token


class GramTokenizer(_TermTokenizer):
    """The n-gram terms of ``index_grams``, in sorted order."""

    def terms(self, value: str) -> list[str]:
        return sorted(index_grams(value))


class JiebaTokenizer(_TermTokenizer):
    """jieba's words (``index_words``), one position per word, no overlapping sub-words.

    jieba's own ChineseAnalyzer emits character offsets as positions and adds the sub-words
    of long words (cut_for_search), which breaks phrase queries; this tokenizer does neither.
    """

    def terms(self, value: str) -> list[str]:
        return index_words(value)


def gram_analyzer():
    return GramTokenizer()


def word_analyzer():
    return JiebaTokenizer()
