"""Differences between the search index and the database, and their repair."""
from __future__ import annotations

from dataclasses import dataclass

from haystack import connections

from archive.models import Article

from .indexing import write_pending
from .models import PendingIndexChange


@dataclass(frozen=True)
class Drift:
    in_database: int
    in_index: int
    missing: frozenset[int]  # articles the index lacks
    extra: frozenset[int]  # documents of articles that no longer exist
    pending: int  # changes recorded but not yet written

    @property
    def clean(self) -> bool:
        return not self.missing and not self.extra and not self.pending


def indexed_ids() -> set[int]:
    searcher = connections["default"].get_backend().searcher()
    return {int(fields["django_id"]) for fields in searcher.all_stored_fields()}


def find_drift() -> Drift:
    in_index = indexed_ids()
    in_database = set(Article.objects.values_list("pk", flat=True))
    return Drift(len(in_database), len(in_index), frozenset(in_database - in_index),
                 frozenset(in_index - in_database), PendingIndexChange.objects.count())


def repair_drift(drift: Drift) -> int:
    """Queue what is missing or extra, then write everything pending."""
    rows = [PendingIndexChange(article_id=pk) for pk in drift.missing]
    rows += [PendingIndexChange(article_id=pk, removed=True) for pk in drift.extra]
    PendingIndexChange.objects.bulk_create(rows)
    return write_pending()
