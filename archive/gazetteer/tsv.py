"""Reading the committed gazetteer file (data/places.tsv, built by scripts/build_gazetteer.py).

The file starts with ``#`` lines naming its sources, then a header row; short names are
not stored in it but derived here, so a change of the rule needs no rebuild of the data.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .names import short_forms
from .records import PlaceRecord

DATA_FILE = Path(__file__).resolve().parent / "data" / "places.tsv"
_SOURCE_PREFIX = "# source: "
_LABEL_PREFIX = "# label: "


def read_places(path: Path = DATA_FILE) -> list[PlaceRecord]:
    """All records of the file, in code order."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(
            (line for line in handle if not line.startswith("#")), delimiter="\t"
        )
        return [
            PlaceRecord(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent_code=row["parent_code"] or None,
                is_current=row["is_current"] == "1",
                short_names=short_forms(row["name"], row["level"]),
                former_names=tuple(n for n in row["former_names"].split("|") if n),
            )
            for row in rows
        ]


def _comments(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.rstrip("\n") for line in handle if line.startswith("#")]


def read_source_note(path: Path = DATA_FILE) -> str:
    """The sources and versions the file was built from, one per line."""
    return "\n".join(
        line.removeprefix(_SOURCE_PREFIX) for line in _comments(path)
        if line.startswith(_SOURCE_PREFIX)
    )


def read_source_label(path: Path = DATA_FILE) -> str:
    """A one-line name of the sources, short enough for ``Place.source``."""
    for line in _comments(path):
        if line.startswith(_LABEL_PREFIX):
            return line.removeprefix(_LABEL_PREFIX)
    return "GB/T 2260"
