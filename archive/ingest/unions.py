"""The union organisations (工会) an article is about, under their full names.

One body is printed many ways: 绍兴柯桥区总工会, 柯桥区总工会, 区总工会, 区总; 扬州市总工会 and
扬州市总; 常山县总会 (a slip). Every form is resolved to one normalized name so the archive can
list an organisation's articles:

- provincial ``<province>总工会``, city ``<city>总工会``;
- county-level ``<city><county>总工会`` (宁波市江北区总工会, never merged with 重庆's
  江北区), ``<province><county>总工会`` for a county directly under its province; a unit
  abolished since keeps its own name (杭州市江干区总工会);
- township ``<county><township>总工会`` (嘉善县姚庄镇总工会), with the closest place the
  article gives when the county is not printed, else as printed;
- national, industry, enterprise and joint unions under the name printed.

A clipped form (市总工会, 县总) means the body of that level named earlier in the article,
else the place of that level named last, else the article's place. Collective phrases are not
bodies: 基层工会, 各级工会, 各市总工会 and also 浙江省工会 / 北京市工会 — a paper writes
X省总工会 when it means the provincial federation, while X省工会 (like 全省工会) speaks of
every union in the province. Below the city the body has no other name, so 下城区工会 is the
district's federation.

Ranking: unions in the title block first, then the byline and lead in reading order, then the
body's by how often they are mentioned; a union found only in the body must be named in the
text (not guessed from the article's place alone), and a long feature keeps its
``MAX_UNIONS`` most mentioned.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from archive.gazetteer.lookup import Gazetteer, PlaceMention
from archive.gazetteer.records import PlaceRecord

from . import union_names as names
from .types import ArticleDraft, PlaceTag, UnionTag
from .union_names import NATIONAL_NAME, BareHit, NameHit, Words

MAX_UNIONS = 6

NATIONAL = "national"
PROVINCIAL = "provincial"
CITY = "city"
COUNTY = "county"
TOWNSHIP = "township"
INDUSTRY = "industry"
ENTERPRISE = "enterprise"
JOINT = "joint"

_TITLE, _LEAD, _BODY = 0, 1, 2
_UNION_WORD = "总工会"
_LONGEST_STEM = 10  # characters before the suffix of the longest place name looked back over


@dataclass(frozen=True)
class _Identity:
    name: str
    level: str
    place_code: str | None = None
    parent_name: str | None = None
    record: PlaceRecord | None = None  # the place a provincial/city/county union stands for


@dataclass
class _Body:
    identity: _Identity
    zone: int
    order: int
    surfaces: list[str] = field(default_factory=list)
    count: int = 0
    named: bool = False


@dataclass(frozen=True)
class _Hit:
    """A union mention located in one text, before resolution."""

    start: int
    end: int
    surface: str
    kind: str  # admin | slip | bare | township | a NameHit kind
    record: PlaceRecord | None = None  # admin/slip: the place; township: its printed context
    bare: BareHit | None = None
    named: NameHit | None = None


def tag_unions(article: ArticleDraft, gazetteer: Gazetteer, place: PlaceTag | None = None) -> list[UnionTag]:
    """The unions ``article`` is about, primary first, each under its normalized full name.

    ``place`` is where the article happens (defaults to ``article.place``); it lets a clipped
    省总工会 or 县总工会 stand for the right body when the text names no place.
    """
    context = place or article.place
    zones = [(_TITLE, article.kicker), (_TITLE, article.title), (_TITLE, article.subtitle),
             (_LEAD, article.byline)]
    zones += [(_LEAD if i == 0 else _BODY, text) for i, text in enumerate(article.paragraphs)]
    zones = [(zone, text) for zone, text in zones if text and text.strip()]
    # Places are found in the whole article at once, so a name that several places share
    # (江北区) is settled by the others the article names (宁波江北区 in an earlier line).
    whole = "\n".join(text for _, text in zones)
    mentions = gazetteer.mentions(whole, home_province_code=context.province_code)
    reader = _Reader(gazetteer, context)
    offset = 0
    for zone, text in zones:
        end = offset + len(text)
        own = [_shifted(m, -offset) for m in mentions if offset <= m.start and m.end <= end]
        reader.read(text, zone, own)
        offset = end + 1
    return reader.result()


def _shifted(mention: PlaceMention, delta: int) -> PlaceMention:
    return PlaceMention(mention.record, mention.start + delta, mention.end + delta,
                        mention.surface, mention.via)


class _Reader:
    """Reads an article's texts in order, remembering what was named for later clipped forms."""

    def __init__(self, gazetteer: Gazetteer, context: PlaceTag) -> None:
        self.gazetteer = gazetteer
        self.context = context
        self.bodies: dict[str, _Body] = {}
        self.recent: list[_Identity] = []  # bodies in the order they were mentioned
        self.places: list[PlaceRecord] = []  # place mentions in reading order
        self.slips: list[tuple[_Identity, int, str]] = []
        self.previous_text = ""
        self.order = 0

    # -- reading -------------------------------------------------------------------------

    def read(self, text: str, zone: int, mentions: list[PlaceMention]) -> None:
        words = Words(text)
        hits = _resolve_overlaps(self._find(words, mentions))
        events: list[tuple[int, int, object]] = [(m.start, 0, m) for m in mentions]
        events += [(h.start, 1, h) for h in hits]
        for _, _, event in sorted(events, key=lambda e: (e[0], e[1])):
            if isinstance(event, _Hit):
                self._take(event, zone, words)
            else:
                self.places.append(event.record)
        self.previous_text = text

    def _find(self, words: Words, mentions: list[PlaceMention]) -> list[_Hit]:
        by_end = {m.end: m for m in mentions}
        ends = {m.end for m in mentions}
        hits: list[_Hit] = []
        for mention in mentions:
            hit = self._admin_hit(words, mention, by_end)
            if hit:
                hits.append(hit)
        for found in names.township_hits(words, ends):
            context = by_end.get(found.start)
            start = _chain_start(context, by_end, self.gazetteer) if context else found.start
            hits.append(_Hit(start, found.end, words.text[start:found.end], "township",
                             record=context.record if context else None, named=found))
        for finder in (names.national_hits, names.national_industry_hits):
            hits += [_Hit(h.start, h.end, h.name, h.kind, named=h) for h in finder(words)]
        for finder in (names.organisation_hits, names.industry_hits, names.joint_hits):
            hits += [_Hit(h.start, h.end, h.name, h.kind, named=h) for h in finder(words)]
        hits += [_Hit(b.start, b.end, b.surface, "bare", bare=b) for b in names.bare_admin_hits(words)
                 if not self._ends_a_place_name(words.text, b.start)]
        return hits

    def _admin_hit(self, words: Words, mention: PlaceMention, by_end: dict[int, PlaceMention]) -> _Hit | None:
        record = mention.record
        end = mention.end
        suffixed = bool(names.place_level_char(mention.surface))
        suffix = names.place_level_char(record.name)
        if not suffixed and suffix and words.text.startswith(suffix, end):
            end += 1  # 嘉兴南湖 + 区委总工会: the place was read without its 区
            suffixed = True
        tail = names.admin_tail(words, end)
        if tail is None:
            return None
        if tail.word == "工会":
            # 下城区工会 is the district's federation; 浙江省工会, 湖州工会 speak of all unions.
            if record.level != "county" or not suffixed or tail.wei:
                return None
        elif tail.word in ("总", "总会") and not suffixed:
            return None
        if tail.wei and record.level == "province":
            return None
        start = _chain_start(mention, by_end, self.gazetteer)
        kind = "slip" if tail.word == "总会" else "admin"
        return _Hit(start, tail.end, words.text[start:tail.end], kind, record=record)

    def _ends_a_place_name(self, text: str, level_at: int) -> bool:
        """True for the 区 of 和平区总工会 when the text did not settle which 和平区 it is.

        Such a name is not a clipped 区总工会 for the district named earlier; better no body
        than the wrong one. Names of one character and a suffix (和县) are left out: after
        和, 由 or 以 the clipped reading is the usual one.
        """
        return any(
            self.gazetteer.named(text[level_at - length:level_at + 1])
            for length in range(2, min(level_at, _LONGEST_STEM) + 1)
        )

    # -- resolving -----------------------------------------------------------------------

    def _take(self, hit: _Hit, zone: int, words: Words) -> None:
        identity, named = self._identify(hit, words)
        if identity is None:
            return
        if names.in_passing(words.text, hit.start, hit.end):
            zone = _BODY  # the body that awards or is celebrated, not the one the story is about
        if hit.kind == "slip":
            self.slips.append((identity, zone, hit.surface))
            return
        self._count(identity, zone, hit.surface, named)

    def _identify(self, hit: _Hit, words: Words) -> tuple[_Identity | None, bool]:
        if hit.kind in ("admin", "slip"):
            return self._admin_identity(hit.record), True
        if hit.kind == "bare":
            return self._bare_identity(hit.bare)
        if hit.kind == "township":
            return self._township_identity(hit)
        found = hit.named
        if found.kind == "national":
            return _Identity(NATIONAL_NAME, NATIONAL), True
        if found.kind == "national_industry":
            return _Identity(found.name, INDUSTRY, parent_name=NATIONAL_NAME), True
        if found.kind == "company_generic":
            company = self._company_before(words, hit.start)
            if company is None:
                return None, False
            return self._named_identity(company + "工会", ENTERPRISE, company), True
        level = {"enterprise": ENTERPRISE, "industry": INDUSTRY, "joint": JOINT}[found.kind]
        return self._named_identity(found.name, level, found.name), True

    def _named_identity(self, name: str, level: str, own_words: str) -> _Identity:
        """A union known by its own name; its place is the one its name gives, if any."""
        mentions = self.gazetteer.mentions(own_words, home_province_code=self.context.province_code)
        code = mentions[0].record.code if mentions else None
        return _Identity(name, level, place_code=code)

    def _admin_identity(self, record: PlaceRecord) -> _Identity:
        gazetteer = self.gazetteer
        if record.level == "province":
            return _Identity(record.name + _UNION_WORD, PROVINCIAL, record.code, NATIONAL_NAME, record)
        if record.level == "city":
            province = gazetteer.province_of(record)
            parent = province.name + _UNION_WORD if province else None
            return _Identity(record.name + _UNION_WORD, CITY, record.code, parent, record)
        upper = gazetteer.city_of(record)
        if upper is None or upper.code == record.code:
            upper = gazetteer.province_of(record)
        prefix = upper.name if upper else ""
        parent = upper.name + _UNION_WORD if upper else None
        return _Identity(prefix + record.name + _UNION_WORD, COUNTY, record.code, parent, record)

    def _bare_identity(self, bare: BareHit) -> tuple[_Identity | None, bool]:
        """市总工会, 县总: the body of that level named last, else a place, else the context."""
        for identity in reversed(self.recent):
            if _fits_level(identity, bare.level):
                return identity, True
        for record in reversed(self.places):
            found = self._record_for_level(record, bare.level)
            if found:
                return self._admin_identity(found), True
        code = {"省": self.context.province_code, "市": self.context.city_code}.get(
            bare.level, self.context.county_code
        )
        record = self._get(code)
        if record and self._record_for_level(record, bare.level) == record:
            return self._admin_identity(record), False
        return None, False

    def _record_for_level(self, record: PlaceRecord, level: str) -> PlaceRecord | None:
        """The place of the given level a mention of ``record`` points at, if any."""
        gazetteer = self.gazetteer
        if level == "省":
            return record if record.level == "province" else gazetteer.province_of(record)
        if level == "市":
            if record.level == "city" or record.is_municipality:
                return record
            if record.level == "county":
                return record if record.name.endswith("市") else gazetteer.city_of(record)
            return None
        if record.level == "county" and record.name.endswith(level):
            return record
        return None

    def _township_identity(self, hit: _Hit) -> tuple[_Identity | None, bool]:
        township = hit.named.stem
        context = hit.record
        if context is None:
            for identity in reversed(self.recent):
                if identity.level == TOWNSHIP and identity.name.endswith(township + _UNION_WORD):
                    return identity, True
        county = context if context is not None and context.level == "county" else None
        city = context if context is not None and context.level != "county" else None
        if county is None:
            county = self._context_county(city)
        if county is None and city is None and self.context.city_code:
            city = self._get(self.context.city_code)
        if county is not None:
            parent = self._admin_identity(county).name
            return _Identity(county.name + hit.named.name, TOWNSHIP, county.code, parent), True
        if city is not None:
            return _Identity(city.name + hit.named.name, TOWNSHIP, city.code), True
        return _Identity(hit.named.name, TOWNSHIP), True

    def _context_county(self, city: PlaceRecord | None) -> PlaceRecord | None:
        """The county the article is in (named last, else its place), within ``city`` if given."""
        candidates: list[PlaceRecord] = [i.record for i in reversed(self.recent)
                                         if i.level == COUNTY and i.record is not None]
        candidates += [r for r in reversed(self.places) if r.level == "county"]
        if self.context.county_code:
            record = self._get(self.context.county_code)
            if record:
                candidates.append(record)
        for record in candidates:
            upper = self.gazetteer.city_of(record)
            if city is None or (upper is not None and upper.code == city.code):
                return record
        return None

    def _company_before(self, words: Words, position: int) -> str | None:
        """The company a bare 公司工会 belongs to: the last one named in this or the last paragraph."""
        found = [name for start, _, name in names.company_names(words) if start < position]
        if not found and self.previous_text:
            found = [name for _, _, name in names.company_names(Words(self.previous_text))]
        return found[-1] if found else None

    def _get(self, code: str | None) -> PlaceRecord | None:
        try:
            return self.gazetteer.get(code) if code else None
        except KeyError:
            return None

    # -- bookkeeping ---------------------------------------------------------------------

    def _count(self, identity: _Identity, zone: int, surface: str, named: bool) -> None:
        body = self.bodies.get(identity.name)
        if body is None:
            body = self.bodies[identity.name] = _Body(identity, zone, self.order)
            self.order += 1
        body.count += 1
        body.named = body.named or named
        if surface not in body.surfaces:
            body.surfaces.append(surface)
        self.recent.append(identity)

    def result(self) -> list[UnionTag]:
        for identity, zone, surface in self.slips:
            body = self.bodies.get(identity.name)
            if body is not None:  # a slip only counts for a body the text names properly
                body.count += 1
                if surface not in body.surfaces:
                    body.surfaces.append(surface)
        bodies = [b for b in self.bodies.values() if b.zone < _BODY or b.named]
        head = sorted((b for b in bodies if b.zone < _BODY), key=lambda b: (b.zone, b.order))
        tail = sorted((b for b in bodies if b.zone == _BODY), key=lambda b: (-b.count, b.order))
        return [_tag(b) for b in (head + tail)[:MAX_UNIONS]]


def _tag(body: _Body) -> UnionTag:
    identity = body.identity
    return UnionTag(
        name=identity.name,
        level=identity.level,
        place_code=identity.place_code,
        parent_name=identity.parent_name,
        surfaces=tuple(body.surfaces),
    )


def _fits_level(identity: _Identity, level: str) -> bool:
    record = identity.record
    if level == "省":
        return identity.level == PROVINCIAL
    if level == "市":
        return identity.level == CITY or (
            identity.level == COUNTY and record is not None and record.name.endswith("市")
        )
    return identity.level == COUNTY and record is not None and record.name.endswith(level)


def _chain_start(mention: PlaceMention, by_end: dict[int, PlaceMention], gazetteer: Gazetteer) -> int:
    """Extend a place leftwards over the places printed above it (江苏省扬州市 → 江苏省)."""
    start = mention.start
    lower = mention.record
    while start in by_end:
        upper = by_end[start].record
        if upper.code not in _ancestor_codes(lower, gazetteer):
            break
        start = by_end[start].start
        lower = upper
    return start


def _ancestor_codes(record: PlaceRecord, gazetteer: Gazetteer) -> set[str]:
    codes = set()
    for upper in (gazetteer.city_of(record), gazetteer.province_of(record)):
        if upper is not None and upper.code != record.code:
            codes.add(upper.code)
    return codes


def _resolve_overlaps(hits: Iterable[_Hit]) -> list[_Hit]:
    """Keep the earliest, then longest, of overlapping hits (绍兴柯桥区总工会 over 区总工会)."""
    kept: list[_Hit] = []
    for hit in sorted(hits, key=lambda h: (h.start, -(h.end - h.start))):
        if any(hit.start < k.end and k.start < hit.end for k in kept):
            continue
        kept.append(hit)
    return kept
