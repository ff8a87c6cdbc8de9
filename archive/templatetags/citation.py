"""Citations of articles in the GB/T 7714-2015 form for newspaper articles ([N])."""
from __future__ import annotations

from ..models import Article

MAX_AUTHORS = 3


def article_authors(article: Article) -> list[str]:
    """The people credited in the byline, each once, in byline order."""
    names: list[str] = []
    for credit in article.credits.all():
        if credit.person.name not in names:
            names.append(credit.person.name)
    return names


def gbt7714_citation(article: Article) -> str:
    """``作者. 题名[N]. 报纸名, 出版日期(版次).``

    More than three authors are cut to three and ``等``; a title with a subtitle is joined by
    a colon, as the standard joins other title information. An estimated date is put in
    square brackets, the standard's mark for information supplied by the cataloguer, and an
    unknown page number is left out rather than guessed.
    """
    page = article.page
    issue = page.issue
    authors = article_authors(article)
    parts = []
    if authors:
        shown = ", ".join(authors[:MAX_AUTHORS])
        parts.append(f"{shown}, 等. " if len(authors) > MAX_AUTHORS else f"{shown}. ")
    title = article.title.strip()
    if article.subtitle:
        title = f"{title}: {article.subtitle.strip().lstrip('—-')}"
    if article.title_derived:
        title = f"[{title}]"
    date = f"[{issue.date:%Y-%m}]" if issue.date_estimated else issue.date.isoformat()
    number = f"({page.number})" if page.number else ""
    parts.append(f"{title}[N]. {issue.publication.name}, {date}{number}.")
    return "".join(parts)
