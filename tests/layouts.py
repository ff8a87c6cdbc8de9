"""Lay a page out again the way raw OCR delivers it, to test that the cut does not depend on
the layout.

Raw OCR keeps every printed line: body text arrives hard-wrapped at the column width, each
article in its own column width, and the blank lines around headlines are often missing.
Headlines are printed across columns, so each stays one line; OCR output has no Markdown.
``hard_wrapped`` takes a page and the headline lines the importer found on it and gives the
same words in that layout.
"""
from __future__ import annotations

import random
from collections.abc import Iterable, Sequence

COLUMN_WIDTHS = range(16, 25)


def hard_wrapped(text: str, headlines: Iterable[str], *, seed: int,
                 widths: Sequence[int] = COLUMN_WIDTHS, blank_after_headline: float = 0.5,
                 blank_between_paragraphs: float = 0.3, indent: str = "") -> str:
    """The page's lines wrapped at a column width chosen per article (from ``widths``).

    A new width is drawn at every headline, so the articles of one page are set in different
    widths. A blank line follows a headline with probability ``blank_after_headline`` and
    separates two body paragraphs with probability ``blank_between_paragraphs``; a blank
    line inside a sentence (a column break in the source) becomes a plain line break.
    """
    rng = random.Random(seed)
    titles = {_bare(line) for line in headlines if line.strip()}
    width = rng.choice(widths)
    out: list[str] = []
    previous_was_title = starts_paragraph = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        line = line.lstrip("#").strip().replace("**", "")  # OCR output carries no markup
        if _bare(line) in titles:
            width = rng.choice(widths)
            if out and out[-1] != "":
                out.append("")
            out.append(line)
            previous_was_title = starts_paragraph = True
            continue
        if out and out[-1] != "":
            gap = blank_after_headline if previous_was_title else blank_between_paragraphs
            if rng.random() < gap:
                out.append("")
        lines = printed_lines(line, width)
        if indent and starts_paragraph:
            lines[0] = indent + lines[0]
        out.extend(lines)
        previous_was_title = False
        starts_paragraph = line.endswith(_SENTENCE_ENDS)
    return "\n".join(out) + "\n"


def _bare(line: str) -> str:
    """A line without punctuation or spaces: the importer shows ASCII marks full-width."""
    return "".join(char for char in line if char.isalnum())


_SENTENCE_ENDS = tuple("。！？!?…；;”’）)")
# Marks a line may not start with (typesetters hang them at the end of the line above).
_NO_LINE_START = "，。、；：！？）》」』”’,.;:!?)"
_NO_LINE_END = "（《「『“‘("  # and may not end with


def printed_lines(paragraph: str, width: int) -> list[str]:
    """Cut a paragraph where a column of ``width`` full-width characters fills up (digits,
    Latin letters and ASCII marks take half a column; closing marks hang at the line end,
    opening marks go down to the next line)."""
    lines, current, used = [], "", 0.0
    for char in paragraph:
        size = 0.5 if ord(char) < 0x2000 else 1.0
        if used + size > width and char not in _NO_LINE_START:
            carried = ""
            while current and current[-1] in _NO_LINE_END:  # an opening mark goes down too
                carried, current = current[-1] + carried, current[:-1]
            lines.append(current)
            current, used = carried, sum(0.5 if ord(c) < 0x2000 else 1.0 for c in carried)
        current += char
        used += size
    if current:
        lines.append(current)
    return lines
