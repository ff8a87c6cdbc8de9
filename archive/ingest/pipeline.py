"""The import pipeline for one page: bytes in, articles ready to store out.

decode → clean → rejoin → classify → segment → deduplicate → assemble → tag places → tag
unions. Every stage is a pure function over the dataclasses in ``types.py``; nothing here
touches the database, so a dry run and the admin's preview see exactly what an import stores.
"""
from __future__ import annotations

import hashlib
from dataclasses import replace

from ..gazetteer.lookup import Gazetteer, get_gazetteer
from .assemble import assemble
from .clean import split_blocks, tidy_body_text
from .decode import DEFAULT_MAX_BYTES, decode_page
from .dedupe import remove_repeats
from .lines import Line, LineKind, classify, promote_subtitles
from .ocr import repair_slips
from .places import tag_place
from .rejoin import rejoin_column_breaks
from .segment import segment
from .types import ArticleDraft, IngestError, PageDraft, PageSource
from .unions import tag_unions


def build_page(
    data: bytes,
    source: PageSource,
    *,
    home_province_code: str | None = None,
    max_bytes: int | None = None,
    gazetteer: Gazetteer | None = None,
) -> PageDraft:
    """Run a page file through every stage; raise IngestError naming what is wrong with it."""
    text = decode_page(data, source.file_name, max_bytes=max_bytes or _configured_max_bytes())
    articles, warnings = cut_articles(text)
    if not articles:
        raise IngestError(f"{source.file_name}: 没有找到任何文章")
    gazetteer = gazetteer or get_gazetteer()
    for article in articles:
        article.place = tag_place(article, gazetteer, home_province_code)
        article.unions = tag_unions(article, gazetteer, article.place)
    return PageDraft(
        source=source,
        original_text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        articles=articles,
        warnings=warnings,
    )


def cut_articles(text: str) -> tuple[list[ArticleDraft], list[str]]:
    """The text stages: page text to articles with clean bodies, plus notes for staff."""
    blocks = rejoin_column_breaks(split_blocks(text))
    lines = promote_subtitles([_tidy(classify(block)) for block in blocks])
    segmentation = segment(lines)
    pieces = segmentation.pieces
    paragraphs, notes = remove_repeats([piece.paragraphs for piece in pieces])
    articles = [
        assemble(piece, paras)
        for piece, paras in zip(pieces, paragraphs)
        if paras or piece.title_lines
    ]
    return articles, segmentation.warnings + notes


def _tidy(line: Line) -> Line:
    """Repair OCR slips in the text readers see; bylines and offsets stay as printed."""
    if line.kind in (LineKind.BODY, LineKind.LEAD):
        return replace(line, text=repair_slips(tidy_body_text(line.text)))
    if line.kind is LineKind.TITLE:
        return replace(line, text=repair_slips(line.text))
    return line


def _configured_max_bytes() -> int:
    try:
        from django.conf import settings

        return int(getattr(settings, "ARCHIVE_MAX_PAGE_BYTES", DEFAULT_MAX_BYTES))
    except Exception:  # noqa: BLE001 - used outside a configured Django project
        return DEFAULT_MAX_BYTES
