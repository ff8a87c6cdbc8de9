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

from .engine import Found, engine
from .query import FILTER_BY_PARAMETER, FILTERS, MAX_PAGE, SearchRequest
from .segmentation import query_words
from .snippets import marked, snippet
from .syntax import ParsedQuery, loosened, parse_query

# Facets, in the order the page shows them: one per filter, and the year.
FACETS = (*(f.facet for f in FILTERS), "year")
FACET_LABELS = {**{f.facet: f.label for f in FILTERS}, "year": "年份"}
FACET_PARAMETERS = {f.facet: f.parameter for f in FILTERS}
FACET_LIMIT = 20
# Below this many exact matches, articles having the query's words apart are offered too.
FEW_EXACT = 10


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
    marked_title: SafeString = SafeString("")
    loose: bool = False  # has the words, not the string (listed after the exact matches)


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    values: list[FacetValue]
    more: int = 0  # values not listed (shown on request)

    @property
    def parameter(self) -> str:
        """The URL parameter filtering by this facet's values ("" for the year: dates)."""
        return FACET_PARAMETERS.get(self.name, "")


@dataclass(frozen=True)
class Chip:
    """An active filter as the reader sees it above the results, to remove it."""

    parameter: str
    value: str
    label: str


@dataclass
class SearchResponse:
    request: SearchRequest
    parsed: ParsedQuery
    count: int = 0
    estimated: bool = False  # the count and facet counts are estimates (shown as 约)
    hits: list[Hit] = field(default_factory=list)
    facets: list[Facet] = field(default_factory=list)
    chips: list[Chip] = field(default_factory=list)
    suggestions: list[tuple[str, int]] = field(default_factory=list)
    exact_count: int = 0  # of ``count``, the articles with the string itself
    loose: ParsedQuery | None = None  # the words-apart query, when its articles are offered

    @property
    def loose_count(self) -> int:
        return self.count - self.exact_count

    @property
    def exact_hits(self) -> list[Hit]:
        return [hit for hit in self.hits if not hit.loose]

    @property
    def loose_hits(self) -> list[Hit]:
        return [hit for hit in self.hits if hit.loose]

    @property
    def shown_count(self) -> str:
        """The count as a reader sees it: exact, or an estimate labelled 约 (约 5.2 万)."""
        return approximate(self.count) if self.estimated else str(self.count)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.request.per_page))

    @property
    def shown_pages(self) -> int:
        """The pages a reader can open (a search goes no further than ``MAX_PAGE``)."""
        return min(self.pages, MAX_PAGE)

    @property
    def asked(self) -> bool:
        """Whether there was anything to search for (words or a filter)."""
        return not self.parsed.empty or bool(self.request.filters)


def search_articles(request: SearchRequest) -> SearchResponse:
    """Run a search: matching articles of the requested page, total count and facets.

    When the string itself is in fewer than ``FEW_EXACT`` articles, those having all of its
    words apart (``syntax.loosened``) follow them, labelled; the count and facets then
    cover both.
    """
    parsed = parse_query(request.q)
    response = SearchResponse(request=request, parsed=parsed)
    response.chips = _chips(request)
    if not response.asked:
        return response
    start, stop = (request.page - 1) * request.per_page, request.page * request.per_page
    exact = engine().find(parsed, request, start=start, stop=stop, facets=FACETS)
    loose = loosened(parsed, query_words)
    if loose is not None and exact.count < FEW_EXACT:
        found = _with_loose(parsed, loose, request, exact, start, stop)
        response.loose = loose if found.count > exact.count else None
    else:
        found = exact
    response.count, response.estimated = found.count, found.estimated
    response.exact_count = exact.count
    counted = loose if found is not exact else parsed
    response.facets = _facets(_other_values(counted, request, found.facets), request)
    loose_from = max(0, exact.count - start)
    response.hits = _hits(found.ids, parsed, loose_from=loose_from, loose=loose)
    if response.count == 0 and not parsed.empty:
        response.suggestions = _suggestions(parsed, request)
    return response


def _with_loose(parsed: ParsedQuery, loose: ParsedQuery, request: SearchRequest, exact: Found,
                start: int, stop: int) -> Found:
    """One list: the exact matches, then the loose query's others, sliced ``start:stop``."""
    every_exact = exact.ids if start == 0 and exact.count <= stop else engine().find(
        parsed, request, start=0, stop=exact.count).ids
    wider = engine().find(loose, request, start=0, stop=stop + exact.count, facets=FACETS)
    known = set(every_exact)
    others = [pk for pk in wider.ids if pk not in known]
    first = max(0, start - exact.count)
    ids = exact.ids + others[first:max(0, stop - exact.count)]
    count = max(wider.count, exact.count + len(others))
    return Found(ids[:stop - start], count, wider.estimated, wider.facets)


def _other_values(parsed: ParsedQuery, request: SearchRequest,
                  facets: dict[str, list[tuple[str, int]]]) -> dict[str, list[tuple[str, int]]]:
    """Facet counts where a field's own filter is left out of its count: with 湖州市
    chosen, the city facet still lists 嘉兴市 and how many choosing it as well would add."""
    facets = dict(facets)
    for f in FILTERS:
        if getattr(request, f.parameter):
            others = replace(request, **{f.parameter: ()})
            facets[f.facet] = engine().find(parsed, others, facets=(f.facet,)).facets[f.facet]
    return facets


def count_articles(parsed: ParsedQuery, request: SearchRequest) -> int:
    return engine().find(parsed, request).count


def _hits(ids: list[int], parsed: ParsedQuery, *, loose_from: int,
          loose: ParsedQuery | None = None) -> list[Hit]:
    """The articles of ``ids`` as results; from position ``loose_from`` on they have the
    words of ``loose`` apart, and those words are what is marked in them."""
    articles = (
        Article.objects.filter(pk__in=ids)
        .select_related("page__issue__publication", "city", "county")
        .prefetch_related("union_links__union")
    )
    by_id = {article.pk: article for article in articles}
    hits = []
    for position, article_id in enumerate(ids):
        article = by_id.get(article_id)
        if article is None:
            continue  # deleted since it was indexed; the writer will remove it
        apart = position >= loose_from
        terms = (loose if apart and loose is not None else parsed).required
        issue = article.page.issue
        hits.append(Hit(
            id=article.pk, url=article_url(article.pk), kicker=article.kicker,
            title=article.title, subtitle=article.subtitle, date=issue.date,
            date_estimated=issue.date_estimated, publication=issue.publication.name,
            page=article.page.number, page_name=article.page.name, kind=article.kind,
            city=article.city.name if article.city else "",
            county=article.county.name if article.county else "",
            unions=[link.union.name for link in article.union_links.all()],
            snippet=snippet(article.body, terms),
            marked_title=marked(article.title, terms),
            loose=apart,
        ))
    return hits


def _facets(raw: dict[str, list[tuple[str, int]]], request: SearchRequest) -> list[Facet]:
    raw = {name: [(v, c) for v, c in values if v] for name, values in raw.items()}
    labels = _labels({name: [v for v, _ in values] for name, values in raw.items()})
    facets = []
    for name in FACETS:
        chosen = request.values(name)
        values = sorted(raw.get(name, []), key=lambda item: (-item[1], item[0]))
        if name == "year":
            values = sorted(values, reverse=True)
        listed = [
            FacetValue(value, labels.get((name, value), value), count, value in chosen)
            for value, count in values
            if name != "unions" or (name, value) in labels  # not merged away
        ]
        shown = listed if name in request.more else listed[:FACET_LIMIT]
        shown += [v for v in listed[len(shown):] if v.selected]  # a chosen value stays
        facets.append(Facet(name, FACET_LABELS[name], shown, len(listed) - len(shown)))
    return facets


def _chips(request: SearchRequest) -> list[Chip]:
    """Every active filter with its name, for the reader to see and remove (also when
    nothing matches, which is when a reader most needs to see what narrowed the list)."""
    chosen: dict[str, list[str]] = {}
    for parameter, value in request.filters:
        if parameter in FILTER_BY_PARAMETER:
            chosen.setdefault(FILTER_BY_PARAMETER[parameter].facet, []).append(value)
    labels = _labels(chosen)
    chips = []
    for parameter, value in request.filters:
        if parameter in FILTER_BY_PARAMETER:
            f = FILTER_BY_PARAMETER[parameter]
            chips.append(Chip(parameter, value, f"{f.label}：{labels.get((f.facet, value), value)}"))
        else:
            chips.append(Chip(parameter, value, f"{'自' if parameter == 'from' else '至'} {value}"))
    return chips


def _labels(raw: dict[str, list[str]]) -> dict[tuple[str, str], str]:
    """How the site names these values of these facets: place, union, paper, kind."""
    labels: dict[tuple[str, str], str] = {}
    codes = {value for name in ("city", "county") for value in raw.get(name, [])}
    for code, name in Place.objects.filter(code__in=codes).values_list("code", "name"):
        for facet in ("city", "county"):
            labels[(facet, code)] = name
    union_ids = [int(v) for v in raw.get("unions", []) if v.isdigit()]
    for pk, name in Union.objects.filter(pk__in=union_ids).values_list("pk", "name"):
        labels[("unions", str(pk))] = name
    slugs = raw.get("publication", [])
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
    if not parsed.required:
        return []
    longest = max(parsed.required, key=len)
    if len(longest) >= 3 and " " not in longest:
        candidates += [longest[:-1], longest[1:]]
    unfiltered = replace(request, city=(), county=(), union=(), publication=(), kind=(),
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
