"""Change forms that keep a revision: the values before and after every staff save.

Django's admin writes one history line per save, listing the form fields it thinks changed.
The mixin watches the row (and an article's unions and people) before the save and compares
after the inlines are saved too: a save that changed nothing records nothing (no history
line, so it does not count as a correction either); a save that did keeps the values before
and after with its line, for the diff and the one-click revert in the history.
"""
from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.views.decorators.http import require_POST

from ..models import Revision
from ..services import history, revisions
from ..services.snapshots import Watch

_WATCH = "_archive_revision_watch"


class KeepsRevisions:
    """ModelAdmin mixin for the tracked models (``services.snapshots.TRACKED``)."""

    def save_model(self, request: HttpRequest, obj, form, change) -> None:  # noqa: ANN001
        if change:
            setattr(request, _WATCH, Watch().add(model=type(obj), pk=obj.pk))
        super().save_model(request, obj, form, change)

    def log_change(self, request: HttpRequest, obj, message):  # noqa: ANN001, ANN201
        watch = getattr(request, _WATCH, None)
        if watch is None:
            return super().log_change(request, obj, message)
        changes = watch.changes()
        if not changes:
            return None  # the form was saved untouched: nothing happened
        entry = super().log_change(request, obj, message)
        Revision.objects.create(entry=entry, kind=Revision.Kind.EDIT, changes=changes)
        return entry

    def get_urls(self):  # noqa: ANN201
        info = self.opts.app_label, self.opts.model_name
        return [
            path("revert/<int:revision_id>/",
                 self.admin_site.admin_view(require_POST(self.revert_view)),
                 name="%s_%s_revert" % info),
            *super().get_urls(),
        ]

    def revert_view(self, request: HttpRequest, revision_id: int) -> HttpResponse:
        """Revert one revision of a row of this model; back to the row's page."""
        revision = get_object_or_404(Revision.objects.select_related("entry"), pk=revision_id)
        entry: LogEntry = revision.entry
        if entry.content_type.model_class() is not self.model:
            raise PermissionDenied
        obj = self.model._default_manager.filter(pk=entry.object_id).first()
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        try:
            revisions.revert(revision.pk, request.user)
        except revisions.RevertError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, f"已撤销：{history.describe(entry)}。", messages.SUCCESS)
        info = self.opts.app_label, self.opts.model_name
        if self.model._default_manager.filter(pk=entry.object_id).exists():
            return HttpResponseRedirect(
                reverse("admin:%s_%s_change" % info, args=[entry.object_id])
            )
        return HttpResponseRedirect(reverse("admin:%s_%s_changelist" % info))
