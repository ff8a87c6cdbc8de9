"""Pages as staff edit them: which numbers an issue's pages already have."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db.models import Q

from ..models import Page


def numbered_pages(issue_id: int, exclude: Iterable[int] = ()) -> dict[int, Page]:
    """The issue's numbered pages by number, leaving out ``exclude`` (the pages being
    edited), so a new number can be checked against the others before it is saved."""
    pages = Page.objects.filter(issue_id=issue_id, number__isnull=False).exclude(
        pk__in=[pk for pk in exclude if pk is not None]
    ).only("id", "issue_id", "number", "name", "source_file")
    return {page.number: page for page in pages}


NEAR_DAYS = 3  # a page uploaded under a slightly wrong date is still looked for


def pages_to_compare(publication: str, issue_date: date, file_names: Iterable[str]) -> list[Page]:
    """Stored pages a new page of this issue could be a second copy of: the paper's pages
    of the days around its date, and any page imported from a file of the same name."""
    around = Q(issue__publication__name=publication,
               issue__date__range=(issue_date - timedelta(days=NEAR_DAYS),
                                   issue_date + timedelta(days=NEAR_DAYS)))
    return list(
        Page.objects.filter(around | Q(source_file__in=list(file_names)))
        .select_related("issue__publication")
        .only("id", "number", "name", "source_file", "sha256", "original_text",
              "issue__date", "issue__id", "issue__publication__name",
              "issue__date_estimated")
    )
