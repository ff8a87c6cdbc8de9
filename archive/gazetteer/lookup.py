"""The gazetteer in memory: records by code and by name, the hierarchy, and place mentions.

Loaded once per process from the committed TSV (``get_gazetteer``); nothing here touches the
database, so the import pipeline and its tests use it directly.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from . import tsv
from .records import CITY, COUNTY, PROVINCE, PlaceRecord

VIA_FULL = "full"  # the record's own official name: 柯桥区, 江干区
VIA_SHORT = "short"  # a short form derived from it: 柯桥
VIA_FORMER = "former"  # a name the unit had before: 萧山市 for 萧山区
VIA_COMPOUND = "compound"  # place names written together: 绍兴柯桥区, 河南省滑县

_LEVEL_RANK = {PROVINCE: 0, CITY: 1, COUNTY: 2}


@dataclass(frozen=True)
class PlaceMention:
    """A place named in a text, resolved to one record."""

    record: PlaceRecord
    start: int  # offsets in the text searched
    end: int
    surface: str  # as printed: 嘉兴南湖, 柯桥, 绍兴柯桥区, 江干区
    via: str  # "full" | "short" | "former" | "compound"


@dataclass(frozen=True)
class NameEntry:
    """One way of reading a surface string: this record, named this way."""

    record: PlaceRecord
    via: str


class Gazetteer:
    """China's divisions (current and former) with the lookups article tagging needs."""

    def __init__(self, records: Iterable[PlaceRecord]) -> None:
        self._by_code: dict[str, PlaceRecord] = {}
        surfaces: dict[str, list[NameEntry]] = {}
        for record in records:
            self._by_code[record.code] = record
            for name, via in (
                [(record.name, VIA_FULL)]
                + [(short, VIA_SHORT) for short in record.short_names]
                + [(former, VIA_FORMER) for former in record.former_names]
            ):
                entries = surfaces.setdefault(name, [])
                if all(e.record.code != record.code for e in entries):
                    entries.append(NameEntry(record, via))
        self._surfaces = {
            name: tuple(sorted(entries, key=lambda e: _preference(e.record)))
            for name, entries in surfaces.items()
        }
        # Surfaces by their first two characters, so a scan looks up one key per position.
        lengths: dict[str, set[int]] = {}
        for surface in self._surfaces:
            lengths.setdefault(surface[:2], set()).add(len(surface))
        self._lengths_by_head = {
            head: tuple(sorted(found, reverse=True)) for head, found in lengths.items()
        }

    def __len__(self) -> int:
        return len(self._by_code)

    def __iter__(self):
        return iter(self._by_code.values())

    def get(self, code: str) -> PlaceRecord:
        """The record with this code; KeyError when the gazetteer has none."""
        return self._by_code[code]

    def named(self, name: str) -> list[PlaceRecord]:
        """Every record this string names, by full, short or former name.

        Current units come before former ones, higher levels before lower.
        """
        return [entry.record for entry in self._surfaces.get(name, ())]

    def entries(self, surface: str) -> tuple[NameEntry, ...]:
        """How ``surface`` can be read as a place name (empty when it cannot)."""
        return self._surfaces.get(surface, ())

    def readings_at(self, text: str, start: int) -> list[tuple[int, tuple[NameEntry, ...]]]:
        """Every surface beginning at ``text[start]``, longest first, with its readings."""
        found = []
        for length in self._lengths_by_head.get(text[start:start + 2], ()):
            entries = self._surfaces.get(text[start:start + length])
            if entries:
                found.append((length, entries))
        return found

    def parent_of(self, record: PlaceRecord) -> PlaceRecord | None:
        return self._by_code.get(record.parent_code) if record.parent_code else None

    def city_of(self, record: PlaceRecord) -> PlaceRecord | None:
        """The prefecture-level city a record lies in.

        A city is its own city, and so is a municipality (直辖市); a county resolves to its
        parent city or municipality. A county directly under its province (仙桃市) and an
        ordinary province have no city.
        """
        if record.level == CITY or record.is_municipality:
            return record
        if record.level == COUNTY:
            parent = self.parent_of(record)
            if parent is not None and (parent.level == CITY or parent.is_municipality):
                return parent
        return None

    def province_of(self, record: PlaceRecord) -> PlaceRecord:
        """The province-level unit a record lies in (a province is its own)."""
        while record.level != PROVINCE:
            parent = self.parent_of(record)
            if parent is None:
                return self._by_code[record.code[:2] + "0000"]
            record = parent
        return record

    def lineage(self, record: PlaceRecord) -> tuple[PlaceRecord, ...]:
        """The record and everything above it, nearest first."""
        chain = [record]
        while (parent := self.parent_of(chain[-1])) is not None:
            chain.append(parent)
        return tuple(chain)

    def is_within(self, record: PlaceRecord, ancestor: PlaceRecord) -> bool:
        """Whether ``record`` lies strictly inside ``ancestor``."""
        return record.code != ancestor.code and any(
            r.code == ancestor.code for r in self.lineage(record)
        )

    def mentions(
        self, text: str, *, home_province_code: str | None = None
    ) -> list[PlaceMention]:
        """Places named in ``text``: left to right, longest match first, non-overlapping.

        ``home_province_code`` (a local paper's province) settles names that several
        places share when the text itself does not.
        """
        from .scanning import find_mentions

        return find_mentions(self, text, home_province_code)


def _preference(record: PlaceRecord) -> tuple[int, int, str]:
    return (0 if record.is_current else 1, _LEVEL_RANK[record.level], record.code)


@cache
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, read from the committed TSV on first use."""
    return Gazetteer(tsv.read_places())


@cache
def source_note() -> str:
    """Where the gazetteer's data comes from, with versions, one source per line."""
    return tsv.read_source_note()
