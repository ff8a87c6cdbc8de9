"""Union names that say only a level, not which union: 市总工会, 县总, 区总工会, 公司工会, 工会.

Papers print them for the body of that level where the article happens (the importer reads
them that way, in ``archive.ingest.unions``), so they are no one union's name: one stored as
an alias would make every 市总工会 in every city that union. They are never aliases — not
added by the importer, not copied by a merge, refused in the admin — and never looked up as
another name of a union.

Pure string work, no database.
"""
from __future__ import annotations

import re

# The forms papers print, as staff would type them.
GENERIC_NAMES = frozenset(
    "区总工会 县总工会 市总工会 省总工会 市总 县总 区总 省总 总工会 公司工会 工会".split()
)

# A level word, optionally after 本/该/各/全/我 (全省总工会, 本市总工会), then a union word:
# nothing in it names a place or a body.
_LEVEL = "自治区|自治州|自治县|街道|社区|公司|集团|企业|单位|基层|产业|行业|省|市|县|区|旗|州|盟|镇|乡|村"
_GENERIC = re.compile(
    rf"(?:[本该各全我]?(?:{_LEVEL})级?委?(?:总工会|总会|总|联合工会|工会)"
    r"|(?:总工会|总会|联合工会|工会))"
)
_SPACES = re.compile(r"\s+")


def is_generic(name: str) -> bool:
    """True when ``name`` says only a level (市总工会, 县总, 公司工会, 全省总工会, 工会).

    全总 and 全国总工会 name one body (the national federation) and are not generic; nor is
    any name with a place or an organisation in it (湖州市总工会, 下城区工会, 东磁公司工会).
    """
    text = _SPACES.sub("", name or "")
    return not text or text in GENERIC_NAMES or bool(_GENERIC.fullmatch(text))
