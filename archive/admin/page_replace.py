"""替换版面: a corrected file for a stored page, from the page's admin page.

Step 1 takes the file; step 2 shows what happens to each article (不变 / 有改动 / 新增 / 移除)
and, for each article staff corrected, asks whether the correction stays; confirming runs
``services.page_replacement``, the command line's ``--replace`` in one transaction.
"""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Page
from ..services import page_replacement as replacement
from ..services.upload import UploadError, discard
from .forms import PageFilesField


class ReplacePageForm(forms.Form):
    file = PageFilesField(label="新的版面文件",
                          help_text="这个版面更正后的文本文件（UTF-8 或 GB18030）。")


def _page(request: HttpRequest, pk: int) -> Page:
    page = get_object_or_404(Page.objects.select_related("issue__publication"), pk=pk)
    if not (request.user.has_perm("archive.import_issue")
            and request.user.has_perm("archive.change_page")
            and request.user.has_perm("archive.change_article")):
        raise PermissionDenied
    return page


def _context(request: HttpRequest, page: Page, **values: object) -> dict:
    return {**admin.site.each_context(request), "opts": Page._meta, "original": page,
            "title": f"替换版面：{page}", **values}


def upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    page = _page(request, pk)
    form = ReplacePageForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        files = form.cleaned_data["file"]
        if len(files) != 1:
            problems = ["请只选择一个文件：一次替换一个版面"]
        else:
            try:
                upload = replacement.start(page, files[0])
            except UploadError as exc:
                problems = str(exc).split("；")
            else:
                return HttpResponseRedirect(
                    reverse("admin:archive_page_replace_preview", args=[page.pk, upload.token])
                )
    return TemplateResponse(request, "admin/archive/page/replace.html",
                            _context(request, page, form=form, problems=problems))


def preview_view(request: HttpRequest, pk: int, token: str) -> HttpResponse:
    page = _page(request, pk)
    back = reverse("admin:archive_page_change", args=[page.pk])
    try:
        upload = replacement.load_for(page, token)
    except UploadError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    if request.method == "POST" and request.POST.get("action") == "discard":
        discard(upload)
        messages.info(request, "已放弃替换，版面没有任何改动。")
        return HttpResponseRedirect(back)
    comparison = replacement.compare(page, upload)
    if request.method == "POST" and request.POST.get("action") == "confirm":
        if comparison.problems:
            for problem in comparison.problems:
                messages.error(request, problem)
            return HttpResponseRedirect(request.path)
        keep = {change.article_id: request.POST.get(f"keep-{change.article_id}") != "discard"
                for change in comparison.corrected}
        outcome = replacement.confirm(page, upload, keep, request.user)
        if outcome.ok and outcome.result.replaced:
            result = outcome.result
            messages.success(request, f"已替换 {page}：{result.articles_kept} 篇文章保留原地址，"
                                      f"移除 {result.articles_removed} 篇。")
            return HttpResponseRedirect(back)
        for problem in outcome.problems:
            messages.error(request, problem.message)
        return HttpResponseRedirect(request.path)
    return TemplateResponse(request, "admin/archive/page/replace_preview.html", _context(
        request, page, comparison=comparison, file_name=upload.pages[0].file_name,
        statuses=[(status, comparison.count(status)) for status in (
            replacement.SAME, replacement.CHANGED, replacement.ADDED, replacement.REMOVED)],
    ))
