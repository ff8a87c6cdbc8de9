"""haystack's Whoosh backend, made to search Chinese and to answer quickly.

Selected by ``ENGINE`` in ``HAYSTACK_CONNECTIONS``; the rest of the code talks to haystack's
``SearchQuerySet``, so moving to Elasticsearch is a settings change. What differs from the
stock backend:

- the schema: the document field and the title field are analysed into character bigrams
  (exact substring matching with phrase queries), the ``words`` field into jieba words
  (ranking); filter and facet fields are untokenized ids, nothing large is stored;
- one warm searcher per process, reopened only when the index has changed (the stock backend
  opens a new searcher — every segment reader — on each query, and refreshes twice);
- filters are part of the query (``city:330100``), not "narrow" queries that the stock
  backend evaluates by collecting every matching document first;
- writes happen only through ``search.indexing`` (one writer, under a lock); this class's
  ``update``/``remove`` are used by that writer and by ``rebuild_index``.
"""
from __future__ import annotations

import threading
from collections import Counter

from django.utils.encoding import force_str
from haystack.backends import BaseEngine
from haystack.backends.whoosh_backend import WhooshSearchBackend, WhooshSearchQuery
from haystack.constants import DJANGO_CT, DJANGO_ID, ID
from haystack.utils import get_identifier
from whoosh.fields import DATETIME, ID as WHOOSH_ID, KEYWORD, NUMERIC, TEXT, Schema
from whoosh.qparser import QueryParser
from whoosh.searching import ResultsPage

from .analysis import bigram_analyzer, word_analyzer
from .whoosh_query import index_query

# Fields analysed as jieba words rather than bigrams (ranking only).
WORD_FIELDS = frozenset({"words"})
WRITE_LOCK_TIMEOUT = 120  # seconds a writer waits for another to finish its commit

_searchers: dict[str, object] = {}
_searchers_lock = threading.Lock()


def _columns(searcher, name: str) -> list[str]:  # noqa: ANN001
    """A field's column as a list by document number, cached for the searcher's lifetime."""
    cache = searcher.__dict__.setdefault("_archive_columns", {})
    if name not in cache:
        column = searcher.reader().column_reader(name)
        cache[name] = [column[doc] for doc in range(searcher.reader().doc_count_all())]
    return cache[name]


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
                schema_fields[name] = KEYWORD(stored=True, commas=True, scorable=False,
                                              sortable=True)
            elif field.field_type in ("date", "datetime"):
                schema_fields[name] = DATETIME(stored=True, sortable=True)
            elif field.field_type == "integer":
                schema_fields[name] = NUMERIC(stored=True, numtype=int, sortable=True)
            elif name in WORD_FIELDS:
                schema_fields[name] = TEXT(analyzer=word_analyzer(), phrase=False,
                                           stored=False, field_boost=field.boost)
            elif field.document or field.boost != 1.0:
                schema_fields[name] = TEXT(analyzer=bigram_analyzer(), phrase=True,
                                           stored=False, field_boost=field.boost)
            else:
                schema_fields[name] = WHOOSH_ID(stored=True, sortable=True)
            if field.document:
                content_field_name = name
        return content_field_name, Schema(**schema_fields)

    def setup(self):
        super().setup()
        # Only our own query strings reach the parser; no fuzzy or wildcard plugins needed.
        self.parser = QueryParser(self.content_field_name, schema=self.schema)

    # -- reading -------------------------------------------------------------------------
    def searcher(self):
        """This process's warm searcher, reopened when a writer has committed since."""
        if not self.setup_complete:
            self.setup()
        with _searchers_lock:
            current = _searchers.get(self.path)
            if current is None:
                current = self.index.searcher()
            elif not current.up_to_date():
                current = current.refresh()
            _searchers[self.path] = current
            return current

    def search(self, query_string, sort_by=None, start_offset=0, end_offset=None,
               facets=None, result_class=None, **kwargs):
        if not self.setup_complete:
            self.setup()
        query_string = force_str(query_string)
        if not query_string:
            return {"results": [], "hits": 0}
        searcher = self.searcher()
        if searcher.doc_count() == 0:
            return {"results": [], "hits": 0}
        parsed = self.parser.parse(query_string)
        if parsed is None:
            return {"results": [], "hits": 0}

        reverse = False
        sort_fields = None
        if sort_by:
            reverse = sort_by[0].startswith("-")
            sort_fields = [field.lstrip("-") for field in sort_by]
        page_num, page_length = self.calculate_page(start_offset, end_offset)
        # With facets every matching document is needed anyway: collect them all in the one
        # pass that scores them, instead of matching the query a second time for the count.
        limit = None if facets else page_num * page_length
        results = searcher.search(parsed, limit=limit, sortedby=sort_fields, reverse=reverse)
        raw_page = ResultsPage(results, page_num, page_length)
        if raw_page.pagenum < page_num:
            return {"results": [], "hits": raw_page.total}
        processed = self._process_results(raw_page, result_class=result_class)
        if facets:
            processed["facets"] = {"fields": self._count_facets(searcher, results, facets),
                                   "dates": {}, "queries": {}}
        return processed

    def _count_facets(self, searcher, results, names) -> dict[str, list[tuple[str, int]]]:
        """Facet counts from the fields' columns over the matching documents.

        Whoosh's own grouping rebuilds a document-to-value table from the posting lists of
        every term of the field on every query. Here each facet field's column is read once
        per searcher into a list indexed by document number (``_columns``), and a query only
        counts the values of its documents.
        """
        docs = [doc for _, doc in results.top_n]
        counted: dict[str, list[tuple[str, int]]] = {}
        for name in names:
            values = _columns(searcher, name)
            counts: Counter[str] = Counter(map(values.__getitem__, docs))
            if isinstance(self.schema[name], KEYWORD):
                split: Counter[str] = Counter()
                for value, n in counts.items():
                    for part in value.split(",") if value else ():
                        split[part] += n
                counts = split
            counted[name] = [(value, n) for value, n in counts.most_common() if value]
        return counted

    def article_query(self, parsed, request) -> str:  # noqa: ANN001
        """The engine's query for a reader's parsed search and its filters."""
        return index_query(parsed, request)

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
        writer = self.index.writer(timeout=WRITE_LOCK_TIMEOUT)
        try:
            for identifier in removed_identifiers:
                writer.delete_by_term(ID, identifier)
            for obj in changed:
                doc = index.full_prepare(obj)
                doc.pop("boost", None)
                writer.update_document(**{k: self._from_python(v) for k, v in doc.items()})
        except BaseException:
            writer.cancel()
            raise
        writer.commit()

    def clear(self, models=None, commit=True):
        with _searchers_lock:
            _searchers.pop(self.path, None)
        super().clear(models, commit)

    def update(self, index, iterable, commit=True):
        self.apply(index, list(iterable))

    def remove(self, obj_or_string, commit=True):
        self.apply(None, [], [get_identifier(obj_or_string)])


class ArchiveWhooshSearchQuery(WhooshSearchQuery):
    pass


class ArchiveWhooshEngine(BaseEngine):
    backend = ArchiveWhooshSearchBackend
    query = ArchiveWhooshSearchQuery
