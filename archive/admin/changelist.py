"""The admin's lists, where a date no calendar has is a bad filter, not a server error.

Django's list reads the date hierarchy's ``…__year``/``__month``/``__day`` parameters into a
datetime and catches only some of what can go wrong: a year of 99999999999999999999 is an
OverflowError, a year of 9999 fails when the list computes the next year. The list here
turns both into its own notice of a bad filter (``?e=1``), like any other wrong parameter, and
so does an id too big for the database in a lookup the list allows.
"""
from __future__ import annotations

from django.contrib.admin import AdminSite, ModelAdmin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.http import HttpRequest


class DateSafeChangeList(ChangeList):
    def get_filters(self, request: HttpRequest):  # noqa: ANN201 - Django's tuple
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_results(self, request: HttpRequest) -> None:
        # A lookup the list allows on a related id (``?issue=…`` beside an
        # ``issue__publication`` filter) fails only when run: an id too big for the database.
        try:
            super().get_results(request)
        except OverflowError as error:
            raise IncorrectLookupParameters(error) from error


def _date_safe_changelist(request: HttpRequest, **kwargs: object) -> type[ChangeList]:
    return DateSafeChangeList


def use_date_safe_lists(site: AdminSite) -> None:
    """Give every model admin on ``site`` that keeps Django's list the safe one, other apps'
    included (axes lists sign-in attempts by date)."""
    for model_admin in site._registry.values():
        if type(model_admin).get_changelist is ModelAdmin.get_changelist:
            model_admin.get_changelist = _date_safe_changelist
