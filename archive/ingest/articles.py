"""The text stages in order: page text in, articles with clean bodies out.

clean → unwrap → rejoin → classify → segment → deduplicate → assemble. No tagging and no database:
this is what a page's words become before places and unions are looked up.
"""
from __future__ import annotations

from dataclasses import replace

from .assemble import assemble
from .clean import full_width_punctuation, split_blocks, tidy_body_text
from .dedupe import remove_repeats
from .lines import Line, LineKind, classify, promote_subtitles
from .ocr import Repair, repair_slips, suspected_doubles
from .rejoin import rejoin_column_breaks
from .segment import segment
from .types import ArticleDraft
from .unwrap import unwrap


def cut_articles(text: str) -> tuple[list[ArticleDraft], list[str]]:
    """Return the page's articles in page order, and notes for the staff who review them."""
    blocks = rejoin_column_breaks(unwrap(split_blocks(text), text))
    repairs: list[Repair] = []
    lines = promote_subtitles([_tidy(classify(block), repairs) for block in blocks])
    segmentation = segment(lines)
    pieces = segmentation.pieces
    paragraphs, notes = remove_repeats([piece.paragraphs for piece in pieces])
    articles = [
        assemble(piece, paras)
        for piece, paras in zip(pieces, paragraphs)
        if paras or piece.title_lines
    ]
    notes += [f"识别错误已修正：{repair}" for repair in repairs]
    for article in articles:
        doubles = [d for part in (article.kicker, article.title, article.subtitle,
                                  *article.paragraphs) for d in suspected_doubles(part)]
        if doubles:
            article.flag("可能有识别错误的重复字，原文未改动")
            notes += [f"可能有识别错误的重复字（未改动）：{d.suggestion}" for d in doubles]
    return articles, segmentation.warnings + notes


def _tidy(line: Line, repairs: list[Repair]) -> Line:
    """Repair OCR slips and punctuation in the text readers see; bylines and offsets stay as
    printed."""
    if line.kind in (LineKind.BODY, LineKind.LEAD):
        text = tidy_body_text(line.text)
    elif line.kind is LineKind.TITLE:
        text = line.text
    else:
        return line
    text, found = repair_slips(full_width_punctuation(text))
    repairs.extend(found)
    return replace(line, text=text)
