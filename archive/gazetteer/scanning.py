"""Finding place names in running text and deciding which place each one means.

Two steps. The scan walks the text left to right and, at each position, takes the longest
run of place names written together (绍兴柯桥区, 河南省滑县: each name inside the one before)
that stands as words of its own there. The resolution then settles what each run means:
first the runs that are certain on their own (compounds, full names, unique city names),
which give the text's context, then the bare short forms, which count only when the text
or the paper's home province makes them unambiguous and they are not ordinary words.
"""
from __future__ import annotations

from dataclasses import dataclass

from .lookup import VIA_COMPOUND, VIA_SHORT, Gazetteer, NameEntry, PlaceMention
from .names import has_suffix
from .records import CITY, COUNTY, PROVINCE, PlaceRecord
from .words import is_common_word, stands_alone, suffix_taken

MAX_COMPOUND = 3  # province + city + county


@dataclass(frozen=True)
class _Part:
    start: int
    end: int
    entries: tuple[NameEntry, ...]


@dataclass(frozen=True)
class _Run:
    """Names written together; the last part is the place the run stands for."""

    parts: tuple[_Part, ...]
    candidates: tuple[NameEntry, ...]  # readings of the last part that fit the whole run

    @property
    def start(self) -> int:
        return self.parts[0].start

    @property
    def end(self) -> int:
        return self.parts[-1].end


def find_mentions(
    gazetteer: Gazetteer, text: str, home_province_code: str | None = None
) -> list[PlaceMention]:
    runs = list(_scan(gazetteer, text))
    return _Resolver(gazetteer, text, runs, home_province_code).mentions()


# --- scanning ---------------------------------------------------------------------------


def _scan(gazetteer: Gazetteer, text: str):
    position = 0
    while position < len(text):
        run = _best_run(gazetteer, text, position)
        if run is None:
            position += 1
        else:
            yield run
            position = run.end


def _best_run(gazetteer: Gazetteer, text: str, start: int) -> _Run | None:
    runs = []
    for part in _parts_at(gazetteer, text, start):
        runs.extend(_extend(gazetteer, text, (part,), part.entries))
    runs.sort(key=lambda r: (-r.end, len(r.parts)))
    for run in runs:
        if _reads_as_words(text, run):
            return run
    return None


def _parts_at(gazetteer: Gazetteer, text: str, start: int) -> list[_Part]:
    return [_Part(start, start + length, entries)
            for length, entries in gazetteer.readings_at(text, start)]


def _extend(gazetteer: Gazetteer, text: str, parts: tuple[_Part, ...],
            candidates: tuple[NameEntry, ...]) -> list[_Run]:
    """The run so far, and every longer run made by a name inside the last one."""
    runs = [_Run(parts, candidates)]
    if len(parts) == MAX_COMPOUND:
        return runs
    for nxt in _parts_at(gazetteer, text, parts[-1].end):
        inner = tuple(
            entry for entry in nxt.entries
            if any(gazetteer.is_within(entry.record, outer.record) for outer in candidates)
        )
        if inner:
            runs.extend(_extend(gazetteer, text, parts + (nxt,), inner))
    return runs


def _reads_as_words(text: str, run: _Run) -> bool:
    """Whether the run's ends fall on word boundaries.

    A bare name must stand as a word of its own at each end; a full name only must not
    lose its suffix to the following word (东方市场). A run's inner joints are not checked:
    names written together are read together.
    """
    first, last = run.parts[0], run.parts[-1]
    first_bare = not has_suffix(text[first.start:first.end])
    last_bare = not has_suffix(text[last.start:last.end])
    if (first_bare or last_bare) and not stands_alone(
        text, run.start, run.end, check_start=first_bare, check_end=last_bare
    ):
        return False
    return last_bare or not suffix_taken(text, run.end)


# --- resolution -------------------------------------------------------------------------


class _Resolver:
    def __init__(self, gazetteer: Gazetteer, text: str, runs: list[_Run],
                 home_province_code: str | None) -> None:
        self.gazetteer = gazetteer
        self.text = text
        self.runs = runs
        self.home = home_province_code
        self.context_cities: set[str] = set()
        self.context_provinces: set[str] = set()

    def mentions(self) -> list[PlaceMention]:
        resolved: dict[int, PlaceMention] = {}
        for index, run in enumerate(self.runs):
            mention = self._certain(run)
            if mention is not None:
                resolved[index] = mention
                self._add_context(mention.record)
        for index, run in enumerate(self.runs):
            if index not in resolved:
                mention = self._with_context(index, run)
                if mention is not None:
                    resolved[index] = mention
        return [resolved[i] for i in sorted(resolved)]

    def _add_context(self, record: PlaceRecord) -> None:
        city = self.gazetteer.city_of(record)
        if city is not None:
            self.context_cities.add(city.code)
        self.context_provinces.add(self.gazetteer.province_of(record).code)

    def _mention(self, run: _Run, entry: NameEntry) -> PlaceMention:
        via = VIA_COMPOUND if len(run.parts) > 1 else entry.via
        return PlaceMention(entry.record, run.start, run.end,
                            self.text[run.start:run.end], via)

    def _certain(self, run: _Run) -> PlaceMention | None:
        """Runs that name one place without help: compounds, full names, unique cities."""
        candidates = _prefer_current(run.candidates)
        candidates = _highest_level(candidates)
        if len(candidates) != 1:
            return None
        entry = candidates[0]
        if len(run.parts) > 1:
            return self._mention(run, entry)
        surface = self.text[run.start:run.end]
        if entry.record.level == COUNTY and entry.via == VIA_SHORT:
            return None  # a bare county short form waits for the text's context
        if entry.record.level == COUNTY and is_common_word(surface):
            return None  # 城区, 郊区: generic names need their city nearby
        return self._mention(run, entry)

    def _with_context(self, index: int, run: _Run) -> PlaceMention | None:
        """Ambiguous names and bare county short forms, settled by what else the text says."""
        candidates = _prefer_current(run.candidates)
        in_city = self._within(candidates, self.context_cities)
        if in_city:
            candidates = in_city
        else:
            candidates = self._within(candidates, self.context_provinces) or candidates
            if self.home:
                candidates = self._within(candidates, {self.home}) or candidates
        candidates = _highest_level(candidates)
        if len(candidates) != 1:
            return None
        entry = candidates[0]
        surface = self.text[run.start:run.end]
        if entry.record.level == COUNTY and (not has_suffix(surface) or is_common_word(surface)):
            if not self._loose_county_counts(index, entry, city_named=bool(in_city)):
                return None
        return self._mention(run, entry)

    def _loose_county_counts(self, index: int, entry: NameEntry, city_named: bool) -> bool:
        """Whether a county named without suffix (柯桥, 南湖, 龙游), or by a name that is an
        ordinary word (城区, 郊区), is meant as the county.

        Its city named elsewhere in the text is the strongest sign; an ordinary word (南湖,
        江北, 郊区) and a former unit's short form (四方) count with nothing less. Otherwise the
        name counts when it is no ordinary word, does not run on from another place name
        (杭州新星光电: a company), and — in a local paper — lies in the paper's province.
        """
        record = entry.record
        if is_common_word(self.text[self.runs[index].start:self.runs[index].end]):
            return city_named and record.is_current
        if city_named:
            return True
        if not record.is_current:
            return False
        if index > 0 and self.runs[index - 1].end == self.runs[index].start:
            return False
        return self.home is None or self.gazetteer.province_of(record).code == self.home

    def _within(self, candidates: tuple[NameEntry, ...], codes: set[str]
                ) -> tuple[NameEntry, ...]:
        return tuple(
            entry for entry in candidates
            if any(r.code in codes for r in self.gazetteer.lineage(entry.record))
        )


def _prefer_current(candidates: tuple[NameEntry, ...]) -> tuple[NameEntry, ...]:
    """Today's units first: 绍兴 is 绍兴市, not the former 绍兴县."""
    current = tuple(e for e in candidates if e.record.is_current)
    return current or candidates


def _highest_level(candidates: tuple[NameEntry, ...]) -> tuple[NameEntry, ...]:
    """A name shared across levels means the larger unit: 吉林 is the province."""
    for level in (PROVINCE, CITY, COUNTY):
        at_level = tuple(e for e in candidates if e.record.level == level)
        if at_level:
            return at_level
    return candidates
