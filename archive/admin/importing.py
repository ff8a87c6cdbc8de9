"""导入新一期: upload page files, check the importer's preview, confirm.

The views only move values between forms and ``services.upload``, which runs the same import
code as ``manage.py import_pages``. Only staff allowed to import (``archive.import_issue``)
get past the first line of either view.
"""
from __future__ import annotations

from dataclasses import replace

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Issue, Page, Publication
from ..services import import_checks
from ..services import upload as uploads
from ..services.imports import IssueOutcome
from ..services.upload_preview import page_previews
from .forms import ImportIssueForm, IssueFactsForm, PageDescriptionFormSet

REPLACE_HINT = "；确认要替换请使用 --replace"  # the command line's advice, not the browser's
NOT_REPLACED = "导入新一期不会替换已导入的版面；要替换，请打开那个版面的编辑页，点“替换版面”。"


def _allowed(request: HttpRequest) -> None:
    if not request.user.has_perm("archive.import_issue"):
        raise PermissionDenied


def _context(request: HttpRequest, **values: object) -> dict:
    return {**admin.site.each_context(request), "opts": Issue._meta, **values}


def upload_view(request: HttpRequest) -> HttpResponse:
    """Step 1: the files and what they are. Files the importer refuses come back at once."""
    _allowed(request)
    form = ImportIssueForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = uploads.start_upload(
                data["files"], data["publication"], data["date"], data["date_estimated"]
            )
        except uploads.UploadError as exc:
            problems = str(exc).split("；")
        else:
            outcome = uploads.preview(upload)
            problems = _problems(upload, outcome)
            if problems:
                uploads.discard(upload)
            else:
                return HttpResponseRedirect(
                    reverse("admin:archive_issue_import_preview", args=[upload.token])
                )
    return TemplateResponse(request, "admin/archive/issue/import.html", _context(
        request, title="导入新一期", form=form, problems=problems,
        publications=Publication.objects.values_list("name", flat=True),
        max_bytes=settings.ARCHIVE_MAX_PAGE_BYTES,
    ))


def preview_view(request: HttpRequest, token: str) -> HttpResponse:
    """Step 2: what would be created, page by page; set page numbers, then confirm."""
    _allowed(request)
    try:
        upload = uploads.load_upload(token)
    except uploads.UploadError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("admin:archive_issue_import"))
    here = reverse("admin:archive_issue_import_preview", args=[token])

    if request.method == "POST" and request.POST.get("action") == "discard":
        uploads.discard(upload)
        messages.info(request, "已放弃这次导入，上传的文件已删除，档案库没有任何改动。")
        return HttpResponseRedirect(reverse("admin:archive_issue_changelist"))

    facts = IssueFactsForm(request.POST or None, prefix="issue", initial={
        "publication": upload.publication, "date": upload.date,
        "date_estimated": upload.date_estimated,
    })
    formset = PageDescriptionFormSet(
        request.POST or None, prefix="pages",
        initial=[{"file_name": p.file_name, "page_number": p.page_number or "",
                  "page_name": p.page_name} for p in upload.pages],
    )
    if request.method == "POST" and facts.is_valid() and formset.is_valid():
        described = _described(upload, formset.cleaned_data)
        if described is None:
            messages.error(request, "提交的文件与这次上传不符，请重新核对。")
            return HttpResponseRedirect(here)
        data = facts.cleaned_data
        changed = uploads.describe_issue(
            upload, data["publication"], data["date"], data["date_estimated"]
        )
        changed = uploads.describe_pages(upload, described) or changed
        if request.POST.get("action") != "confirm":
            return HttpResponseRedirect(here)
        if changed:
            messages.warning(request, "报名、日期、版次或版名已修改，预览已更新；请核对后再确认导入。")
            return HttpResponseRedirect(here)
        try:
            outcome, issue = uploads.confirm(
                upload, request.user, confirmed=set(request.POST.getlist("confirm"))
            )
        except uploads.UploadError as exc:
            messages.error(request, f"尚未导入：{exc}请核对后勾选确认。")
            return HttpResponseRedirect(here)
        if issue is not None:
            result = outcome.result
            messages.success(
                request, f"已导入 {issue}：{len(result.created)} 个版面，"
                f"{result.articles_created} 篇文章，其中 {result.flagged} 篇待审核。",
            )
            return HttpResponseRedirect(reverse("admin:archive_issue_change", args=[issue.pk]))
        for problem in _problems(upload, outcome):
            messages.error(request, problem)
        return HttpResponseRedirect(here)

    outcome = uploads.preview(upload)
    problems = _problems(upload, outcome)
    pages = page_previews(upload, outcome)
    return TemplateResponse(request, "admin/archive/issue/import_preview.html", _context(
        request, title=f"导入预览：{upload.publication} "
        f"{'约' if upload.date_estimated else ''}{upload.date:%Y-%m-%d}",
        upload=upload, facts=facts, formset=formset, rows=list(zip(formset.forms, pages)),
        publications=Publication.objects.values_list("name", flat=True),
        problems=problems, can_confirm=not problems,
        checks=import_checks.checks(upload.publication, upload.date),
        article_total=sum(len(p.articles) for p in pages),
        flagged_total=sum(p.flagged for p in pages),
    ))


def _problems(upload: uploads.Upload, outcome: IssueOutcome) -> list[str]:
    """What keeps the issue out, one line per file; an issue with nothing new is one too."""
    lines = [
        f"{upload.file_name_at(p.path)}：{p.message.replace(REPLACE_HINT, '')}"
        for p in outcome.problems
    ]
    if any("--replace" in p.message for p in outcome.problems):
        lines.append(NOT_REPLACED)
    if outcome.ok and not (outcome.result.created or outcome.result.replaced):
        lines.append("这些版面都已导入过（文件内容完全相同），没有新内容可导入：")
        stored = {page.sha256: page for page in Page.objects.select_related("issue__publication")
                  .filter(sha256__in=[draft.sha256 for draft in outcome.drafts])}
        lines += [
            f"{draft.source.file_name}：与已导入的 {stored[draft.sha256]}"
            f"（{stored[draft.sha256].source_file}）完全相同"
            for draft in outcome.drafts if draft.sha256 in stored
        ]
    return lines


def _described(upload: uploads.Upload, rows: list[dict]) -> list[uploads.UploadedPage] | None:
    if [row["file_name"] for row in rows] != [page.file_name for page in upload.pages]:
        return None
    return [
        replace(page, page_number=row["page_number"], page_name=row["page_name"].strip())
        for page, row in zip(upload.pages, rows)
    ]
