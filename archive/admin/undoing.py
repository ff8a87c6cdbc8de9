"""撤销这次导入: the confirmation page and the undo itself, over ``services.imports_undo``."""
from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from ..models import Issue, Revision
from ..services import imports_undo


def undo_import_view(request: HttpRequest, pk: int, revision_id: int) -> HttpResponse:
    revision = Revision.objects.select_related("entry__user").filter(
        pk=revision_id, kind=Revision.Kind.IMPORT, entry__object_id=str(pk),
        entry__content_type__model="issue",
    ).first()
    if revision is None:
        raise Http404("找不到这次导入")
    if not imports_undo.may_undo(request.user, revision):
        raise PermissionDenied
    back = HttpResponseRedirect(reverse("admin:archive_issue_change", args=[pk]))
    try:
        undo = imports_undo.plan(revision)
    except imports_undo.UndoError as error:
        messages.error(request, str(error))
        return back
    if request.method == "POST":
        try:
            undo = imports_undo.undo_import(revision.pk, request.user)
        except imports_undo.UndoError as error:
            messages.error(request, str(error))
            return back
        messages.success(request, f"已撤销这次导入：删除了{undo.describe()}。")
        if undo.issue is not None:
            return HttpResponseRedirect(reverse("admin:archive_issue_changelist"))
        return back
    return TemplateResponse(request, "admin/archive/issue/undo_import.html", {
        **admin.site.each_context(request), "opts": Issue._meta, "undo": undo,
        "title": "撤销这次导入",
    })


def undoable(request: HttpRequest, issue: Issue | None) -> list[Revision]:
    """The imports of ``issue`` the signed-in user may undo, for the change page's buttons."""
    if issue is None:
        return []
    return [revision for revision in imports_undo.import_revisions(issue)
            if imports_undo.may_undo(request.user, revision)]
