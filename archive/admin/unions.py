"""Admin for union organisations and places: names, aliases, parents, levels, merging."""
from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from ..models import Place, Union
from ..services import unions as union_service
from ..services.editing import announce
from .display import history_list
from .forms import MergeUnionsForm, PlaceForm, UnionForm
from .moved import FollowsMoves
from .revised import KeepsRevisions


@admin.register(Union)
class UnionAdmin(KeepsRevisions, FollowsMoves, admin.ModelAdmin):
    form = UnionForm
    list_display = ["name", "level", "place", "parent", "alias_text", "article_count"]
    list_filter = ["level"]
    search_fields = ["name", "aliases"]
    autocomplete_fields = ["place", "parent"]
    list_select_related = ["place", "parent"]
    fields = ["name", "aliases", "level", "place", "parent", "history"]
    readonly_fields = ["history"]
    actions = ["merge_selected"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Union]:
        return super().get_queryset(request).annotate(
            article_total=Count("article_links", distinct=True)
        )

    @admin.display(description="别称")
    def alias_text(self, obj: Union) -> str:
        return "、".join(obj.aliases) or "—"

    @admin.display(description="文章数", ordering="article_total")
    def article_count(self, obj: Union) -> int:
        return obj.article_total

    @admin.display(description="修改记录")
    def history(self, obj: Union) -> str:
        return history_list(obj)

    def save_model(self, request, obj, form, change) -> None:
        before = Union.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if change:
            union_service.announce_union(obj, before)

    def delete_model(self, request: HttpRequest, obj: Union) -> None:
        with transaction.atomic():
            announce(changed_ids=union_service.articles_of_union(obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Union]) -> None:
        with transaction.atomic():
            announce(changed_ids=queryset.filter(article_links__isnull=False)
                     .values_list("article_links__article_id", flat=True))
            super().delete_queryset(request, queryset)

    @admin.action(description="合并所选工会（同一组织的不同名称）",
                  permissions=["change", "delete"])
    def merge_selected(self, request: HttpRequest, queryset: QuerySet[Union]) -> HttpResponse | None:
        unions = list(queryset.order_by("name"))
        if len(unions) < 2:
            self.message_user(request, "请至少选择两个工会再合并。", messages.ERROR)
            return None
        form = MergeUnionsForm(
            request.POST if "confirm" in request.POST else None, unions=unions
        )
        if form.is_valid():
            keep = form.cleaned_data["keep"]
            try:
                moved = union_service.merge_unions(
                    keep, [u for u in unions if u.pk != keep.pk], request.user
                )
            except union_service.UnionMergeError as exc:
                self.message_user(request, str(exc), messages.ERROR)
                return None
            self.message_user(
                request, f"已将 {len(unions) - 1} 个工会并入“{keep.name}”，"
                f"{len(moved)} 篇文章已改为关联它。", messages.SUCCESS,
            )
            return None
        return TemplateResponse(request, "admin/archive/union/merge.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "unions": unions, "form": form,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
            "title": "合并工会",
        })


@admin.register(Place)
class PlaceAdmin(KeepsRevisions, admin.ModelAdmin):
    form = PlaceForm
    list_display = ["name", "code", "level", "parent", "is_current"]
    list_filter = ["level", "is_current"]
    search_fields = ["name", "code", "short_names", "former_names"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    fields = ["code", "name", "level", "parent", "short_names", "former_names", "is_current",
              "source", "history"]
    readonly_fields = ["code", "source", "history"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # places come from the GB/T 2260 table (manage.py load_places)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.display(description="修改记录")
    def history(self, obj: Place) -> str:
        return history_list(obj)

    def save_model(self, request, obj, form, change) -> None:
        before = Place.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if change:
            union_service.announce_place(obj, before)
