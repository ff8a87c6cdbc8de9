"""The gazetteer's record type: one GB/T 2260 division, as the rest of the product sees it."""
from __future__ import annotations

from dataclasses import dataclass

PROVINCE = "province"
CITY = "city"
COUNTY = "county"
LEVELS = (PROVINCE, CITY, COUNTY)

# 北京 天津 上海 重庆: province-level units that are cities too, with districts directly below.
MUNICIPALITY_PREFIXES = frozenset({"11", "12", "31", "50"})


@dataclass(frozen=True)
class PlaceRecord:
    """A province, prefecture-level city or county-level unit, current or former.

    Former units (江干区 330104, merged into 上城区 in 2021) are kept because older
    articles name them; their ``parent_code`` is the city they belonged to, if it exists.
    """

    code: str  # 6-digit GB/T 2260 code: "330000", "330100", "330603"
    name: str  # official full name: 浙江省, 绍兴市, 柯桥区
    level: str  # "province" | "city" | "county"
    parent_code: str | None
    is_current: bool
    short_names: tuple[str, ...]  # derived by rule: 绍兴市→绍兴, 宁夏回族自治区→宁夏
    former_names: tuple[str, ...]

    @property
    def is_municipality(self) -> bool:
        """A 直辖市: the province-level record that also acts as its own city."""
        return self.level == PROVINCE and self.code[:2] in MUNICIPALITY_PREFIXES
