"""haystack's Whoosh backend, made to search Chinese and to answer quickly.

Selected by ``ENGINE`` in ``HAYSTACK_CONNECTIONS``. What differs from the stock backend:

- the schema: the document field and the title field hold character n-grams
  (``search.fields.GramField``: exact substring matching), the ``words`` field jieba words
  (ranking); filter and facet fields are untokenized ids; nothing large is stored;
- ``find_articles`` answers the archive's searches (``search.finder``): matching, counting
  and facets with sets of document numbers, ranking with Whoosh's BM25 computed over
  arrays (``search.ranking``);
- one warm searcher per process, reopened only when the index has changed (the stock backend
  opens a new searcher — every segment reader — on each query, and refreshes twice);
- writes happen only through ``search.indexing`` (one writer, under a lock) and haystack's
  ``rebuild_index``/``update_index``; a large batch is written by two processes, each making
  its own segment (``WRITE_PROCESSES``), with the codec fix of ``search.fields``; a commit
  merges only small segments (``search.merging``), and the index directory records the
  format of its documents (``INDEX_FORMAT``), so an outdated index is found and rebuilt.

Another engine (Elasticsearch through haystack) needs its own ``find_articles``; everything
else talks to haystack.
"""
from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier
from whoosh.fields import ID as WHOOSH_ID, KEYWORD, Schema
from whoosh.qparser import QueryParser

from .docsets import DocSets
from .documents import articles_containing
from .fields import ArchiveCodec, GramField, WordField
from .finder import Found, find
from .merging import merge_small_segments
from .query import ParsedQuery, SearchRequest
from .vocabulary import refresh_user_dictionary

# Fields analysed as jieba words rather than n-grams (ranking only).
WORD_FIELDS = frozenset({"words"})
WRITE_LOCK_TIMEOUT = 120  # seconds a writer waits for another to finish its commit
WRITE_PROCESSES = 2  # for batches of at least PARALLEL_BATCH documents
PARALLEL_BATCH = 2000
WRITER_MEMORY_MB = 2048  # per writing process: a batch sorts in memory, no spill files

# The shape of the documents on disk: change it whenever an existing index would answer
# differently from a rebuilt one (n-grams, fields, what a field holds).
INDEX_FORMAT = "3"  # characters, pairs and triples of each Han run; no positions
FORMAT_FILE = "archive-index-format"

_searchers: dict[str, tuple[object, DocSets]] = {}
_searchers_lock = threading.Lock()


class ArchiveWhooshSearchBackend(WhooshSearchBackend):
    def build_schema(self, fields):
        schema_fields = {
            ID: WHOOSH_ID(stored=True, unique=True),
            DJANGO_CT: WHOOSH_ID(stored=True),
            DJANGO_ID: WHOOSH_ID(stored=True),
        }
        content_field_name = ""
        for field in fields.values():
            name = field.index_fieldname
            if field.is_multivalued:
                schema_fields[name] = KEYWORD(commas=True, scorable=False)
            elif name in WORD_FIELDS:
                schema_fields[name] = WordField(field_boost=field.boost)
            elif field.document or field.boost != 1.0:
                schema_fields[name] = GramField()
            else:
                schema_fields[name] = WHOOSH_ID()
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    def setup(self):
        super().setup()
        # Only our own query strings reach the parser; no fuzzy or wildcard plugins needed.
        self.parser = QueryParser(self.content_field_name, schema=self.schema)
        if self.index.is_empty():  # new or cleared: what is written now is this format
            self._format_path().write_text(INDEX_FORMAT, encoding="utf-8")

    # -- the format of the documents on disk ---------------------------------------------
    def _format_path(self) -> Path:
        return Path(self.path) / FORMAT_FILE

    def index_format(self) -> str | None:
        """The document format the index was built with (None: before formats were kept).

        An index built by an older version of ``search.documents`` or ``search.analysis``
        answers some queries wrongly until it is rebuilt: ``check_search_index`` says so,
        and ``--repair`` rebuilds it.
        """
        if not self.setup_complete:
            self.setup()
        try:
            return self._format_path().read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None

    def format_is_current(self) -> bool:
        return self.index_format() == INDEX_FORMAT

    # -- reading -------------------------------------------------------------------------
    def searcher(self):
        """This process's warm searcher, reopened when a writer has committed since."""
        return self._current()[0]

    def _current(self):
        if not self.setup_complete:
            self.setup()
        with _searchers_lock:
            current = _searchers.get(self.path)
            if current is None or not current[0].up_to_date():
                searcher = current[0].refresh() if current else self.index.searcher()
                current = (searcher, DocSets(searcher))
                _searchers[self.path] = current
            return current

    def find_articles(self, parsed: ParsedQuery, request: SearchRequest, *, start: int = 0,
                      stop: int = 0, facets: Sequence[str] = ()) -> tuple[Found, list[int]]:
        """The archive's search: the slice's article ids in order, and count and facets."""
        searcher, sets = self._current()

        def article_ids(docs: list[int]) -> list[int]:
            return [int(searcher.stored_fields(doc)[DJANGO_ID]) for doc in docs]

        def check(docs: list[int]) -> set[int]:
            ids = article_ids(docs)
            kept = articles_containing(ids, parsed.required, parsed.excluded)
            return {doc for doc, pk in zip(docs, ids) if pk in kept}

        found = find(sets, parsed, request, start=start, stop=stop, facets=facets,
                     check=check)
        return found, article_ids(found.docs)

    # -- writing (only from search.indexing and haystack's index commands) ----------------
    def apply(self, index, changed, removed_identifiers=()) -> None:
        """Write changed documents and delete removed ones in one commit.

        Unlike the stock backend (an AsyncWriter that buffers in a thread, a remove that
        gives up and only logs when the index is locked), this waits for the lock and
        raises on failure, so the caller keeps its record of the change and tries again.
        """
        if not self.setup_complete:
            self.setup()
        self.index = self.index.refresh()
        changed = list(changed)
        options = {"timeout": WRITE_LOCK_TIMEOUT, "limitmb": WRITER_MEMORY_MB,
                   "codec": ArchiveCodec()}
        if len(changed) >= PARALLEL_BATCH and WRITE_PROCESSES > 1:
            options.update(procs=WRITE_PROCESSES, multisegment=True, batchsize=250)
        writer = self.index.writer(**options)
        try:
            # Old versions go first, found with one searcher: Whoosh's update_document
            # opens a reader over every segment for each document it replaces.
            stale = [*removed_identifiers, *(get_identifier(obj) for obj in changed)]
            if stale and not self.index.is_empty():
                with writer.searcher() as searcher:
                    for identifier in stale:
                        writer.delete_by_term(ID, identifier, searcher=searcher)
            for obj in changed:
                doc = index.full_prepare(obj)
                doc.pop("boost", None)
                writer.add_document(**{k: self._from_python(v) for k, v in doc.items()})
        except BaseException:
            writer.cancel()
            raise
        writer.commit(mergetype=merge_small_segments)

    def clear(self, models=None, commit=True):
        with _searchers_lock:
            _searchers.pop(self.path, None)
        super().clear(models, commit)

    def update(self, index, iterable, commit=True):
        """haystack's ``update_index``/``rebuild_index`` batches, cut with the current vocabulary."""
        refresh_user_dictionary()
        self.apply(index, iterable)

    def remove(self, obj_or_string, commit=True):
        self.apply(None, [], [get_identifier(obj_or_string)])


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshSearchBackend
    query = ArchiveWhooshSearchQuery
