"""One way to cut every list into pages."""
from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PER_PAGE = 20


def paginate(request: HttpRequest, rows: QuerySet, per_page: int = PER_PAGE) -> Page:
    """The page of ``rows`` named by ``?page=``; a page number that is not a number or is out
    of range gives the first or the last page rather than an error, since a reader only gets
    there by editing the address or following an old link."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))
