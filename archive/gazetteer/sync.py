"""Copying the gazetteer into the ``Place`` table.

Takes the model class as an argument so the same code serves the data migration (which must
use the historical model from ``apps.get_model``) and the ``load_places`` command.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from .lookup import Gazetteer, get_gazetteer
from .records import PROVINCE, CITY, COUNTY
from .tsv import read_source_label

_FIELDS = ("name", "level", "short_names", "former_names", "is_current", "source")
_BATCH = 500


def sync_places(place_model: Any, gazetteer: Gazetteer | None = None,
                keep: Mapping[str, set[str]] | None = None) -> int:
    """Create or update one ``Place`` row per gazetteer record, matched by code.

    ``keep`` names, by place code, the fields staff changed (``selectors.gazetteer``): those
    keep the staff's values, so a short name added in the admin survives the next run.
    Returns the number of rows created or changed, so a second run reports 0. Parents are
    written level by level, so every row can point at a parent that already has an id.
    """
    keep = keep or {}
    # The historical model of an early migration has no ``updated`` yet.
    stamped = {"updated": timezone.now()} if _has_field(place_model, "updated") else {}
    gazetteer = gazetteer or get_gazetteer()
    source = read_source_label()[: place_model._meta.get_field("source").max_length]
    existing = {place.code: place for place in place_model.objects.all()}
    changed = 0
    for level in (PROVINCE, CITY, COUNTY):
        records = [r for r in gazetteer if r.level == level]
        ids = {code: place.id for code, place in existing.items()}
        new, updated = [], []
        for record in records:
            values = {
                "name": record.name,
                "level": record.level,
                "short_names": list(record.short_names),
                "former_names": list(record.former_names),
                "is_current": record.is_current,
                "source": source,
            }
            parent_id = ids.get(record.parent_code) if record.parent_code else None
            place = existing.get(record.code)
            if place is None:
                new.append(place_model(code=record.code, parent_id=parent_id, **stamped,
                                       **values))
                continue
            kept = keep.get(record.code, set())
            values = {key: value for key, value in values.items() if key not in kept}
            if "parent" in kept:
                parent_id = place.parent_id
            if place.parent_id != parent_id or any(
                getattr(place, key) != value for key, value in values.items()
            ):
                for key, value in values.items():
                    setattr(place, key, value)
                place.parent_id = parent_id
                for key, value in stamped.items():
                    setattr(place, key, value)
                updated.append(place)
        for place in place_model.objects.bulk_create(new, batch_size=_BATCH):
            existing[place.code] = place
        if any(place.pk is None for place in new):
            existing.update(
                (p.code, p) for p in place_model.objects.filter(code__in=[n.code for n in new])
            )
        place_model.objects.bulk_update(updated, [*_FIELDS, "parent", *stamped],
                                        batch_size=_BATCH)
        changed += len(new) + len(updated)
    return changed


def _has_field(model: Any, name: str) -> bool:
    return any(field.name == name for field in model._meta.get_fields())
