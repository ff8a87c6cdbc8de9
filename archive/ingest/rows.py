"""Article rows from page drafts: places, unions and people found or created, links built.

The rows are built unsaved, so the store can decide which are new and which replace an
article already in the archive (``replacing``) before anything is written.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Model

from ..models import Article, ArticleUnion, Credit, Page, Person, Place, Union
from ..selectors.organisations import unions_by_other_name
from ..signals import articles_changed
from .generic_names import is_generic
from .types import ArticleDraft, PageDraft, PlaceTag, UnionTag

# The body one level above a union of a given level, for parents the archive has not seen.
_LEVEL_ABOVE = {
    Union.Level.TOWNSHIP: Union.Level.COUNTY,
    Union.Level.COUNTY: Union.Level.CITY,
    Union.Level.CITY: Union.Level.PROVINCIAL,
    Union.Level.PROVINCIAL: Union.Level.NATIONAL,
}



@dataclass
class Row:
    """One article of a page draft, ready to save: the row, its union links and credits."""

    article: Article
    draft: ArticleDraft
    links: list[ArticleUnion] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)

    def union_ids(self) -> list[int]:
        return [link.union.pk for link in self.links]

    def credit_keys(self) -> list[tuple[int, str]]:
        return [(credit.person.pk, credit.role) for credit in self.credits]


@dataclass
class PageRows:
    """The rows of one page draft, in page order, and the warnings about them."""

    page: Page
    draft: PageDraft
    rows: list[Row]
    warnings: list[str]


def build_rows(writes: list[tuple[PageDraft, Page]]) -> list[PageRows]:
    """Rows for every article of these drafts; unions and people are created where new.

    A fixed number of queries, whatever the number of pages and articles.
    """
    drafts = [article for draft, _ in writes for article in draft.articles]
    places = _PlaceIndex(
        [code for a in drafts for code in _codes(a.place)]
        + [tag.place_code for a in drafts for tag in a.unions if tag.place_code]
    )
    unions = _resolve_unions([tag for a in drafts for tag in a.unions], places)
    people = _resolve_people(credit.name for a in drafts for credit in a.credits)
    result: list[PageRows] = []
    for draft, page in writes:
        warnings = [_about(draft.source.file_name, w) for w in draft.warnings]
        rows: list[Row] = []
        for order, article in enumerate(draft.articles, start=1):
            row = Row(_article_row(page, order, article, places), article)
            _link(row, unions, people)
            rows.append(row)
            warnings.extend(
                _about(draft.source.file_name, f"地区代码 {code} 不在地区表中")
                for code in _codes(article.place) if places.get(code) is None
            )
        result.append(PageRows(page, draft, rows, warnings))
    return result


def _link(row: Row, unions: dict[str, Union], people: dict[str, Person]) -> None:
    linked = dict.fromkeys(unions[tag.name] for tag in row.draft.unions if tag.name in unions)
    for rank, union in enumerate(linked):  # two printed names can be one union
        row.links.append(ArticleUnion(article=row.article, union=union, rank=rank))
    seen: set[tuple[int, str]] = set()
    for credit in row.draft.credits:
        person = people.get(credit.name)
        if person is None or (person.pk, credit.role) in seen:
            continue
        seen.add((person.pk, credit.role))
        row.credits.append(
            Credit(article=row.article, person=person, role=str(credit.role),
                   order=len(seen) - 1)
        )


def _article_row(page: Page, order: int, article: ArticleDraft, places: _PlaceIndex) -> Article:
    reasons = list(article.review_reasons)
    texts = {}
    for name, label in (("kicker", "引题"), ("title", "主题"), ("subtitle", "副题"),
                        ("byline", "署名")):
        value = getattr(article, name)
        texts[name] = clip(value, Article, name)
        if texts[name] != value:
            reasons.append(f"{label}过长，已截断")
    province, city, county = places.resolve(article.place)
    return Article(
        page=page,
        order=order,
        body=article.body,
        kind=str(article.kind),
        title_derived=article.title_derived,
        province=province,
        city=city,
        county=county,
        continuations=[{"direction": c.direction, "page": c.page} for c in article.continuations],
        span_start=article.start,
        span_end=article.end,
        needs_review=bool(reasons),
        review_reasons=reasons,
        **texts,
    )


class _PlaceIndex:
    """Places by GB/T 2260 code, loaded in one query with two levels of parents."""

    def __init__(self, codes: Iterable[str]) -> None:
        self._by_code = {
            place.code: place
            for place in Place.objects.select_related("parent__parent").filter(
                code__in=set(codes)
            )
        }

    def get(self, code: str | None) -> Place | None:
        return self._by_code.get(code) if code else None

    def resolve(self, tag: PlaceTag) -> tuple[Place | None, Place | None, Place | None]:
        """Province, city and county; levels the tag leaves out come from the parents."""
        found = {
            "province": self.get(tag.province_code),
            "city": self.get(tag.city_code),
            "county": self.get(tag.county_code),
        }
        for start in (found["county"], found["city"]):
            place = start.parent if start else None
            while place is not None:
                key = {Place.Level.CITY: "city", Place.Level.PROVINCE: "province"}.get(place.level)
                if key and found[key] is None:
                    found[key] = place
                place = place.parent
        return found["province"], found["city"], found["county"]


def _resolve_unions(tags: list[UnionTag], places: _PlaceIndex) -> dict[str, Union]:
    """Union rows by name: found or created, with new aliases, place and parent filled in.

    What the archive already records about a union is never overwritten, only completed: an
    earlier article's reading stays until staff change it.
    """
    merged: dict[str, UnionTag] = {}
    surfaces: dict[str, set[str]] = {}
    for tag in tags:
        if len(tag.name) > max_length(Union, "name") or is_generic(tag.name):
            continue  # a bare 市总工会 is no body of its own: it is read by place or not at all
        merged.setdefault(tag.name, tag)
        surfaces.setdefault(tag.name, set()).update(tag.surfaces)
    if not merged:
        return {}
    parent_names = {
        tag.parent_name for tag in merged.values()
        if tag.parent_name and len(tag.parent_name) <= max_length(Union, "name")
    }
    known = {u.name: u for u in Union.objects.filter(name__in=set(merged) | parent_names)}
    # A name staff merged away, or gave a union as an alias, is that union: not a new one.
    known.update(unions_by_other_name((set(merged) | parent_names) - set(known)))

    new: dict[str, Union] = {}
    for name, tag in merged.items():
        if name not in known:
            new[name] = Union(name=name, level=tag.level)
    for tag in merged.values():
        parent = tag.parent_name
        if parent in parent_names and parent not in known and parent not in new:
            level = _LEVEL_ABOVE.get(tag.level)
            if level is not None:
                new[parent] = Union(name=parent, level=level)
    Union.objects.bulk_create(new.values())
    known.update(new)

    changed: dict[int, Union] = {}
    renamed: list[int] = []  # unions already stored that gained aliases
    taken = _full_names_of_others({s for names in surfaces.values() for s in names})
    for name, tag in merged.items():
        union = known[name]
        # 市总工会, 县总 are not aliases: they mean the body of that level wherever printed.
        printed = {s for s in surfaces[name] | {name}
                   if taken.get(s, union.pk) == union.pk and not is_generic(s)}
        aliases = sorted(set(union.aliases) | (printed - {union.name}))
        if aliases != union.aliases:
            union.aliases = aliases
            changed[union.pk] = union
            if name not in new:
                renamed.append(union.pk)
        place = places.get(tag.place_code)
        if union.place_id is None and place is not None:
            union.place = place
            changed[union.pk] = union
        parent = known.get(tag.parent_name) if tag.parent_name else None
        if union.parent_id is None and parent is not None and parent.pk != union.pk:
            union.parent = parent
            changed[union.pk] = union
    if changed:
        Union.objects.bulk_update(changed.values(), ["aliases", "place", "parent"])
    if renamed:  # their articles are found by their aliases too (search.documents)
        articles_changed.send(sender=Article, removed_ids=[], changed_ids=list(
            Article.objects.filter(union_links__union__in=renamed)
            .values_list("pk", flat=True).distinct()))
    return {name: known[name] for name in merged}


def _full_names_of_others(names: set[str]) -> dict[str, int]:
    """The printed forms that are the full name of a stored union, with its id: never an
    alias of another union."""
    return dict(Union.objects.filter(name__in=names).values_list("name", "pk"))


def _resolve_people(names: Iterable[str]) -> dict[str, Person]:
    """Person rows by name, created where new (names too long for a name are left out)."""
    wanted = {name for name in names if name and len(name) <= max_length(Person, "name")}
    if not wanted:
        return {}
    Person.objects.bulk_create([Person(name=name) for name in wanted], ignore_conflicts=True)
    return {person.name: person for person in Person.objects.filter(name__in=wanted)}


def _codes(tag: PlaceTag) -> list[str]:
    return [code for code in (tag.province_code, tag.city_code, tag.county_code) if code]


def max_length(model: type[Model], field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def clip(value: str, model: type[Model], field_name: str) -> str:
    return value[: max_length(model, field_name)]


def _about(file_name: str, message: str) -> str:
    """A warning that names its file, once."""
    return message if message.startswith(file_name) else f"{file_name}: {message}"
