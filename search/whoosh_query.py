"""The Whoosh query for a parsed search: the only place that writes Whoosh query syntax.

Another engine (Elasticsearch through haystack) gets its own module of this kind; the rest of
the search code hands over a ``ParsedQuery`` and a ``SearchRequest`` and never a query string.
"""
from __future__ import annotations

from .analysis import bigram_terms, segmenter
from .query import HAN_CHAR, INDEXABLE, ParsedQuery, SearchRequest


def index_query(parsed: ParsedQuery, request: SearchRequest) -> str:
    """The Whoosh query for a parsed query and the request's filters."""
    parts: list[str] = []
    if parsed.required:
        must = " AND ".join(_contains(term) for term in parsed.required)
        ranking = _ranking(parsed.required)
        # Parenthesised whole: ANDMAYBE binds looser than the AND that joins the filters.
        parts.append(f"(({must}) ANDMAYBE ({ranking}))" if ranking else f"({must})")
    for term in parsed.excluded:
        parts.append(f"NOT {_contains(term)}")
    parts.extend(_filters(request))
    if not parsed.required:
        parts.insert(0, "*")
    return " AND ".join(parts)


def _contains(term: str) -> str:
    """Articles containing ``term`` as a string: a phrase of its bigrams."""
    if HAN_CHAR.match(term):  # one character: it stands alone, or begins a pair
        return f"(text:{term} OR text:{term}*)"
    return f'text:"{term}"'


def _ranking(terms: tuple[str, ...]) -> str:
    """Score: the term in the title block, and jieba words of the terms anywhere."""
    clauses = [f'title:"{term}"^2' for term in terms if bigram_terms(term)]
    words = [w for term in terms for w in segmenter().cut(term, HMM=False)
             if INDEXABLE.fullmatch(w)]
    clauses += [f"words:{word.lower()}" for word in dict.fromkeys(words)]
    return " OR ".join(clauses)


def _filters(request: SearchRequest) -> list[str]:
    clauses = []
    for name, value in (("city", request.city), ("county", request.county),
                        ("unions", request.union), ("publication", request.publication),
                        ("kind", request.kind)):
        if value:
            clauses.append(f"{name}:{value}")
    if request.date_from or request.date_to:
        start = request.date_from.strftime("%Y%m%d") if request.date_from else ""
        end = request.date_to.strftime("%Y%m%d") if request.date_to else ""
        clauses.append(f"date:[{start} TO {end}]")
    return clauses
