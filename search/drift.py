"""Differences between the search index and the database, and their repair.

Derived, not remembered: the database's documents are made afresh and their content versions
compared with those the index holds, so whatever changed an article — an admin edit, a
publication's new slug, a bulk update, a crash between two writes — a stale document is
found, and so is an article indexed twice.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .documents import article_document, indexed_articles
from .engine import EngineUnavailable, engine
from .indexing import write_pending
from .models import PendingIndexChange

SCAN_CHUNK = 1000


@dataclass(frozen=True)
class Drift:
    in_database: int
    in_index: int
    missing: frozenset[int]  # articles the index lacks
    extra: frozenset[int]  # documents of articles that no longer exist
    stale: frozenset[int]  # documents whose content differs from the article's
    duplicated: frozenset[int]  # articles with more than one document
    pending: int  # changes recorded but not yet written

    @property
    def clean(self) -> bool:
        return not (self.missing or self.extra or self.stale or self.duplicated
                    or self.pending)

    @property
    def summary(self) -> str:
        """The comparison as ``check_search_index`` reports it."""
        return (f"数据库 {self.in_database} 篇，索引 {self.in_index} 篇；"
                f"索引缺 {len(self.missing)} 篇，多出 {len(self.extra)} 篇，"
                f"内容过期 {len(self.stale)} 篇，重复 {len(self.duplicated)} 篇，"
                f"待写入 {self.pending} 条")


@dataclass(frozen=True)
class IndexCheck:
    """The index compared with the database, or why it cannot be (then it needs a rebuild)."""

    drift: Drift | None
    problem: str | None = None


def database_versions() -> dict[int, str]:
    """Every article's id and the content version its document has now."""
    articles = indexed_articles().order_by("pk").iterator(chunk_size=SCAN_CHUNK)
    return {article.pk: article_document(article)["version"] for article in articles}


def find_drift() -> Drift:
    """Raises ``EngineUnavailable`` when the index cannot be read."""
    documents = engine().indexed()
    in_database = database_versions()
    copies = Counter(document.article_id for document in documents)
    in_index = {document.article_id: document.version for document in documents}
    stale = {pk for pk, version in in_index.items()
             if pk in in_database and in_database[pk] != version}
    return Drift(
        in_database=len(in_database), in_index=len(documents),
        missing=frozenset(in_database.keys() - in_index.keys()),
        extra=frozenset(in_index.keys() - in_database.keys()),
        stale=frozenset(stale),
        duplicated=frozenset(pk for pk, n in copies.items() if n > 1),
        pending=PendingIndexChange.objects.count(),
    )


def check_index() -> IndexCheck:
    """Compare index and database, unless the index is of an old format or unreadable."""
    current = engine()
    if not current.format_is_current():
        written_in = current.index_format() or "未记录"
        return IndexCheck(None, f"索引格式已过期或无法识别（索引为 {written_in}），"
                                "部分检索结果会不准确，需要重建索引")
    try:
        return IndexCheck(find_drift())
    except EngineUnavailable as error:
        return IndexCheck(None, f"检索索引无法读取（{error}），需要重建索引")


def repair_drift(drift: Drift) -> int:
    """Queue what is missing, stale, duplicated or extra, then write everything pending."""
    rewrite = drift.missing | drift.stale | (drift.duplicated - drift.extra)
    rows = [PendingIndexChange(article_id=pk) for pk in sorted(rewrite)]
    rows += [PendingIndexChange(article_id=pk, removed=True) for pk in sorted(drift.extra)]
    PendingIndexChange.objects.bulk_create(rows, batch_size=500)
    return write_pending()
