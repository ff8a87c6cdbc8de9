"""The record of who changed what: Django admin's LogEntry, written for every staff action.

The admin writes entries for its own forms; the actions it does not know (split, merge, mark
reviewed, union merge, import) write theirs here, inside the same transaction as the change,
so a change and its record are never separated. An action that changes fields of the row
names them (``fields``) the way the admin's own entries do, so ``selectors.corrections`` can
tell which parts of an article staff corrected; the sentence for people is kept beside them.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

from ..models import Revision
from .snapshots import Watch

Action = int
ADDED: Action = ADDITION
CHANGED: Action = CHANGE
DELETED: Action = DELETION


def record(
    user: object, obj: Model, message: str, action: Action = CHANGED,
    fields: Iterable[str] = (), watch: Watch | None = None,
    kind: str = Revision.Kind.EDIT,
) -> LogEntry:
    """One history line for ``obj``; call it before deleting ``obj`` so its id is known.

    ``fields`` are the names of the fields of ``obj`` the action changed. With ``watch``
    (the rows the action changed, watched before it changed them) the line keeps their
    values before and after, so the history can show them and the action can be undone.
    """
    labels = [str(obj._meta.get_field(name).verbose_name) for name in fields]
    if labels:
        message = json.dumps(
            [{"changed": {"fields": labels}}, {"note": message}], ensure_ascii=False
        )
    entry = LogEntry.objects.create(
        user_id=getattr(user, "pk", None),
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=action,
        change_message=message,
    )
    if watch is not None:
        keep(entry, watch, kind)
    return entry


def keep(entry: LogEntry, watch: Watch, kind: str = Revision.Kind.EDIT) -> Revision | None:
    """The values before and after of what ``watch`` saw change, kept with ``entry``."""
    changes = watch.changes()
    if not changes:
        return None
    return Revision.objects.create(entry=entry, kind=kind, changes=changes)


def describe(entry: LogEntry) -> str:
    """What an entry says to people: the action's own sentence, or Django's summary."""
    if entry.change_message.startswith("["):
        try:
            items = json.loads(entry.change_message)
        except json.JSONDecodeError:
            items = []
        notes = [item["note"] for item in items if isinstance(item, dict) and "note" in item]
        if notes:
            return "；".join(str(note) for note in notes)
    return entry.get_change_message() or entry.get_action_flag_display()


def history_of(obj: Model) -> QuerySet[LogEntry]:
    """The entries about ``obj``, newest first, with the user who made each."""
    return (
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=str(obj.pk),
        )
        .select_related("user")
        .order_by("-action_time", "-pk")
    )
