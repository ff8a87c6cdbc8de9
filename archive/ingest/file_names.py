"""What a page file's name says about the page: its date, page number (版次) and page name.

Scanning offices name their files in a handful of ways — ``zjgr_20210408_p3.txt``,
``2021-04-08_第3版_要闻.txt``, ``20210408-03.txt``, ``工人日报_2019.11.21_03版.txt`` — and staff
should not have to type again what the name already says. The reading is cautious: a number is
taken as a page number only when something marks it as one (``p``/``page``/``第…版``/``…版``,
or two digits right after the date), so a name like ``000_e56401c083caef72.txt`` says nothing.
What is read is only a suggestion; the form shows it and staff may change it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})(?:(?P<sep>[-_.]?)(?P<m>\d{2})(?P=sep)(?P<d>\d{2})"
    r"|年(?P<cm>\d{1,2})月(?P<cd>\d{1,2})日)(?!\d)"
)
_MARKED_PAGE = re.compile(
    r"(?:(?<![A-Za-z])(?:p|page|pg)[-_]?(?P<p>\d{1,3})(?!\d))"
    r"|(?:第\s*(?P<cn>\d{1,3}|[一二三四五六七八九十]{1,3})\s*版)"
    r"|(?:(?<![\dA-Za-z])(?P<v>\d{1,3})\s*版)",
    re.IGNORECASE,
)
_AFTER_DATE_PAGE = re.compile(r"^[-_ ](?P<n>\d{1,2})(?=$|[-_ ])")
_NAME = re.compile(r"^[-_ ]*(?P<name>[\u4e00-\u9fff]{2,12})(?:[-_ ]|$)")


@dataclass(frozen=True)
class FileNameFacts:
    """What could be read from one file name; None or "" where the name does not say."""

    date: date | None = None
    page_number: int | None = None
    page_name: str = ""


def read_file_name(file_name: str) -> FileNameFacts:
    """The date, page number and page name a file name gives, where it gives them."""
    stem = PurePath(file_name).stem
    found_date, rest_after_date = _date_in(stem)
    number, after_number = _page_in(stem, rest_after_date)
    name = ""
    if after_number is not None:
        match = _NAME.match(after_number)
        if match:
            name = match.group("name")
    return FileNameFacts(date=found_date, page_number=number, page_name=name)


def _date_in(stem: str) -> tuple[date | None, str | None]:
    for match in _DATE.finditer(stem):
        try:
            found = date(int(match["y"]), int(match["m"] or match["cm"]),
                         int(match["d"] or match["cd"]))
        except ValueError:
            continue
        return found, stem[match.end():]
    return None, None


def _page_in(stem: str, after_date: str | None) -> tuple[int | None, str | None]:
    """The page number and the text after it; a marked number anywhere wins over two
    bare digits right after the date."""
    # The date's own digits are no page number: look after the date, then before it.
    parts = [stem] if after_date is None else [after_date, stem[: len(stem) - len(after_date)]]
    for searched in parts:
        for match in _MARKED_PAGE.finditer(searched):
            value = _number(match["p"] or match["cn"] or match["v"])
            if value >= 1:
                return value, searched[match.end():]
    if after_date is not None:
        match = _AFTER_DATE_PAGE.match(after_date)
        if match and int(match["n"]) >= 1:
            return int(match["n"]), after_date[match.end():]
    return None, None


_DIGITS = {c: n for n, c in enumerate("一二三四五六七八九", start=1)}


def _number(text: str) -> int:
    """An Arabic number, or a Chinese one up to 九十九 (三, 十二, 二十)."""
    if text.isdecimal():
        return int(text)
    tens, _, units = text.partition("十")
    if "十" not in text:
        return _DIGITS.get(text, 0) if len(text) == 1 else 0
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(units, 0) if units else 0)
