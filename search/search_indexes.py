"""The search document of an article: what it is found by, filtered by and counted by."""
from __future__ import annotations

from haystack import indexes

from archive.models import Article

from .documents import article_document


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Matching: the whole article as character n-grams (see search.analysis).
    text = indexes.CharField(document=True)
    # Ranking: the title block ranked above the body; jieba words of everything.
    title = indexes.CharField(boost=3.0)
    words = indexes.CharField()
    # Filters and facets: ids and codes, so results need no database query to filter.
    day = indexes.CharField()  # YYYYMMDD
    year = indexes.CharField()
    publication = indexes.CharField()
    page = indexes.CharField()
    city = indexes.CharField()
    county = indexes.CharField()
    kind = indexes.CharField()
    unions = indexes.MultiValueField()
    people = indexes.MultiValueField()

    def get_model(self):
        return Article

    def index_queryset(self, using=None):
        return Article.objects.select_related(
            "page__issue__publication", "city", "county"
        ).prefetch_related(
            "union_links", "credits"
        )

    def full_prepare(self, obj):
        self.prepared_data = super().full_prepare(obj)
        self.prepared_data.update(article_document(obj))
        return self.prepared_data
