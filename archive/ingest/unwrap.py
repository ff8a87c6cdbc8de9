"""Put hard-wrapped lines back together into paragraphs.

Raw OCR keeps every printed line: a paragraph arrives as a run of lines of the column's width
(16–24 characters in union papers), each article in a width of its own, often with no blank
line between paragraphs or between a headline and its text. A headline is printed across
columns, so it is one line that is shorter or longer than the lines around it.

A line runs on into the next when it is *full* — about as wide as the lines near it — and
nothing says the next line starts afresh: an indented line (on a page that indents its
paragraphs), a byline, credit or sign-off, a headline as wide as the column, a paragraph
opener after a finished sentence. Typesetting's own rules join lines whatever their width:
no printed line starts with a closing mark or ends with an opening one. A short line ends its
paragraph here; if it stopped mid-sentence at a column foot, the column-break stage
(``rejoin.py``) decides, as it does for a blank line inside a sentence.

Widths are measured as printed: a Han character or full-width mark is one column, a digit,
Latin letter or ASCII mark half of one, so ``2019年11月`` is as wide as five characters.
"""
from __future__ import annotations

import re

from .lines import LineKind, classify, ends_closed, starts_fresh
from .shapes import OPENERS, PARAGRAPH_OPENER, is_complete, looks_like_title, splits_a_word
from .types import Block

WINDOW = 6  # lines either side that set a line's local column width
NARROWEST_COLUMN = 8  # no newspaper column is narrower; shorter lines are never "full"
WIDEST_COLUMN = 40  # a line wider than this is a paragraph on one line, not a printed line
_INDENTS = ("  ", "\u3000", "\t")
MIN_INDENTED, MAX_INDENTED = 0.03, 0.6  # shares of lines: paragraph starts, not a margin
_CLOSING = "，。、；：！？）》」』”’"
_CLAUSE_MARKS = "，,、；;：:"
# Particles and prepositions that leave a phrase unfinished.
_NEVER_ENDS_A_HEADLINE = "的了着和与及或在对把被将向从为以等并而且于是已使让给由所其"


def display_width(text: str) -> float:
    """Printed width in columns: ASCII half a column, everything else one."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)


def unwrap(blocks: list[Block], text: str) -> list[Block]:
    """Join the printed lines of each paragraph; ``text`` is the page the offsets point into."""
    widths = [display_width(b.text) for b in blocks]
    runs = _runs(blocks, text)
    full = [_is_full(i, widths, blocks, runs) for i in range(len(blocks))]
    indented = _indented_lines(blocks, text)
    merged: list[Block] = []
    for index, block in enumerate(blocks):
        if indented[index]:
            merged.append(block)  # an indented line opens a paragraph
        elif merged and _runs_on(index, blocks, full, text,
                                 lone=merged[-1].start == blocks[index - 1].start):
            previous = merged[-1]
            merged[-1] = Block(previous.text + block.text, previous.start, block.end)
        else:
            merged.append(block)
    return merged


def _indented_lines(blocks: list[Block], text: str) -> list[bool]:
    """Which lines are indented, where the page indents the first lines of its paragraphs.

    On a page where every line or none is indented, indentation says nothing.
    """
    indented = [text.startswith(_INDENTS, block.start) for block in blocks]
    share = sum(indented) / len(indented) if indented else 0
    if not MIN_INDENTED <= share <= MAX_INDENTED:
        return [False] * len(blocks)
    return indented


def _runs(blocks: list[Block], text: str) -> list[int]:
    """For each line, the number of the run of lines it is in (a blank line ends a run)."""
    runs, run = [], 0
    for index, block in enumerate(blocks):
        if index and text[blocks[index - 1].end:block.start].count("\n") > 1:
            run += 1
        runs.append(run)
    return runs


def _is_full(index: int, widths: list[float], blocks: list[Block], runs: list[int]) -> bool:
    """A line about as wide as the column it stands in.

    A column's width is the median width of the lines next to it that stop mid-sentence: in
    hard-wrapped text nearly all of those are full lines. The lines of its own run (between
    blank lines) are measured if there are enough, else the lines across blank lines. The
    lines above and the lines below are measured apart, because a line can be the last of
    one article's column or the first of the next article's, set in another width. A line
    may be up to a column narrower (half-width digits fill lines unevenly), and wider only
    by the closing marks that hang past its edge; a line wider still is a headline or a
    paragraph on one line.
    """
    width = widths[index]
    if not NARROWEST_COLUMN <= width <= WIDEST_COLUMN or blocks[index].heading:
        return False
    above = range(max(0, index - WINDOW), index)
    below = range(index + 1, min(len(widths), index + WINDOW + 1))
    measured = {o for side in (above, below) for o in side if not blocks[o].heading
                and not is_complete(blocks[o].text)}
    same_run = {o for o in measured if runs[o] == runs[index]}
    for lines in (same_run, measured):
        columns = [_column_width([o for o in side if o in lines], widths)
                   for side in (above, below)]
        if any(column is not None for column in columns):
            wider = 0.5 + _hanging_marks(blocks[index].text)
            return any(column is not None and column - 1 <= width <= column + wider
                       for column in columns)
    return False


def _hanging_marks(text: str) -> int:
    """How many closing marks end the line (typesetters let up to two hang past the edge)."""
    return min(2, len(text) - len(text.rstrip(_CLOSING + ",.;:!?)")))


def _column_width(lines: list[int], widths: list[float]) -> float | None:
    measured = sorted(widths[o] for o in lines if NARROWEST_COLUMN <= widths[o] <= WIDEST_COLUMN)
    if len(measured) < 2:
        return None
    return measured[len(measured) // 2]


def _runs_on(index: int, blocks: list[Block], full: list[bool], text: str, *, lone: bool) -> bool:
    """Whether line ``index`` continues the paragraph the line above it belongs to.

    ``lone`` says the line above started its paragraph (it may be a headline).
    """
    above, line = blocks[index - 1], blocks[index]
    if above.heading or line.heading or text[above.end:line.start].count("\n") != 1:
        return False  # a blank line: the column-break stage decides
    if line.text[0] in _CLOSING and not looks_like_title(above):
        return True  # no printed line starts with a closing mark
    if above.text[-1] in OPENERS:
        return True  # nor ends with an opening one: （ / 新华社记者X摄）
    if not full[index - 1]:
        return False
    joined = Block(above.text + line.text, above.start, line.end)
    if lone and (ends_closed(joined) or _credits_more(joined, above)):
        return True  # a credit or byline wrapped onto the next line (…摄影报 / 道)
    if _unclosed_bracket(above.text) and any(mark in line.text for mark in ")）"):
        return True  # （新华社记 / 者王长山摄）: the bracket closes on this line
    if ends_closed(above) or starts_fresh(line):
        return False
    if lone and heads_a_paragraph(above, line):
        return False  # a lone full-width line over a new paragraph: a headline
    if is_complete(above.text) and (
            PARAGRAPH_OPENER.match(line.text) or _stands_alone(line, full[index])):
        return False  # a paragraph ended flush with the column; a new one or a headline follows
    return True


def _unclosed_bracket(text: str) -> bool:
    return text.rfind("（") > text.rfind("）") or text.rfind("(") > text.rfind(")")


def _credits_more(joined: Block, above: Block) -> bool:
    """The next line finishes a lead's byline (本报北京１２月３１日讯新华社记者陈雁、 /
    本报记者何加正报道：…)."""
    first = classify(above)
    return first.kind is LineKind.LEAD and len(classify(joined).credits) > len(first.credits)


def _stands_alone(line: Block, full: bool) -> bool:
    """A short headline-shaped line with no clause in it: a headline, not a paragraph's tail."""
    return not full and looks_like_title(line) and not any(m in line.text for m in _CLAUSE_MARKS)


def heads_a_paragraph(line: Block, below: Block) -> bool:
    """A full-width line standing alone that is a headline over the paragraph below it.

    It is shaped like a title, the break after it splits no word, and either it has a space
    between phrases, as headlines do and running Chinese text never does, or it has no
    clause in it and the line below opens a paragraph (近日，…).
    """
    if not looks_like_title(line) or splits_a_word(line.text, below.text):
        return False
    if PARAGRAPH_OPENER.match(line.text) or line.text[-1] in _NEVER_ENDS_A_HEADLINE:
        return False  # 当日，…开展了: the opening line of a paragraph
    if _PHRASE_SPACE.search(line.text):
        return True
    clause = any(mark in line.text for mark in _CLAUSE_MARKS)
    return not clause and bool(PARAGRAPH_OPENER.match(below.text))


_PHRASE_SPACE = re.compile(r"[\u4e00-\u9fff”）] +[\u4e00-\u9fff“（]")
