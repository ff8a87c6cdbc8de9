"""Atom feeds of the newest articles: overall, per place and per union."""
from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.timezone import get_current_timezone, make_aware

from .models import Article, Place, Union
from .selectors import newest_first
from .selectors.articles import articles_with_context
from .selectors.organisations import get_union, union_articles
from .selectors.places import get_place, place_articles
from .templatetags.archive_display import issue_date, page_label

FEED_LENGTH = 30
SUMMARY_CHARS = 200


class LatestArticlesFeed(Feed):
    feed_type = Atom1Feed
    title = "工会报刊档案库：最新文章"
    subtitle = "工会报刊档案库最新收录的文章。"

    def link(self) -> str:
        return reverse("archive:home")

    def articles(self, obj: object) -> QuerySet[Article]:
        return Article.objects.all()

    def items(self, obj: object = None) -> list[Article]:
        chosen = self.articles(obj).values("id")
        return list(newest_first(articles_with_context().filter(pk__in=chosen))[:FEED_LENGTH])

    def item_title(self, item: Article) -> str:
        return " ".join(part for part in (item.kicker, item.title, item.subtitle) if part)

    def item_description(self, item: Article) -> str:
        issue = item.page.issue
        where = f"{issue.publication.name} {issue_date(issue)} {page_label(item.page)}"
        return f"{where}。{Truncator(item.body.replace(chr(10), ' ')).chars(SUMMARY_CHARS)}"

    def item_link(self, item: Article) -> str:
        return reverse("archive:article-detail", args=[item.pk])

    def item_pubdate(self, item: Article) -> datetime.datetime:
        date = item.page.issue.date
        return make_aware(datetime.datetime(date.year, date.month, date.day),
                          get_current_timezone())

    def item_author_name(self, item: Article) -> str | None:
        names = [credit.person.name for credit in item.credits.all()]
        return "、".join(dict.fromkeys(names)) or None

    def item_categories(self, item: Article) -> list[str]:
        return [link.union.name for link in item.union_links.all()]


class PlaceFeed(LatestArticlesFeed):
    def get_object(self, request: HttpRequest, code: str) -> Place:
        return get_place(code)

    def title(self, obj: Place) -> str:
        return f"工会报刊档案库：{obj.name}的最新文章"

    def subtitle(self, obj: Place) -> str:
        return f"关于{obj.name}的最新文章。"

    def link(self, obj: Place) -> str:
        return reverse("archive:place-detail", args=[obj.code])

    def articles(self, obj: Place) -> QuerySet[Article]:
        return place_articles(obj)


class UnionFeed(LatestArticlesFeed):
    def get_object(self, request: HttpRequest, union_id: int) -> Union:
        return get_union(union_id)

    def title(self, obj: Union) -> str:
        return f"工会报刊档案库：{obj.name}的最新文章"

    def subtitle(self, obj: Union) -> str:
        return f"关于{obj.name}的最新文章。"

    def link(self, obj: Union) -> str:
        return reverse("archive:union-detail", args=[obj.pk])

    def articles(self, obj: Union) -> QuerySet[Article]:
        return union_articles(obj)
