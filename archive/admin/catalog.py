"""Admin for publications, issues, pages and people: the archive as staff browse it."""
from __future__ import annotations

from django.contrib import admin
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from ..models import Issue, Page, Person, Publication, PublicationTitle
from ..services.editing import announce, articles_of_pages
from . import importing, page_replace, undoing
from .revised import KeepsRevisions
from .display import history_list, text_block
from .forms import PageForm, PageNumbersFormSet, PlainTextModelForm


class PublicationTitleInline(admin.TabularInline):
    model = PublicationTitle
    form = PlainTextModelForm
    extra = 0
    fields = ["name", "first_date", "last_date", "note"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    form = PlainTextModelForm
    inlines = [PublicationTitleInline]
    list_display = ["name", "short_name", "home_province", "issue_count"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["home_province"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Publication]:
        return super().get_queryset(request).annotate(issue_total=Count("issues"))

    @admin.display(description="期数", ordering="issue_total")
    def issue_count(self, obj: Publication) -> int:
        return obj.issue_total

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and {"name", "short_name", "home_province"} & set(form.changed_data):
            pages = Page.objects.filter(issue__publication=obj)
            announce(changed_ids=articles_of_pages(pages))


class PageInline(admin.TabularInline):
    model = Page
    form = PlainTextModelForm
    formset = PageNumbersFormSet  # checks the numbers together, so two can be swapped
    fields = ["number", "name", "source_file", "imported_at"]
    readonly_fields = ["source_file", "imported_at"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # pages come in through an import, which keeps their text


def _article_links(articles) -> str:
    return format_html_join(
        "", '<li><a href="{}">{}</a>{}</li>',
        (
            (
                reverse("admin:archive_article_change", args=[article.pk]),
                article.title,
                mark_safe(' <span class="archive-flag">待审核</span>')
                if article.needs_review else "",
            )
            for article in articles
        ),
    )


@admin.register(Issue)
class IssueAdmin(KeepsRevisions, admin.ModelAdmin):
    list_display = ["__str__", "publication", "date", "date_estimated", "page_count",
                    "article_count", "flagged_count"]
    list_filter = ["publication", "date_estimated"]
    search_fields = ["publication__name"]
    date_hierarchy = "date"
    fields = ["publication", "date", "date_estimated", "number", "contents", "history"]
    readonly_fields = ["contents", "history"]
    inlines = [PageInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Issue]:
        return super().get_queryset(request).select_related("publication").annotate(
            page_total=Count("pages", distinct=True),
            article_total=Count("pages__articles", distinct=True),
            flagged_total=Count(
                "pages__articles", filter=Q(pages__articles__needs_review=True), distinct=True
            ),
        )

    @admin.display(description="版数", ordering="page_total")
    def page_count(self, obj: Issue) -> int:
        return obj.page_total

    @admin.display(description="文章数", ordering="article_total")
    def article_count(self, obj: Issue) -> int:
        return obj.article_total

    @admin.display(description="待审核", ordering="flagged_total")
    def flagged_count(self, obj: Issue) -> int:
        return obj.flagged_total

    @admin.display(description="本期文章")
    def contents(self, obj: Issue) -> str:
        if obj.pk is None:
            return "—"
        sections = []
        for page in obj.pages.prefetch_related("articles"):
            sections.append((str(page) + (f" {page.name}" if page.name else ""),
                             _article_links(page.articles.all())))
        return format_html_join(
            "", '<h4>{}</h4><ol class="archive-articles">{}</ol>', sections
        ) or "本期还没有版面"

    @admin.display(description="修改记录")
    def history(self, obj: Issue) -> str:
        return history_list(obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(importing.upload_view), name="archive_issue_import"),
            path("import/<str:token>/", view(importing.preview_view),
                 name="archive_issue_import_preview"),
            path("<int:pk>/undo-import/<int:revision_id>/", view(undoing.undo_import_view),
                 name="archive_issue_undo_import"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        issue = self.get_object(request, object_id)
        extra = {"undoable_imports": undoing.undoable(request, issue)}
        return super().change_view(request, object_id, form_url, {**extra, **(extra_context or {})})

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None):
        extra_context = {**(extra_context or {}),
                         "can_import": request.user.has_perm("archive.import_issue")}
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            announce(changed_ids=articles_of_pages(obj.pages.all()))

    def delete_model(self, request: HttpRequest, obj: Issue) -> None:
        with transaction.atomic():
            announce(removed_ids=articles_of_pages(obj.pages.all()))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Issue]) -> None:
        with transaction.atomic():
            announce(removed_ids=articles_of_pages(Page.objects.filter(issue__in=queryset)))
            super().delete_queryset(request, queryset)


@admin.register(Page)
class PageAdmin(KeepsRevisions, admin.ModelAdmin):
    form = PageForm
    list_display = ["__str__", "name", "source_file", "imported_at"]
    list_filter = ["issue__publication"]
    list_select_related = ["issue__publication"]
    search_fields = ["source_file", "name", "issue__publication__name"]
    fields = ["issue", "number", "name", "contents", "source_file", "sha256", "imported_at",
              "text_as_received", "history"]
    readonly_fields = ["issue", "contents", "source_file", "sha256", "imported_at",
                       "text_as_received", "history"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # pages come in through an import

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/replace/", view(page_replace.upload_view),
                 name="archive_page_replace"),
            path("<int:pk>/replace/<str:token>/", view(page_replace.preview_view),
                 name="archive_page_replace_preview"),
            *super().get_urls(),
        ]

    @admin.display(description="本版文章")
    def contents(self, obj: Page) -> str:
        return format_html('<ol class="archive-articles">{}</ol>',
                           _article_links(obj.articles.all()))

    @admin.display(description="原始文本（不可修改）")
    def text_as_received(self, obj: Page) -> str:
        return text_block(obj.original_text)

    @admin.display(description="修改记录")
    def history(self, obj: Page) -> str:
        return history_list(obj)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            announce(changed_ids=articles_of_pages([obj]))

    def delete_model(self, request: HttpRequest, obj: Page) -> None:
        with transaction.atomic():
            announce(removed_ids=articles_of_pages([obj]))
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Page]) -> None:
        with transaction.atomic():
            announce(removed_ids=articles_of_pages(queryset))
            super().delete_queryset(request, queryset)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PlainTextModelForm
    list_display = ["name", "article_count"]
    search_fields = ["name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Person]:
        return super().get_queryset(request).annotate(
            article_total=Count("credits__article", distinct=True)
        )

    @admin.display(description="文章数", ordering="article_total")
    def article_count(self, obj: Person) -> int:
        return obj.article_total

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and form.changed_data:
            announce(changed_ids=obj.credits.values_list("article_id", flat=True))
