"""Browsing by date: the archive at a glance, years, a year's calendar, issues and pages."""
from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import Article, ArticleUnion, Issue, Page, Publication
from .articles import articles_with_context


@dataclass(frozen=True)
class Overview:
    """The archive in numbers, for the home page."""

    publications: list[Publication]
    first: Issue | None  # the oldest and newest issues (their dates may be estimated)
    last: Issue | None
    issues: int
    articles: int
    cities: int
    unions: int


def archive_overview() -> Overview:
    """What the archive holds; a handful of aggregate queries whatever its size."""
    dated = Issue.objects.only("date", "date_estimated")
    return Overview(
        publications=list(Publication.objects.order_by("name")),
        first=dated.order_by("date", "date_estimated").first(),
        last=dated.order_by("-date", "date_estimated").first(),
        issues=Issue.objects.count(),
        articles=Article.objects.count(),
        cities=Article.objects.exclude(city=None).values("city").distinct().count(),
        unions=ArticleUnion.objects.order_by().values("union_id").distinct().count(),
    )


def issues_newest_first() -> QuerySet[Issue]:
    """Issues with their publication and how many pages and articles each holds.

    The counts are subqueries per issue, so a page of 50 issues counts 50 issues' articles
    rather than grouping every article of the archive first.
    """
    pages = (Page.objects.filter(issue=OuterRef("pk")).order_by().values("issue")
             .annotate(n=Count("id")).values("n"))
    return (
        Issue.objects.select_related("publication")
        .annotate(page_count=Coalesce(Subquery(pages), 0),
                  article_count=Coalesce(Subquery(_articles_of_issue()), 0))
        .order_by("-date", "publication__name")
    )


@dataclass(frozen=True)
class YearCount:
    year: int
    issues: int
    articles: int


def years_with_counts(publication: Publication | None = None) -> list[YearCount]:
    """Every year with issues (of one paper, if given), oldest first, with its numbers of
    issues and articles.

    Articles are counted per issue (a subquery on the articles' page index) and summed
    here: grouping every article by its issue's year joins the whole archive.
    """
    issues = Issue.objects.order_by()
    if publication is not None:
        issues = issues.filter(publication=publication)
    counts: dict[int, list[int]] = {}
    for day, articles in issues.annotate(
            articles=Coalesce(Subquery(_articles_of_issue()), 0)).values_list(
            "date", "articles"):  # (the year is taken here: SQLite's extract is a Python call)
        entry = counts.setdefault(day.year, [0, 0])
        entry[0] += 1
        entry[1] += articles
    return [YearCount(year, *counts[year]) for year in sorted(counts)]


def _articles_of_issue() -> QuerySet[Article]:
    """The number of articles of the issue ``OuterRef("pk")``, as a subquery."""
    return (Article.objects.filter(page__issue=OuterRef("pk")).order_by()
            .values("page__issue").annotate(n=Count("id")).values("n"))


@dataclass
class CalendarDay:
    day: int
    issues: list[Issue] = field(default_factory=list)


@dataclass
class CalendarMonth:
    month: int
    weeks: list[list[CalendarDay | None]]
    issues: list[Issue]
    undated: list[Issue] = field(default_factory=list)  # estimated: known to the month only


def year_calendar(year: int) -> list[CalendarMonth]:
    """Twelve months of weeks (Monday first), each day carrying the issues printed on it.

    An issue whose date is estimated is known to its month only: it is listed under the
    month, never pinned on a day.

    Raises Http404 when the archive has no issue in that year, so a mistyped year reads as
    a missing page rather than an empty calendar; a year no date can have (0, 99999) is
    missing too, before any query is built from it.
    """
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404(f"没有 {year} 年")
    issues = list(Issue.objects.select_related("publication").filter(date__year=year)
                  .order_by("date", "publication__name"))
    if not issues:
        get_object_or_404(Issue, date__year=year)
    return [_calendar_month(year, month, [i for i in issues if i.date.month == month])
            for month in range(1, 13)]


@dataclass(frozen=True)
class MonthView:
    year: int
    month: CalendarMonth
    previous: datetime.date | None  # the nearest months before and after with issues
    next: datetime.date | None


def month_view(year: int, month: int) -> MonthView:
    """One month's calendar and issues, and the nearest months with issues either side;
    Http404 for a month without issues (or one no calendar has)."""
    if not (datetime.MINYEAR <= year <= datetime.MAXYEAR and 1 <= month <= 12):
        raise Http404(f"没有 {year} 年 {month} 月")
    issues = list(issues_newest_first().filter(date__year=year, date__month=month)
                  .order_by("date", "publication__name"))
    if not issues:
        raise Http404(f"{year}年{month}月没有收录的报纸")
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    dates = Issue.objects.values_list("date", flat=True)
    previous = dates.filter(date__lt=first).order_by("-date").first()
    following = dates.filter(date__gt=last).order_by("date").first()
    return MonthView(year, _calendar_month(year, month, issues), previous, following)


def _calendar_month(year: int, month: int, issues: list[Issue]) -> CalendarMonth:
    by_date: dict[datetime.date, list[Issue]] = {}
    for issue in issues:
        if not issue.date_estimated:
            by_date.setdefault(issue.date, []).append(issue)
    weeks = [
        [CalendarDay(day, by_date.get(datetime.date(year, month, day), [])) if day else None
         for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(year, month)
    ]
    return CalendarMonth(month, weeks, issues, [i for i in issues if i.date_estimated])


@dataclass(frozen=True)
class PaperView:
    publication: Publication
    first: Issue | None
    last: Issue | None
    years: list[YearCount]  # the paper's own issues and articles per year


def paper_view(slug: str) -> PaperView:
    """A paper with the span of its issues and its years; Http404 for an unknown paper."""
    publication = get_object_or_404(
        Publication.objects.select_related("home_province").prefetch_related("titles"),
        slug=slug)
    issues = Issue.objects.filter(publication=publication).only("date", "date_estimated")
    return PaperView(
        publication=publication,
        first=issues.order_by("date", "date_estimated").first(),
        last=issues.order_by("-date", "date_estimated").first(),
        years=years_with_counts(publication),
    )


@dataclass(frozen=True)
class IssueView:
    issue: Issue
    previous: Issue | None  # the same paper's issues before and after it
    next: Issue | None


def issue_view(issue_id: int) -> IssueView:
    """An issue with its pages, and the paper's issues either side of it."""
    issue = issue_with_pages(issue_id)
    same_paper = Issue.objects.filter(publication_id=issue.publication_id).only(
        "id", "date", "date_estimated")
    return IssueView(
        issue=issue,
        previous=same_paper.filter(date__lt=issue.date).order_by("-date").first(),
        next=same_paper.filter(date__gt=issue.date).order_by("date").first(),
    )


def on_this_day(today: datetime.date, limit: int) -> list[Article]:
    """Articles printed on this month and day in earlier years, newest year first; issues
    whose date is estimated are known to the month only, so they are left out."""
    issues = list(Issue.objects.filter(
        date__month=today.month, date__day=today.day, date__year__lt=today.year,
        date_estimated=False).order_by("-date").values_list("pk", flat=True)[:limit])
    return _articles_of(issues, limit)


def latest_articles(limit: int) -> list[Article]:
    """The newest articles by the date they were printed."""
    issues = list(Issue.objects.filter(Exists(Page.objects.filter(
        issue=OuterRef("pk"), articles__isnull=False))).order_by("-date")
        .values_list("pk", flat=True)[:limit])
    return _articles_of(issues, limit)


def _articles_of(issue_ids: list[int], limit: int) -> list[Article]:
    """The first ``limit`` articles of these issues, newest issue first, in print order.
    (Choosing the issues first keeps the sort to their articles, not the archive's.)"""
    return list(articles_with_context().filter(page__issue__in=issue_ids)
                .order_by("-page__issue__date", "page__number", "order")[:limit])


def issue_with_pages(issue_id: int) -> Issue:
    """An issue with its pages in print order, each with its articles' title blocks."""
    titles = Article.objects.only("id", "page_id", "order", "kicker", "title", "subtitle", "kind")
    return get_object_or_404(
        Issue.objects.select_related("publication").prefetch_related(
            Prefetch(
                "pages",
                queryset=Page.objects.defer("original_text").order_by("number", "id")
                .prefetch_related(Prefetch("articles", queryset=titles.order_by("order"))),
            )
        ),
        pk=issue_id,
    )


@dataclass(frozen=True)
class PageView:
    page: Page
    articles: list[Article]
    previous: Page | None
    next: Page | None


def page_view(page_id: int) -> PageView:
    """A page with its articles in page order and its neighbours in the same issue."""
    page = get_object_or_404(Page.objects.select_related("issue__publication"), pk=page_id)
    siblings = list(
        Page.objects.filter(issue_id=page.issue_id).order_by("number", "id")
        .only("id", "number", "name", "issue_id")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == page.pk)
    articles = list(articles_with_context().filter(page=page).order_by("order"))
    return PageView(
        page=page,
        articles=articles,
        previous=siblings[index - 1] if index > 0 else None,
        next=siblings[index + 1] if index + 1 < len(siblings) else None,
    )


@dataclass(frozen=True)
class ArticleView:
    article: Article
    previous: Article | None
    next: Article | None


def article_view(article_id: int) -> ArticleView:
    """An article with everything its page shows, and the articles before and after it on
    the printed page."""
    article = get_object_or_404(
        articles_with_context().select_related("page__issue__publication", "province"),
        pk=article_id,
    )
    neighbours = Article.objects.filter(page_id=article.page_id).only("id", "order", "title")
    return ArticleView(
        article=article,
        previous=neighbours.filter(order__lt=article.order).order_by("-order").first(),
        next=neighbours.filter(order__gt=article.order).order_by("order").first(),
    )
