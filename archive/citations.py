"""Citations of articles: GB/T 7714-2015 for newspaper articles ([N]) to read and copy,
RIS and BibTeX for reference managers (Zotero, EndNote, NoteExpress, JabRef).

Every format says the same things from the same ``Reference``: what the archive supplied
rather than the paper printed (a title derived from the lead, a date known to the month
only) is marked as such in each format's own way.
"""
from __future__ import annotations

from dataclasses import dataclass

from .models import Article

MAX_AUTHORS = 3


def article_authors(article: Article) -> list[str]:
    """The people credited in the byline, each once, in byline order."""
    names: list[str] = []
    for credit in article.credits.all():
        if credit.person.name not in names:
            names.append(credit.person.name)
    return names


def gbt7714_citation(article: Article) -> str:
    """The article's GB/T 7714 citation (see ``gbt7714``)."""
    return gbt7714(reference(article, url=""))


def gbt7714(ref: Reference) -> str:
    """``作者. 题名[N]. 报纸名, 出版日期(版次).``

    More than three authors are cut to three and ``等``; a title with a subtitle is joined by
    a colon, as the standard joins other title information. What the archive supplied rather
    than the paper printed is put in square brackets, the standard's mark for information
    supplied by the cataloguer: a title derived from the lead, and an estimated date, which
    is known to the month only. An unknown page number is left out rather than guessed.
    """
    parts = []
    if ref.authors:
        shown = ", ".join(ref.authors[:MAX_AUTHORS])
        parts.append(f"{shown}, 等. " if len(ref.authors) > MAX_AUTHORS else f"{shown}. ")
    title = f"[{ref.title}]" if ref.title_derived else ref.title
    date = (f"[{ref.year}-{ref.month:02d}]" if ref.day is None
            else f"{ref.year}-{ref.month:02d}-{ref.day:02d}")
    number = f"({ref.page})" if ref.page else ""
    parts.append(f"{title}[N]. {ref.publication}, {date}{number}.")
    return "".join(parts)


@dataclass(frozen=True)
class Reference:
    """What a citation of an article says, in every format."""

    article_id: int
    authors: list[str]
    title: str  # with the subtitle after a colon
    title_derived: bool
    publication: str
    year: int
    month: int
    day: int | None  # None: the date is estimated, known to the month only
    page: int | None
    url: str


def reference(article: Article, url: str) -> Reference:
    """The article's reference; ``url`` is its permanent address."""
    issue = article.page.issue
    title = article.title.strip()
    if article.subtitle:
        title = f"{title}: {article.subtitle.strip().lstrip('—-')}"
    return Reference(
        article_id=article.pk, authors=article_authors(article), title=title,
        title_derived=article.title_derived, publication=issue.publication.name,
        year=issue.date.year, month=issue.date.month,
        day=None if issue.date_estimated else issue.date.day,
        page=article.page.number, url=url,
    )


def ris(ref: Reference) -> str:
    """An RIS record (type NEWS): one tag per line, ending with ER."""
    lines = ["TY  - NEWS", *(f"AU  - {name}" for name in ref.authors), f"TI  - {ref.title}",
             f"T2  - {ref.publication}",
             f"PY  - {ref.year}",
             f"DA  - {ref.year}/{ref.month:02d}/{'' if ref.day is None else f'{ref.day:02d}'}"]
    if ref.page:
        lines.append(f"SP  - {ref.page}")
    lines += [f"UR  - {ref.url}", "LA  - zh"]
    if ref.title_derived:
        lines.append("N1  - 标题为整理者据导语拟定，报上无此标题")
    if ref.day is None:
        lines.append("N1  - 出版日期为推断，只知年月")
    return "\r\n".join([*lines, "ER  - ", ""])


def bibtex(ref: Reference) -> str:
    """A BibTeX entry (@article in a newspaper, as biblatex's and Zotero's readers take it)."""
    fields = [("author", " and ".join(_braced(name) for name in ref.authors)),
              ("title", _braced(f"[{ref.title}]" if ref.title_derived else ref.title)),
              ("journal", _braced(ref.publication)), ("year", str(ref.year)),
              ("month", str(ref.month))]
    if ref.day is not None:
        fields.append(("day", str(ref.day)))
    if ref.page:
        fields.append(("pages", str(ref.page)))
    fields += [("url", ref.url), ("langid", "chinese")]
    notes = []
    if ref.title_derived:
        notes.append("标题为整理者据导语拟定")
    if ref.day is None:
        notes.append("出版日期为推断，只知年月")
    if notes:
        fields.append(("note", _braced("；".join(notes))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@article{{upa{ref.article_id},\n{body}\n}}\n"


def _braced(text: str) -> str:
    """Text for a BibTeX field: braces and backslashes escaped, the whole kept as written."""
    escaped = text.replace("\\", "\\textbackslash{}")
    for char in "{}&%$#_":
        escaped = escaped.replace(char, f"\\{char}")
    return escaped
