"""The sitemap: every article's permanent page, and the pages readers start browsing from."""
from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from .models import Article


class ArticleSitemap(Sitemap):
    changefreq = "yearly"
    limit = 5000

    def items(self) -> QuerySet[Article]:
        return Article.objects.order_by("pk").only("pk")

    def location(self, item: Article) -> str:
        return reverse("archive:article-detail", args=[item.pk])


class BrowseSitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> list[str]:
        return ["archive:home", "archive:date-index", "archive:place-index",
                "archive:union-index", "archive:person-index"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"browse": BrowseSitemap, "articles": ArticleSitemap}
