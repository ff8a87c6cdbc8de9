"""Stage 2: take control characters out of page text, split it into paragraphs and strip
the markup that transcription added.

Pages arrive as plain text or as Markdown (``#`` headings, ``**bold**``). A heading mark is
kept as a number on the block — it is evidence for the segmenter that the line is a title —
and removed from the text. Punctuation stays as printed (full-width and ASCII mixed); only
white space is normalised.
"""
from __future__ import annotations

import re

from ..control_chars import clean_control_chars, has_line_breaking_controls
from .types import Block

_LINE = re.compile(r"[^\r\n]+")
_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s*")
_EMPHASIS = re.compile(r"\*\*|__")
_SPACES = re.compile(r"[ \t\u00a0\u3000\u2002-\u200b]+")
_HAN = "\u4e00-\u9fff"
# A lone ASCII space between two Han characters inside running text is a scanning artefact
# (建设得更 有活力); spaces between phrases of a title (多走动 常联系) are meaningful, so this
# is applied to body text only (see ``tidy_body_text``).
_SPACE_BETWEEN_HAN = re.compile(rf"(?<=[{_HAN}，。、；：！？”“）]) (?=[{_HAN}，。、；：！？”“（])")


def remove_control_chars(text: str) -> tuple[str, list[str]]:
    """The page text without control characters, and a note for staff when any were removed.

    pdftotext ends each page with a form feed, so a form feed (like a vertical tab) becomes
    a line break; CRLF and CR become LF; every other control character, and anything else
    XML cannot hold, goes. This runs before any offset is taken, so the text kept as the
    page's original and every article's span agree with each other.
    """
    cleaned, count = clean_control_chars(text)
    if not count:
        return cleaned, []
    how = "（换页符和垂直制表符按换行处理）" if has_line_breaking_controls(text) else ""
    return cleaned, [f"页面文字中有 {count} 个控制字符，已清除{how}"]


def split_blocks(text: str) -> list[Block]:
    """Return one Block per non-blank line, with offsets into ``text``.

    Most transcriptions put a paragraph on one line; raw OCR keeps the printed lines, which
    ``unwrap.py`` puts back together.
    """
    blocks: list[Block] = []
    for match in _LINE.finditer(text):
        line = match.group()
        heading = 0
        heading_mark = _HEADING.match(line)
        if heading_mark:
            heading = len(heading_mark.group(1))
            line = line[heading_mark.end():]
        line = _EMPHASIS.sub("", line)
        line = _SPACES.sub(" ", line).strip()
        if not line or set(line) <= set("-*_=#>|"):
            continue  # blank, or a Markdown rule / stray marks
        blocks.append(Block(text=line, start=match.start(), end=match.end(), heading=heading))
    return blocks


def tidy_body_text(text: str) -> str:
    """Drop stray spaces inside running Chinese text; keep them between Latin words."""
    return _SPACE_BETWEEN_HAN.sub("", text)


# ASCII marks typed into Chinese text, and the full-width marks Chinese typesetting uses.
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？"}
_CJK = rf"{_HAN}\u3000-\u303f\uff00-\uffef“”‘’…—"
_ASCII_MARK = re.compile(rf"(?<=[{_CJK}])\s*([,:;!?])\s*|([,:;!?])(?=\s*[{_HAN}“‘])")
_BRACKETS = re.compile(r"\(([^()]{0,40})\)")
_HAN_CHAR = re.compile(rf"[{_HAN}]")


def full_width_punctuation(text: str) -> str:
    """Chinese punctuation in Chinese text: ``“导游”,致敬`` → ``“导游”，致敬``, ``市总:10项``
    → ``市总：10项``, ``(试行)`` → ``（试行）``.

    A mark between digits or Latin words (``1,000``, ``10:30``, ``e.g.``) stays as it is.
    """
    text = _ASCII_MARK.sub(lambda m: _FULL_WIDTH[m.group(1) or m.group(2)], text)

    def bracket(match: re.Match[str]) -> str:
        before = text[match.start() - 1:match.start()]
        after = text[match.end():match.end() + 1]
        if _HAN_CHAR.search(match.group(1) + before + after):
            return f"（{match.group(1)}）"
        return match.group(0)

    return _BRACKETS.sub(bracket, text)
