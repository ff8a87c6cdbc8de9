"""New articles of a replaced page that staff had merged into another article.

When staff merge article B into A, A holds B's text and B's address leads to A (an
``ArticleRedirect`` with reason merged). A file for the page that still prints B on its own
has an article b that no old article pairs with (B is gone). Replacing the page must not
ignore the merge:

- keeping the staff's corrections keeps A as merged, holding B's text, so b is not created
  (B's text would be in the archive twice);
- discarding them gives A the new file's text, without B's, so b is created and B's address
  leads to b instead of A.

``replacing`` does both, and names such merges when it refuses to choose.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..models import Article, ArticleRedirect
from ..selectors.redirects import merged_into
from .matching import HOLDS_TEXT, Text, held_share
from .rows import Row


@dataclass(frozen=True)
class Remerged:
    """A new row printing again an article staff merged into an old one."""

    row: int  # index of the new row
    title: str  # the new row's title
    into: Article  # the old article it was merged into
    merged_id: int  # the merged article's id, whose address leads to ``into``
    merged_title: str

    def describe(self) -> str:
        return (f"文章 {self.merged_id}《{self.merged_title}》已被工作人员并入文章 "
                f"{self.into.pk}《{self.into.title}》，新文件中它又单独成篇（《{self.title}》）")


def find_remerged(old: list[Article], rows: list[Row], paired: dict[int, int]) -> list[Remerged]:
    """The unpaired new rows whose text an old article holds because something was merged
    into it, each with the merged article it prints again (by title, else the oldest)."""
    merges = merged_into(article.pk for article in old)
    if not merges:
        return []
    receivers = [article for article in old if article.pk in merges]
    found: list[Remerged] = []
    used: set[int] = set()
    for n, row in enumerate(rows):
        if n in paired:
            continue
        text = body_of(row.article)
        share, into = max(
            ((held_share(text, body_of(article)), article) for article in receivers),
            key=lambda entry: entry[0],
        )
        redirects = [r for r in merges[into.pk] if r.old_id not in used]
        if share < HOLDS_TEXT or not redirects:
            continue
        redirect = _named(redirects, row.article.title)
        used.add(redirect.old_id)
        found.append(Remerged(n, row.article.title, into, redirect.old_id, redirect.old_title))
    return found


def holds(article: Article, row: Row) -> bool:
    """Whether ``article`` (as the replacement leaves it) still holds the row's text."""
    return held_share(body_of(row.article), body_of(article)) >= HOLDS_TEXT


def body_of(article: Article) -> Text:
    return Text("", article.body)


def _named(redirects: list[ArticleRedirect], title: str) -> ArticleRedirect:
    key = "".join(title.split())
    for redirect in redirects:
        if "".join(redirect.old_title.split()) == key:
            return redirect
    return redirects[0]
