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
from ..citations import gbt7714_citation

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
CHART_TARGET_WIDTH = 320
CHART_TOP = 16  # room for the count above the highest bar
CHART_MIN_STEP, CHART_MAX_STEP = 8, 40
MONTH_LABEL_MIN_STEP = 18  # narrower bars leave no room for month numbers


@register.inclusion_tag("archive/includes/monthly_chart.html")
def monthly_chart(series: list[MonthCount], subject: str) -> dict[str, Any]:
    """A bar chart of articles per month, drawn on the server as SVG (no script needed).

    Bars are wide for a few months and narrow for many, so a short series does not shrink
    to a sliver. Every bar has a title for pointer users, and the same figures are given as
    a table for screen readers and for reading exact numbers.
    """
    peak = max((month.count for month in series), default=0) or 1
    step = max(CHART_MIN_STEP, min(CHART_MAX_STEP, CHART_TARGET_WIDTH // max(len(series), 1)))
    bar_width = max(step * 3 // 4, 4)
    baseline = CHART_TOP + CHART_HEIGHT
    show_months = step >= MONTH_LABEL_MIN_STEP
    bars = []
    for index, month in enumerate(series):
        height = round(month.count / peak * CHART_HEIGHT)
        bars.append({
            "month": month,
            "x": index * step,
            "y": baseline - height,
            "height": height,
            "centre": index * step + bar_width / 2,
            "month_label": month.month if show_months else None,
            "year_label": month.year if month.month == 1 or index == 0 else None,
        })
    return {
        "series": series,
        "bars": bars,
        "subject": subject,
        "width": max(len(series) * step, 80),
        "height": baseline + 30,
        "peak": peak,
        "bar_width": bar_width,
        "baseline": baseline,
        "month_y": baseline + 12,
        "year_y": baseline + 26,
    }
