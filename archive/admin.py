"""The Django admin for archive staff: look at what the importer made and correct it."""
from __future__ import annotations

from django.contrib import admin

from .models import Article, ArticleUnion, Credit, Issue, Page, Person, Place, Publication, Union

admin.site.site_header = "工会报刊档案库 · 管理"
admin.site.site_title = "工会报刊档案库"


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "home_province"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["home_province"]


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "name", "source_file", "imported_at"]
    readonly_fields = ["source_file", "imported_at"]
    extra = 0
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(admin.ModelAdmin):
    list_display = ["publication", "date", "date_estimated", "number"]
    list_filter = ["publication", "date_estimated"]
    date_hierarchy = "date"
    inlines = [PageInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["issue", "number", "name", "source_file"]
    list_filter = ["issue__publication"]
    search_fields = ["source_file", "name"]
    readonly_fields = ["original_text", "sha256", "source_file", "imported_at"]


class ArticleUnionInline(admin.TabularInline):
    model = ArticleUnion
    autocomplete_fields = ["union"]
    extra = 0


class CreditInline(admin.TabularInline):
    model = Credit
    autocomplete_fields = ["person"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "page", "city", "county", "needs_review"]
    list_filter = ["needs_review", "kind", "page__issue__publication", "city"]
    search_fields = ["title", "kicker", "subtitle", "byline"]
    list_select_related = ["page__issue__publication", "city", "county"]
    autocomplete_fields = ["province", "city", "county"]
    readonly_fields = ["span_start", "span_end", "continuations"]
    inlines = [ArticleUnionInline, CreditInline]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "level", "parent", "is_current"]
    list_filter = ["level", "is_current"]
    search_fields = ["name", "code"]
    list_select_related = ["parent"]


@admin.register(Union)
class UnionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "place", "parent"]
    list_filter = ["level"]
    search_fields = ["name"]
    autocomplete_fields = ["place", "parent"]
    list_select_related = ["place", "parent"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    search_fields = ["name"]
