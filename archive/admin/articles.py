"""Admin for articles: the review queue, corrections, splitting and merging.

The change form edits the title block, body, kind, places, unions and people; splitting,
merging and marking reviewed are buttons on the article's page with their own small views.
All of them go through ``services.editing`` or announce the article after saving, so the
index and the history follow every correction.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from ..models import Article, ArticleUnion, Credit
from ..selectors.review import next_to_review
from ..services import editing
from .display import history_list, text_block
from .moved import FollowsMoves
from .revised import KeepsRevisions
from .forms import SplitArticleForm, WithoutControlChars
from .review_desk import REVIEW_NEXT, BulkEditForm, IssueFilter, UnionFilter, place_named


class ArticleUnionInline(admin.TabularInline):
    model = ArticleUnion
    autocomplete_fields = ["union"]
    fields = ["union", "rank"]
    extra = 0
    verbose_name = verbose_name_plural = "工会组织（顺位 0 为主要工会）"


class CreditInline(admin.TabularInline):
    model = Credit
    autocomplete_fields = ["person"]
    fields = ["person", "role", "order"]
    extra = 0
    verbose_name = verbose_name_plural = "署名人物"


class ArticleForm(WithoutControlChars, forms.ModelForm):
    class Meta:
        model = Article
        fields = "__all__"
        widgets = {
            "body": forms.Textarea(attrs={"rows": 18, "cols": 90}),
            "kicker": forms.TextInput(attrs={"size": 70}),
            "title": forms.TextInput(attrs={"size": 70}),
            "subtitle": forms.TextInput(attrs={"size": 70}),
        }


@admin.register(Article)
class ArticleAdmin(KeepsRevisions, FollowsMoves, admin.ModelAdmin):
    form = ArticleForm
    # Few, short columns so the title and the reasons have room at 1366 px.
    list_display = ["headline", "where", "kind", "place", "primary_union", "reasons"]
    list_display_links = ["headline"]
    list_filter = [
        "needs_review", IssueFilter, "page__issue__publication", "kind",
        ("page__issue__date", admin.DateFieldListFilter),
        ("city", admin.RelatedOnlyFieldListFilter), UnionFilter,
    ]
    search_fields = ["title", "kicker", "subtitle", "byline", "body", "unions__name"]
    list_select_related = ["page__issue__publication", "city", "county"]
    list_per_page = 50
    date_hierarchy = "page__issue__date"
    autocomplete_fields = ["province", "city", "county"]
    readonly_fields = ["page_link", "jumps", "history"]
    # The review reasons and the page's original text stand beside the form (change_form.html).
    fieldsets = [
        ("标题", {"fields": ["kicker", "title", "subtitle", "title_derived"]}),
        ("正文", {"fields": ["kind", "byline", "body"]}),
        ("地区", {"fields": ["province", "city", "county"]}),
        ("审核", {"fields": ["needs_review"]}),
        ("出处", {"fields": ["page_link", "jumps"]}),
        ("修改记录", {"fields": ["history"]}),
    ]
    inlines = [ArticleUnionInline, CreditInline]
    action_form = BulkEditForm
    actions = ["mark_selected_reviewed", "set_selected_kind", "set_selected_place"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).prefetch_related("union_links__union")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # articles come from imports and splits, each tied to its page

    @admin.display(description="标题", ordering="title")
    def headline(self, obj: Article) -> str:
        return obj.title or "（无标题）"

    @admin.display(description="出处", ordering="page__issue__date")
    def where(self, obj: Article) -> str:
        page = obj.page
        number = f"第{page.number}版" if page.number is not None else "版次不详"
        return f"{page.issue.date:%Y-%m-%d} {number}"

    @admin.display(description="地区")
    def place(self, obj: Article) -> str:
        return " ".join(p.name for p in (obj.city, obj.county) if p is not None) or "—"

    @admin.display(description="主要工会")
    def primary_union(self, obj: Article) -> str:
        links = sorted(obj.union_links.all(), key=lambda link: link.rank)
        return links[0].union.name if links else "—"

    @admin.display(description="审核原因")
    def reasons(self, obj: Article) -> str:
        return "；".join(obj.review_reasons) or "—"

    @admin.display(description="所在版面")
    def page_link(self, obj: Article) -> str:
        return format_html(
            '<a href="{}">{}</a>（第 {} 篇）',
            reverse("admin:archive_page_change", args=[obj.page_id]), obj.page, obj.order,
        )

    @admin.display(description="转版")
    def jumps(self, obj: Article) -> str:
        words = {"from": "上接第{}版", "to": "下转第{}版"}
        return "；".join(
            words.get(jump.get("direction"), "第{}版").format(jump.get("page"))
            for jump in obj.continuations
        ) or "—"

    @admin.display(description="修改记录")
    def history(self, obj: Article) -> str:
        return history_list(obj)

    def save_model(self, request, obj, form, change) -> None:
        if "title" in form.changed_data and "title_derived" not in form.changed_data:
            obj.title_derived = False  # staff wrote the title: it is no longer made up
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        # The change view runs in a transaction: the notice commits with the edit.
        editing.announce(changed_ids=[form.instance.pk])

    def delete_model(self, request: HttpRequest, obj: Article) -> None:
        editing.delete_articles([obj])

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        editing.delete_articles(list(queryset))

    @admin.action(description="将所选文章标为已审核", permissions=["change"])
    def mark_selected_reviewed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = editing.mark_reviewed(list(queryset), request.user)
        self.message_user(request, f"已将 {count} 篇文章标为已审核。", messages.SUCCESS)

    @admin.action(description="将所选文章的体裁改为操作栏中选择的体裁", permissions=["change"])
    def set_selected_kind(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        kind = request.POST.get("kind", "")
        if kind not in Article.Kind.values:
            self.message_user(request, "请先在操作栏的“体裁”中选择要改成的体裁。", messages.ERROR)
            return
        count = editing.set_for_articles(list(queryset), request.user, kind=kind)
        self.message_user(request, f"已将 {count} 篇文章的体裁改为{Article.Kind(kind).label}。",
                          messages.SUCCESS)

    @admin.action(description="将所选文章的地区设为操作栏中填写的地区", permissions=["change"])
    def set_selected_place(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        place, problem = place_named(request.POST.get("place", ""))
        if place is None:
            self.message_user(request, problem, messages.ERROR)
            return
        count = editing.set_for_articles(list(queryset), request.user, place=place)
        self.message_user(request, f"已将 {count} 篇文章的地区设为{place.name}。",
                          messages.SUCCESS)

    def response_change(self, request: HttpRequest, obj: Article) -> HttpResponse:
        """"保存并审核下一篇": the saved article is marked reviewed and the next one opens."""
        if REVIEW_NEXT not in request.POST:
            return super().response_change(request, obj)
        editing.mark_reviewed([obj], request.user)
        following = next_to_review(obj)
        context = {"preserved_filters": self.get_preserved_filters(request), "opts": self.opts}
        if following is None:
            self.message_user(request, f"《{obj}》已保存并标为已审核；待审核的文章都已审完。",
                              messages.SUCCESS)
            url = reverse("admin:archive_article_changelist")
        else:
            self.message_user(request, f"《{obj}》已保存并标为已审核；下一篇：《{following}》。",
                              messages.SUCCESS)
            url = reverse("admin:archive_article_change", args=[following.pk])
        return HttpResponseRedirect(add_preserved_filters(context, url))

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/split/", view(self.split_view), name="archive_article_split"),
            path("<int:pk>/merge/", view(self.merge_view), name="archive_article_merge"),
            path("<int:pk>/reviewed/", view(require_POST(self.reviewed_view)),
                 name="archive_article_reviewed"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra = {"has_next": article is not None and editing.next_on_page(article) is not None}
        if article is not None:
            extra["desk"] = {
                "reasons": article.review_reasons,
                "original": text_block(
                    article.page.original_text[article.span_start:article.span_end]
                ),
            }
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def _editable(self, request: HttpRequest, pk: int, *, deletes: bool = False) -> Article:
        article = get_object_or_404(Article.objects.select_related("page"), pk=pk)
        if not self.has_change_permission(request, article) or (
            deletes and not self.has_delete_permission(request, article)
        ):
            raise PermissionDenied
        return article

    def _back(self, article: Article) -> HttpResponseRedirect:
        return HttpResponseRedirect(reverse("admin:archive_article_change", args=[article.pk]))

    def reviewed_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._editable(request, pk)
        if editing.mark_reviewed([article], request.user):
            self.message_user(request, f"《{article.title}》已标为已审核。", messages.SUCCESS)
        else:
            self.message_user(request, "这篇文章本来就不需要审核。", messages.INFO)
        return self._back(article)

    def split_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._editable(request, pk)
        paragraphs = editing.paragraphs_of(article)
        form = SplitArticleForm(request.POST or None, paragraphs=paragraphs)
        if len(paragraphs) < 2:
            self.message_user(request, "这篇文章只有一段，无法拆分。", messages.ERROR)
            return self._back(article)
        if request.method == "POST" and form.is_valid():
            try:
                new = editing.split_article(
                    article, form.cleaned_data["at"], form.cleaned_data["title"], request.user,
                    promote=form.cleaned_data["promote"],
                )
            except editing.EditError as exc:
                form.add_error(None, str(exc))
            else:
                self.message_user(
                    request, f"已拆分：后半部分成为新文章《{new.title}》，请核对它的标题和标签。",
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(
                    reverse("admin:archive_article_change", args=[new.pk])
                )
        return TemplateResponse(request, "admin/archive/article/split.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "article": article, "form": form, "first_paragraph": paragraphs[0],
            "title": f"拆分《{article.title}》",
        })

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        article = self._editable(request, pk, deletes=True)
        following = editing.next_on_page(article)
        if following is None:
            self.message_user(request, "这是本版最后一篇文章，后面没有可合并的文章。",
                              messages.ERROR)
            return self._back(article)
        if request.method == "POST":
            try:
                with transaction.atomic():
                    editing.merge_with_next(article, request.user)
            except editing.EditError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, f"已将《{following.title}》并入本文。",
                                  messages.SUCCESS)
            return self._back(article)
        return TemplateResponse(request, "admin/archive/article/merge.html", {
            **self.admin_site.each_context(request),
            "opts": self.opts, "article": article, "following": following,
            "title": f"合并《{article.title}》与下一篇",
        })
