"""The gazetteer the importer reads: the ``Place`` table, with what staff changed in it.

The committed TSV only seeds the table (``manage.py load_places``); short and former names
staff add in the admin are rows of the table, so the importer must read the table to honour
them. Building a gazetteer takes a few tens of milliseconds, so each process keeps the one
it built and rebuilds it only when the table has changed since (its row count or its newest
``updated`` time moved): an edit in one process reaches the next import in every other.
"""
from __future__ import annotations

import json
import threading

from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max

from ..gazetteer.lookup import Gazetteer
from ..gazetteer.records import PlaceRecord
from ..models import Place

_lock = threading.Lock()
_built: tuple[object, Gazetteer] | None = None

# The fields of a place staff can change whose changes ``load_places`` must keep.
EDITABLE_FIELDS = ("name", "level", "parent", "short_names", "former_names", "is_current")


def stored_gazetteer() -> Gazetteer:
    """The gazetteer as the Place table holds it now."""
    global _built
    version = Place.objects.aggregate(count=Count("pk"), newest=Max("updated"))
    version = (version["count"], version["newest"])
    with _lock:
        if _built is None or _built[0] != version:
            _built = (version, Gazetteer(_records()))
        return _built[1]


def _records() -> list[PlaceRecord]:
    codes = dict(Place.objects.values_list("pk", "code"))
    records = []
    for row in Place.objects.values(
        "code", "name", "level", "parent_id", "is_current", "short_names", "former_names"
    ):
        records.append(PlaceRecord(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent_code=codes.get(row["parent_id"]),
            is_current=row["is_current"],
            short_names=tuple(row["short_names"] or ()),
            former_names=tuple(row["former_names"] or ()),
        ))
    return records


def staff_place_edits() -> dict[str, set[str]]:
    """For each place code, the fields staff changed in the admin (read from its history)."""
    labels = {str(Place._meta.get_field(name).verbose_name): name for name in EDITABLE_FIELDS}
    entries = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Place), action_flag=CHANGE
    ).values_list("object_id", "change_message")
    by_id: dict[str, set[str]] = {}
    for object_id, message in entries:
        fields = {labels[label] for label in _changed_labels(message) if label in labels}
        if fields:
            by_id.setdefault(object_id, set()).update(fields)
    codes = dict(Place.objects.filter(pk__in=[int(i) for i in by_id if i.isdigit()])
                 .values_list("pk", "code"))
    return {codes[int(i)]: fields for i, fields in by_id.items()
            if i.isdigit() and int(i) in codes}


def _changed_labels(message: str) -> list[str]:
    try:
        items = json.loads(message) if message.startswith("[") else []
    except json.JSONDecodeError:
        return []
    labels: list[str] = []
    for item in items if isinstance(items, list) else []:
        detail = item.get("changed") if isinstance(item, dict) else None
        if isinstance(detail, dict):
            labels += [str(label) for label in detail.get("fields", [])]
    return labels
