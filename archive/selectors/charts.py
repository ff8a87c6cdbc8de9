"""Articles per month, the series behind the charts on place and union pages."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth

from ..models import Article


@dataclass(frozen=True)
class MonthCount:
    year: int
    month: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.year}年{self.month}月"


def monthly_counts(articles: QuerySet[Article]) -> list[MonthCount]:
    """One entry per month from the first article's month to the last one's, empty months
    included so that gaps show as gaps; one query."""
    rows = (
        articles.order_by()
        .annotate(month=TruncMonth("page__issue__date"))
        .values("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    counts = {(month.year, month.month): n for month, n in rows}
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    series = []
    while (year, month) <= last:
        series.append(MonthCount(year, month, counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return series
