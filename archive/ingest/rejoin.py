"""Stage 3: join paragraphs that a column break split in two.

In print a column ends wherever the line runs out; transcription turns that into a blank line,
so ``针对职工反映强烈的疗休养政`` ⏎⏎ ``策，开展了…`` reads as two paragraphs and a search for
政策 misses it. A paragraph continues into the next when it stops mid-sentence and the next
paragraph is running text (not a title, byline, credit, signature or continuation mark).
"""
from __future__ import annotations

from .lines import ends_closed, starts_fresh
from .shapes import (PARAGRAPH_OPENER, is_complete, looks_like_title, splits_a_word,
                     unbalanced_quote)
from .types import Block

LONGEST_UNBROKEN_TITLE = 26


def rejoin_column_breaks(blocks: list[Block]) -> list[Block]:
    """Return the blocks with every column-split paragraph joined back into one."""
    joined: list[Block] = []
    for block in blocks:
        if joined and continues(joined[-1], block):
            previous = joined[-1]
            joined[-1] = Block(previous.text + block.text, previous.start, block.end,
                               previous.heading)
        else:
            joined.append(block)
    return joined


def continues(before: Block, after: Block) -> bool:
    """True when ``after`` is the rest of the sentence ``before`` broke off."""
    if before.heading or is_complete(before.text):
        return False
    if ends_closed(before) or starts_fresh(after):
        return False
    if looks_like_title(before) and looks_like_title(after):
        return False  # two headline lines: a title block, not a broken sentence
    if splits_a_word(before.text, after.text):
        return True
    if looks_like_title(before):
        # A headline also stops without punctuation. A clause mark inside it (很多一线职工工作
        # 忙碌,连) or a run too long for a headline with no break in it says it is running
        # text; a following paragraph that opens like a new one (近日，…) says it is not.
        if looks_like_title(after) or PARAGRAPH_OPENER.match(after.text):
            return False
        has_clause = any(mark in before.text for mark in "，,、；;")
        too_long = len(before.text) >= LONGEST_UNBROKEN_TITLE and " " not in before.text
        return has_clause or too_long
    return not looks_like_title(after) or unbalanced_quote(before.text)
