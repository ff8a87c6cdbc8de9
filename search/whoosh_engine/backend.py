"""The Whoosh engine as a haystack backend, implementing ``search.engine.SearchEngine``.

Selected by ``ENGINE`` in ``HAYSTACK_CONNECTIONS``. What differs from haystack's stock
Whoosh backend:

- the schema: the document field and the title field hold character n-grams
  (``fields.GramField``: exact substring matching), the ``words`` field jieba words
  (ranking); filter and facet fields are untokenized ids; only ids and the content version
  are stored;
- ``find`` answers the archive's searches (``finder``): matching, counting and facets with
  sets of document numbers, ranking with Whoosh's BM25 computed over arrays (``ranking``);
- one warm snapshot per process, opened afresh whenever the index has changed
  (``snapshots``);
- the index is a directory of generations (``store``): ``rebuild`` and ``clear`` write a new
  one beside the live one and swap it in;
- a backup's copy of the index is its live generation alone (``copies``); bringing one back
  swaps it in like a rebuild;
- segments are written by ``bulk.BulkWriter`` (whole posting lists sorted with numpy, rare
  terms inline) and non-compound, so readers read them through the operating system's page
  cache (shared by every process) instead of each holding a private copy; a commit merges
  only small segments (``merging``).

Writes hold the machine-wide writer lock (``search.writelock``).
"""
from __future__ import annotations

import pickle
import shutil
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from whoosh.columns import NumericColumn
from whoosh.fields import COLUMN, ID as WHOOSH_ID, KEYWORD, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from ..documents import article_texts
from ..engine import Document, EngineUnavailable, Found, IndexCopy, IndexedDocument
from ..query import SearchRequest
from ..syntax import ParsedQuery
from ..writelock import writer_lock
from . import copies, parallel, snapshots, store
from .bulk import BulkWriter
from .docsets import DAY_COLUMN, as_mask
from .fields import ArchiveCodec, GramField, WordField
from .finder import find
from .ranking import best
from .merging import merge_small_segments

# Fields analysed as jieba words rather than n-grams (ranking only).
WORD_FIELDS = frozenset({"words"})
GRAM_FIELDS = frozenset({"text", "title", "byline"})
VERSION = "version"
WRITE_LOCK_TIMEOUT = 120  # seconds a writer waits for Whoosh's own lock
# A rebuild's writing process starts a new segment after this many postings (about 25,000
# articles of real text), so its memory stays bounded whatever the archive's size.
SEGMENT_POSTINGS = 32_000_000

# The shape of the documents on disk: change it whenever an existing index would answer
# differently from a rebuilt one (n-grams, fields, what a field holds, the layout).
INDEX_FORMAT = "5"  # pairs across punctuation; byline and names fields; day column; generations

IDENTIFIER = "archive.article.{}"
# What reading a damaged index file raises (truncated, overwritten, deleted underneath).
UNREADABLE = (OSError, EOFError, ValueError, IndexError, struct.error, pickle.UnpicklingError,
              zlib.error)


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
            VERSION: WHOOSH_ID(stored=True),
            DAY_COLUMN: COLUMN(NumericColumn("I")),  # date order and ranges, read at once
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            if field.is_multivalued:
                schema_fields[name] = KEYWORD(commas=True, scorable=False)
            elif name in WORD_FIELDS:
                schema_fields[name] = WordField(field_boost=field.boost)
            elif name in GRAM_FIELDS:
                schema_fields[name] = GramField()
            else:
                schema_fields[name] = WHOOSH_ID()
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    def setup(self):
        from haystack import connections

        self.root = Path(self.path)
        self.content_field_name, self.schema = self.build_schema(
            connections[self.connection_alias].get_unified_index().all_searchfields())
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        if store.live_directory(self.root) is None:
            with writer_lock():
                # A new archive gets an empty index. One whose CURRENT was lost is left as
                # it is: readers get EngineUnavailable until a rebuild, nothing is deleted.
                if (store.live_directory(self.root) is None
                        and not store.has_generations(self.root)):
                    self._swap_in(self._empty_generation())
        self.setup_complete = True

    @property
    def index(self):  # noqa: ANN201 - haystack's code reads the live Whoosh index here
        directory = self._live()
        return FileStorage(str(directory)).open_index(snapshots.INDEX_NAME, schema=self.schema)

    @index.setter
    def index(self, value) -> None:  # noqa: ANN001 - haystack assigns it; the live one wins
        pass

    def _live(self) -> Path:
        if not self.setup_complete:
            self.setup()
        directory = store.live_directory(self.root)
        if directory is None:
            raise EngineUnavailable(f"检索索引不存在：{self.root}")
        return directory

    # -- the contract: reading ------------------------------------------------------------
    @contextmanager
    def _reading(self) -> Iterator[snapshots.Snapshot]:
        """The process's warm snapshot of the live index; a file of the index gone bad
        becomes ``EngineUnavailable`` (and the snapshot is dropped, to be opened afresh)."""
        if not self.setup_complete:
            self.setup()
        try:
            with snapshots.using(self.root, self.schema) as snapshot:
                yield snapshot
        except EngineUnavailable:
            raise
        except UNREADABLE as error:
            snapshots.forget(self.root)
            raise EngineUnavailable(f"检索索引无法读取：{error}") from error

    def find(self, parsed: ParsedQuery, request: SearchRequest, *, start: int = 0,
             stop: int = 0, facets: Sequence[str] = ()) -> Found:
        with self._reading() as snapshot:
            def texts(docs: list[int]) -> dict[int, dict[str, str]]:
                ids = _article_ids(snapshot, docs)
                read = article_texts(ids)
                return {doc: read[pk] for doc, pk in zip(docs, ids) if pk in read}

            matched = find(snapshot.sets, parsed, request, start=start, stop=stop,
                           facets=facets, texts=texts)
            return Found(_article_ids(snapshot, matched.docs), matched.count,
                         matched.estimated, matched.facets)

    def similar(self, words: Sequence[str], *, limit: int) -> list[int]:
        with self._reading() as snapshot:
            sets = snapshot.sets
            scores = sets.ranker.scores([word.lower() for word in words])
            return _article_ids(snapshot, best(scores, as_mask(sets.live, sets.size), limit))

    def word_frequencies(self, words: Sequence[str]) -> tuple[int, dict[str, int]]:
        with self._reading() as snapshot:
            sets = snapshot.sets
            return sets.live.bit_count(), {
                word: sets.frequency("words", word.lower()) for word in words}

    def indexed(self) -> list[IndexedDocument]:
        with self._reading() as snapshot:
            return [IndexedDocument(int(fields[DJANGO_ID]), fields.get(VERSION, ""))
                    for fields in snapshot.searcher.all_stored_fields()]

    def index_format(self) -> str | None:
        try:
            return store.read_format(self._live())
        except EngineUnavailable:
            return None

    def format_is_current(self) -> bool:
        return self.index_format() == INDEX_FORMAT

    # -- the contract: writing ------------------------------------------------------------
    def write(self, documents: Iterable[Document], removed: Iterable[int] = ()) -> None:
        """Write changed documents and delete removed ones in one commit.

        Unlike the stock backend (an AsyncWriter that buffers in a thread, a remove that
        gives up and only logs when the index is locked), this waits for the lock and
        raises on failure, so the caller keeps its record of the change and tries again.
        """
        documents = list(documents)
        stale = [*removed, *(document["id"] for document in documents)]
        with writer_lock():
            index = self.index
            writer = self._writer(index)
            try:
                # Old versions go first, found with one searcher: Whoosh's update_document
                # opens a reader over every segment for each document it replaces.
                if stale and not index.is_empty():
                    with writer.searcher() as searcher:
                        for pk in dict.fromkeys(stale):
                            writer.delete_by_term(ID, IDENTIFIER.format(pk), searcher=searcher)
                for document in documents:
                    writer.add_document(**self._fields(document))
            except BaseException:
                writer.cancel()
                raise
            writer.commit(mergetype=merge_small_segments)

    def rebuild(self, documents: Iterable[Document]) -> int:
        """Write every document into a new generation, then make it live.

        Documents are read lazily and dealt to writing processes (``parallel``), each of
        which writes a segment every ``SEGMENT_POSTINGS`` postings, so memory stays bounded
        whatever the archive's size. Holds the writer lock throughout.
        """
        if not self.setup_complete:
            self.setup()
        with writer_lock():
            directory = self._empty_generation()
            index = FileStorage(str(directory)).open_index(snapshots.INDEX_NAME,
                                                           schema=self.schema)
            written = parallel.write_segments(
                index, (self._fields(document) for document in documents),
                index_name=snapshots.INDEX_NAME, segment_postings=SEGMENT_POSTINGS)
            self._swap_in(directory)
        return written

    def clear(self, models=None, commit=True) -> None:  # noqa: ANN001 - haystack's signature
        if not self.setup_complete:
            self.setup()
        with writer_lock():
            self._swap_in(self._empty_generation())

    # -- the contract: copies (backups) -------------------------------------------------
    def copy_to(self, target: Path) -> IndexCopy:
        if not self.setup_complete:
            self.setup()
        with writer_lock():
            try:
                return copies.copy_live(self.root, Path(target), self.schema)
            except UNREADABLE as error:
                raise EngineUnavailable(f"检索索引无法复制：{error}") from error

    def check_copy(self, source: Path) -> IndexCopy:
        if not self.setup_complete:
            self.setup()
        try:
            return copies.describe(Path(source), self.schema)
        except UNREADABLE as error:
            raise EngineUnavailable(f"索引副本无法读取：{error}") from error

    def install_copy(self, source: Path, before_swap: Callable[[], None] = lambda: None
                     ) -> IndexCopy:
        if not self.setup_complete:
            self.setup()
        with writer_lock():
            try:
                directory = copies.stage(self.root, Path(source), self.schema)
            except UNREADABLE as error:
                raise EngineUnavailable(f"索引副本无法读取：{error}") from error
            try:
                try:
                    installed = copies.describe_generation(directory, self.schema)
                except UNREADABLE as error:
                    raise EngineUnavailable(f"索引副本无法读取：{error}") from error
                before_swap()
            except BaseException:
                shutil.rmtree(directory, ignore_errors=True)
                raise
            self._swap_in(directory)
        return installed

    def _empty_generation(self) -> Path:
        directory = store.new_generation(self.root)
        FileStorage(str(directory)).create_index(self.schema, indexname=snapshots.INDEX_NAME)
        store.write_format(directory, INDEX_FORMAT)
        return directory

    def _swap_in(self, directory: Path) -> None:
        store.make_live(self.root, directory)
        snapshots.forget(self.root)

    def _writer(self, index) -> BulkWriter:  # noqa: ANN001
        return BulkWriter(index, timeout=WRITE_LOCK_TIMEOUT, codec=ArchiveCodec(),
                          compound=False)

    def _fields(self, document: Document) -> dict[str, object]:
        pk = document["id"]
        fields = {ID: IDENTIFIER.format(pk), DJANGO_CT: "archive.article",
                  DJANGO_ID: str(pk), VERSION: document["version"],
                  DAY_COLUMN: int(document["day"])}
        for name, value in document.items():
            if name in self.schema and name not in fields:
                fields[name] = self._from_python(value)
        return fields

    # -- haystack's commands (update_index) ----------------------------------------------
    def update(self, index, iterable, commit=True):  # noqa: ANN001
        """haystack's ``update_index`` batches, cut with the current vocabulary."""
        from ..documents import article_document
        from ..vocabulary import refresh_user_dictionary

        refresh_user_dictionary()
        self.write([article_document(article) for article in iterable])

    def remove(self, obj_or_string, commit=True):  # noqa: ANN001
        identifier = obj_or_string if isinstance(obj_or_string, str) else \
            IDENTIFIER.format(obj_or_string.pk)
        self.write([], [int(identifier.rsplit(".", 1)[-1])])


def _article_ids(snapshot: snapshots.Snapshot, docs: list[int]) -> list[int]:
    searcher = snapshot.searcher
    return [int(searcher.stored_fields(doc)[DJANGO_ID]) for doc in docs]


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshSearchBackend
    query = ArchiveWhooshSearchQuery
