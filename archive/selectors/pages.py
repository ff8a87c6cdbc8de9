"""Pages as staff edit them: which numbers an issue's pages already have."""
from __future__ import annotations

from collections.abc import Iterable

from ..models import Page


def numbered_pages(issue_id: int, exclude: Iterable[int] = ()) -> dict[int, Page]:
    """The issue's numbered pages by number, leaving out ``exclude`` (the pages being
    edited), so a new number can be checked against the others before it is saved."""
    pages = Page.objects.filter(issue_id=issue_id, number__isnull=False).exclude(
        pk__in=[pk for pk in exclude if pk is not None]
    ).only("id", "issue_id", "number", "name", "source_file")
    return {page.number: page for page in pages}
