"""Atom feeds of the newest articles: overall, per place and per union.

Everything in a feed is plain text: an article's words are what was printed, and markup in
them (or planted in an imported page) must reach a feed reader as characters, never as HTML.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.timezone import get_current_timezone, make_aware

from .control_chars import without_control_chars
from .models import Article, Place, Union
from .selectors import newest_first
from .selectors.articles import articles_with_context
from .selectors.organisations import get_union, union_articles
from .selectors.places import get_place, place_articles
from .templatetags.archive_display import issue_date, page_label

FEED_LENGTH = 30
SUMMARY_CHARS = 200


class PlainTextAtomFeed(Atom1Feed):
    """Atom with ``<summary type="text">``, and no character XML cannot hold.

    Django writes summaries as ``type="html"``: the text escaped once, which a feed reader
    unescapes and renders, so ``<img onerror=…>`` in an article would run in the reader. And
    a control character (in text stored before the importer removed them, or in a search
    term) would stop the feed with a server error: every value is cleaned on the way in.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*_xml_safe(args), **_xml_safe(kwargs))

    def add_item(self, *args: Any, **kwargs: Any) -> None:
        super().add_item(*_xml_safe(args), **_xml_safe(kwargs))

    def add_item_elements(self, handler: Any, item: dict[str, Any]) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"]:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


def _xml_safe(value: Any) -> Any:
    """``value`` with control characters removed from every string in it."""
    if isinstance(value, str):
        return without_control_chars(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_xml_safe(item) for item in value)
    if isinstance(value, dict):
        return {key: _xml_safe(item) for key, item in value.items()}
    return value


class LatestArticlesFeed(Feed):
    feed_type = PlainTextAtomFeed
    title = "工会报刊档案库：最新文章"
    subtitle = "工会报刊档案库中出版日期最新的文章。"

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


class NewlyAddedFeed(LatestArticlesFeed):
    """Articles in the order they were added to the archive, newest first: a back issue
    imported today is news to a reader of the archive even if it was printed in 2019."""

    title = "工会报刊档案库：最新收录"
    subtitle = "工会报刊档案库最近收录的文章（按收录时间，旧报新录的也在内）。"

    def link(self) -> str:
        return reverse("archive:feed-added")

    def items(self, obj: object = None) -> list[Article]:
        return list(articles_with_context().order_by(
            "-page__imported_at", "-page_id", "order")[:FEED_LENGTH])

    def item_updateddate(self, item: Article) -> datetime.datetime:
        return item.page.imported_at


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
