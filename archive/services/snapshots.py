"""What a revision remembers of a row, how the difference is shown, and how a row is put back.

A snapshot is a plain JSON dict of the parts of a row staff can change: its editable fields
(a foreign key by its id, a date as ISO text) and, for an article, its unions and people as
lists. A snapshot may hold only some parts (a union merge remembers only the unions of the
articles it relinks); comparing and restoring then touch only those parts.

The five kinds of row that keep revisions are listed once, in ``TRACKED``.
"""
from __future__ import annotations

import datetime
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models

from ..models import Article, ArticleUnion, Credit, Issue, Page, Place, Person, Union

Snapshot = dict[str, object]

TRACKED: dict[type[models.Model], tuple[str, ...]] = {
    Article: ("kicker", "title", "subtitle", "title_derived", "byline", "body", "kind",
              "province", "city", "county", "continuations", "needs_review",
              "review_reasons", "page", "order", "span_start", "span_end",
              "unions", "people"),
    Union: ("name", "aliases", "level", "place", "parent"),
    Place: ("name", "level", "parent", "short_names", "former_names", "is_current"),
    Page: ("issue", "number", "name"),
    Issue: ("publication", "date", "date_estimated", "number"),
}
LINKS = {"unions": "工会组织", "people": "署名人物"}
# Parts a reader of the history needs no diff of: where an article sits is shown by its page.
UNSHOWN = {"span_start", "span_end"}


def label_of(model: type[models.Model]) -> str:
    return model._meta.label_lower


def model_of(label: str) -> type[models.Model]:
    for model in TRACKED:
        if label_of(model) == label:
            return model
    raise LookupError(label)


def take(obj: models.Model, parts: Iterable[str] | None = None) -> Snapshot:
    """The snapshot of ``obj`` as it is now in the database's eyes (its attributes)."""
    wanted = tuple(parts) if parts is not None else TRACKED[type(obj)]
    snapshot: Snapshot = {}
    for part in wanted:
        if part == "unions":
            snapshot[part] = [
                [union_id, rank] for union_id, rank in
                ArticleUnion.objects.filter(article_id=obj.pk).order_by("rank", "pk")
                .values_list("union_id", "rank")
            ]
        elif part == "people":
            snapshot[part] = [
                list(row) for row in
                Credit.objects.filter(article_id=obj.pk).order_by("order", "pk")
                .values_list("person_id", "role", "order")
            ]
        else:
            field = obj._meta.get_field(part)
            value = getattr(obj, field.attname)
            if isinstance(value, (datetime.date, datetime.datetime)):
                value = value.isoformat()
            snapshot[part] = value
    return snapshot


def current(model: type[models.Model], pk: int, parts: Iterable[str]) -> Snapshot | None:
    """The snapshot of the stored row, or None when there is no such row any more."""
    obj = model._default_manager.filter(pk=pk).first()
    return take(obj, parts) if obj is not None else None


def restore(model: type[models.Model], pk: int, snapshot: Snapshot) -> models.Model:
    """Put the row back as ``snapshot`` says, creating it under its old id if it is gone."""
    obj = model._default_manager.filter(pk=pk).first()
    creating = obj is None
    if creating:
        obj = model(pk=pk)
    for part, value in snapshot.items():
        if part in LINKS:
            continue
        field = model._meta.get_field(part)
        setattr(obj, field.attname, field.to_python(value) if value is not None else None)
    if creating:
        _fill_required(obj)
        obj.save(force_insert=True)
    else:
        fields = [part for part in snapshot if part not in LINKS]
        if fields:
            # A row's own "last changed" stamp moves too: the importer's gazetteer is
            # rebuilt when a place's does (``selectors.gazetteer``).
            stamps = [f.name for f in model._meta.concrete_fields
                      if getattr(f, "auto_now", False)]
            obj.save(update_fields=fields + stamps)
    if "unions" in snapshot:
        ArticleUnion.objects.filter(article_id=pk).delete()
        ArticleUnion.objects.bulk_create(
            ArticleUnion(article_id=pk, union_id=union_id, rank=rank)
            for union_id, rank in snapshot["unions"]  # type: ignore[union-attr]
        )
    if "people" in snapshot:
        Credit.objects.filter(article_id=pk).delete()
        Credit.objects.bulk_create(
            Credit(article_id=pk, person_id=person_id, role=role, order=order)
            for person_id, role, order in snapshot["people"]  # type: ignore[union-attr]
        )
    return obj


def _fill_required(obj: models.Model) -> None:
    """Fields a partial snapshot of a removed row does not hold get their defaults."""
    for field in obj._meta.concrete_fields:
        if getattr(obj, field.attname) is None and field.has_default():
            setattr(obj, field.attname, field.get_default())


@dataclass(frozen=True)
class Difference:
    """One part that changed, as people read it."""

    label: str
    before: str
    after: str


def differences(
    model: type[models.Model], before: Snapshot | None, after: Snapshot | None
) -> list[Difference]:
    """The parts that differ between two snapshots, labelled and shown in Chinese."""
    parts = dict.fromkeys([*(before or {}), *(after or {})])
    shown = []
    for part in parts:
        old = (before or {}).get(part)
        new = (after or {}).get(part)
        if part in UNSHOWN or (before is not None and after is not None and old == new):
            continue
        if part == "body" and isinstance(old, str) and isinstance(new, str):
            shown.append(Difference(_label(model, part), *_changed_paragraphs(old, new)))
            continue
        shown.append(Difference(_label(model, part), show(model, part, old, before is None),
                                show(model, part, new, after is None)))
    return shown


def _changed_paragraphs(old: str, new: str) -> tuple[str, str]:
    """Only the paragraphs that differ, so a one-word fix in a long body reads as one."""
    before, after = old.split("\n"), new.split("\n")
    gone, came = [], []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            gone.append("\n".join(before[i1:i2]) or "（无）")
            came.append("\n".join(after[j1:j2]) or "（无）")
    return " … ".join(gone) or "—", " … ".join(came) or "—"


def _label(model: type[models.Model], part: str) -> str:
    if part in LINKS:
        return LINKS[part]
    return str(model._meta.get_field(part).verbose_name)


def show(model: type[models.Model], part: str, value: object, absent: bool = False) -> str:
    """A stored value as staff read it: names for ids, 是/否, lists joined."""
    if absent:
        return "（无此记录）"
    if part == "unions":
        names = dict(Union.objects.filter(pk__in=[u for u, _ in value or []])
                     .values_list("pk", "name"))
        return "、".join(names.get(u, f"工会 {u}") for u, _ in value or []) or "—"
    if part == "people":
        names = dict(Person.objects.filter(pk__in=[p for p, _, _ in value or []])
                     .values_list("pk", "name"))
        roles = dict(Credit.Role.choices)
        return "、".join(f"{names.get(p, p)}（{roles.get(r, r)}）"
                        for p, r, _ in value or []) or "—"
    if value is None or value == "" or value == []:
        return "—"
    field = model._meta.get_field(part)
    if field.is_relation:
        target = field.related_model._default_manager.filter(pk=value).first()
        return str(target) if target is not None else f"（已删除的记录 {value}）"
    if field.choices:
        return str(dict(field.choices).get(value, value))
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    return str(value)


class Watch:
    """Rows an action is about to change, remembered as they were; ``changes`` then lists
    what differs, for the revision (a row that did not change is left out)."""

    def __init__(self) -> None:
        self._rows: dict[tuple[str, int], tuple[tuple[str, ...], Snapshot | None]] = {}

    def add(self, obj: models.Model | None = None, *, model: type[models.Model] | None = None,
            pk: int | None = None, parts: Iterable[str] | None = None) -> Watch:
        """Watch ``obj`` (as stored now), or the row ``pk`` of ``model`` (None: not yet made)."""
        model = type(obj) if obj is not None else model
        pk = obj.pk if obj is not None else pk
        wanted = tuple(parts) if parts is not None else TRACKED[model]
        key = (label_of(model), pk)
        if key not in self._rows:
            self._rows[key] = (wanted, current(model, pk, wanted) if pk is not None else None)
        return self

    def created(self, obj: models.Model, parts: Iterable[str] | None = None) -> Watch:
        """``obj`` was made by the action: before, it did not exist."""
        wanted = tuple(parts) if parts is not None else TRACKED[type(obj)]
        self._rows[(label_of(type(obj)), obj.pk)] = (wanted, None)
        return self

    def changes(self) -> list[dict]:
        found = []
        for (label, pk), (parts, before) in self._rows.items():
            after = current(model_of(label), pk, parts)
            if before != after:
                found.append({"model": label, "pk": pk, "before": before, "after": after})
        return found
