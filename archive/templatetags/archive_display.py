"""How archive rows read on the page: dates with their estimate flag, page labels, bodies in
paragraphs, bylines with their people linked, citations and the monthly chart."""
from __future__ import annotations

import datetime
import re
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from ..models import Article, Issue, Page
from ..selectors.charts import MonthCount
from .citation import gbt7714_citation

register = template.Library()


@register.filter
def issue_date(issue: Issue) -> str:
    """``2019年11月21日``, or ``约 2019年11月`` when the date was inferred: the day of an
    estimated date is a guess, so it is not shown as if it were printed."""
    date: datetime.date = issue.date
    if issue.date_estimated:
        return f"约 {date.year}年{date.month}月"
    return f"{date.year}年{date.month}月{date.day}日"


@register.filter
def page_label(page: Page) -> str:
    """``第2版 工会``, ``第2版``, or ``版次不详`` (with the page name if there is one)."""
    number = f"第{page.number}版" if page.number else "版次不详"
    return f"{number} {page.name}" if page.name else number


@register.filter
def paragraphs(body: str) -> list[str]:
    """The cleaned body holds one paragraph a line."""
    return [line.strip() for line in body.splitlines() if line.strip()]


@register.simple_tag
def linked_byline(article: Article) -> SafeString:
    """The byline as printed, with each credited person's name linking to their page.

    Every piece of text is escaped; only the links are markup.
    """
    byline = article.byline
    people = {credit.person.name: credit.person.pk for credit in article.credits.all()}
    if not byline or not people:
        return escape(byline)
    names = sorted(people, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(name) for name in names))
    pieces, position = [], 0
    for match in pattern.finditer(byline):
        pieces.append(escape(byline[position:match.start()]))
        url = reverse("archive:person-detail", args=[people[match.group()]])
        pieces.append(format_html('<a href="{}">{}</a>', url, match.group()))
        position = match.end()
    pieces.append(escape(byline[position:]))
    return mark_safe("".join(pieces))


@register.filter
def citation(article: Article) -> str:
    return gbt7714_citation(article)


CHART_HEIGHT = 120
CHART_BAR = 14
CHART_GAP = 4


@register.inclusion_tag("archive/includes/monthly_chart.html")
def monthly_chart(series: list[MonthCount], subject: str) -> dict[str, Any]:
    """A bar chart of articles per month, drawn on the server as SVG (no script needed).

    Every bar has a title for pointer users, and the same figures are given as a table for
    screen readers and for reading exact numbers.
    """
    peak = max((month.count for month in series), default=0) or 1
    step = CHART_BAR + CHART_GAP
    bars = []
    for index, month in enumerate(series):
        height = round(month.count / peak * CHART_HEIGHT)
        bars.append({
            "month": month,
            "x": index * step,
            "y": CHART_HEIGHT - height + 16,
            "height": height,
            "label_x": index * step + CHART_BAR / 2,
            "show_label": month.month == 1 or index == 0,
        })
    return {
        "series": series,
        "bars": bars,
        "subject": subject,
        "width": max(len(series) * step, step),
        "height": CHART_HEIGHT + 36,
        "peak": peak,
        "bar_width": CHART_BAR,
        "baseline": CHART_HEIGHT + 16,
    }
