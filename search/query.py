"""A reader's search request: the query as typed and the filters, read from the URL and
checked against what they can be (the query's own syntax is ``search.syntax``).

A filter may take several values of one field (``city=330100&city=330200``: either city);
different fields narrow each other.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from archive.control_chars import shown, without_control_chars

from .syntax import MAX_QUERY_CHARS


PER_PAGE = 20
MAX_PAGE = 500
SORTS = {"relevance": None, "newest": "-date", "oldest": "date"}
KINDS = ("news", "photo", "commentary", "feature", "brief")

# Filters and page numbers are ASCII digits: ``\d`` alone would take ² or ١٢, which int()
# then refuses or reads as another number.
_CODE = re.compile(r"[0-9]{6}")
_ID = re.compile(r"[0-9]{1,10}")
_PAGE = re.compile(r"[0-9]{1,6}")
_SLUG = re.compile(r"[\w-]{1,50}", re.UNICODE)


class BadRequest(ValueError):
    """A filter value that cannot be right; the message says which, in the reader's words."""


@dataclass(frozen=True)
class FilterField:
    """A filter a reader can set: its URL parameter, the index field (and facet) it
    narrows, how the site names it, and what a valid value looks like."""

    parameter: str
    facet: str
    label: str
    valid: Callable[[str], bool]
    problem: str  # the message for a bad value, with {} for the value


FILTERS = (
    FilterField("city", "city", "城市", _CODE.fullmatch, "城市代码“{}”无效，应为 6 位数字"),
    FilterField("county", "county", "区县", _CODE.fullmatch, "区县代码“{}”无效，应为 6 位数字"),
    FilterField("union", "unions", "工会", _ID.fullmatch, "工会编号“{}”无效"),
    FilterField("publication", "publication", "报纸", _SLUG.fullmatch, "报纸“{}”无效"),
    FilterField("kind", "kind", "体裁", KINDS.__contains__, "体裁“{}”无效"),
)
FILTER_BY_PARAMETER = {f.parameter: f for f in FILTERS}
MAX_VALUES = 20  # values of one filter at most


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    city: tuple[str, ...] = ()
    county: tuple[str, ...] = ()
    union: tuple[str, ...] = ()
    publication: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    more: tuple[str, ...] = ()  # facets listed with all their values, not the first 20

    def __post_init__(self) -> None:
        for f in FILTERS:  # one value may be given as a string
            value = getattr(self, f.parameter)
            if isinstance(value, str):
                object.__setattr__(self, f.parameter, (value,) if value else ())

    def values(self, facet: str) -> tuple[str, ...]:
        """The chosen values of the filter on ``facet`` (an index field)."""
        return next((getattr(self, f.parameter) for f in FILTERS if f.facet == facet), ())

    @property
    def filters(self) -> list[tuple[str, str]]:
        """The active filters as (URL parameter, value) pairs, in the page's URL order."""
        pairs = [(f.parameter, value) for f in FILTERS for value in getattr(self, f.parameter)]
        if self.date_from:
            pairs.append(("from", self.date_from.isoformat()))
        if self.date_to:
            pairs.append(("to", self.date_to.isoformat()))
        return pairs


def request_from_params(params, facets: Sequence[str] = ()) -> SearchRequest:  # noqa: ANN001
    """Read a search request from URL parameters (a QueryDict or a dict); raise BadRequest
    naming a bad filter. ``facets``: the names ``more`` may ask for."""
    def text(name: str) -> str:
        return (params.get(name) or "").strip()

    def every(name: str) -> list[str]:
        values = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
        return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))

    chosen: dict[str, tuple[str, ...]] = {}
    for f in FILTERS:
        values = every(f.parameter)
        for value in values:
            if not f.valid(value):
                raise BadRequest(f.problem.format(shown(value)))
        if len(values) > MAX_VALUES:
            raise BadRequest(f"{f.label}最多同时选 {MAX_VALUES} 个")
        chosen[f.parameter] = tuple(values)
    date_from, date_to = _date(text("from"), "起始日期"), _date(text("to"), "截止日期")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("起始日期晚于截止日期")
    sort = text("sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"排序方式“{shown(sort)}”无效，可选：相关度、最新、最早")
    page_text = text("page") or "1"
    if not _PAGE.fullmatch(page_text) or not 1 <= int(page_text) <= MAX_PAGE:
        raise BadRequest(f"页码“{shown(page_text)}”无效，应为 1 到 {MAX_PAGE} 之间的数字")
    more = tuple(name for name in every("more") if name in facets)
    q = without_control_chars((params.get("q") or "")[:MAX_QUERY_CHARS * 10]).strip()
    return SearchRequest(q=q, date_from=date_from, date_to=date_to, sort=sort,
                         page=int(page_text), more=more, **chosen)


def _date(value: str, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            f"{label}“{shown(value)}”无效，应为 YYYY-MM-DD 格式的真实日期"
        ) from None
