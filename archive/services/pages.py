"""Writes to pages that are more than saving one row."""
from __future__ import annotations

from ..models import Page


def free_page_numbers(page_ids: list[int]) -> None:
    """Clear the numbers of pages about to be saved with new ones.

    Called inside the transaction that then saves them, so that a swap of two pages'
    numbers never has both pages on one number (which the database refuses) and a failure
    half-way leaves every page as it was.
    """
    if page_ids:
        Page.objects.filter(pk__in=page_ids).update(number=None)
