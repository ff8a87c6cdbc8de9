"""What the archive needs from a search engine: the contract every engine implements.

The site never talks to an engine's library. It asks the engine configured in
``HAYSTACK_CONNECTIONS["default"]`` (``engine()``) for the operations below, with the types
defined here; the Whoosh engine (``search.whoosh_engine``) is one implementation, and
``tests/test_engine_contract.py`` holds any implementation to this contract. A second engine
(Elasticsearch through haystack, for archives that outgrow one machine) is a new package
whose backend class has these methods and passes those tests.

Documents are plain dictionaries made by ``search.documents.article_document``: the
article's id, a content ``version`` (a digest of everything else in the document), the
texts to match and rank, and the filter and facet values. An engine stores the version with
each document and reports it back (``indexed``), so what is stale or duplicated in an index
is derived by comparing versions with the database (``search.drift``), never remembered by
the code that edits articles.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, runtime_checkable

from .query import SearchRequest
from .syntax import ParsedQuery

# A search document: see search.documents.article_document for its fields.
Document = Mapping[str, object]


class EngineUnavailable(Exception):
    """The index cannot be read (missing, truncated, mid-repair): readers are told that
    search is temporarily unavailable, and ``check_search_index --repair`` rebuilds it."""


class EngineMismatch(RuntimeError):
    """The engine's library is not the version its code was written for."""


@dataclass(frozen=True)
class Found:
    """One page of a search: article ids in order, the total count and facet counts."""

    ids: list[int]
    count: int
    estimated: bool = False  # count and facet counts are estimates (shown as 约)
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexedDocument:
    """A live document of the index: which article, and the content version it holds."""

    article_id: int
    version: str


@dataclass(frozen=True)
class IndexCopy:
    """A copy of the index in a directory of its own (a backup's): what it holds."""

    name: str  # which state of the index was copied (for Whoosh, the live generation)
    index_format: str | None
    documents: int


@runtime_checkable
class SearchEngine(Protocol):
    """The operations the archive uses; nothing else of an engine is called from outside."""

    def find(self, parsed: ParsedQuery, request: SearchRequest, *, start: int = 0,
             stop: int = 0, facets: Sequence[str] = ()) -> Found:
        """The articles matching ``parsed`` under the request's filters, ordered by the
        request's sort: ids of positions ``start``..``stop``, the count (exact unless
        flagged), and for each name in ``facets`` every value with its count.
        Raises ``EngineUnavailable`` when the index cannot be read."""

    def similar(self, words: Sequence[str], *, limit: int) -> list[int]:
        """Up to ``limit`` article ids ranked by how much they use these jieba words (BM25,
        as relevance ranks a search), best first; articles using none are left out. For
        "related articles": no string has to match. Raises ``EngineUnavailable``."""

    def word_frequencies(self, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many live documents there are, and how many have each of these jieba words
        (as ``search.segmentation.index_words`` cuts them): what makes a word distinctive.
        Raises ``EngineUnavailable`` when the index cannot be read."""

    def write(self, documents: Iterable[Document], removed: Iterable[int] = ()) -> None:
        """Replace the documents of these articles and delete those of ``removed``, in one
        commit visible to every reader afterwards. Raises on failure (nothing written)."""

    def rebuild(self, documents: Iterable[Document]) -> int:
        """Build a whole new index from ``documents`` beside the live one and swap it in at
        once; readers answer from the old index until then, and a rebuild that fails or is
        killed leaves the old one serving. Returns the number of documents written."""

    def clear(self) -> None:
        """Make the index empty (atomically, as a rebuild of nothing)."""

    def indexed(self) -> list[IndexedDocument]:
        """Every live document: an article indexed twice appears twice."""

    def index_format(self) -> str | None:
        """The document format the index was written in (None: unknown or unreadable)."""

    def format_is_current(self) -> bool:
        """Whether the index was written in the format this code writes."""

    def copy_to(self, target: Path) -> IndexCopy:
        """Copy the index, as its last commit left it, into the new directory ``target``
        (files readable only by their owner); returns what was copied, as the index
        describes it. Holds the writer lock (``search.writelock``) for the copy, so no
        commit happens meanwhile; a caller already holding it keeps the index still across
        more than the copy. Raises ``EngineUnavailable``."""

    def check_copy(self, source: Path) -> IndexCopy:
        """Open a copy written by ``copy_to`` and read all its documents: what it holds, as
        read from the copy itself. Raises ``EngineUnavailable`` when it cannot be read."""

    def install_copy(self, source: Path, before_swap: Callable[[], None] = lambda: None
                     ) -> IndexCopy:
        """Make a copy written by ``copy_to`` the live index, at once, as a rebuild does
        (``source`` itself is left as it is). ``before_swap`` runs once the copy stands
        ready beside the live index and just before it goes live; if it raises, the copy
        is dropped and the old index stays live."""


def engine() -> SearchEngine:
    """The configured engine: the backend of haystack's default connection."""
    from haystack import connections

    backend = connections["default"].get_backend()
    if not isinstance(backend, SearchEngine):
        raise TypeError(f"{type(backend).__name__} does not implement search.engine.SearchEngine")
    return backend
