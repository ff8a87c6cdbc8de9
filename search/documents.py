"""An article as the search engine sees it (one function, used by every indexing path)."""
from __future__ import annotations

from archive.models import Article


def article_document(article: Article) -> dict[str, object]:
    """The fields of ``article``'s search document.

    Expects ``page__issue__publication``, ``city`` and ``county`` selected and ``union_links`` and ``credits``
    prefetched, so indexing many articles costs a fixed number of queries.
    """
    issue = article.page.issue
    head = " ".join(part for part in (article.kicker, article.title, article.subtitle) if part)
    return {
        "text": "\n".join(part for part in (head, article.byline, article.body) if part),
        "title": head,
        "words": f"{head}\n{article.body}",
        "date": issue.date,
        "year": str(issue.date.year),
        "publication": issue.publication.slug,
        "page": article.page.number or 0,
        "city": article.city.code if article.city_id else "",
        "county": article.county.code if article.county_id else "",
        "kind": article.kind,
        "unions": [str(link.union_id) for link in article.union_links.all()],
        "people": [str(credit.person_id) for credit in article.credits.all()],
    }
