"""The review desk's parts of the article admin: the queue's filters, bulk actions' form, and
what "保存并审核下一篇" does.

The queue is filtered by issue (``?issue=ID``, also linked from an issue's page) and by the
unions its articles name; each list shows the few choices that matter (newest issues with
articles waiting, the unions named most often) so the filter column stays short however big
the archive grows — any other union is found with the search box.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.helpers import ActionForm
from django.db.models import QuerySet
from django.http import HttpRequest

from ..models import Article, Place
from ..selectors import review

REVIEW_NEXT = "_review_next"  # the submit button's name


class IssueFilter(admin.SimpleListFilter):
    title = "期次"
    parameter_name = "issue"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        return [(str(issue.pk), f"{issue}（待审 {issue.waiting}）")
                for issue in review.issues_to_review(_int(self.value()))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        value = _int(self.value())
        return queryset.filter(page__issue_id=value) if value is not None else queryset


class UnionFilter(admin.SimpleListFilter):
    title = "工会（提及最多的）"
    parameter_name = "union"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple]:
        issue = _int(request.GET.get(IssueFilter.parameter_name))
        unions = review.unions_in(
            flagged=request.GET.get("needs_review__exact") == "1", issue=issue,
            selected=_int(self.value()),
        )
        return [(str(union.pk), f"{union.name}（{union.hits}）") for union in unions]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> QuerySet[Article]:
        value = _int(self.value())
        return queryset.filter(unions__id=value).distinct() if value is not None else queryset


def _int(value: object) -> int | None:
    text = str(value or "")
    return int(text) if text.isdecimal() and len(text) < 12 else None


class BulkEditForm(ActionForm):
    """The action bar's extra fields, read by the bulk actions that need a value."""

    kind = forms.ChoiceField(label="体裁", required=False,
                             choices=[("", "——")] + list(Article.Kind.choices))
    place = forms.CharField(label="地区", required=False,
                            widget=forms.TextInput(attrs={"size": 10,
                                                          "placeholder": "如 金华市"}))


def place_named(name: str) -> tuple[Place | None, str]:
    """The place staff typed for a bulk action, or why it cannot be used."""
    name = name.strip()
    if not name:
        return None, "请在“地区”框中填写地区名称（如 金华市）"
    found = list(Place.objects.filter(name=name, is_current=True)[:3]) or list(
        Place.objects.filter(name=name)[:3]
    )
    if not found:
        return None, f"没有名为“{name}”的地区，请填写地区全称（如 金华市、婺城区）"
    if len(found) > 1:
        within = "、".join(f"{p.parent.name if p.parent else ''}{p.name}" for p in found)
        return None, f"名为“{name}”的地区不止一个（{within}），请在文章页上逐篇选择"
    return found[0], ""
