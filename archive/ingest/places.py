"""Tagging stage: where an article happens, as province, city and county codes.

An article names many places; it happens in the one its headline and lead are about. So the
text is read in zones — the title block (kicker, title, subtitle), then the lead paragraph,
then the rest of the body — and the first zone that names a city or county decides: its most
named city, and the most named county of that city in the same zone. A place inside a union's
name counts like any other (金华市总工会 names 金华市). When the headline names only a
province (山东省总出台…), the lead may still narrow it to a city of that province; failing
that the article is tagged with the province alone.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from archive.gazetteer import Gazetteer, PlaceMention, PlaceRecord
from archive.gazetteer.records import COUNTY, PROVINCE

from .types import ArticleDraft, PlaceTag

HEAD, LEAD, BODY = "head", "lead", "body"


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
    province_hint: PlaceRecord | None = None
    for zone in (HEAD, LEAD, BODY):
        in_zone = [z.mention for z in zoned if z.zone == zone]
        local = [m for m in in_zone if m.record.level != PROVINCE]
        if province_hint is not None:
            local = [m for m in local if gazetteer.province_of(m.record) == province_hint]
        if local:
            return _tag_from(local, [z.mention for z in zoned], gazetteer)
        if province_hint is not None:
            break  # the headline named a province; only the lead may narrow it
        provinces = [m.record for m in in_zone if m.record.level == PROVINCE]
        if provinces and zone == HEAD:
            province_hint = _most_named(provinces)
        elif provinces and zone != HEAD:
            # A lead or body that names only provinces: take the one named most, unless
            # the article goes on to name a city of some province further down.
            later = [z for z in zoned if _zone_index(z.zone) > _zone_index(zone)
                     and z.mention.record.level != PROVINCE]
            if not later:
                return _province_tag(_most_named(provinces), gazetteer)
    if province_hint is not None:
        return _province_tag(province_hint, gazetteer)
    return PlaceTag()


def _zone_index(zone: str) -> int:
    return (HEAD, LEAD, BODY).index(zone)


def _mentions_by_zone(
    article: ArticleDraft, gazetteer: Gazetteer, home_province_code: str | None
) -> list[_Zoned]:
    """All place mentions of the article, each labelled with the zone it falls in.

    The article is searched as one text, so a name in the body can be settled by a city the
    headline gave (江北区 after 宁波江北区).
    """
    head = "\n".join(p for p in (article.kicker, article.title, article.subtitle) if p)
    # A byline can carry a place too (■丽水莲都区总工会程美双): it is read with the lead.
    lead = "\n".join(p for p in (article.byline, article.lead) if p)
    pieces = [(HEAD, head), (LEAD, lead), (BODY, "\n".join(article.paragraphs[1:]))]
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


def _tag_from(local: list[PlaceMention], everything: list[PlaceMention],
              gazetteer: Gazetteer) -> PlaceTag:
    """Tag from the deciding zone's city and county mentions; the rest only breaks ties."""
    first_seen = {m.record.code: i for i, m in reversed(list(enumerate(everything)))}
    overall = Counter(_unit(m.record, gazetteer).code for m in everything)

    def rank(code: str, counts: Counter) -> tuple[int, int, int]:
        return (-counts[code], -overall[code], first_seen.get(code, len(everything)))

    units = {(_unit(m.record, gazetteer)).code: _unit(m.record, gazetteer) for m in local}
    unit_counts = Counter(_unit(m.record, gazetteer).code for m in local)
    unit = units[min(units, key=lambda code: rank(code, unit_counts))]

    county = unit if unit.level == COUNTY else None
    if county is None:
        counties = [m.record for m in local
                    if m.record.level == COUNTY and gazetteer.city_of(m.record) == unit]
        if counties:
            county_counts = Counter(r.code for r in counties)
            overall_counties = Counter(m.record.code for m in everything)
            best = min(county_counts, key=lambda code: (
                -county_counts[code], -overall_counties[code],
                first_seen.get(code, len(everything))))
            county = gazetteer.get(best)
    city = gazetteer.city_of(unit)
    province = gazetteer.province_of(unit)
    return PlaceTag(
        province_code=province.code,
        city_code=city.code if city else None,
        county_code=county.code if county else None,
    )


def _unit(record: PlaceRecord, gazetteer: Gazetteer) -> PlaceRecord:
    """What a mention counts for when choosing the city: its city, or itself if it has none."""
    return gazetteer.city_of(record) or record


def _most_named(records: list[PlaceRecord]) -> PlaceRecord:
    counts = Counter(r.code for r in records)
    best = max(counts, key=lambda code: counts[code])  # first named wins a tie
    return next(r for r in records if r.code == best)


def _province_tag(province: PlaceRecord, gazetteer: Gazetteer) -> PlaceTag:
    city = gazetteer.city_of(province)  # a municipality is its own city
    return PlaceTag(province_code=province.code, city_code=city.code if city else None)
