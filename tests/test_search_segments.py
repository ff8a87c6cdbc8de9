"""How commits merge the index's segments: imports stay quick after a rebuild."""
from __future__ import annotations

from django.core.management import call_command
from haystack import connections

from archive.models import Article
from search.documents import article_document, indexed_articles
from search.whoosh_engine import merging


def segment_sizes() -> list[int]:
    index = connections["default"].get_backend().index
    return sorted(segment.doc_count_all() for segment in index._segments())


def write(articles: list[Article]) -> None:
    loaded = indexed_articles().filter(pk__in=[article.pk for article in articles])
    connections["default"].get_backend().write([article_document(a) for a in loaded])


def test_commits_merge_small_segments_and_leave_large_ones(db, monkeypatch,
                                                           django_capture_on_commit_callbacks):
    """Large segments (a rebuild's) are never rewritten by an ordinary commit; the small
    ones that single issues leave are merged once several have gathered."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_samples", verbosity=0)
    monkeypatch.setattr(merging, "SMALL_SEGMENT", 10)
    monkeypatch.setattr(merging, "MERGE_WHEN", 3)
    backend = connections["default"].get_backend()
    backend.clear()
    articles = list(Article.objects.order_by("pk"))
    write(articles[:12])
    write(articles[12:24])
    assert segment_sizes() == [12, 12]
    for article in articles[24:27]:
        write([article])
    assert segment_sizes() == [1, 1, 1, 12, 12]
    write([articles[27]])  # three small ones waiting: merged with this commit's
    assert segment_sizes() == [4, 12, 12]
    assert len(backend.indexed()) == 28
