"""Plain data passed between the import stages.

Every stage of the pipeline (decode → clean → unwrap → rejoin → segment → deduplicate → extract →
tag → store) takes and returns these dataclasses, so each stage can be tested on real page text
without a database. Only ``archive.ingest.store`` turns them into model rows.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


class IngestError(Exception):
    """A page that cannot be imported; the message names the problem in plain words."""


class Kind(StrEnum):
    """What an item on the page is (the ``Article.kind`` choices use the same values)."""

    NEWS = "news"  # 消息
    PHOTO = "photo"  # 图片
    COMMENTARY = "commentary"  # 评论
    FEATURE = "feature"  # 通讯
    BRIEF = "brief"  # 简讯


class OnCorrections(StrEnum):
    """What replacing a page does with staff corrections of its articles."""

    REFUSE = "refuse"  # stop, naming the corrections that would be lost
    KEEP = "keep"  # corrected parts keep the staff's values, the rest takes the new page
    DISCARD = "discard"  # the new page wins; the discarded corrections are listed


class Role(StrEnum):
    """The part a person played in an item, as the byline or credit states it."""

    REPORTER = "reporter"  # 记者 (including 见习记者)
    CORRESPONDENT = "correspondent"  # 通讯员
    PHOTOGRAPHER = "photographer"  # 摄影 / 摄
    AUTHOR = "author"  # 作者 (signed commentary, essay)


@dataclass(frozen=True)
class Block:
    """One paragraph of a page after cleaning.

    ``start``/``end`` are character offsets into the original text, so every article can
    point back at the exact span of the page it came from.
    """

    text: str
    start: int
    end: int
    heading: int = 0  # Markdown heading level 1–6 the line carried, 0 for none


@dataclass(frozen=True)
class Credit:
    name: str
    role: Role


@dataclass(frozen=True)
class Continuation:
    """A jump line such as ``(上接第1版)`` or ``下转第3版``."""

    direction: str  # "from" (上接) or "to" (下转)
    page: int


@dataclass(frozen=True)
class PlaceTag:
    """Where an article happens, as GB/T 2260 codes (county may be absent)."""

    province_code: str | None = None
    city_code: str | None = None
    county_code: str | None = None


@dataclass(frozen=True)
class UnionTag:
    """A union organisation an article is about, normalized to its full name."""

    name: str  # normalized full name, e.g. 绍兴市柯桥区总工会
    level: str  # one of archive.models.Union.Level values
    place_code: str | None = None  # GB/T 2260 code of the place it belongs to
    parent_name: str | None = None  # full name of the parent body, where known
    surfaces: tuple[str, ...] = ()  # the forms printed in the article (aliases)


@dataclass
class ArticleDraft:
    """An item cut out of a page, before it is stored."""

    paragraphs: list[str]
    start: int
    end: int
    kicker: str = ""
    title: str = ""
    subtitle: str = ""
    byline: str = ""
    kind: Kind = Kind.NEWS
    title_derived: bool = False
    credits: list[Credit] = field(default_factory=list)
    continuations: list[Continuation] = field(default_factory=list)
    place: PlaceTag = field(default_factory=PlaceTag)
    unions: list[UnionTag] = field(default_factory=list)
    review_reasons: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""

    def flag(self, reason: str) -> None:
        if reason not in self.review_reasons:
            self.review_reasons.append(reason)


@dataclass(frozen=True)
class PageSource:
    """Where a page file comes from and what the manifest or the flags say about it."""

    file_name: str
    publication: str
    date: date
    date_estimated: bool = False
    page_number: int | None = None
    page_name: str = ""


@dataclass
class PageDraft:
    """A whole page run through the pipeline: ready for ``store``."""

    source: PageSource
    original_text: str
    sha256: str
    articles: list[ArticleDraft]
    warnings: list[str] = field(default_factory=list)
