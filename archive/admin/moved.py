"""Admin pages of a merged-away or replaced article or union open the one it went into.

History entries (the admin's recent actions, a row's history) link to the row's change page
by its id; when the row was merged into another, that link leads on to the other one.
"""
from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from ..models import Article, Union
from ..selectors.redirects import article_redirect, given_id, union_redirect


class FollowsMoves:
    """Mixin for a ModelAdmin of Article or Union."""

    def change_view(self, request: HttpRequest, object_id: str, form_url: str = "",
                    extra_context: dict | None = None) -> HttpResponse:
        return self._moved(request, object_id) or super().change_view(
            request, object_id, form_url, extra_context
        )

    def history_view(self, request: HttpRequest, object_id: str,
                     extra_context: dict | None = None) -> HttpResponse:
        return self._moved(request, object_id) or super().history_view(
            request, object_id, extra_context
        )

    def _moved(self, request: HttpRequest, object_id: str) -> HttpResponse | None:
        old_id = given_id(str(object_id))
        if old_id is None:
            return None  # not an id an article or union can have
        if self.model is Article:
            redirect = article_redirect(old_id)
            target = redirect.article_id if redirect else None
            text = (f"文章 {old_id}《{redirect.old_title}》已{redirect.get_reason_display()}，"
                    "现在显示的是它所在的文章。") if target else ""
        elif self.model is Union:
            redirect = union_redirect(old_id)
            target = redirect.union_id if redirect else None
            text = f"工会 {old_id}“{redirect.old_name}”已并入本工会。" if target else ""
        else:
            return None
        if target is None:
            return None
        self.message_user(request, text, messages.INFO)
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target])
        )
