"""The stock setup's index: one document field analysed by jieba's ChineseAnalyzer.

Only loaded under ``bench.stock_settings``. Filter and facet fields carry the same values as
the archive's own index (``search.documents``), so both answer the same questions.
"""
from haystack import indexes
from jieba.analyse import ChineseAnalyzer

from archive.models import Article
from search.documents import article_document

FILTER_FIELDS = ("year", "publication", "page", "city", "county", "kind", "unions",
                 "people")


class StockArticleIndex(indexes.SearchIndex, indexes.Indexable):
    text = indexes.CharField(document=True, analyzer=ChineseAnalyzer())
    date = indexes.DateField()
    year = indexes.CharField()
    publication = indexes.CharField()
    page = indexes.IntegerField()
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
        ).prefetch_related("union_links", "credits")

    def full_prepare(self, obj):
        self.prepared_data = super().full_prepare(obj)
        document = article_document(obj)
        self.prepared_data.update({name: document[name] for name in ("text", *FILTER_FIELDS)})
        self.prepared_data["date"] = obj.page.issue.date
        return self.prepared_data
