"""What the preview of an upload shows: per page, every article the import would store.

Staff confirm an import on this view, so it shows everything that will be stored — headlines,
kind, place, unions, people, review reasons and the article's text itself (folded in the
template) — because an interleaved headline left inside another article, or footer lines run
together into one paragraph, can only be caught by reading the text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..ingest.file_names import read_file_name
from ..models import Article, Credit, Place
from .imports import IssueOutcome
from .upload import Upload


@dataclass
class ArticlePreview:
    kicker: str
    title: str
    subtitle: str
    byline: str
    paragraphs: list[str]
    kind: str
    place: str
    unions: list[str]
    people: list[str]
    review_reasons: list[str]

    @property
    def characters(self) -> int:
        return sum(len(paragraph) for paragraph in self.paragraphs)


@dataclass
class PagePreview:
    file_name: str
    page_number: int | None
    page_name: str
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    articles: list[ArticlePreview] = field(default_factory=list)

    @property
    def flagged(self) -> int:
        return sum(1 for article in self.articles if article.review_reasons)


def page_previews(upload: Upload, outcome: IssueOutcome) -> list[PagePreview]:
    """Per uploaded page: its problems, the importer's warnings and the articles it would make."""
    drafts = {draft.source.file_name: draft for draft in outcome.drafts}
    codes = {
        code
        for draft in outcome.drafts for article in draft.articles
        for code in (article.place.province_code, article.place.city_code,
                     article.place.county_code)
        if code
    }
    places = dict(Place.objects.filter(code__in=codes).values_list("code", "name"))
    kinds = dict(Article.Kind.choices)
    roles = dict(Credit.Role.choices)
    previews = []
    for page in upload.pages:
        where = str(upload.directory / page.on_disk)
        preview = PagePreview(page.file_name, page.page_number, page.page_name)
        preview.problems = [p.message for p in outcome.problems + outcome.held_back
                            if p.path == where]
        named = read_file_name(page.file_name).date
        if named is not None and named != upload.date:
            preview.warnings.append(
                f"文件名中的日期是 {named:%Y-%m-%d}，与填写的出版日期 {upload.date:%Y-%m-%d} 不同，"
                "请核对日期"
            )
        draft = drafts.get(page.file_name)
        if draft is not None:
            preview.warnings += list(draft.warnings)
            preview.articles = [
                ArticlePreview(
                    kicker=a.kicker, title=a.title, subtitle=a.subtitle, byline=a.byline,
                    paragraphs=list(a.paragraphs),
                    kind=kinds.get(str(a.kind), str(a.kind)),
                    place=" ".join(
                        places.get(code, code)
                        for code in (a.place.province_code, a.place.city_code,
                                     a.place.county_code)
                        if code
                    ),
                    unions=list(dict.fromkeys(tag.name for tag in a.unions)),
                    people=[f"{c.name}（{roles.get(str(c.role), c.role)}）" for c in a.credits],
                    review_reasons=list(a.review_reasons),
                )
                for a in draft.articles
            ]
        previews.append(preview)
    return previews
