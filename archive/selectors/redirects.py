"""Where the address of an article or union that is gone now leads (see services.redirects)."""
from __future__ import annotations

from collections.abc import Iterable

from ..models import ArticleRedirect, UnionRedirect

LARGEST_ID = 2**63 - 1  # what the database can compare; larger ids were never given out


def given_id(text: str) -> int | None:
    """``text`` as an id a row can have (ASCII digits, 1 to ``LARGEST_ID``), else None.

    An address or a form can carry anything in an id's place (², 5,000 digits): the
    database is never asked about a number it cannot compare.
    """
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(LARGEST_ID)):
        return None
    value = int(text)
    return value if 0 < value <= LARGEST_ID else None


def article_redirect(old_id: int) -> ArticleRedirect | None:
    """The redirect left by a merged or replaced article, with its target and page."""
    if not 0 < old_id <= LARGEST_ID:
        return None
    return (
        ArticleRedirect.objects.select_related("article", "page__issue__publication")
        .filter(old_id=old_id).first()
    )


def union_redirect(old_id: int) -> UnionRedirect | None:
    """The redirect left by a merged union, with the union it went into."""
    if not 0 < old_id <= LARGEST_ID:
        return None
    return UnionRedirect.objects.select_related("union").filter(old_id=old_id).first()


def merged_into(article_ids: Iterable[int]) -> dict[int, list[ArticleRedirect]]:
    """For each of these articles that staff merged others into, the redirects of those
    others (oldest id first); articles nothing was merged into are left out."""
    found: dict[int, list[ArticleRedirect]] = {}
    for redirect in ArticleRedirect.objects.filter(
        article_id__in=list(article_ids), reason=ArticleRedirect.Reason.MERGED
    ).order_by("old_id"):
        found.setdefault(redirect.article_id, []).append(redirect)
    return found
