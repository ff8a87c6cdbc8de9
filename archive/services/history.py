"""The record of who changed what: Django admin's LogEntry, written for every staff action.

The admin writes entries for its own forms; the actions it does not know (split, merge, mark
reviewed, union merge, import) write theirs here, inside the same transaction as the change,
so a change and its record are never separated.
"""
from __future__ import annotations

from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, QuerySet

Action = int
ADDED: Action = ADDITION
CHANGED: Action = CHANGE
DELETED: Action = DELETION


def record(user: object, obj: Model, message: str, action: Action = CHANGED) -> LogEntry:
    """One history line for ``obj``; call it before deleting ``obj`` so its id is known."""
    return LogEntry.objects.create(
        user_id=user.pk,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        action_flag=action,
        change_message=message,
    )


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
