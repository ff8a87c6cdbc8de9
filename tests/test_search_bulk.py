"""The bulk segment writer writes what Whoosh's own writer writes, as Whoosh reads it."""
from __future__ import annotations

from django.core.management import call_command
from haystack import connections
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from archive.models import Article
from bench.generate import build_archive
from search.documents import article_document, indexed_articles
from search.whoosh_engine import bulk
from search.whoosh_engine.fields import ArchiveCodec


def postings(reader) -> dict:  # noqa: ANN001
    """Every term of every field with its postings (id, weight, value) and statistics."""
    found = {}
    for field in sorted(reader.indexed_field_names()):
        for text in reader.lexicon(field):
            matcher = reader.postings(field, text)
            items = []
            while matcher.is_active():
                items.append((matcher.id(), round(matcher.weight(), 5), matcher.value() or b""))
                matcher.next()
            info = reader.term_info(field, text)
            found[(field, text)] = (items, info.doc_frequency(), round(info.weight(), 3),
                                    info.max_weight(), info.min_id(), info.max_id())
    return found


def test_bulk_segments_read_exactly_as_whoosh_written_ones(db, tmp_path, monkeypatch):
    call_command("load_samples", verbosity=0)
    build_archive(160, corpus="samples")
    monkeypatch.setattr(bulk, "INLINE_LIMIT", 3)  # inline and block terms, both well used
    backend = connections["default"].get_backend()
    backend.setup()
    documents = [backend._fields(article_document(article))
                 for article in indexed_articles().order_by("pk")]
    readers = {}
    for name, writer_class in (("whoosh", SegmentWriter), ("bulk", bulk.BulkWriter)):
        storage = FileStorage(str(tmp_path / name)).create()
        index = storage.create_index(backend.schema)
        writer = writer_class(index, codec=ArchiveCodec(), compound=False)
        for document in documents:
            writer.add_document(**document)
        writer.commit()
        readers[name] = index.reader()

    whoosh, ours = readers["whoosh"], readers["bulk"]
    expected = postings(whoosh)
    assert len(expected) > 5000
    assert postings(ours) == expected
    assert list(ours.all_stored_fields()) == list(whoosh.all_stored_fields())
    for doc in range(0, Article.objects.count(), 7):
        assert ours.doc_field_length(doc, "words") == whoosh.doc_field_length(doc, "words")
    assert ours.field_length("words") == whoosh.field_length("words")
    inlined = sum(ours.term_info(f, t).doc_frequency() <= 3 for f, t in expected)
    assert inlined > 1000
