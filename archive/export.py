"""Articles as JSON Lines: one self-contained record per article for use outside the archive.

Every record carries names, not database ids of related rows, so a reader of the file needs
nothing else from the archive to make sense of it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any, TextIO

from django.urls import NoReverseMatch, reverse

from .models import Article, Credit

_ROLE_FIELDS = {
    Credit.Role.REPORTER: "reporters",
    Credit.Role.CORRESPONDENT: "correspondents",
    Credit.Role.PHOTOGRAPHER: "photographers",
    Credit.Role.AUTHOR: "authors",
}


def article_url(article_id: int) -> str | None:
    """The article's page on the site, or None while the site has no such page."""
    try:
        return reverse("archive:article-detail", args=[article_id])
    except NoReverseMatch:
        return None


def article_record(article: Article) -> dict[str, Any]:
    """The export record of an article loaded with ``selectors.articles_with_context``."""
    page = article.page
    issue = page.issue
    people: dict[str, list[str]] = {name: [] for name in _ROLE_FIELDS.values()}
    for credit in article.credits.all():
        people[_ROLE_FIELDS[credit.role]].append(credit.person.name)
    return {
        "id": article.pk,
        "url": article_url(article.pk),
        "publication": issue.publication.name,
        "date": issue.date.isoformat(),
        "date_estimated": issue.date_estimated,
        "page": page.number,
        "page_name": page.name,
        "order": article.order,
        "kicker": article.kicker,
        "title": article.title,
        "subtitle": article.subtitle,
        "kind": article.kind,
        "byline": article.byline,
        **people,
        "province": article.province.name if article.province else None,
        "city": article.city.name if article.city else None,
        "county": article.county.name if article.county else None,
        "unions": [link.union.name for link in article.union_links.all()],
        "body": article.body,
        "needs_review": article.needs_review,
        "review_reasons": list(article.review_reasons),
        "source_file": page.source_file,
    }


def write_jsonl(articles: Iterable[Article], stream: TextIO) -> int:
    """Write one JSON object per line (UTF-8 text, not \\u-escaped); the number written."""
    count = 0
    for article in articles:
        stream.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count
