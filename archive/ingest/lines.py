"""What each paragraph of a page is, by its shape: the vocabulary of the segmenter."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum

from . import bylines
from .shapes import is_complete, looks_like_title
from .types import Block, Continuation, Credit, Role

_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
JUMP = re.compile(
    r"[（(]\s*(?P<dir>上接|下转|转)(?:第)?\s*(?P<page>[0-9一二三四五六七八九十]{1,3})\s*版\s*[)）]"
)


SUBTITLE_MAX = 64


class LineKind(Enum):
    LEAD = "lead"  # opens with a byline (本报讯 记者X报道 …)
    BYLINE = "byline"  # a byline on a line of its own (本报记者 王伟)
    CREDIT = "credit"  # photo credit (通讯员X 摄)
    AGENCY = "agency"  # picture agency line under a credit (视觉中国)
    SIGNATURE = "signature"  # ■ signed commentary
    JUMP = "jump"  # a continuation marker standing alone: (上接第1版)
    TITLE = "title"  # shaped like a headline
    BODY = "body"


@dataclass
class Line:
    block: Block
    kind: LineKind
    text: str  # the text once byline or jump marks are taken out
    byline: str = ""
    credits: tuple[Credit, ...] = ()
    jumps: list[Continuation] = field(default_factory=list)

    @property
    def heading(self) -> int:
        return self.block.heading

    @property
    def photographed(self) -> bool:
        """The line credits a photographer: a picture's caption or credit."""
        return any(credit.role is Role.PHOTOGRAPHER for credit in self.credits)


def _page_number(token: str) -> int:
    if token.isdigit():
        return int(token)
    if token == "十":
        return 10
    if token.startswith("十"):
        return 10 + _NUMERALS.get(token[1:], 0)
    if "十" in token:
        tens, _, ones = token.partition("十")
        return _NUMERALS.get(tens, 1) * 10 + _NUMERALS.get(ones, 0)
    return _NUMERALS.get(token, 0)


def take_jumps(text: str) -> tuple[str, list[Continuation]]:
    """Remove continuation markers from a paragraph and return them as links."""
    jumps = [
        Continuation("from" if m.group("dir") == "上接" else "to", _page_number(m.group("page")))
        for m in JUMP.finditer(text)
    ]
    return (JUMP.sub("", text).strip(), jumps) if jumps else (text, [])


def classify(block: Block) -> Line:
    """Decide what a paragraph is from its shape alone."""
    text, jumps = take_jumps(block.text)
    if jumps and not text:
        return Line(block, LineKind.JUMP, "", jumps=jumps)
    credit = bylines.parse_credit_line(text)
    if credit and text.startswith(("（", "(")):  # （新华社记者X摄）（传真照片）: no lead
        return Line(block, LineKind.CREDIT, "", byline=text, credits=credit)
    lead = bylines.parse_lead_byline(text)
    if lead is not None and lead.rest:
        return Line(block, LineKind.LEAD, lead.rest, byline=lead.text, credits=lead.credits,
                    jumps=jumps)
    if credit:
        return Line(block, LineKind.CREDIT, "", byline=text, credits=credit)
    standalone = bylines.parse_standalone_byline(text) or bylines.parse_sign_off(text)
    if standalone:
        return Line(block, LineKind.BYLINE, "", byline=text, credits=standalone)
    captioned = bylines.split_trailing_credit(text)
    if captioned:
        caption, credits = captioned
        return Line(block, LineKind.BODY, caption, byline=text[len(caption):].strip(),
                    credits=credits, jumps=jumps)
    if bylines.AGENCY_LINE.match(text):
        return Line(block, LineKind.AGENCY, "", byline=text)
    signature = bylines.parse_signature(text)
    if signature is not None:
        return Line(block, LineKind.SIGNATURE, "", byline=text.lstrip("■□◆●▲ "),
                    credits=signature)
    shaped = Block(text, block.start, block.end, block.heading)
    kind = LineKind.TITLE if looks_like_title(shaped) else LineKind.BODY
    return Line(block, kind, text, jumps=jumps)


def starts_fresh(block: Block) -> bool:
    """True for lines that can never continue the paragraph before them."""
    return block.heading > 0 or classify(block).kind not in (LineKind.BODY, LineKind.TITLE)


def ends_closed(block: Block) -> bool:
    """True for lines that nothing can continue (credits, signatures, jump marks)."""
    return classify(block).kind not in (LineKind.BODY, LineKind.TITLE, LineKind.LEAD)


def promote_subtitles(lines: list[Line]) -> list[Line]:
    """A long subtitle between a headline and a byline lead is part of the title block.

    Subtitles can carry commas (活动规定,100名区镇两级工会干部每人联系10家重点服务企业,…)
    and so look like text on their own; between a title line and a lead, with no full stop,
    they are not.
    """
    for index in range(1, len(lines) - 1):
        line = lines[index]
        if (line.kind is LineKind.BODY and lines[index - 1].kind is LineKind.TITLE
                and lines[index + 1].kind in (LineKind.LEAD, LineKind.BYLINE)
                and len(line.text) <= SUBTITLE_MAX
                and not is_complete(line.text) and "。" not in line.text):
            lines[index] = Line(line.block, LineKind.TITLE, line.text, jumps=line.jumps)
    return lines
