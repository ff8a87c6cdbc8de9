"""What staff must confirm before an import: a paper the archive has never seen, a date
that cannot be a date of the paper.

Both are the slips of a hurried upload: a typo in the paper's name (浙江工人曰报) would make
a new publication, a typo in the year (2031, 1000) would stretch the archive's time span.
Neither is refused outright — a new paper does come, an old issue does turn up — but each
is named, with what it probably should have been, and imported only once confirmed.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Min
from django.utils import timezone

from ..models import Issue, Publication, PublicationTitle

CLOSEST_SHOWN = 3
CLOSE_ENOUGH = 0.5  # difflib's ratio: 浙江工人曰报 against 浙江工人日报 is 0.83


@dataclass(frozen=True)
class Check:
    """One thing to confirm: its key (the confirmation's name) and what to tell staff."""

    key: str
    message: str


NEW_PUBLICATION = "new_publication"
ODD_DATE = "odd_date"


def closest_publications(name: str) -> list[str]:
    """The stored papers whose name (or a former name) is most like ``name``."""
    names = list(Publication.objects.values_list("name", flat=True))
    former = dict(PublicationTitle.objects.values_list("name", "publication__name"))
    found = difflib.get_close_matches(name, names + list(former), n=CLOSEST_SHOWN * 2,
                                      cutoff=CLOSE_ENOUGH)
    return list(dict.fromkeys(former.get(match, match) for match in found))[:CLOSEST_SHOWN]


def publication_check(name: str) -> Check | None:
    if Publication.objects.filter(name=name).exists():
        return None
    closest = closest_publications(name)
    hint = (f"最接近的已有报名：{'、'.join(closest)}。是否输错了报名？" if closest
            else "档案库中还没有相近的报名。")
    return Check(NEW_PUBLICATION,
                 f"“{name}”不是档案库中已有的报名，导入会新建这份报纸。{hint}")


def first_issue_date(name: str) -> date | None:
    """The earliest date the archive knows for the paper: its first stored issue, or the
    first date of its earliest recorded title."""
    publication = Publication.objects.filter(name=name).first()
    if publication is None:
        return None
    dates = [
        Issue.objects.filter(publication=publication).aggregate(first=Min("date"))["first"],
        publication.titles.aggregate(first=Min("first_date"))["first"],
    ]
    known = [value for value in dates if value is not None]
    return min(known) if known else None


def date_check(name: str, issue_date: date) -> Check | None:
    today = timezone.localdate()
    if issue_date > today:
        return Check(ODD_DATE, f"出版日期 {issue_date:%Y-%m-%d} 晚于今天（{today:%Y-%m-%d}）。"
                               "是否输错了年份？")
    earliest = settings.ARCHIVE_EARLIEST_ISSUE_DATE
    if issue_date < earliest:
        return Check(ODD_DATE, f"出版日期 {issue_date:%Y-%m-%d} 早于 {earliest:%Y年}，"
                               "档案库收录的报纸没有这么早的。是否输错了年份？")
    first = first_issue_date(name)
    if first is not None and issue_date < first:
        return Check(ODD_DATE, f"出版日期 {issue_date:%Y-%m-%d} 早于档案库中{name}最早的一期"
                               f"（{first:%Y-%m-%d}）。是否输错了日期？")
    return None


def checks(name: str, issue_date: date) -> list[Check]:
    """Everything to confirm before importing an issue of ``name`` dated ``issue_date``."""
    return [check for check in (publication_check(name), date_check(name, issue_date))
            if check is not None]


def unconfirmed(name: str, issue_date: date, confirmed: set[str]) -> list[Check]:
    return [check for check in checks(name, issue_date) if check.key not in confirmed]
