"""Marking what a reader searched for: in a result's passage and title, and across an
article's whole text (the article page opened from a result)."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .analysis import term_pattern
from .segmentation import query_words
from .syntax import loosened, parse_query

SNIPPET_CHARS = 120
MAX_MARKED_QUERY = 200  # characters of ``?q=`` read on an article page


def spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Where ``text`` holds any of the terms (as ``search.syntax`` cleans them; punctuation
    the index passes over may sit inside), in order, without overlaps."""
    found = sorted((m.start(), m.end()) for term in terms if term
                   for m in term_pattern(term).finditer(text) if m.end() > m.start())
    kept: list[tuple[int, int]] = []
    for begin, end in found:
        if not kept or begin >= kept[-1][1]:
            kept.append((begin, end))
    return kept


def marked(text: str, terms: Iterable[str], *, first_number: int | None = None) -> SafeString:
    """``text`` escaped, with every match in <mark>; numbered marks (``id="hit-N"``, from
    ``first_number``) when the reader can jump between them."""
    pieces: list[str] = []
    position = 0
    number = first_number
    for begin, end in spans(text, terms):
        pieces.append(escape(text[position:begin]))
        if number is None:
            pieces.append(f"<mark>{escape(text[begin:end])}</mark>")
        else:
            pieces.append(f'<mark id="hit-{number}">{escape(text[begin:end])}</mark>')
            number += 1
        position = end
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))


def snippet(text: str, terms: tuple[str, ...], size: int = SNIPPET_CHARS) -> SafeString:
    """A window of ``text`` around the first match of any term, matches in <mark>."""
    flat = " ".join(text.split("\n"))
    found = spans(flat, terms)
    start = max(0, found[0][0] - size // 3) if found else 0
    window = flat[start:start + size]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + size < len(flat) else ""
    return mark_safe(prefix + marked(window, terms) + suffix)


@dataclass(frozen=True)
class MarkedArticle:
    """An article's title and paragraphs with a reader's search marked, numbered in reading
    order (``hit-1`` …) so the page can jump between them."""

    terms: tuple[str, ...]
    title: SafeString
    paragraphs: list[SafeString]
    count: int


def marked_article(title: str, paragraphs: list[str], q: str) -> MarkedArticle | None:
    """``title`` and ``paragraphs`` with every match of the query ``q`` marked — or, where
    the article has the query's words only apart (a result listed as such), its words;
    None when ``q`` has nothing to mark."""
    parsed = parse_query(q[:MAX_MARKED_QUERY])
    terms = parsed.required
    if not terms:
        return None
    whole = [title, *paragraphs]
    if not any(spans(text, terms) for text in whole):
        loose = loosened(parsed, query_words)
        if loose is not None and any(spans(text, loose.required) for text in whole):
            terms = loose.required
    count = len(spans(title, terms))
    shown_title = marked(title, terms, first_number=1)
    shown = []
    for paragraph in paragraphs:
        shown.append(marked(paragraph, terms, first_number=count + 1))
        count += len(spans(paragraph, terms))
    return MarkedArticle(terms, shown_title, shown, count)
