"""Home page and browsing by date: years, a year's calendar, an issue, a page, an article."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from search.related import related_articles
from search.snippets import marked_article

from ..citations import reference
from ..control_chars import without_control_chars
from ..templatetags.archive_display import paragraphs

from ..selectors import browse
from .moved import article_moves
from .pagination import paginate

LATEST_ISSUES = 8
WEEKDAYS = "一二三四五六日"
HOME_ARTICLES = 6


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/home.html", {
        "overview": browse.archive_overview(),
        "latest_issues": browse.issues_newest_first().filter(
            article_count__gt=0)[:LATEST_ISSUES],
        "latest_articles": browse.latest_articles(HOME_ARTICLES),
        "on_this_day": browse.on_this_day(timezone.localdate(), HOME_ARTICLES),
        "today": timezone.localdate(),
        "years": browse.years_with_counts(),
    })


def date_index(request: HttpRequest) -> HttpResponse:
    return render(request, "archive/date_index.html", {
        "years": browse.years_with_counts(),
        "issues": paginate(request, browse.issues_newest_first()),
    })


def date_year(request: HttpRequest, year: int) -> HttpResponse:
    years = [entry.year for entry in browse.years_with_counts()]
    months = browse.year_calendar(year)
    position = years.index(year)
    return render(request, "archive/date_year.html", {
        "year": year,
        "months": months,
        "previous_year": years[position - 1] if position > 0 else None,
        "next_year": years[position + 1] if position + 1 < len(years) else None,
        "weekdays": WEEKDAYS,
    })


def date_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return render(request, "archive/date_month.html", {
        "view": browse.month_view(year, month), "year": year, "weekdays": WEEKDAYS,
    })


def paper_detail(request: HttpRequest, slug: str) -> HttpResponse:
    view = browse.paper_view(slug)
    return render(request, "archive/paper_detail.html", {
        "view": view,
        "issues": paginate(request, browse.issues_newest_first().filter(
            publication=view.publication)),
    })


def issue_detail(request: HttpRequest, issue_id: int) -> HttpResponse:
    view = browse.issue_view(issue_id)
    return render(request, "archive/issue_detail.html", {"issue": view.issue, "view": view})


def page_detail(request: HttpRequest, page_id: int) -> HttpResponse:
    return render(request, "archive/page_detail.html", {"view": browse.page_view(page_id)})


@article_moves
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    view = browse.article_view(article_id)
    article = view.article
    q = without_control_chars(request.GET.get("q", "")).strip()
    url = request.build_absolute_uri(reverse("archive:article-detail", args=[article.pk]))
    return render(request, "archive/article_detail.html", {
        "view": view,
        "article": article,
        "reference": reference(article, url),  # also for reference managers' metadata
        "related": related_articles(article),
        "q": q,  # the search that led here: marked in the text, kept in the header's box
        "marks": marked_article(article.title, paragraphs(article.body), q) if q else None,
    })
