"""Read-side queries of the review desk: what to review next, and the queue's filter choices."""
from __future__ import annotations

from django.db.models import Count, F, Q, QuerySet

from ..models import Article, Issue, Union

CHOICES_SHOWN = 12  # filter choices listed beside the queue; the rest are found by search


def in_page_order(articles: QuerySet[Article]) -> QuerySet[Article]:
    return articles.order_by(
        "page__issue__date", "page__issue__publication__name",
        F("page__number").asc(nulls_last=True), "page_id", "order",
    )


def next_to_review(article: Article) -> Article | None:
    """The article to review after ``article``: the next flagged one of its issue in reading
    order, else the first flagged one of its issue, else the first flagged one anywhere."""
    flagged = Article.objects.filter(needs_review=True).exclude(pk=article.pk)
    page = article.page
    in_issue = in_page_order(flagged.filter(page__issue_id=page.issue_id))
    later_page = (Q(page__number__gt=page.number) if page.number is not None
                  else Q(page__number__isnull=True, page_id__gt=page.pk))
    if page.number is not None:
        later_page |= Q(page__number__isnull=True)
    later = in_issue.filter(Q(page_id=page.pk, order__gt=article.order) | later_page)
    return later.first() or in_issue.first() or in_page_order(flagged).first()


def issues_to_review(selected: int | None = None) -> list[Issue]:
    """The newest issues with articles waiting for review (and the selected one), each with
    ``waiting``: how many."""
    # Joining only the flagged articles keeps the count small however big the archive is.
    flagged = (Issue.objects.select_related("publication")
               .filter(pages__articles__needs_review=True)
               .annotate(waiting=Count("pages__articles")))
    shown = list(flagged.order_by("-date", "publication__name")[:CHOICES_SHOWN])
    if selected is not None and all(issue.pk != selected for issue in shown):
        shown += list(Issue.objects.select_related("publication").filter(pk=selected)
                      .annotate(waiting=Count("pages__articles",
                                              filter=Q(pages__articles__needs_review=True))))
    return shown


def unions_in(*, flagged: bool, issue: int | None, selected: int | None = None) -> list[Union]:
    """The unions most often named by the queue's articles (flagged ones, of one issue, as
    the queue is filtered) and the selected one, each with ``hits``; counted on the link
    table directly, so the list stays quick on a large archive."""
    links = Q()
    if flagged:
        links &= Q(article_links__article__needs_review=True)
    if issue is not None:
        links &= Q(article_links__article__page__issue_id=issue)
    unions = Union.objects.filter(links).annotate(hits=Count("article_links"))
    shown = list(unions.order_by("-hits", "name")[:CHOICES_SHOWN])
    if selected is not None and all(union.pk != selected for union in shown):
        shown += list(Union.objects.filter(pk=selected).annotate(hits=Count("article_links")))
    return shown
