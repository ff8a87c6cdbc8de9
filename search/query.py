"""A reader's search request: parsed, validated, and turned into an index query.

What a reader may type, and what it means:

- ``疗休养`` — articles containing that string, anywhere (title or text);
- ``疗休养 湖州`` — both strings, each anywhere in the article;
- ``"工会 主席"`` or ``“工会主席”`` — the quoted string as one phrase;
- ``-疫情`` — leave out articles containing 疫情.

Nothing a reader types reaches the query parser as syntax: every term is reduced to the
characters the index holds (Han characters, Latin letters, digits), so ``field:``, ``*``,
brackets and unbalanced quotes are plain text; the search backend works from those terms
only (``search.whoosh_engine.finder``). Filters arrive as separate parameters and are checked
against what they can be.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from archive.control_chars import shown, without_control_chars


MAX_QUERY_CHARS = 200
MAX_TERMS = 8
PER_PAGE = 20
MAX_PAGE = 500
SORTS = {"relevance": None, "newest": "-date", "oldest": "date"}
KINDS = ("news", "photo", "commentary", "feature", "brief")

INDEXABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffA-Za-z0-9]+")
HAN_CHAR = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]$")
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]*)(?:[\"“”「」『』]|$)")
# Filters and page numbers are ASCII digits: ``\d`` alone would take ² or ١٢, which int()
# then refuses or reads as another number.
_CODE = re.compile(r"[0-9]{6}")
_ID = re.compile(r"[0-9]{1,10}")
_PAGE = re.compile(r"[0-9]{1,6}")
_SLUG = re.compile(r"[\w-]{1,50}", re.UNICODE)


class BadRequest(ValueError):
    """A filter value that cannot be right; the message says which, in the reader's words."""


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    city: str = ""
    county: str = ""
    union: str = ""
    publication: str = ""
    kind: str = ""
    date_from: date | None = None
    date_to: date | None = None
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE

    @property
    def filters(self) -> dict[str, str]:
        """The active filters, as they appear in the page's URL."""
        values = {"city": self.city, "county": self.county, "union": self.union,
                  "publication": self.publication, "kind": self.kind,
                  "from": self.date_from.isoformat() if self.date_from else "",
                  "to": self.date_to.isoformat() if self.date_to else ""}
        return {key: value for key, value in values.items() if value}


@dataclass(frozen=True)
class ParsedQuery:
    """The reader's words, reduced to what the index can match."""

    required: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.required


def request_from_params(params) -> SearchRequest:  # noqa: ANN001 - a QueryDict or dict
    """Read a search request from URL parameters; raise BadRequest naming a bad filter."""
    def text(name: str) -> str:
        return (params.get(name) or "").strip()

    city, county, union = text("city"), text("county"), text("union")
    publication, kind = text("publication"), text("kind")
    if city and not _CODE.fullmatch(city):
        raise BadRequest(f"城市代码“{shown(city)}”无效，应为 6 位数字")
    if county and not _CODE.fullmatch(county):
        raise BadRequest(f"区县代码“{shown(county)}”无效，应为 6 位数字")
    if union and not _ID.fullmatch(union):
        raise BadRequest(f"工会编号“{shown(union)}”无效")
    if publication and not _SLUG.fullmatch(publication):
        raise BadRequest(f"报纸“{shown(publication)}”无效")
    if kind and kind not in KINDS:
        raise BadRequest(f"体裁“{shown(kind)}”无效")
    date_from, date_to = _date(text("from"), "起始日期"), _date(text("to"), "截止日期")
    if date_from and date_to and date_from > date_to:
        raise BadRequest("起始日期晚于截止日期")
    sort = text("sort") or "relevance"
    if sort not in SORTS:
        raise BadRequest(f"排序方式“{shown(sort)}”无效，可选：相关度、最新、最早")
    page_text = text("page") or "1"
    if not _PAGE.fullmatch(page_text) or not 1 <= int(page_text) <= MAX_PAGE:
        raise BadRequest(f"页码“{shown(page_text)}”无效，应为 1 到 {MAX_PAGE} 之间的数字")
    q = without_control_chars((params.get("q") or "")[:MAX_QUERY_CHARS * 10]).strip()
    return SearchRequest(
        q=q, city=city, county=county, union=union, publication=publication, kind=kind,
        date_from=date_from, date_to=date_to, sort=sort, page=int(page_text),
    )


def _date(value: str, label: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            f"{label}“{shown(value)}”无效，应为 YYYY-MM-DD 格式的真实日期"
        ) from None


def parse_query(q: str) -> ParsedQuery:
    """Split the reader's query into required and excluded strings."""
    notes: list[str] = []
    if len(q) > MAX_QUERY_CHARS:
        q = q[:MAX_QUERY_CHARS]
        notes.append(f"检索词过长，只用了前 {MAX_QUERY_CHARS} 个字")
    required: list[str] = []
    excluded: list[str] = []
    for phrase in _QUOTED.findall(q):
        cleaned = _clean(phrase)
        if cleaned:
            required.append(cleaned)
    rest = _QUOTED.sub(" ", q)
    for word in rest.split():
        target = excluded if word.startswith(("-", "－")) and len(word) > 1 else required
        cleaned = _clean(word.lstrip("-－") if target is excluded else word)
        if cleaned:
            target.append(cleaned)
    required = list(dict.fromkeys(required))
    if len(required) > MAX_TERMS:
        notes.append(f"检索词过多，只用了前 {MAX_TERMS} 个")
        required = required[:MAX_TERMS]
    return ParsedQuery(tuple(required), tuple(dict.fromkeys(excluded))[:MAX_TERMS],
                       tuple(notes))


def _clean(text: str) -> str:
    """Only what the index holds: runs of Han characters, Latin letters and digits.

    Runs are rejoined with a space, except between two Han characters: Chinese is written
    without spaces, so 工会 主席 in quotes means 工会主席.
    """
    cleaned = ""
    for run in INDEXABLE.findall(text):
        if cleaned and not (HAN_CHAR.match(cleaned[-1]) and HAN_CHAR.match(run[0])):
            cleaned += " "
        cleaned += run
    return cleaned
