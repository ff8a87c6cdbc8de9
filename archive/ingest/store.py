"""The last import stage and the only one that writes: an issue's page drafts into the database.

All pages of one issue are stored in one transaction, so an import either stores the whole
issue or leaves the archive exactly as it was. A page is known by the SHA-256 of its file:
importing the same file again writes nothing. A different file for a page the archive already
holds (same issue and page number, or same file name where the number is unknown) is refused
unless the caller asks to replace it, because silently overwriting a page would lose articles
staff may have reviewed.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from ..models import Article, ArticleUnion, Credit, Issue, Page, Person, Place, Union
from ..services.publications import get_or_create_publication
from ..signals import articles_changed
from .types import ArticleDraft, IngestError, PageDraft, PlaceTag, UnionTag

# The body one level above a union of a given level, for parents the archive has not seen.
_LEVEL_ABOVE = {
    Union.Level.TOWNSHIP: Union.Level.COUNTY,
    Union.Level.COUNTY: Union.Level.CITY,
    Union.Level.CITY: Union.Level.PROVINCIAL,
    Union.Level.PROVINCIAL: Union.Level.NATIONAL,
}


@dataclass
class IssueResult:
    """What storing one issue did, for the import summary."""

    publication: str
    date: date
    created: list[str] = field(default_factory=list)  # source file names
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    articles_created: int = 0
    flagged: int = 0  # articles created with review reasons
    warnings: list[str] = field(default_factory=list)
    article_ids: list[int] = field(default_factory=list)


def store_issue(pages: list[PageDraft], *, replace: bool = False) -> IssueResult:
    """Store the pages of one issue (same publication and date) all together or not at all.

    Raises IngestError naming the file when a page conflicts with one already stored and
    ``replace`` is off, or when the pages do not belong to one issue.
    """
    if not pages:
        raise IngestError("没有要保存的版面")
    first = pages[0].source
    for page in pages[1:]:
        if (page.source.publication, page.source.date) != (first.publication, first.date):
            raise IngestError(f"{page.source.file_name}: 与 {first.file_name} 不属于同一期")
    _refuse_duplicate_numbers(pages)

    result = IssueResult(publication=first.publication, date=first.date)
    with transaction.atomic():
        writes = _plan_writes(_existing_issue(pages), pages, replace, result)
        if not writes:  # every page already stored: not even the issue is touched
            return result
        issue = _issue_for(pages)
        removed_ids = _clear_replaced([stored for _, stored in writes if stored.pk])
        _save_pages(issue, writes)
        created_ids = _store_articles(writes, result)
        articles_changed.send(sender=Article, changed_ids=created_ids, removed_ids=removed_ids)
    result.article_ids = created_ids
    return result


def _refuse_duplicate_numbers(pages: list[PageDraft]) -> None:
    first_with: dict[int, PageDraft] = {}
    for page in pages:
        number = page.source.page_number
        if number is None:
            continue
        other = first_with.setdefault(number, page)
        if other.sha256 != page.sha256:
            raise IngestError(
                f"{page.source.file_name}: 与 {other.source.file_name} 都标为第 {number} 版，"
                "内容却不同"
            )


def _existing_issue(pages: list[PageDraft]) -> Issue | None:
    source = pages[0].source
    return Issue.objects.filter(
        publication__name=source.publication, date=source.date
    ).first()


def _issue_for(pages: list[PageDraft]) -> Issue:
    """The issue, created if new; its date stops being an estimate once any page confirms it."""
    source = pages[0].source
    publication, _ = get_or_create_publication(source.publication)
    estimated = all(page.source.date_estimated for page in pages)
    issue, created = Issue.objects.get_or_create(
        publication=publication, date=source.date, defaults={"date_estimated": estimated}
    )
    if not created and issue.date_estimated and not estimated:
        issue.date_estimated = False
        issue.save(update_fields=["date_estimated"])
    return issue


def _plan_writes(
    issue: Issue | None, pages: list[PageDraft], replace: bool, result: IssueResult
) -> list[tuple[PageDraft, Page]]:
    """Pair each draft that needs writing with a new or an existing (to replace) Page row."""
    stored_by_sha = {
        page.sha256: page
        for page in Page.objects.select_related("issue__publication").filter(
            sha256__in=[draft.sha256 for draft in pages]
        )
    }
    in_issue = list(issue.pages.all()) if issue is not None else []
    issue_id = issue.pk if issue is not None else None
    by_number = {page.number: page for page in in_issue if page.number is not None}
    by_file = {page.source_file: page for page in in_issue if page.number is None}

    writes: list[tuple[PageDraft, Page]] = []
    seen_sha: set[str] = set()
    for draft in pages:
        name = draft.source.file_name
        number = draft.source.page_number
        stored = stored_by_sha.get(draft.sha256)
        if stored is not None or draft.sha256 in seen_sha:
            result.unchanged.append(name)
            if stored is not None and (stored.issue_id, stored.number) != (issue_id, number):
                result.warnings.append(
                    f"{name}: 内容与已导入的 {stored.source_file}（{stored}）相同，未重复导入"
                )
            continue
        seen_sha.add(draft.sha256)
        target = by_number.get(number) if number is not None else by_file.get(name)
        if target is None:
            writes.append((draft, Page()))
            result.created.append(name)
            continue
        if not replace:
            where = f"第 {number} 版" if number is not None else "同名版面"
            raise IngestError(
                f"{name}: {issue} {where}已导入（{target.source_file}），内容不同；"
                "确认要替换请使用 --replace"
            )
        writes.append((draft, target))
        result.replaced.append(name)
    return writes


def _clear_replaced(pages: list[Page]) -> list[int]:
    """Delete the articles of pages being replaced; their ids, for the search index."""
    if not pages:
        return []
    articles = Article.objects.filter(page__in=pages)
    removed = list(articles.values_list("pk", flat=True))
    articles.delete()
    return removed


def _save_pages(issue: Issue, writes: list[tuple[PageDraft, Page]]) -> None:
    now = timezone.now()
    for draft, page in writes:
        page.issue = issue
        page.number = draft.source.page_number
        page.name = _clip(draft.source.page_name, Page, "name")
        page.original_text = draft.original_text
        page.source_file = _clip(draft.source.file_name, Page, "source_file")
        page.sha256 = draft.sha256
        page.imported_at = now
    replaced = [page for _, page in writes if page.pk is not None]
    Page.objects.bulk_create([page for _, page in writes if page.pk is None])
    if replaced:
        Page.objects.bulk_update(
            replaced, ["number", "name", "original_text", "source_file", "sha256", "imported_at"]
        )


def _store_articles(writes: list[tuple[PageDraft, Page]], result: IssueResult) -> list[int]:
    drafts = [article for draft, _ in writes for article in draft.articles]
    places = _PlaceIndex(
        [code for a in drafts for code in _codes(a.place)]
        + [tag.place_code for a in drafts for tag in a.unions if tag.place_code]
    )
    unions = _resolve_unions([tag for a in drafts for tag in a.unions], places)
    people = _resolve_people(credit.name for a in drafts for credit in a.credits)

    rows: list[tuple[Article, ArticleDraft]] = []
    for draft, page in writes:
        result.warnings.extend(_about(draft.source.file_name, w) for w in draft.warnings)
        for order, article in enumerate(draft.articles, start=1):
            row = _article_row(page, order, article, places)
            rows.append((row, article))
            result.warnings.extend(
                _about(draft.source.file_name, f"地区代码 {code} 不在地区表中")
                for code in _codes(article.place) if places.get(code) is None
            )
    Article.objects.bulk_create([row for row, _ in rows])

    links: list[ArticleUnion] = []
    credits: list[Credit] = []
    for row, article in rows:
        for rank, name in enumerate(dict.fromkeys(tag.name for tag in article.unions)):
            if name in unions:
                links.append(ArticleUnion(article=row, union=unions[name], rank=rank))
        seen: set[tuple[int, str]] = set()
        for credit in article.credits:
            person = people.get(credit.name)
            if person is None or (person.pk, credit.role) in seen:
                continue
            seen.add((person.pk, credit.role))
            credits.append(
                Credit(article=row, person=person, role=str(credit.role), order=len(seen) - 1)
            )
    ArticleUnion.objects.bulk_create(links)
    Credit.objects.bulk_create(credits)

    result.warnings = list(dict.fromkeys(result.warnings))
    result.articles_created = len(rows)
    result.flagged = sum(1 for row, _ in rows if row.needs_review)
    return [row.pk for row, _ in rows]


def _article_row(page: Page, order: int, article: ArticleDraft, places: _PlaceIndex) -> Article:
    reasons = list(article.review_reasons)
    texts = {}
    for name, label in (("kicker", "引题"), ("title", "主题"), ("subtitle", "副题"),
                        ("byline", "署名")):
        value = getattr(article, name)
        texts[name] = _clip(value, Article, name)
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
        if len(tag.name) > _max(Union, "name"):
            continue
        merged.setdefault(tag.name, tag)
        surfaces.setdefault(tag.name, set()).update(tag.surfaces)
    if not merged:
        return {}
    parent_names = {
        tag.parent_name for tag in merged.values()
        if tag.parent_name and len(tag.parent_name) <= _max(Union, "name")
    }
    known = {u.name: u for u in Union.objects.filter(name__in=set(merged) | parent_names)}

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

    changed: dict[str, Union] = {}
    for name, tag in merged.items():
        union = known[name]
        aliases = sorted(set(union.aliases) | (surfaces[name] - {name}))
        if aliases != union.aliases:
            union.aliases = aliases
            changed[name] = union
        place = places.get(tag.place_code)
        if union.place_id is None and place is not None:
            union.place = place
            changed[name] = union
        parent = known.get(tag.parent_name) if tag.parent_name else None
        if union.parent_id is None and parent is not None and parent.pk != union.pk:
            union.parent = parent
            changed[name] = union
    if changed:
        Union.objects.bulk_update(changed.values(), ["aliases", "place", "parent"])
    return {name: known[name] for name in merged}


def _resolve_people(names: Iterable[str]) -> dict[str, Person]:
    """Person rows by name, created where new (names too long for a name are left out)."""
    wanted = {name for name in names if name and len(name) <= _max(Person, "name")}
    if not wanted:
        return {}
    Person.objects.bulk_create([Person(name=name) for name in wanted], ignore_conflicts=True)
    return {person.name: person for person in Person.objects.filter(name__in=wanted)}


def _codes(tag: PlaceTag) -> list[str]:
    return [code for code in (tag.province_code, tag.city_code, tag.county_code) if code]


def _max(model: type[Model], field_name: str) -> int:
    return model._meta.get_field(field_name).max_length


def _clip(value: str, model: type[Model], field_name: str) -> str:
    return value[: _max(model, field_name)]


def _about(file_name: str, message: str) -> str:
    """A warning that names its file, once."""
    return message if message.startswith(file_name) else f"{file_name}: {message}"
