"""An article as the search engine sees it (one function, used by every indexing path)."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from django.db.models import QuerySet

from archive.models import Article

from .analysis import comparable
from .syntax import clean

TEXT_FIELDS = ("kicker", "title", "subtitle", "byline", "body")
CHECK_CHUNK = 500  # ids per database query when checking text


def indexed_articles() -> QuerySet[Article]:
    """Articles with what their documents read, in a fixed number of queries."""
    return Article.objects.select_related(
        "page__issue__publication", "city", "county"
    ).prefetch_related("union_links__union", "credits")


def article_document(article: Article) -> dict[str, object]:
    """``article``'s search document: its id, content version and fields.

    Expects the related rows of ``indexed_articles`` loaded, so indexing many articles
    costs a fixed number of queries.
    """
    issue = article.page.issue
    head = title_block(article.kicker, article.title, article.subtitle)
    content = {
        "text": searchable_text(article.kicker, article.title, article.subtitle,
                                article.byline, article.body),
        "title": head,
        "byline": article.byline,
        "words": f"{head}\n{article.body}",
        "day": issue.date.strftime("%Y%m%d"),
        "year": str(issue.date.year),
        "publication": issue.publication.slug,
        "page": str(article.page.number or 0),
        "city": article.city.code if article.city_id else "",
        "county": article.county.code if article.county_id else "",
        "kind": article.kind,
        "unions": [str(link.union_id) for link in article.union_links.all()],
        "people": [str(credit.person_id) for credit in article.credits.all()],
        "names": known_names(article),
    }
    return {"id": article.pk, "version": content_version(content), **content}


def content_version(content: dict[str, object]) -> str:
    """A digest of a document's content: equal versions, equal documents.

    Stored with each document, it lets ``search.drift`` find what an index holds stale,
    whatever changed the article (or its page, issue, publication, places, unions, people).
    """
    data = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def known_names(article: Article) -> list[str]:
    """The names the article's unions and places go by (full names, aliases, short and
    former names), as query terms are cleaned: a reader searching 全总 or 柯桥 finds the
    articles tagged with that union or place, whatever their text calls it."""
    names: set[str] = set()
    for link in article.union_links.all():
        names.update([link.union.name, *link.union.aliases])
    for place in (article.city, article.county):
        if place is not None:
            names.update([place.name, *place.short_names, *place.former_names])
    return sorted({key for name in names if (key := name_key(name))})


def name_key(name: str) -> str:
    """A name as the ``names`` field holds it and a query term is compared with it."""
    return comparable(clean(name))


def title_block(kicker: str, title: str, subtitle: str) -> str:
    return " ".join(part for part in (kicker, title, subtitle) if part)


def searchable_text(kicker: str, title: str, subtitle: str, byline: str, body: str) -> str:
    """Everything an article is found by, as one text (the n-gram field's value)."""
    head = title_block(kicker, title, subtitle)
    return "\n".join(part for part in (head, byline, body) if part)


def article_texts(ids: Iterable[int]) -> dict[int, dict[str, str]]:
    """The text of each of these articles, per searchable field, as the index reads it
    (``comparable``): for checking the terms the n-gram index cannot be sure of."""
    ids = list(ids)
    texts: dict[int, dict[str, str]] = {}
    for i in range(0, len(ids), CHECK_CHUNK):
        rows = Article.objects.filter(pk__in=ids[i:i + CHECK_CHUNK]).values_list(
            "pk", *TEXT_FIELDS)
        for pk, kicker, title, subtitle, byline, body in rows:
            texts[pk] = {
                "text": comparable(searchable_text(kicker, title, subtitle, byline, body)),
                "title": comparable(title_block(kicker, title, subtitle)),
                "byline": comparable(byline),
            }
    return texts


# What ``article_document`` reads from rows other than the article itself: for each model,
# the fields read and the paths from Article to it. ``search.dependencies`` re-queues the
# articles behind a row whose fields change; the content version catches anything else.
DOCUMENT_SOURCES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "archive.Publication": (("slug",), ("page__issue__publication",)),
    "archive.Issue": (("date", "publication_id"), ("page__issue",)),
    "archive.Page": (("number", "issue_id"), ("page",)),
    "archive.Place": (("code", "name", "short_names", "former_names"), ("city", "county")),
    "archive.Union": (("name", "aliases"), ("union_links__union",)),
}
