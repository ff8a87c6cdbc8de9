"""The fields of an article's search document, declared for haystack (its schema).

What each field holds is made by ``search.documents.article_document``."""
from __future__ import annotations

from haystack import indexes

from archive.models import Article

from .documents import indexed_articles


class ArticleIndex(indexes.SearchIndex, indexes.Indexable):
    # Matching: the whole article as character n-grams (see search.analysis).
    text = indexes.CharField(document=True)
    # Ranking: the title block ranked above the body; jieba words of everything.
    title = indexes.CharField(boost=3.0)
    words = indexes.CharField()
    # Matching one field (作者:…) and the names of the article's unions and places.
    byline = indexes.CharField()
    names = indexes.MultiValueField()
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
        return indexed_articles()
