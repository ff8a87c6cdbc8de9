"""Short forms of division names, derived by rule from the official full name.

Papers write 绍兴 for 绍兴市, 柯桥 for 柯桥区 and 宁夏 for 宁夏回族自治区. The rule strips one
administrative suffix and, for autonomous units, the names of the peoples the unit is for; a
stem of one character keeps its suffix (沙县 stays 沙县, 城区 stays 城区), since a single
character is no name in running text.
"""
from __future__ import annotations

import re

# Longest first, so 自治县 is tried before 县 and 新区 before 区.
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区", "新区", "矿区",
    "省", "市", "区", "县", "旗", "盟",
)
_AUTONOMOUS = ("自治区", "自治州", "自治县", "自治旗")

# The peoples named in autonomous units (the 族 is optional in some official names:
# 博尔塔拉蒙古自治州, 克孜勒苏柯尔克孜自治州, 新疆维吾尔自治区).
_PEOPLES = (
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家",
    "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇",
    "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米",
    "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙",
    "鄂伦春", "赫哲", "门巴", "珞巴", "基诺",
)
# A one-character people name (回, 藏, 水, 白…) counts only with 族, lest 北京 lose its 京.
_PEOPLE_TAIL = re.compile(
    "(?:(?:" + "|".join(sorted((p for p in _PEOPLES if len(p) > 1), key=len, reverse=True))
    + ")族?|(?:" + "|".join(p for p in _PEOPLES if len(p) == 1) + ")族)$"
)

MIN_STEM = 2


def strip_peoples(stem: str) -> str:
    """Remove trailing people names (恩施土家族苗族 → 恩施) while two characters remain."""
    while True:
        match = _PEOPLE_TAIL.search(stem)
        if not match or match.start() < MIN_STEM:
            return stem
        stem = stem[: match.start()]


def has_suffix(name: str) -> bool:
    """Whether a name ends in an administrative suffix (滑县, 柯桥区), unlike 柯桥 or 嘉兴."""
    return any(name.endswith(suffix) and len(name) > len(suffix) for suffix in _SUFFIXES)


def short_forms(name: str, level: str = "") -> tuple[str, ...]:
    """The forms a paper prints instead of ``name`` (empty when none is safe to derive).

    ``level`` is accepted so callers state what they derive for; the rule itself is the
    same for every level, because the suffix already says what kind of unit a name is.
    """
    del level
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= MIN_STEM:
            stem = name[: -len(suffix)]
            break
    else:
        return ()
    if suffix in _AUTONOMOUS:
        stem = strip_peoples(stem)
    return (stem,)
