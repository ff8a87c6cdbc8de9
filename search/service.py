"""Searching the archive: the one code path behind the search page, the API and the feed.

It asks the configured engine (``search.engine``) and loads what readers see from the
database. ``EngineUnavailable`` is left to ``search.middleware``, which answers 503.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.safestring import SafeString

from archive.export import article_url
from archive.models import Article, Place, Publication, Union

from .engine import engine
from .query import ParsedQuery, SearchRequest, parse_query
from .snippets import snippet

FACETS = ("city", "county", "unions", "year", "kind", "publication")
FACET_LIMIT = 20


def approximate(count: int) -> str:
    """An estimated count, rounded to what an estimate can claim: 约 380, 约 5.2 万."""
    if count >= 10000:
        return f"约 {count / 10000:.1f} 万".replace(".0 万", " 万")
    digits = max(0, len(str(count)) - 2)
    return f"约 {round(count, -digits)}"


@dataclass(frozen=True)
class Hit:
    id: int
    url: str | None
    kicker: str
    title: str
    subtitle: str
    date: date
    date_estimated: bool
    publication: str
    page: int | None
    page_name: str
    kind: str
    city: str
    county: str
    unions: list[str]
    snippet: SafeString


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class SearchResponse:
    request: SearchRequest
    parsed: ParsedQuery
    count: int = 0
    estimated: bool = False  # the count and facet counts are estimates (shown as 约)
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestions: list[tuple[str, int]] = field(default_factory=list)

    @property
    def shown_count(self) -> str:
        """The count as a reader sees it: exact, or an estimate labelled 约 (约 5.2 万)."""
        return approximate(self.count) if self.estimated else str(self.count)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.request.per_page))

    @property
    def asked(self) -> bool:
        """Whether there was anything to search for (words or a filter)."""
        return not self.parsed.empty or bool(self.request.filters)


def search_articles(request: SearchRequest) -> SearchResponse:
    """Run a search: matching articles of the requested page, total count and facets."""
    parsed = parse_query(request.q)
    response = SearchResponse(request=request, parsed=parsed)
    if not response.asked:
        return response
    start = (request.page - 1) * request.per_page
    found = engine().find(parsed, request, start=start, stop=start + request.per_page,
                          facets=FACETS)
    response.count, response.estimated = found.count, found.estimated
    response.facets = _facets(found.facets, request)
    response.hits = _hits(found.ids, parsed)
    if response.count == 0 and not parsed.empty:
        response.suggestions = _suggestions(parsed, request)
    return response


def count_articles(parsed: ParsedQuery, request: SearchRequest) -> int:
    return engine().find(parsed, request).count


def _hits(ids: list[int], parsed: ParsedQuery) -> list[Hit]:
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("page__issue__publication", "city", "county")
        .prefetch_related("union_links__union")
    )
    by_id = {article.pk: article for article in articles}
    hits = []
    for article_id in ids:
        article = by_id.get(article_id)
        if article is None:
            continue  # deleted since it was indexed; the writer will remove it
        issue = article.page.issue
        hits.append(Hit(
            id=article.pk, url=article_url(article.pk), kicker=article.kicker,
            title=article.title, subtitle=article.subtitle, date=issue.date,
            date_estimated=issue.date_estimated, publication=issue.publication.name,
            page=article.page.number, page_name=article.page.name, kind=article.kind,
            city=article.city.name if article.city else "",
            county=article.county.name if article.county else "",
            unions=[link.union.name for link in article.union_links.all()],
            snippet=snippet(article.body, parsed.required),
        ))
    return hits


def _facets(raw: dict[str, list[tuple[str, int]]], request: SearchRequest
            ) -> dict[str, list[FacetValue]]:
    raw = {name: [(v, c) for v, c in values if v] for name, values in raw.items()}
    labels = _facet_labels(raw)
    selected = {"city": request.city, "county": request.county, "unions": request.union,
                "publication": request.publication, "kind": request.kind}
    facets: dict[str, list[FacetValue]] = {}
    for name in FACETS:
        values = sorted(raw.get(name, []), key=lambda item: (-item[1], item[0]))
        if name == "year":
            values = sorted(values, reverse=True)
        facets[name] = [
            FacetValue(value, labels.get((name, value), value), count,
                       selected.get(name) == value)
            for value, count in values[:FACET_LIMIT]
            if value and (name != "unions" or (name, value) in labels)  # not merged away
        ]
    return facets


def _facet_labels(raw: dict[str, list[tuple[str, int]]]) -> dict[tuple[str, str], str]:
    labels: dict[tuple[str, str], str] = {}
    codes = {value for name in ("city", "county") for value, _ in raw.get(name, [])}
    for code, name in Place.objects.filter(code__in=codes).values_list("code", "name"):
        for facet in ("city", "county"):
            labels[(facet, code)] = name
    union_ids = [int(v) for v, _ in raw.get("unions", []) if v.isdigit()]
    for pk, name in Union.objects.filter(pk__in=union_ids).values_list("pk", "name"):
        labels[("unions", str(pk))] = name
    slugs = [v for v, _ in raw.get("publication", [])]
    for slug, name in Publication.objects.filter(slug__in=slugs).values_list("slug", "name"):
        labels[("publication", slug)] = name
    for value, label in Article.Kind.choices:
        labels[("kind", value)] = label
    return labels


def _suggestions(parsed: ParsedQuery, request: SearchRequest) -> list[tuple[str, int]]:
    """Other searches that would find something: each word alone, or a shorter string."""
    candidates: list[str] = []
    if len(parsed.required) > 1:
        candidates += list(parsed.required)
    longest = max(parsed.required, key=len)
    if len(longest) >= 3 and " " not in longest:
        candidates += [longest[:-1], longest[1:]]
    unfiltered = replace(request, city="", county="", union="", publication="", kind="",
                         date_from=None, date_to=None)
    found = []
    for candidate in dict.fromkeys(candidates):
        count = count_articles(parse_query(candidate), request)
        if count:
            found.append((candidate, count))
    if request.filters:
        count = count_articles(parsed, unfiltered)
        if count:
            found.append(("", count))  # the same words without the filters
    return found[:5]
