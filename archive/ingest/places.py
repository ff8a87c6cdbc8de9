"""Tagging stage: where an article happens, as province, city and county codes.

An article names many places; it happens in the one its headline and lead are about. So the
text is read in zones — the title block (kicker, title, subtitle), then the lead paragraph,
then the rest of the body — and the first zone that names a place decides: its most named
city, and the most named county of that city in the same zone. A place inside a union's
name counts like any other (金华市总工会 names 金华市). When that zone names only a province
(山东省总出台…), the article is tagged with the province alone, unless the zone is the
headline and the lead narrows it to a city of that province. When only the body names
places and no one province has most of them, the article is a round-up and gets no place.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from archive.gazetteer import Gazetteer, PlaceMention, PlaceRecord
from archive.gazetteer.records import COUNTY, PROVINCE

from .types import ArticleDraft, PlaceTag

HEAD, LEAD, BODY, CAPTIONS = "head", "lead", "body", "captions"
ZONES = (HEAD, LEAD, BODY, CAPTIONS)
CAPTION = re.compile(r"^(?:图为|图中|上图|下图|左图|右图|图\s*\d|图片)")


@dataclass(frozen=True)
class _Zoned:
    zone: str
    mention: PlaceMention


def tag_place(
    article: ArticleDraft, gazetteer: Gazetteer, home_province_code: str | None = None
) -> PlaceTag:
    """The place ``article`` is about; an empty tag when it names none.

    ``home_province_code`` is a local paper's province (浙江工人日报: 330000, national
    papers: None); it settles names that places in several provinces share.
    """
    zoned = _mentions_by_zone(article, gazetteer, home_province_code)
    everything = [z.mention for z in zoned]
    for zone in ZONES:
        named = [z.mention for z in zoned if z.zone == zone]
        if not named:
            continue
        if zone in (BODY, CAPTIONS) and not _one_place_dominates(named, gazetteer):
            return PlaceTag()  # a round-up of many regions happens in none of them
        local = [m for m in named if m.record.level != PROVINCE]
        if local:
            return _local_tag(local, everything, gazetteer)
        province = _most_named([m.record for m in named])
        if zone == HEAD:
            narrower = [z.mention for z in zoned if z.zone == LEAD
                        and z.mention.record.level != PROVINCE
                        and gazetteer.province_of(z.mention.record) == province]
            if narrower:
                return _local_tag(narrower, everything, gazetteer)
        return _province_tag(province, gazetteer)
    return PlaceTag()


def _one_place_dominates(named: list[PlaceMention], gazetteer: Gazetteer) -> bool:
    """True when most of the body's place names lie in one province.

    A headline and lead say where a story happens; a body that only lists places (各地工会…
    北京、天津、上海…) says where it does not happen in particular.
    """
    provinces = Counter(gazetteer.province_of(m.record).code for m in named)
    return provinces.most_common(1)[0][1] * 2 > len(named)


def _mentions_by_zone(
    article: ArticleDraft, gazetteer: Gazetteer, home_province_code: str | None
) -> list[_Zoned]:
    """All place mentions of the article, each labelled with the zone it falls in.

    The article is searched as one text, so a name in the body can be settled by a city the
    headline gave (江北区 after 宁波江北区).
    """
    head = "\n".join(p for p in (article.kicker, article.title, article.subtitle) if p)
    # Photo captions are read last: the company a picture was taken at is not where the
    # story happens, unless the item is nothing but pictures (then its caption is its lead).
    text_paragraphs = [p for p in article.paragraphs if not CAPTION.match(p)]
    captions = [p for p in article.paragraphs if CAPTION.match(p)]
    if not text_paragraphs:
        text_paragraphs, captions = captions, []
    # A byline can carry a place too (■丽水莲都区总工会程美双): it is read with the lead.
    first = text_paragraphs[0] if text_paragraphs else ""
    lead = "\n".join(p for p in (article.byline, first) if p)
    pieces = [(HEAD, head), (LEAD, lead), (BODY, "\n".join(text_paragraphs[1:])),
              (CAPTIONS, "\n".join(captions))]
    pieces = [(zone, _without_people(text, article)) for zone, text in pieces]
    text, bounds, offset = "", [], 0
    for zone, piece in pieces:
        bounds.append((zone, offset, offset + len(piece)))
        text += piece + "\n"
        offset += len(piece) + 1
    zoned = []
    for mention in gazetteer.mentions(text, home_province_code=home_province_code):
        for zone, start, end in bounds:
            if start <= mention.start < end:
                zoned.append(_Zoned(zone, mention))
                break
    return zoned


def _without_people(text: str, article: ArticleDraft) -> str:
    """The text with the names of the people it credits blanked out: a photographer called
    李朝阳 does not make the story happen in 朝阳."""
    for name in {credit.name for credit in article.credits}:
        text = text.replace(name, "〇" * len(name))
    return text


def _local_tag(local: list[PlaceMention], everything: list[PlaceMention],
               gazetteer: Gazetteer) -> PlaceTag:
    """The most named city of the deciding zone and its most named county there.

    Ties go to the place named more often in the whole article, then to the one named first.
    """
    overall = Counter(code for m in everything for code in _counted_codes(m.record, gazetteer))
    first = {}
    for index, mention in enumerate(everything):
        for code in _counted_codes(mention.record, gazetteer):
            first.setdefault(code, index)

    def best(records: list[PlaceRecord]) -> PlaceRecord:
        counts = Counter(r.code for r in records)
        code = min(counts, key=lambda c: (-counts[c], -overall[c], first.get(c, len(everything))))
        return gazetteer.get(code)

    units = [_unit(m.record, gazetteer) for m in local]
    if _no_one_unit_leads(units, overall):
        # 嘉兴、苏州、上海三地工会…: named alike, none of them is where the story happens.
        provinces = {gazetteer.province_of(u).code for u in units}
        if len(provinces) == 1:
            return _province_tag(gazetteer.get(provinces.pop()), gazetteer, with_city=False)
        return PlaceTag()
    unit = best(units)
    if unit.level == COUNTY:
        county: PlaceRecord | None = unit  # a county with no city above it (仙桃市)
    else:
        counties = [m.record for m in local
                    if m.record.level == COUNTY and gazetteer.city_of(m.record) == unit]
        county = best(counties) if counties else None
    city = gazetteer.city_of(unit)
    return PlaceTag(
        province_code=gazetteer.province_of(unit).code,
        city_code=city.code if city else None,
        county_code=county.code if county else None,
    )


def _no_one_unit_leads(units: list[PlaceRecord], overall: Counter) -> bool:
    """Two or more cities named equally often, here and in the whole article."""
    counts = Counter(u.code for u in units)
    top = max(counts.values())
    leaders = [code for code, n in counts.items() if n == top]
    if len(leaders) < 2:
        return False
    best_overall = max(overall[code] for code in leaders)
    return sum(1 for code in leaders if overall[code] == best_overall) >= 2


def _counted_codes(record: PlaceRecord, gazetteer: Gazetteer) -> set[str]:
    """A mention counts for the place named and for its city."""
    return {record.code, _unit(record, gazetteer).code}


def _unit(record: PlaceRecord, gazetteer: Gazetteer) -> PlaceRecord:
    """What a mention counts for when choosing the city: its city, or itself if it has none."""
    return gazetteer.city_of(record) or record


def _most_named(records: list[PlaceRecord]) -> PlaceRecord:
    counts = Counter(r.code for r in records)
    best = max(counts, key=lambda code: counts[code])  # first named wins a tie
    return next(r for r in records if r.code == best)


def _province_tag(province: PlaceRecord, gazetteer: Gazetteer, *,
                  with_city: bool = True) -> PlaceTag:
    if not with_city:
        return PlaceTag(province_code=province.code)
    city = gazetteer.city_of(province)  # a municipality is its own city
    return PlaceTag(province_code=province.code, city_code=city.code if city else None)
