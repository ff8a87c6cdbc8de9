"""Writes to pages that are more than saving one row."""
from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.db import transaction

from ..models import Page

T = TypeVar("T")


def save_with_numbers_freed(
    renumbered: list[int], deleted: list[int], save: Callable[[], T]
) -> T:
    """Run ``save`` (which saves an issue's pages one by one) with the numbers out of its way.

    The pages about to be renumbered or deleted give up their numbers first, in the
    transaction that then saves them. Saved one by one, a page taking the number of a page
    deleted later in the list, or two pages swapping numbers, would otherwise meet a number
    still held, which the database refuses; a failure half-way leaves every page as it was.
    """
    with transaction.atomic():
        freed = [pk for pk in [*renumbered, *deleted] if pk is not None]
        if freed:
            Page.objects.filter(pk__in=freed).update(number=None)
        return save()
